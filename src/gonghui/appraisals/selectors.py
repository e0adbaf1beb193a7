"""Reads of standards and appraisal, every one scoped to the user."""

import datetime
import operator
from functools import reduce

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core import scope
from gonghui.core.workbench import todo_item
from gonghui.orgs.models import Organisation

from .choices import RECHECK_REMIND_DAYS, AppraisalStatus, SchemeStatus
from .models import Appraisal, Criterion, MemberRating, RatingRound, Scheme, Score


def schemes_for(user):
    return Scheme.objects.for_user(user).select_related("org")


def usable_schemes(user):
    """Schemes in use that the user's unions may apply for: those of a union in the user's scope or above it
    (a scheme is defined once and every level below reuses it)."""
    qs = Scheme.objects.filter(status=SchemeStatus.PUBLISHED).select_related("org")
    if scope.is_unrestricted(user):
        return qs
    paths = scope.scope_paths(user)
    if not paths:
        return qs.none()
    above = {p[:i] for p in paths for i in range(Organisation.steplen, len(p) + 1, Organisation.steplen)}
    return qs.filter(reduce(operator.or_, [Q(org__path__in=above)] + [Q(org__path__startswith=p) for p in paths]))


def ranking_schemes(user):
    """Schemes whose ranking the user may read: those of the user's scope and those in use above it."""
    return Scheme.objects.filter(Q(pk__in=usable_schemes(user).values("pk"))
                                 | Q(pk__in=Scheme.objects.for_user(user).values("pk"))).select_related("org")


def criteria_for(user):
    return Criterion.objects.for_user(user).select_related("scheme__org")


def appraisals_for(user):
    return Appraisal.objects.for_user(user).select_related("scheme", "org")


def scores_for(user):
    return Score.objects.for_user(user).select_related("appraisal__org", "criterion").prefetch_related("files")


def rounds_for(user):
    return RatingRound.objects.for_user(user).select_related("org", "scheme")


def ratings_for(user):
    return MemberRating.objects.for_user(user).select_related("round__org", "member")


def below_q(user):
    """Appraisals of unions below the user's own (those the user inspects as the level above)."""
    if scope.is_unrestricted(user):
        return Q()
    paths = scope.scope_paths(user)
    if not paths:
        return Q(pk__in=[])
    return reduce(operator.or_, [Q(org__path__startswith=p) & ~Q(org__path=p) for p in paths])


def recheck_due(user, today):
    return appraisals_for(user).filter(status=AppraisalStatus.AWARDED, recheck_due__isnull=False,
                                       recheck_due__lte=today + datetime.timedelta(days=RECHECK_REMIND_DAYS))


def workbench_todo(user, today):
    url = reverse("appraisals:appraisal_list")
    waiting = appraisals_for(user).filter(below_q(user))
    return [
        todo_item("appraisals_recheck_overdue", _("Awards past their re-check date"),
                  recheck_due(user, today).filter(recheck_due__lt=today).order_by("recheck_due", "id"),
                  f"{url}?recheck=overdue", urgency="overdue", when="recheck_due"),
        todo_item("appraisals_recheck_due", _("Awards to re-check within a month"),
                  recheck_due(user, today).filter(recheck_due__gte=today).order_by("recheck_due", "id"),
                  f"{url}?recheck=due", urgency="due", when="recheck_due"),
        todo_item("appraisals_applied", _("Appraisal applications to inspect"),
                  waiting.filter(status=AppraisalStatus.APPLIED).order_by("applied_on", "id"),
                  f"{url}?status={AppraisalStatus.APPLIED}&below=yes", urgency="open", when="applied_on"),
    ]
