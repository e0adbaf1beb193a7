"""Reads of the annual report. Every query a user triggers starts from the scoped managers."""

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core import scope
from gonghui.core.selectors import capped
from gonghui.core.workbench import todo_item

from .choices import EDITABLE_STATUSES, ReportStatus
from .models import Report, ReportRound


def rounds_for(user):
    return ReportRound.objects.for_user(user).select_related("org", "opened_by")


def reports_for(user):
    return Report.objects.for_user(user).select_related("round", "org", "submitted_by", "reviewed_by")


def late_q():
    return Q(status__in=EDITABLE_STATUSES, round__deadline__lt=timezone.localdate())


def round_reports(user, rnd, within=None):
    """The round's reports the user may see (optionally within one union's subtree)."""
    qs = Report.objects.for_user(user).filter(round=rnd)
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    return qs


def progress(user, rnd, within=None, limit=200):
    """The progress board: counts by status, late ones, and per child union the counts of its subtree."""
    base = round_reports(user, rnd, within)
    top = within or rnd.org
    counts = {row["status"]: row["n"] for row in base.values("status").annotate(n=Count("id")).order_by()}
    total = sum(counts.values())
    late_n = base.filter(late_q()).count()
    lists = {
        "not_submitted": base.filter(status__in=EDITABLE_STATUSES),
        "returned": base.filter(status=ReportStatus.RETURNED),
        "late": base.filter(late_q()),
        "submitted": base.filter(status=ReportStatus.SUBMITTED),
    }
    list_url = f"{reverse('reports:report_list')}?round={rnd.pk}" + (f"&within={within.code}" if within else "")
    queries = {"not_submitted": "", "returned": "&status=returned", "late": "&late=yes",
               "submitted": "&status=submitted"}
    lists = {k: capped(qs.select_related("org").order_by("org__path"), limit,
                       url=list_url + queries[k] if queries[k] else "")  # "not submitted" is several statuses
             for k, qs in lists.items()}
    # children of the top union: their own report, and the counts of everything below them
    width = (top.depth + 1) * 4
    by_child = {}
    for row in (base.filter(org__depth__gt=top.depth).annotate(prefix=Substr("org__path", 1, width))
                .values("prefix", "status").annotate(n=Count("id")).order_by()):
        by_child.setdefault(row["prefix"], {})[row["status"]] = row["n"]
    children = []
    for rep in base.filter(org__depth=top.depth + 1).select_related("org").order_by("org__path"):
        c = by_child.get(rep.org.path, {})
        children.append({
            "report": rep, "org": rep.org, "total": sum(c.values()),
            "counts": {s: c.get(s, 0) for s in ReportStatus.values},
            "done": c.get(ReportStatus.ACCEPTED, 0),
        })
    top_report = base.filter(org=top).first()
    return {
        "counts": {s: counts.get(s, 0) for s in ReportStatus.values}, "total": total, "late": late_n,
        "lists": lists, "children": children, "top": top, "top_report": top_report,
        "statuses": ReportStatus.choices,
    }


def _below_scope_roots(user):
    """Reports of unions strictly below one of the user's scope roots: their reviewer (the parent) is in scope."""
    if scope.is_unrestricted(user):
        return Q()
    q = Q(pk__in=[])
    for path in scope.scope_paths(user):
        q |= Q(org__path__startswith=path) & ~Q(org__path=path)
    return q


def workbench_todo(user, today):
    """Reports past their round's deadline and not submitted; submitted reports the user's unions review."""
    if not scope.can(user, "change", None):
        return []
    url = reverse("reports:report_list")
    to_review = reports_for(user).filter(status=ReportStatus.SUBMITTED).filter(_below_scope_roots(user))
    return [
        todo_item("reports_late", _("Annual reports past the deadline"), reports_for(user).filter(late_q())
                  .order_by("round__deadline"), f"{url}?late=yes", urgency="overdue"),
        todo_item("reports_to_review", _("Annual reports to review"), to_review.order_by("submitted_at"),
                  f"{url}?status=submitted", urgency="due", when="submitted_at"),
    ]
