"""Reads of organisation building, scoped to the user; the workbench's to-do."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.workbench import todo_item
from gonghui.orgs.choices import LIVE_STATUSES
from gonghui.orgs.models import Organisation

from .choices import ApprovalStatus, ElectionStatus
from .models import Approval, ArchiveDocument, Cadre, Election, Term

REMIND_DAYS = 90


def cadres_for(user):
    return Cadre.objects.for_user(user).select_related("org", "member")


def terms_for(user):
    return Term.objects.for_user(user).select_related("org")


def elections_for(user):
    return Election.objects.for_user(user).select_related("org", "review_org").prefetch_related("candidates")


def approvals_for(user):
    return Approval.objects.for_user(user).select_related("org", "approver")


def documents_for(user):
    return ArchiveDocument.objects.for_user(user).select_related("org")


def overdue_orgs(user, today=None):
    """Live unions whose term has run out (next election due before today)."""
    today = today or datetime.date.today()
    return (Organisation.objects.for_user(user).filter(status__in=LIVE_STATUSES, next_election_due__lt=today)
            .order_by("next_election_due", "path"))


def ending_terms(today=None, days=REMIND_DAYS):
    today = today or datetime.date.today()
    return Term.objects.filter(closed_on__isnull=True, ends_on__lte=today + datetime.timedelta(days=days))


def workbench_todo(user, today):
    review = Q(status=ElectionStatus.REVIEW) | Q(status=ElectionStatus.HELD)
    return [
        todo_item("building_elections", _("Elections waiting for the level above"),
                  elections_for(user).filter(review).order_by("created_at", "id"),
                  reverse("building:election_list") + "?waiting=yes", urgency="due"),
        todo_item("building_approvals", _("Approvals requested"),
                  approvals_for(user).filter(status=ApprovalStatus.REQUESTED).order_by("requested_on", "id"),
                  reverse("building:approval_list") + f"?status={ApprovalStatus.REQUESTED}", urgency="open",
                  when="requested_on"),
        todo_item("building_overdue", _("Unions overdue for re-election"), overdue_orgs(user, today),
                  reverse("building:overdue"), urgency="overdue", when="next_election_due"),
    ]
