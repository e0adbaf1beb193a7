"""Reads of labour protection, scoped to the user."""

import datetime

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.workbench import todo_item
from gonghui.members.models import Member
from gonghui.orgs.selectors import units_for  # noqa: F401 (the services' scope check of employers)

from .choices import DUE_SOON_DAYS, OPEN_STATUSES, FixMode
from .models import (
    AccidentInvestigation,
    AnkangAward,
    AnkangEnrolment,
    AnkangRound,
    Finding,
    Inspection,
    RestStation,
    SafetyAgreement,
    SafetyInspector,
)

# "Overdue": still open, and the daily round has found its deadline passed (and escalated it). The list's filter,
# the indicator and the workbench read this one condition.
OVERDUE = Q(status__in=OPEN_STATUSES, overdue_on__isnull=False)


def unit_within(unit, org):
    """Whether an employer belongs to ``org``'s subtree (its covering union, else its census union)."""
    holder = unit.union if unit.union_id else unit.area_org
    return holder.path.startswith(org.path)


def inspections_for(user):
    return Inspection.objects.for_user(user).select_related("org", "unit")


def findings_for(user):
    return Finding.objects.for_user(user).select_related("org", "unit", "inspection", "rights_case")


def agreements_for(user):
    return SafetyAgreement.objects.for_user(user).select_related("org", "unit")


def stations_for(user):
    return RestStation.objects.for_user(user).select_related("org")


def rounds_for(user):
    return AnkangRound.objects.for_user(user).select_related("org")


def enrolments_for(user):
    return AnkangEnrolment.objects.for_user(user).select_related("org", "unit", "round__org")


def awards_for(user):
    return AnkangAward.objects.for_user(user).select_related("org", "round__org", "enrolment__unit")


def inspectors_for(user):
    return SafetyInspector.objects.for_user(user).select_related("org", "member")


def accidents_for(user):
    return AccidentInvestigation.objects.for_user(user).select_related("org", "unit")


def members_for(user):
    return Member.objects.for_user(user).select_related("org")


def due_soon(qs, today):
    return qs.filter(status__in=OPEN_STATUSES, fix_mode=FixMode.BY_DEADLINE, overdue_on__isnull=True,
                     deadline__gte=today, deadline__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))


def past_deadline(qs, today):
    """Open findings whose deadline has passed (whether or not the daily round has escalated them yet)."""
    return qs.filter(status__in=OPEN_STATUSES, fix_mode=FixMode.BY_DEADLINE, deadline__lt=today)


def workbench_todo(user, today):
    from django.urls import reverse

    qs = Finding.objects.for_user(user)
    url = reverse("protection:finding_list")
    return [
        todo_item("protection_overdue", _("Hazards and problems not fixed by their deadline"),
                  qs.filter(OVERDUE), f"{url}?overdue=yes", urgency="overdue"),
        todo_item("protection_due_soon", _("Hazards and problems due to be fixed within 7 days (re-inspect)"),
                  due_soon(qs, today), f"{url}?due_soon=yes", urgency="due"),
    ]
