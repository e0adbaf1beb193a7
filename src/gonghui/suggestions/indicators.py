"""The suggestion box in the statistics: suggestions received in the period by the unions of a subtree, those answered,
the answer rate, and the average and median days to answer (over the answered ones). Counts roll up by sum, the
rate as a ratio of sums; the average and the median are computed afresh over the subtree's records (never averaged
from the children's)."""

import bisect
import statistics
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.stats.registry import QueryIndicator, RatioIndicator, RecordIndicator, list_url, register, register_section

from .choices import ANSWERED_STATUSES

SECTION = "communication"
ANSWERED = Q(status__in=ANSWERED_STATUSES)

register_section(SECTION, _("Notices and suggestions"))


def suggestions_url(org, period, **params):
    return list_url("suggestions:suggestion_list", within=org.code, submitted_from=period.start.isoformat(),
                    submitted_to=period.end.isoformat(), **params)


def answered_of(org, period):
    Suggestion = apps.get_model("suggestions", "Suggestion")
    return Suggestion.objects.filter(ANSWERED, org__path__startswith=org.path, submitted_on__gte=period.start,
                                     submitted_on__lte=period.end)


def _one(value):
    return None if value is None else Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def average(days):
    return _one(sum(days) / len(days)) if days else None


def median(days):
    return _one(statistics.median(days)) if days else None


def _by_days(summary):
    """``fn(ctx, org_ids)``: ``summary`` of the days to answer of the subtree's (``own``: the union's own) answered
    suggestions received in the period. One query for the part of the tree asked for."""

    def compute(ctx, org_ids):
        Organisation = apps.get_model("orgs", "Organisation")
        Suggestion = apps.get_model("suggestions", "Suggestion")
        orgs = list(Organisation.objects.filter(pk__in=list(org_ids)).values_list("pk", "path"))
        if not orgs:
            return {}
        top = min(len(p) for _pk, p in orgs)
        prefixes = {p[:top] for _pk, p in orgs}
        q = Q(pk__in=[])
        for prefix in prefixes:
            q |= Q(org__path__startswith=prefix)
        rows = sorted(Suggestion.objects.filter(q, ANSWERED, submitted_on__gte=ctx.period.start,
                                                submitted_on__lte=ctx.period.end, answer_days__isnull=False)
                      .values_list("org__path", "answer_days"))
        paths = [p for p, _d in rows]
        out = {}
        for pk, path in orgs:
            if ctx.column == "own":
                days = [d for p, d in rows if p == path]
            else:
                lo = bisect.bisect_left(paths, path)
                hi = bisect.bisect_right(paths, path + "\uffff")
                days = [d for _p, d in rows[lo:hi]]
            out[pk] = summary(days)
        return out

    return compute


register(RecordIndicator(
    "suggestions_received", _("Suggestions received"), unit=_("suggestions"), section=SECTION,
    help=_("Suggestions members sent to the unions of the subtree in the period (建议箱)."),
    model="suggestions.Suggestion", date_field="submitted_on", list_url_name="suggestions:suggestion_list"))
register(RecordIndicator(
    "suggestions_answered", _("Suggestions answered"), unit=_("suggestions"), section=SECTION,
    help=_("Suggestions received in the period that have an answer."),
    model="suggestions.Suggestion", date_field="submitted_on", where=ANSWERED,
    list_url_name="suggestions:suggestion_list", list_params={"answered": "yes"}))
register(RatioIndicator(
    "suggestions_answer_rate", _("Suggestion answer rate"), section=SECTION, numerator="suggestions_answered",
    denominator="suggestions_received", help=_("Suggestions answered ÷ suggestions received in the period."),
    drilldown=lambda org, p: suggestions_url(org, p)))
register(QueryIndicator(
    "suggestions_avg_days", _("Average days to answer a suggestion"), unit=_("days"), section=SECTION,
    rollup="none", higher_is_better=False,
    help=_("Days from sending to the first answer, averaged over the answered suggestions received in the period."),
    fn=_by_days(average), recount_fn=lambda org, p: average([s.answer_days for s in answered_of(org, p)]),
    drilldown=lambda org, p: suggestions_url(org, p, answered="yes")))
register(QueryIndicator(
    "suggestions_median_days", _("Median days to answer a suggestion"), unit=_("days"), section=SECTION,
    rollup="none", higher_is_better=False,
    help=_("The median of the days from sending to the first answer, over the answered suggestions received in the "
           "period."),
    fn=_by_days(median), recount_fn=lambda org, p: median([s.answer_days for s in answered_of(org, p)]),
    drilldown=lambda org, p: suggestions_url(org, p, answered="yes")))
