"""The rights section of the statistics (案件, 人次, 办结率, 挽回经济损失, 预警): figures computed from the case and
warning records for any subtree and period, each with its direct recount and the list of its records.

A case counts for the period in which it was received (``received_on``) and for the union handling it now
(``handling_org``); a warning for the period it was raised in and the union that raised it. Amounts recovered
are those recorded on the cases received in the period (through mediation and legal aid). Subtree totals
(``ctx.column == "total"``) add a union's records to every union above it; ``own`` keeps a union's own
(``gonghui.stats.subtree.fold``). One grouped query per record source, period and part of the tree, cached in the
context.
"""

import collections
import dataclasses
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import BooleanField, Count, Q, Sum, Value, When
from django.db.models import Case as CaseWhen
from django.utils.translation import gettext_lazy as _

from gonghui.stats.registry import QueryIndicator, RatioIndicator, list_url, register, register_section
from gonghui.stats.subtree import Records, fold

from .choices import MEDIATED_OUTCOMES, CaseStatus, CaseType, Channel, Outcome
from .models import Case, EarlyWarning

SECTION = "rights"

register_section(SECTION, _("Rights protection"))


@dataclasses.dataclass(eq=False)
class MoneyIndicator(QueryIndicator):
    """An amount in yuan (a Decimal; the annual report keeps two decimals)."""

    decimal_places: int = 2


def cases_url(org, period, **params):
    query = {"within": org.code, "received_from": period.start.isoformat(), "received_to": period.end.isoformat(),
             **params}
    return list_url("rights:case_list", **query)


def warnings_url(org, period, **params):
    query = {"within": org.code, "raised_from": period.start.isoformat(), "raised_to": period.end.isoformat(), **params}
    return list_url("rights:warning_list", **query)


# --- the grouped query -------------------------------------------------------------------------------------


@dataclasses.dataclass
class Agg:
    cases: int = 0
    workers: int = 0
    group: int = 0
    closed: int = 0
    mediated: int = 0
    success: int = 0
    overdue: int = 0
    days: int = 0
    recovered: Decimal = Decimal("0.00")
    channel: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    type: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    warnings: int = 0
    escalated: int = 0

    def add(self, r):
        n = r["n"]
        self.cases += n
        self.workers += r["workers"] or 0
        self.channel[r["channel"]] += n
        self.type[r["case_type"]] += n
        if r["is_group"]:
            self.group += n
        if r["status"] == CaseStatus.CLOSED:
            self.closed += n
            self.days += r["days"] or 0
            if r["outcome"] in MEDIATED_OUTCOMES:
                self.mediated += n
            if r["outcome"] == Outcome.AGREEMENT:
                self.success += n
        if r["od"]:
            self.overdue += n
        self.recovered += (r["recovered"] or 0) + (r["la"] or 0)

    def add_warnings(self, r):
        self.warnings += r["n"]
        self.escalated += r["escalated"]


def _sources(period):
    """The cases received and the warnings raised in the period, grouped by what the figures need."""
    p = period
    cases = (Case.objects.filter(received_on__gte=p.start, received_on__lte=p.end)
             .annotate(od=CaseWhen(When(overdue_at__isnull=False, then=Value(True)), default=Value(False),
                                   output_field=BooleanField())))
    warnings = EarlyWarning.objects.filter(raised_on__gte=p.start, raised_on__lte=p.end)
    return [
        Records(cases, "handling_org", {"n": Count("id"), "workers": Sum("worker_count"),
                                        "recovered": Sum("amount_recovered"), "la": Sum("legal_aid_recovered"),
                                        "days": Sum("handling_days")},
                Agg.add, group=("channel", "case_type", "status", "outcome", "is_group", "od")),
        Records(warnings, "raised_by_org", {"n": Count("id"), "escalated": Count("id", filter=Q(escalations__gt=0))},
                Agg.add_warnings),
    ]


def aggregates(ctx, org_ids):
    """{org id: Agg} for the context's period and column (cached per organisation)."""
    return fold(ctx, "rights", list(org_ids), lambda: _sources(ctx.period), new=Agg)


def _fn(getter):
    def compute(ctx, org_ids):
        return {i: getter(a) for i, a in aggregates(ctx, list(org_ids)).items()}
    return compute


def average_days(days, closed):
    if not closed:
        return None
    return (Decimal(days) / Decimal(closed)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- recounts: straight from the records -----------------------------------------------------------------------


def cases_of(org, period):
    return Case.objects.filter(handling_org__path__startswith=org.path, received_on__gte=period.start,
                               received_on__lte=period.end)


def warnings_of(org, period):
    return EarlyWarning.objects.filter(raised_by_org__path__startswith=org.path, raised_on__gte=period.start,
                                       raised_on__lte=period.end)


def _recovered(org, period):
    s = cases_of(org, period).aggregate(a=Sum("amount_recovered"), b=Sum("legal_aid_recovered"))
    return (s["a"] or Decimal("0")) + (s["b"] or Decimal("0"))


def _avg_days(org, period):
    s = cases_of(org, period).filter(status=CaseStatus.CLOSED).aggregate(d=Sum("handling_days"), n=Count("id"))
    return average_days(s["d"] or 0, s["n"])


_closed = Q(status=CaseStatus.CLOSED)
_mediated = Q(status=CaseStatus.CLOSED, outcome__in=MEDIATED_OUTCOMES)
_success = Q(status=CaseStatus.CLOSED, outcome=Outcome.AGREEMENT)


# --- the registry ------------------------------------------------------------------------------------------------

def _cases_counted(key, name, help_text, count, condition, drill=None, **options):
    """The cases received in the period that meet ``condition``: ``count(agg)`` from the grouped query, listed
    by the case list's filters ``drill``."""
    register(QueryIndicator(
        key, name, unit=_("cases"), section=SECTION, help=help_text, fn=_fn(count),
        recount_fn=lambda org, p: cases_of(org, p).filter(condition).count(),
        drilldown=lambda org, p: cases_url(org, p, **(drill or {})), **options))


def _register_breakdown(key, choices, field, counts, help_text):
    """One indicator a choice of ``field``: the cases received with that value (``counts(agg)[value]``)."""
    for value, label in choices:
        _cases_counted(f"rights_cases_{key}_{value}", label, help_text, lambda a, v=value: counts(a)[v],
                       Q(**{field: value}), {field: value})


_cases_counted("rights_cases", _("Rights cases received"),
               _("Complaints and disputes received in the period from every channel "
                 "(信访、12351热线、来访、来信、网上)."), lambda a: a.cases, Q(), target=True, report_table=SECTION)
_register_breakdown("channel", Channel.choices, "channel", lambda a: a.channel,
                    _("Cases received through this channel."))
_register_breakdown("type", CaseType.choices, "case_type", lambda a: a.type, _("Cases of this type received."))

register(QueryIndicator(
    "rights_workers", _("Workers involved in rights cases"), unit=_("person-times"), section=SECTION, target=True,
    report_table=SECTION, help=_("Workers the cases received in the period are about (调处人次)."),
    fn=_fn(lambda a: a.workers),
    recount_fn=lambda org, p: cases_of(org, p).aggregate(n=Sum("worker_count"))["n"] or 0,
    drilldown=lambda org, p: cases_url(org, p)))
_cases_counted("rights_group_cases", _("Group cases"), _("Group cases (集体) among the cases received."),
               lambda a: a.group, Q(is_group=True), {"is_group": "yes"}, report_table=SECTION, higher_is_better=False)
_cases_counted("rights_cases_closed", _("Rights cases closed"),
               _("Cases received in the period that are closed (办结)."), lambda a: a.closed, _closed,
               {"closed": "yes"}, report_table=SECTION)
register(RatioIndicator(
    "rights_closed_rate", _("Rights cases closing rate (办结率)"), section=SECTION, target=True,
    numerator="rights_cases_closed", denominator="rights_cases",
    help=_("Cases closed ÷ cases received in the period."), drilldown=lambda org, p: cases_url(org, p)))
register(QueryIndicator(
    "rights_avg_days", _("Average handling days"), unit=_("days"), section=SECTION, rollup="none",
    higher_is_better=False,
    help=_("Days from receipt to closing, averaged over the closed cases received in the period."),
    fn=_fn(lambda a: average_days(a.days, a.closed)), recount_fn=_avg_days,
    drilldown=lambda org, p: cases_url(org, p, closed="yes")))
_cases_counted("rights_mediated", _("Cases mediated to an end"), _("Closed cases whose mediation succeeded or failed."),
               lambda a: a.mediated, _mediated, {"mediated": "yes"}, report_table=SECTION)
_cases_counted("rights_mediation_success", _("Mediations succeeded"),
               _("Closed cases with a mediation agreement (调解成功)."), lambda a: a.success, _success,
               {"outcome": Outcome.AGREEMENT}, report_table=SECTION)
register(RatioIndicator(
    "rights_success_rate", _("Mediation success rate"), section=SECTION, target=True,
    numerator="rights_mediation_success", denominator="rights_mediated",
    help=_("Mediations succeeded ÷ cases mediated to an end."),
    drilldown=lambda org, p: cases_url(org, p, mediated="yes")))
register(MoneyIndicator(
    "rights_recovered", _("Economic losses recovered for workers"), unit=_("yuan"), section=SECTION, target=True,
    report_table=SECTION, help=_("Amounts recovered (挽回经济损失) on the cases received in the period, through "
                                 "mediation and legal aid."),
    fn=_fn(lambda a: a.recovered), recount_fn=_recovered, drilldown=lambda org, p: cases_url(org, p, recovered="yes")))
_cases_counted("rights_overdue", _("Mediations overdue"),
               _("Cases received in the period whose mediation passed the statutory 15 days."), lambda a: a.overdue,
               Q(overdue_at__isnull=False), {"overdue": "yes"}, report_table=SECTION, higher_is_better=False)
register(QueryIndicator(
    "rights_warnings", _("Early warnings raised"), unit=_("warnings"), section=SECTION, report_table=SECTION,
    help=_("Early warnings (预警) raised in the period."),
    fn=_fn(lambda a: a.warnings), recount_fn=lambda org, p: warnings_of(org, p).count(),
    drilldown=lambda org, p: warnings_url(org, p)))
register(QueryIndicator(
    "rights_warnings_escalated", _("Early warnings escalated"), unit=_("warnings"), section=SECTION,
    higher_is_better=False, help=_("Warnings not acknowledged in time, escalated to a higher union."),
    fn=_fn(lambda a: a.escalated), recount_fn=lambda org, p: warnings_of(org, p).filter(escalations__gt=0).count(),
    drilldown=lambda org, p: warnings_url(org, p, escalated="yes")))
