"""The built-in indicators: organisations, employer units and members (DOMAIN.md §1, §2, §12).

Each comes with the direct recount over the records (used by tests and ``gonghui bench stats``) and the
link to the records behind it (the usual list page with its filters).
"""


from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from gonghui.members.choices import Education, EmploymentType, Gender, PoliticalStatus
from gonghui.members.models import Member
from gonghui.orgs import census
from gonghui.orgs.choices import Industry, Ownership
from gonghui.orgs.models import EmployerUnit, Organisation

from .counters import COUNTED_MEMBER_STATUSES, GRASSROOTS_LEVEL, LIVE_ORG_STATUSES
from .registry import (
    Breakdown,
    DueIndicator,
    FlowIndicator,
    RatioIndicator,
    StockIndicator,
    SumIndicator,
    register,
    register_breakdown,
    register_section,
)
from .registry import list_url as _url

register_section("orgs", _("Organisations"))
register_section("units", _("Employer units"))
register_section("members", _("Members"))


def _members_url(org, period=None, **params):
    return _url("members:member_list", within=org.code, **params)


def _counted_members_url(org, period=None, **params):
    return _members_url(org, period, in_membership="yes", **params)


def _joined_url(org, period, **params):
    return _members_url(org, period, joined_from=period.start.isoformat(), joined_to=period.end.isoformat(), **params)


def _orgs_url(org, period=None, **params):
    return _url("orgs:org_list", within=org.code, **params)


def _units_url(org, period=None, **params):
    return _url("orgs:unit_list", within=org.code, **params)


# --- recounts: straight from the records ------------------------------------------------------------------------


def _members(org):
    return Member.objects.filter(org__path__startswith=org.path)


def _counted(org):
    return _members(org).filter(status__in=COUNTED_MEMBER_STATUSES)


def _units(org):
    return EmployerUnit.objects.filter(area_org__path__startswith=org.path)


def _orgs(org):
    return Organisation.objects.filter(path__startswith=org.path)


def _live_grassroots(org):
    return _orgs(org).filter(status__in=LIVE_ORG_STATUSES, level=GRASSROOTS_LEVEL)


def _required_q():
    return census.required_q()


def age_band(birth_year_suffix: str, period) -> str:
    """Age band of a birth year in the period's last year (age reached that year)."""
    age = period.end.year - int(birth_year_suffix)
    if age <= 25:
        return "25"
    if age <= 35:
        return "35"
    if age <= 45:
        return "45"
    if age <= 55:
        return "55"
    return "56+"


AGE_BANDS = {"25": _("25 and under"), "35": _("26–35"), "45": _("36–45"), "55": _("46–55"), "56+": _("56 and over")}
AGE_LIMITS = {"25": (0, 25), "35": (26, 35), "45": (36, 45), "55": (46, 55), "56+": (56, 150)}


def _born_range(period, band):
    low, high = AGE_LIMITS[band]
    return period.end.year - high, period.end.year - low  # birth years, inclusive


# --- organisations ----------------------------------------------------------------------------------------------

register(StockIndicator(
    "orgs", _("Union organisations"), unit=_("organisations"), section="orgs", counter="o.count", report_table="orgs",
    help=_("Live union organisations (preparing or active) in the subtree, the organisation itself included."),
    drilldown=lambda org, p: _orgs_url(org, live="yes"),
    recount_fn=lambda org, p: _orgs(org).filter(status__in=LIVE_ORG_STATUSES).count(),
))
register(StockIndicator(
    "grassroots_unions", _("Grassroots unions"), unit=_("unions"), section="orgs", counter="o.grassroots",
    report_table="orgs", drilldown=lambda org, p: _orgs_url(org, live="yes", level=GRASSROOTS_LEVEL),
    recount_fn=lambda org, p: _live_grassroots(org).count(),
))
register(FlowIndicator(
    "new_unions", _("New grassroots unions"), unit=_("unions"), section="orgs", counter="o.founded", target=True,
    report_table="orgs", help=_("Grassroots unions founded in the period."),
    drilldown=lambda org, p: _orgs_url(org, level=GRASSROOTS_LEVEL, founded_from=p.start.isoformat(),
                                       founded_to=p.end.isoformat()),
    recount_fn=lambda org, p: _orgs(org).filter(level=GRASSROOTS_LEVEL, founded_on__gte=p.start,
                                                founded_on__lte=p.end).count(),
))
register(StockIndicator(
    "women_committees", _("Women workers' committees"), unit=_("committees"), section="orgs", counter="o.women",
    report_table="orgs",
    drilldown=lambda org, p: _orgs_url(org, live="yes", level=GRASSROOTS_LEVEL, women_committee="yes"),
    recount_fn=lambda org, p: _live_grassroots(org).filter(committee_members__committee="women").distinct().count(),
))
register(RatioIndicator(
    "women_committee_rate", _("Women's committee formation rate"), section="orgs", numerator="women_committees",
    denominator="grassroots_unions", help=_("Grassroots unions with a women workers' committee ÷ grassroots unions."),
    drilldown=lambda org, p: _orgs_url(org, live="yes", level=GRASSROOTS_LEVEL, women_committee="no"),
))
register(DueIndicator(
    "elections_due", _("Due for re-election"), unit=_("organisations"), section="orgs", counter="o.election_due",
    all_counter="o.election_set",
    higher_is_better=False, help=_("Live organisations whose next election falls due by the end of the period."),
    drilldown=lambda org, p: _orgs_url(org, live="yes", election_due_before=p.end.isoformat()),
    recount_fn=lambda org, p: _orgs(org).filter(status__in=LIVE_ORG_STATUSES, next_election_due__lte=p.end).count(),
))

# --- employer units ---------------------------------------------------------------------------------------------

register(StockIndicator(
    "units", _("Employer units"), unit=_("units"), section="units", counter="u.count", report_table="units",
    drilldown=lambda org, p: _units_url(org), recount_fn=lambda org, p: _units(org).count(),
))
register(StockIndicator(
    "units_required", _("Units that should have a union"), unit=_("units"), section="units", counter="u.required",
    report_table="units",
    help=_("Units the census rule says should have a union (by default 25 or more employees, established a year or "
           "more and operating), and units already covered by a union."),
    drilldown=lambda org, p: _units_url(org, required="yes"),
    recount_fn=lambda org, p: _units(org).filter(_required_q()).count(),
))
register(StockIndicator(
    "units_covered", _("Unionised units"), unit=_("units"), section="units", counter="u.covered", report_table="units",
    drilldown=lambda org, p: _units_url(org, has_union="yes"),
    recount_fn=lambda org, p: _units(org).filter(union__isnull=False).count(),
))
register(StockIndicator(
    "covered_employees", _("Employees of unionised units"), unit=_("people"), section="units",
    counter="u.covered_employees", report_table="units",
    drilldown=lambda org, p: _units_url(org, has_union="yes"),
    recount_fn=lambda org, p: _units(org).filter(union__isnull=False).aggregate(n=Sum("employee_count"))["n"] or 0,
))
register(StockIndicator(
    "employees", _("Employees of all units"), unit=_("people"), section="units", counter="u.employees",
    report_table="units", drilldown=lambda org, p: _units_url(org),
    recount_fn=lambda org, p: _units(org).aggregate(n=Sum("employee_count"))["n"] or 0,
))
register(RatioIndicator(
    "unionisation_rate", _("Unionisation rate (组建率)"), section="units", numerator="units_covered",
    denominator="units_required", target=True,
    help=_("Unionised units ÷ units that should have a union."),
    drilldown=lambda org, p: _units_url(org, required="yes", has_union="no"),
))

# --- members ----------------------------------------------------------------------------------------------------

register(StockIndicator(
    "members", _("Members"), unit=_("people"), section="members", counter="m.count", report_table="members",
    help=_("Members in the registry (active, or with a transfer pending)."),
    drilldown=lambda org, p: _counted_members_url(org), recount_fn=lambda org, p: _counted(org).count(),
))
register(RatioIndicator(
    "membership_rate", _("Membership rate (入会率)"), section="members", numerator="members",
    denominator="covered_employees", target=True, help=_("Members ÷ employees of unionised units."),
    drilldown=lambda org, p: _counted_members_url(org),
))
register(StockIndicator(
    "migrant_members", _("Migrant worker members"), unit=_("people"), section="members", counter="m.emp.migrant",
    report_table="members", drilldown=lambda org, p: _counted_members_url(org, employment_type="migrant"),
    recount_fn=lambda org, p: _counted(org).filter(employment_type="migrant").count(),
))
register(StockIndicator(
    "female_members", _("Women members"), unit=_("people"), section="members", counter="m.gender.F",
    report_table="members", drilldown=lambda org, p: _counted_members_url(org, gender="F"),
    recount_fn=lambda org, p: _counted(org).filter(gender="F").count(),
))
register(SumIndicator(
    "young_members", _("Members aged 35 and under"), unit=_("people"), section="members", prefix="m.birth.",
    accept=lambda suffix, p: p.end.year - int(suffix) <= 35, report_table="members",
    drilldown=lambda org, p: _counted_members_url(org, born_from=f"{p.end.year - 35}-01-01"),
    recount_fn=lambda org, p: _counted(org).filter(birth_date__year__gte=p.end.year - 35).count(),
))
register(StockIndicator(
    "new_forms_members", _("Members in new forms of employment"), unit=_("people"), section="members",
    counter="m.emp.new_forms", report_table="members",
    drilldown=lambda org, p: _counted_members_url(org, employment_type="new_forms"),
    recount_fn=lambda org, p: _counted(org).filter(employment_type="new_forms").count(),
))
register(FlowIndicator(
    "new_members", _("New members"), unit=_("people"), section="members", counter="m.joined", target=True,
    report_table="members", help=_("Members whose join date falls in the period (including any who left since)."),
    drilldown=lambda org, p: _joined_url(org, p),
    recount_fn=lambda org, p: _members(org).filter(join_date__gte=p.start, join_date__lte=p.end).count(),
))
register(FlowIndicator(
    "new_migrant_members", _("New migrant worker members"), unit=_("people"), section="members",
    counter="m.joined.migrant", target=True, report_table="members",
    drilldown=lambda org, p: _joined_url(org, p, employment_type="migrant"),
    recount_fn=lambda org, p: _members(org).filter(join_date__gte=p.start, join_date__lte=p.end,
                                                   employment_type="migrant").count(),
))


# --- compositions -------------------------------------------------------------------------------------------------


def _choice_labels(choices, none_label=True):
    def labels():
        out = dict(choices)
        if none_label:
            out["none"] = _("Not recorded")
        return out

    return labels


def _member_choice_url(param):
    return lambda org, p, value: _counted_members_url(org, **{param: value})


def _age_url(org, p, band):
    first, last = _born_range(p, band)
    return _counted_members_url(org, born_from=f"{first}-01-01", born_to=f"{last}-12-31")


register_breakdown(Breakdown("gender", _("Gender"), "m.gender.", _choice_labels(Gender.choices, False),
                             drilldown=_member_choice_url("gender")))
register_breakdown(Breakdown("age", _("Age band"), "m.birth.", lambda: AGE_BANDS, group=age_band, drilldown=_age_url))
register_breakdown(Breakdown("employment", _("Employment type"), "m.emp.", _choice_labels(EmploymentType.choices),
                             drilldown=_member_choice_url("employment_type")))
register_breakdown(Breakdown("education", _("Education"), "m.edu.", _choice_labels(Education.choices),
                             drilldown=_member_choice_url("education")))
register_breakdown(Breakdown("political", _("Political status"), "m.pol.", _choice_labels(PoliticalStatus.choices),
                             drilldown=_member_choice_url("political_status")))
register_breakdown(Breakdown("ownership", _("Ownership of the employer"), "m.own.", _choice_labels(Ownership.choices),
                             drilldown=_member_choice_url("unit_ownership")))
register_breakdown(Breakdown("industry", _("Industry of the employer"), "m.ind.", _choice_labels(Industry.choices),
                             drilldown=_member_choice_url("unit_industry")))


def breakdown_recount(key, org, period):
    """Direct recount of a composition: {item: count} (tests and benchmark)."""
    qs = _counted(org)
    field = {"gender": "gender", "employment": "employment_type", "education": "education",
             "political": "political_status", "ownership": "unit__ownership", "industry": "unit__industry"}.get(key)
    out = {}
    if key == "age":
        for year, n in qs.values_list("birth_date__year").annotate(n=Count("id")).order_by():
            band = age_band(str(year), period)
            out[band] = out.get(band, 0) + n
        return out
    for value, n in qs.values_list(field).annotate(n=Count("id")).order_by():
        out[value or "none"] = out.get(value or "none", 0) + n
    return out
