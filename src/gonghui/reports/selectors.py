"""Reads of the annual report. Every query a user triggers starts from the scoped managers."""

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils import timezone

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
    lists = {k: list(qs.select_related("org").order_by("org__path")[:limit]) for k, qs in lists.items()}
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
