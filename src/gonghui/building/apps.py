from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, ImportKind, NavItem


class BuildingConfig(AreaConfig):
    name = "gonghui.building"
    verbose_name = _("Organisation building")
    url_prefix = "building/"
    nav = (
        NavItem(_("Union cadres"), "building:cadre_list", order=10, menu="building"),
        NavItem(_("Elections"), "building:election_list", order=11, menu="building"),
        NavItem(_("Terms"), "building:term_list", order=12, menu="building"),
        NavItem(_("Unions overdue for re-election"), "building:overdue", order=13, menu="building"),
        NavItem(_("Approvals"), "building:approval_list", order=14, menu="building"),
        NavItem(_("Organisation archive"), "building:document_list", order=15, menu="building"),
        NavItem(_("Census rule"), "building:census", order=16, menu="building"),
    )
    todo = "gonghui.building.selectors.workbench_todo"
    import_kinds = (ImportKind("union_cadres", _("Union cadres"), "gonghui.building.importers.CadreImporter"),)
    api_routes = (
        ("union-cadres", "gonghui.building.api.views.CadreViewSet"),
        ("union-terms", "gonghui.building.api.views.TermViewSet"),
        ("union-elections", "gonghui.building.api.views.ElectionViewSet"),
        ("union-approvals", "gonghui.building.api.views.ApprovalViewSet"),
        ("organisation-archive", "gonghui.building.api.views.DocumentViewSet"),
    )
