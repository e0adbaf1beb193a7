"""What the annual report holds: the registry's report indicators, plus the figures only a union can enter.

The table of a report is read from ``gonghui.stats.registry`` every time, so an app that registers an
indicator with ``report_table=...`` adds a row to the report without touching this app. Ratio indicators
whose numerator and denominator are both in the report appear as well (computed from the reported figures,
never summed).
"""

import dataclasses
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from gonghui.stats import registry
from gonghui.stats.registry import EnteredIndicator, register, register_section


@dataclasses.dataclass(eq=False)
class ReportEnteredIndicator(EnteredIndicator):
    """An entered figure; ``decimal_places`` > 0 makes it a Decimal (money in yuan)."""

    decimal_places: int = 0


register_section("union_work", _("Union work"))
register(ReportEnteredIndicator(
    "fulltime_cadres", _("Full-time union workers"), unit=_("people"), section="union_work", report_table="union_work",
    help=_("Full-time union workers (专职工会工作者) at the end of the year."),
))
register(ReportEnteredIndicator(
    "funds_income", _("Union funds income"), unit=_("yuan"), section="union_work", report_table="union_work",
    decimal_places=2, help=_("Income of union funds in the year, in yuan."),
))
register(ReportEnteredIndicator(
    "workers_homes", _("Workers' homes"), unit=_("homes"), section="union_work", report_table="union_work",
    help=_("Workers' homes (职工之家) built to the standard."),
))

# Parts that cannot be larger than their whole: (part, whole).
PART_RULES = [
    ("migrant_members", "members"),
    ("female_members", "members"),
    ("young_members", "members"),
    ("new_forms_members", "members"),
    ("new_migrant_members", "new_members"),
    ("units_covered", "units_required"),
    ("units_required", "units"),
    ("covered_employees", "employees"),
    ("women_committees", "grassroots_unions"),
    ("grassroots_unions", "orgs"),
]


def table_of(ind):
    if ind.report_table:
        return ind.report_table
    return registry.get(ind.numerator).report_table


def report_items():
    """Indicators of the report in registry order: stored ones first per table, then the ratios."""
    stored = [i for i in registry.report_indicators() if not i.is_ratio]
    keys = {i.key for i in stored}
    ratios = [i for i in registry.all_indicators()
              if i.is_ratio and getattr(i, "numerator", None) in keys and getattr(i, "denominator", None) in keys]
    return stored + ratios


def stored_items():
    return [i for i in report_items() if not i.is_ratio]


def ratio_items():
    return [i for i in report_items() if i.is_ratio]


def tables():
    """[(table key, label, [indicators])] in order of first appearance."""
    out = {}
    for ind in report_items():
        out.setdefault(table_of(ind), []).append(ind)
    return [(key, registry.section_label(key), inds) for key, inds in out.items()]


def is_decimal(ind):
    return getattr(ind, "decimal_places", 0) > 0


def to_number(ind, value):
    """A stored value (int, or Decimal as a string) as a number; None stays None."""
    if value is None or value == "":
        return None
    if is_decimal(ind):
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return None
    return int(value)


def to_stored(ind, value):
    if value is None:
        return None
    if is_decimal(ind):
        return str(Decimal(value).quantize(Decimal(1).scaleb(-ind.decimal_places)))
    return int(value)
