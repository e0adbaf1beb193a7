from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, ImportKind, NavItem, PortalLink
from gonghui.core.search import SearchSource


class ProtectionConfig(AreaConfig):
    name = "gonghui.protection"
    verbose_name = _("Labour protection")
    url_prefix = "protection/"
    todo = "gonghui.protection.selectors.workbench_todo"
    nav = (NavItem(_("Inspections"), "protection:inspection_list", order=10, menu="protection"),
           NavItem(_("Hazards and problems"), "protection:finding_list", order=20, menu="protection"),
           NavItem(_("Safety and health agreements"), "protection:agreement_list", order=30, menu="protection"),
           NavItem(_("Rest stations (安康驿站)"), "protection:station_list", order=40, menu="protection"),
           NavItem(_("安康杯 rounds"), "protection:round_list", order=50, menu="protection"),
           NavItem(_("安康杯 enrolments"), "protection:enrolment_list", order=55, menu="protection"),
           NavItem(_("Safety inspectors (群监员)"), "protection:inspector_list", order=60, menu="protection"),
           NavItem(_("Accident investigations"), "protection:accident_list", order=70, menu="protection"))
    api_routes = (("inspections", "gonghui.protection.api.views.InspectionViewSet"),
                  ("inspection-findings", "gonghui.protection.api.views.FindingViewSet"),
                  ("safety-agreements", "gonghui.protection.api.views.AgreementViewSet"),
                  ("rest-stations", "gonghui.protection.api.views.StationViewSet"),
                  ("ankang-rounds", "gonghui.protection.api.views.RoundViewSet"),
                  ("ankang-enrolments", "gonghui.protection.api.views.EnrolmentViewSet"),
                  ("ankang-awards", "gonghui.protection.api.views.AwardViewSet"),
                  ("safety-inspectors", "gonghui.protection.api.views.InspectorViewSet"),
                  ("accident-investigations", "gonghui.protection.api.views.AccidentViewSet"))
    portal_links = (PortalLink(_("Rest stations (安康驿站)"), "protection_portal:home", "rest_stations", order=85,
                               description=_("Rest stations for outdoor workers near you, with a map link.")),)
    import_kinds = (ImportKind("ankang_enrolments", _("安康杯 enrolments"),
                               "gonghui.protection.importers.EnrolmentImporter"),
                    ImportKind("safety_inspectors", _("Safety inspectors (群监员)"),
                               "gonghui.protection.importers.InspectorImporter"),
                    ImportKind("protection_findings", _("Problems found at inspections"),
                               "gonghui.protection.importers.FindingImporter"))
    search = (SearchSource(
        "inspections", _("Inspections"), "gonghui.protection.views.InspectionListView", "protection:inspection_list",
        order=60, describe=lambda i: f"{i.get_kind_display()} · {i.inspected_on:%Y-%m-%d} · {i.org.name}"),)
    # Transition labels come from Inspection.workflow and Finding.workflow (models.py).
