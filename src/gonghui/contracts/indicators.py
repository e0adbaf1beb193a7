"""Collective contracts in the statistics. Contracts in force are a stock (now, whatever the period); checks are
counted in the period they were made; labour-contract coverage is the year the period ends in. Each figure opens
the records it counts. Employers are counted at their census union, as the employer statistics are, so the rates
over unionised employers (签订率, 建制率) divide like by like."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils.translation import gettext_lazy as _

from gonghui.stats.registry import (
    QueryIndicator,
    RatioIndicator,
    RecordIndicator,
    list_url,
    percent,
    register,
    register_section,
)
from gonghui.stats.subtree import Records, fold

from .choices import ContractStatus, ContractType
from .models import CollectiveContract, ContractCoverage, LabourContractCoverage

SECTION = "contracts"
IN_FORCE = Q(status=ContractStatus.IN_FORCE)
LARGE = 50  # employers with this many workers or more: the second 签订率

register_section(SECTION, _("Collective contracts"))


def contracts_url(org, period=None, **params):
    return list_url("contracts:contract_list", within=org.code, **params)


def _in_force_covering(unit_q=None, contract_q=None):
    """A Q on EmployerUnit: covered by a contract in force (matching ``contract_q``)."""
    covering = ContractCoverage.objects.filter(unit=OuterRef("pk"), contract__status=ContractStatus.IN_FORCE)
    return Q(Exists(covering.filter(contract_q or Q()))) & (unit_q or Q())


register(RecordIndicator(
    "contracts_in_force", _("Collective contracts in force"), unit=_("contracts"), section=SECTION,
    help=_("Collective contracts in force now, enterprise and regional or industry ones."),
    model="contracts.CollectiveContract", where=IN_FORCE, list_url_name="contracts:contract_list",
    list_params={"status": ContractStatus.IN_FORCE}))
for _value, _label in ContractType.choices:
    register(RecordIndicator(
        f"contracts_in_force_{_value}", _label, unit=_("contracts"), section=SECTION,
        help=_("Collective contracts of this type in force now."), model="contracts.CollectiveContract",
        where=IN_FORCE & Q(contract_type=_value), list_url_name="contracts:contract_list",
        list_params={"status": ContractStatus.IN_FORCE, "contract_type": _value}))

register(RecordIndicator(
    "contracts_workers_covered", _("Workers covered by comprehensive contracts"), unit=_("people"), section=SECTION,
    help=_("Workers covered by the comprehensive collective contracts in force (special contracts cover the same "
           "workers again and are left out)."),
    model="contracts.CollectiveContract", where=IN_FORCE & Q(contract_type=ContractType.COMPREHENSIVE),
    sum_field="workers_covered", list_url_name="contracts:contract_list",
    list_params={"status": ContractStatus.IN_FORCE, "contract_type": ContractType.COMPREHENSIVE}))
register(RatioIndicator(
    "contracts_coverage_rate", _("Collective contract coverage (覆盖率)"), section=SECTION,
    numerator="contracts_workers_covered", denominator="employees",
    help=_("Workers covered by comprehensive contracts in force ÷ employees of all employers."),
    drilldown=lambda org, p: contracts_url(org, status=ContractStatus.IN_FORCE)))


def _units_indicator(key, name, help_text, where, drilldown=None, **params):
    register(RecordIndicator(
        key, name, unit=_("units"), section=SECTION, help=help_text, model="orgs.EmployerUnit",
        org_field="area_org", where=where,
        drilldown=drilldown or (lambda org, p: contracts_url(org, status=ContractStatus.IN_FORCE, **params))))


_units_indicator("contracts_units_covered", _("Unionised employers with a collective contract"),
                 _("Unionised employers covered by a collective contract in force (their own or a regional or "
                   "industry one)."), Q(union__isnull=False) & _in_force_covering())
_units_indicator("contracts_units_large", _("Unionised employers with 50 or more workers"),
                 _("Unionised employers with 50 or more workers (the base of the second signing rate)."),
                 Q(union__isnull=False, employee_count__gte=LARGE),
                 drilldown=lambda org, p: list_url("orgs:unit_list", within=org.code, has_union="yes",
                                                   employees_min=LARGE))
_units_indicator("contracts_units_large_covered", _("Unionised employers with 50 or more workers and a contract"),
                 _("Of them, those covered by a collective contract in force."),
                 Q(union__isnull=False, employee_count__gte=LARGE) & _in_force_covering())
_units_indicator("contracts_units_wage", _("Unionised employers with a wage contract"),
                 _("Unionised employers covered by a wage contract (工资专项) in force."),
                 Q(union__isnull=False) & _in_force_covering(contract_q=Q(contract__contract_type=ContractType.WAGE)),
                 contract_type=ContractType.WAGE)
register(RatioIndicator(
    "contracts_signing_rate", _("Collective contract signing rate (签订率)"), section=SECTION, target=True,
    numerator="contracts_units_covered", denominator="units_covered",
    help=_("Unionised employers with a collective contract in force ÷ unionised employers."),
    drilldown=lambda org, p: contracts_url(org, status=ContractStatus.IN_FORCE)))
register(RatioIndicator(
    "contracts_signing_rate_large", _("Signing rate of employers with 50 or more workers"), section=SECTION,
    numerator="contracts_units_large_covered", denominator="contracts_units_large",
    help=_("Of the unionised employers with 50 or more workers, those with a collective contract in force."),
    drilldown=lambda org, p: contracts_url(org, status=ContractStatus.IN_FORCE)))
register(RatioIndicator(
    "contracts_wage_rate", _("Wage collective bargaining establishment rate (工资集体协商建制率)"),
    section=SECTION, target=True, numerator="contracts_units_wage", denominator="units_covered",
    help=_("Unionised employers with a wage contract in force ÷ unionised employers."),
    drilldown=lambda org, p: contracts_url(org, status=ContractStatus.IN_FORCE, contract_type=ContractType.WAGE)))

register(RecordIndicator(
    "contracts_checks", _("Performance checks"), unit=_("checks"), section=SECTION,
    help=_("Performance checks (履约检查) of collective contracts made in the period."),
    model="contracts.PerformanceCheck", org_field="contract__org", date_field="checked_on",
    list_url_name="contracts:contract_list"))
register(RecordIndicator(
    "contracts_checks_passed", _("Performance checks passed"), unit=_("checks"), section=SECTION,
    help=_("Checks that found the contract performed as agreed."), model="contracts.PerformanceCheck",
    org_field="contract__org", date_field="checked_on", where=Q(passed=True),
    list_url_name="contracts:contract_list", list_params={"check_passed": "true"}))
register(RatioIndicator(
    "contracts_performance_rate", _("Collective contract performance rate (履约率)"), section=SECTION,
    numerator="contracts_checks_passed", denominator="contracts_checks",
    help=_("Checks passed ÷ checks made in the period."),
    drilldown=lambda org, p: contracts_url(org, checked_from=p.start.isoformat(), checked_to=p.end.isoformat())))


# The two figures that are not counts: each reads one grouped query of its records (sums and counts per
# organisation) for all the organisations asked for, folded into their subtrees (``gonghui.stats.subtree.fold``);
# the recount reads the same sums straight from the subtree's records and divides them the same way.

def _mean(total, n):
    """The average in percent, one decimal (None when no contract agrees a rise)."""
    if not n:
        return None
    return (Decimal(total) / n).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _rises(period=None):
    return CollectiveContract.objects.filter(IN_FORCE, wage_rise_pct__isnull=False)


RISE = {"rise_sum": Sum("wage_rise_pct"), "rise_n": Count("pk")}


def _coverage(period):
    return LabourContractCoverage.objects.filter(year=period.end.year)


COVERAGE = {"workers": Sum("workers"), "signed": Sum("signed")}


def _folded(key, records, aggregates, finish):
    """A QueryIndicator's ``fn``: ``aggregates`` of ``records(period)`` summed per subtree, then ``finish``."""
    names = list(aggregates)

    def add(acc, row):
        for name in names:
            acc[name] += row[name] or 0

    def fn(ctx, org_ids):
        def sources():
            return [Records(records(ctx.period), "org", aggregates, add)]
        return fold(ctx, ("contracts", key), list(org_ids), sources, new=lambda: dict.fromkeys(names, 0),
                    finish=finish)
    return fn


def average_rise(org, period=None):
    """The agreed wage rise averaged over the contracts in force that agree one, in percent (one decimal)."""
    sums = _rises().filter(org__path__startswith=org.path).aggregate(**RISE)
    return _mean(sums["rise_sum"] or 0, sums["rise_n"])


register(QueryIndicator(
    "contracts_average_wage_rise", _("Average agreed wage rise"), unit="%", section=SECTION, rollup="none",
    help=_("The agreed wage rise averaged over the collective contracts in force that agree one."),
    fn=_folded("rise", _rises, RISE, lambda acc: _mean(acc["rise_sum"], acc["rise_n"])), recount_fn=average_rise,
    drilldown=lambda org, p: contracts_url(org, status=ContractStatus.IN_FORCE, has_wage_rise="yes")))


def labour_rate(org, period):
    """Workers with a signed labour contract ÷ workers, over the employers' figures of the period's year."""
    sums = _coverage(period).filter(org__path__startswith=org.path).aggregate(**COVERAGE)
    return percent(sums["signed"] or 0, sums["workers"] or 0)


register(QueryIndicator(
    "labour_contract_rate", _("Labour contract signing rate (劳动合同签订率)"), unit="%", section=SECTION,
    rollup="none", help=_("Workers with a signed individual labour contract ÷ workers, from the employers' figures "
                          "for the year the period ends in."),
    fn=_folded("labour", _coverage, COVERAGE, lambda acc: percent(acc["signed"], acc["workers"])),
    recount_fn=labour_rate,
    drilldown=lambda org, p: list_url("contracts:coverage_list", within=org.code, year=p.end.year)))
