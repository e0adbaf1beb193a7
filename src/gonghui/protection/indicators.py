"""Labour protection in the statistics. Inspections and the problems found are counted in the period they were
made (found); the problems of the period that are fixed now give the fix rate (整改率); overdue problems are a
stock (now). Arrears found and recovered are summed over the problems found in the period. Each figure opens the
records it counts, at the inspecting union's subtree."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.stats.registry import RatioIndicator, RecordIndicator, list_url, register, register_section

from .choices import AwardCategory, FindingStatus, InspectionKind, Severity
from .selectors import OVERDUE

SECTION = "protection"
ARREARS = Q(arrears_amount__gt=0)

register_section(SECTION, _("Labour protection"))

register(RecordIndicator(
    "protection_inspections", _("Inspections"), unit=_("inspections"), section=SECTION,
    help=_("Inspections of employers made in the period (work safety, occupational health, labour-law "
           "supervision)."),
    model="protection.Inspection", date_field="inspected_on", list_url_name="protection:inspection_list"))
for _value, _label in InspectionKind.choices:
    register(RecordIndicator(
        f"protection_inspections_{_value}", _label, unit=_("inspections"), section=SECTION,
        help=_("Inspections of this kind made in the period."), model="protection.Inspection",
        date_field="inspected_on", where=Q(kind=_value), list_url_name="protection:inspection_list",
        list_params={"kind": _value}))


def _findings(key, name, help_text, where=None, date_field="found_on", sum_field="", unit=None, **params):
    register(RecordIndicator(
        key, name, unit=unit or _("problems"), section=SECTION, help=help_text, model="protection.Finding",
        date_field=date_field, where=where, sum_field=sum_field, list_url_name="protection:finding_list",
        list_params=params))


_findings("protection_hazards_found", _("Hazards and problems found"),
          _("Problems and hazards found at inspections in the period."))
_findings("protection_hazards_major", _("Major hazards found"), _("Of them, major ones (重大隐患)."),
          Q(severity=Severity.MAJOR), severity=Severity.MAJOR)
_findings("protection_hazards_fixed", _("Hazards and problems fixed"),
          _("Problems found in the period that are fixed now (on the spot or on re-inspection)."),
          Q(status=FindingStatus.FIXED), status=FindingStatus.FIXED)
register(RatioIndicator(
    "protection_fix_rate", _("Hazard fix rate (整改率)"), section=SECTION, numerator="protection_hazards_fixed",
    denominator="protection_hazards_found",
    help=_("Problems found in the period and fixed now ÷ problems found in the period."),
    drilldown=lambda org, p: list_url("protection:finding_list", within=org.code, found_from=p.start.isoformat(),
                                      found_to=p.end.isoformat())))
_findings("protection_hazards_overdue", _("Hazards overdue"),
          _("Problems not fixed by their deadline, now (reported to the union above)."), OVERDUE, date_field=None,
          overdue="yes")
_findings("protection_arrears_workers", _("Workers owed wages found"),
          _("Workers owed wages found at inspections in the period."), ARREARS, sum_field="arrears_workers",
          unit=_("people"), arrears="yes")
_findings("protection_arrears_amount", _("Wage arrears found"), _("Wages owed found at inspections in the period."),
          ARREARS, sum_field="arrears_amount", unit=_("yuan"), arrears="yes")
_findings("protection_arrears_recovered_workers", _("Workers paid their arrears"),
          _("Of the workers owed wages found in the period, those paid so far."), ARREARS,
          sum_field="recovered_workers", unit=_("people"), arrears="yes")
_findings("protection_arrears_recovered", _("Wage arrears recovered"),
          _("Of the arrears found in the period, what has been recovered so far."), ARREARS,
          sum_field="amount_recovered", unit=_("yuan"), arrears="yes")



def _units(key, name, help_text, where, **params):
    """Unionised employers counted at their census union, as the employer statistics are (rates divide like by
    like); the drill-down opens the agreements."""
    register(RecordIndicator(
        key, name, unit=_("units"), section=SECTION, help=help_text, model="orgs.EmployerUnit", org_field="area_org",
        where=Q(union__isnull=False) & where,
        drilldown=lambda org, p: list_url("protection:agreement_list", within=org.code, **params)))


_units("protection_units_committee", _("Unionised employers with a labour protection committee"),
       _("Unionised employers with a labour protection supervision committee (劳动保护监督检查委员会)."),
       Q(safety_agreement__committee=True), committee="yes")
register(RatioIndicator(
    "protection_committee_rate", _("Labour protection committee establishment rate (组建率)"), section=SECTION,
    numerator="protection_units_committee", denominator="units_covered",
    help=_("Unionised employers with a labour protection committee ÷ unionised employers."),
    drilldown=lambda org, p: list_url("protection:agreement_list", within=org.code, committee="yes")))
_units("protection_units_agreement", _("Unionised employers with a safety and health agreement"),
       _("Unionised employers that signed a labour safety and health agreement (劳动安全卫生协议书)."),
       Q(safety_agreement__signed_on__isnull=False), signed="yes")
register(RatioIndicator(
    "protection_agreement_rate", _("Safety and health agreement signing rate"), section=SECTION,
    numerator="protection_units_agreement", denominator="units_covered",
    help=_("Unionised employers with a safety and health agreement ÷ unionised employers."),
    drilldown=lambda org, p: list_url("protection:agreement_list", within=org.code, signed="yes")))
register(RecordIndicator(
    "protection_stations", _("Rest stations (安康驿站)"), unit=_("stations"), section=SECTION,
    help=_("Rest stations for outdoor workers open now."), model="protection.RestStation", where=Q(active=True),
    list_url_name="protection:station_list", list_params={"active": "true"}))


# --- 安康杯, 群监员, accidents -----------------------------------------------------------------------------------

register(RecordIndicator(
    "protection_ankang_units", _("Unionised employers in the 安康杯"), unit=_("units"), section=SECTION,
    help=_("Unionised employers enrolled in a 安康杯 round in the period (at any level; each counted once)."),
    model="orgs.EmployerUnit", org_field="area_org", where=Q(union__isnull=False),
    date_field="ankang_enrolments__enrolled_on",
    drilldown=lambda org, p: list_url("protection:enrolment_list", within=org.code, enrolled_from=p.start.isoformat(),
                                      enrolled_to=p.end.isoformat())))
register(RatioIndicator(
    "protection_ankang_rate", _("安康杯 participation (参赛面)"), section=SECTION,
    numerator="protection_ankang_units", denominator="units_covered",
    help=_("Unionised employers enrolled in a 安康杯 round in the period ÷ unionised employers."),
    drilldown=lambda org, p: list_url("protection:enrolment_list", within=org.code, enrolled_from=p.start.isoformat(),
                                      enrolled_to=p.end.isoformat())))
register(RecordIndicator(
    "protection_ankang_awards", _("安康杯 awards"), unit=_("awards"), section=SECTION,
    help=_("安康杯 awards given in the period, counted at the union of the one awarded."),
    model="protection.AnkangAward", date_field="awarded_on", list_url_name="protection:award_list"))
for _value, _label in AwardCategory.choices:
    register(RecordIndicator(
        f"protection_ankang_awards_{_value}", _label, unit=_("awards"), section=SECTION,
        help=_("安康杯 awards of this category given in the period."), model="protection.AnkangAward",
        date_field="awarded_on", where=Q(category=_value), list_url_name="protection:award_list",
        list_params={"category": _value}))
register(RecordIndicator(
    "protection_inspectors", _("Safety inspectors (群监员) serving"), unit=_("people"), section=SECTION,
    help=_("Union safety inspectors serving now."), model="protection.SafetyInspector", where=Q(active=True),
    list_url_name="protection:inspector_list", list_params={"active": "yes"}))


def _reports(key, name, help_text, sum_field):
    register(RecordIndicator(
        key, name, unit=_("items"), section=SECTION, help=help_text, model="protection.InspectorReport",
        org_field="inspector__org", date_field="reported_on", sum_field=sum_field,
        drilldown=lambda org, p: list_url("protection:inspector_list", within=org.code)))


_reports("protection_inspector_problems", _("Problems found by safety inspectors"),
         _("Problems the safety inspectors reported in the period."), "problems_found")
_reports("protection_inspector_violations", _("Violations stopped by safety inspectors"),
         _("Violations the safety inspectors stopped (违章制止) in the period."), "violations_stopped")
register(RecordIndicator(
    "protection_accidents", _("Accident investigations"), unit=_("accidents"), section=SECTION,
    help=_("Accidents that occurred in the period and that the union took part in investigating."),
    model="protection.AccidentInvestigation", date_field="occurred_on", list_url_name="protection:accident_list"))
