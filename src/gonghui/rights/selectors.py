"""Reads of rights cases and early warnings, always through the user's scope.

``cases_for`` annotates every case with ``identity_visible``: may this user see who complained? (staff of a
union on the case's path or above one; see ``services.may_see_identity``). Computed in SQL from the stored
path, so lists and exports stay one query whatever their size, and masking is decided row by row.
"""

import datetime

from django.db.models import BooleanField, Q, Value, When
from django.db.models import Case as When_
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core import scope
from gonghui.core.selectors import capped
from gonghui.core.workbench import todo_item

from .choices import CLOCK_STATUSES, CaseStatus, WarningStatus, due_soon_days
from .models import (
    Case,
    CaseDocument,
    CaseEvent,
    CaseRouting,
    CaseWorker,
    EarlyWarning,
    LegalAidReferral,
    MediationSession,
)


def identity_q(user, prefix=""):
    """Q of the cases whose complainant ``user`` may see (None: all non-anonymous ones).

    ``prefix`` reaches the case from another model (``"case__"`` for the rows of a case)."""
    if scope.is_unrestricted(user):
        return None
    needed = scope.ROLE_RANK[scope.ACTIONS["reveal_pii"]]
    paths = sorted({p for p, role in scope._assignments(user) if scope.ROLE_RANK[role] >= needed})
    if not paths:
        return Q(pk__in=[])
    q = Q()
    for p in paths:
        q |= Q(**{f"{prefix}route_paths__contains": " " + p})
    return q


def with_identity(qs, user, prefix=""):
    q = identity_q(user, prefix)
    not_anonymous = Q(**{f"{prefix}anonymous": False})
    cond = not_anonymous if q is None else (not_anonymous & q)
    return qs.annotate(identity_visible=When_(When(cond, then=Value(True)), default=Value(False),
                                              output_field=BooleanField()))


def cases_for(user):
    qs = Case.objects.for_user(user).select_related("handling_org", "received_org", "unit", "employer_union")
    return with_identity(qs, user)


def warnings_for(user):
    return EarlyWarning.objects.for_user(user).select_related("raised_by_org", "report_to", "unit", "raised_by",
                                                               "acknowledged_org")


def routing_path(case):
    return CaseRouting.objects.filter(case=case).select_related("from_org", "to_org", "by")


def case_workers(case, limit=200):
    return CaseWorker.objects.filter(case=case).select_related("member")[:limit]


def case_sessions(case):
    return MediationSession.objects.filter(case=case).select_related("by")


def case_documents(case):
    return CaseDocument.objects.filter(case=case).select_related("uploaded_by")


def case_events(case, public_only=False):
    qs = CaseEvent.objects.filter(case=case)
    return qs.filter(public=True) if public_only else qs


def legal_aid_for(case):
    return LegalAidReferral.objects.filter(case=case).select_related("by")


def legal_aid_referrals_for(user):
    """法律援助: the referrals of the cases in the user's scope, each with ``identity_visible`` (the case's privacy
    rule decides whether its complainant is shown)."""
    qs = LegalAidReferral.objects.for_user(user).select_related("case", "case__handling_org", "by")
    return with_identity(qs, user, prefix="case__")


def todo_querysets(user, now=None):
    """What waits for the official: new cases to accept, mediations due soon, overdue ones (held in scope),
    warnings to acknowledge. One definition for the rights to-do page and the workbench."""
    now = now or timezone.now()
    base = cases_for(user).filter(scope.scope_filter(user, "handling_org"))
    soon = now + datetime.timedelta(days=due_soon_days())
    return {
        "new": base.filter(status=CaseStatus.RECEIVED).order_by("received_at"),
        "due_soon": base.filter(status__in=CLOCK_STATUSES, deadline__gte=now, deadline__lte=soon).order_by("deadline"),
        "overdue": base.filter(status__in=CLOCK_STATUSES, deadline__lt=now).order_by("deadline"),
        "warnings": warnings_for(user).filter(status=WarningStatus.REPORTED, report_to__isnull=False)
                                      .filter(scope.scope_filter(user, "report_to")).order_by("report_due_at"),
    }


def todo(user, now=None):
    """The official's to-do list: new cases to accept, mediations due soon, overdue ones (held in scope)."""
    now = now or timezone.now()
    urls = {"new": reverse("rights:case_list") + "?status=received",
            "warnings": reverse("rights:warning_list") + "?status=reported"}
    data = {key: capped(qs, 100 if key == "warnings" else 200, url=urls.get(key, ""))
            for key, qs in todo_querysets(user, now).items()}
    data["now"] = now
    return data


def workbench_todo(user, today):
    if not scope.can(user, "change", None):
        return []
    lists = todo_querysets(user)
    todo_url = reverse("rights:todo")
    return [
        todo_item("cases_overdue", _("Mediations past their deadline"), lists["overdue"], todo_url + "#todo-overdue",
                  urgency="overdue", when="deadline"),
        todo_item("cases_due_soon", _("Mediation due soon"), lists["due_soon"], todo_url + "#todo-due-soon",
                  urgency="due", when="deadline"),
        todo_item("cases_new", _("New cases to accept"), lists["new"],
                  reverse("rights:case_list") + "?status=received", when="received_at"),
        todo_item("warnings", _("Early warnings to acknowledge"), lists["warnings"],
                  reverse("rights:warning_list") + "?status=reported", urgency="overdue", when="report_due_at"),
    ]


# --- the worker's side -------------------------------------------------------------------------------------


def member_cases(member):
    return Case.objects.filter(complainant_member=member).select_related("handling_org").order_by("-received_at")


def cases_filed_for_member(member):
    """Cases officials recorded (hotline, walk-in, letter) whose complainant is the member: named by the worker row's
    member link or by the member's ID number. The member reads them in the portal, read-only. Cases the member
    filed themselves are ``member_cases``."""
    mine = Q(workers__member=member) | Q(workers__id_hash=member.id_hash)
    return (Case.objects.filter(Q(workers__is_complainant=True) & mine, anonymous=False)
            .exclude(complainant_member=member).select_related("handling_org").distinct().order_by("-received_at"))


def case_by_reference(reference):
    reference = (reference or "").strip().upper()
    return Case.objects.select_related("handling_org").filter(reference_no=reference).first() if reference else None


def cases_for_phone(phone):
    """Non-anonymous cases whose complainant has this phone (the public 'follow my case' page, after a code)."""
    return (Case.objects.filter(anonymous=False, workers__is_complainant=True, workers__phone=phone)
            .select_related("handling_org").order_by("-received_at"))
