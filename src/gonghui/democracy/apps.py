from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, ImportKind, Menu, NavItem, PortalLink
from gonghui.core.search import SearchSource


class DemocracyConfig(AreaConfig):
    name = "gonghui.democracy"
    verbose_name = _("Democratic management")
    url_prefix = "democracy/"
    menus = (Menu("democracy", _("Democratic management"), 50),)
    nav = (
        NavItem(_("Employers and their congress system"), "democracy:employer_list", order=10, menu="democracy"),
        NavItem(_("Congress systems"), "democracy:setup_list", order=11, menu="democracy"),
        NavItem(_("Congresses"), "democracy:congress_list", order=12, menu="democracy"),
        NavItem(_("Delegates"), "democracy:delegate_list", order=13, menu="democracy"),
        NavItem(_("Congress sessions"), "democracy:session_list", order=14, menu="democracy"),
        NavItem(_("Motions"), "democracy:motion_list", order=15, menu="democracy"),
        NavItem(_("Employer rules register"), "democracy:rule_list", order=16, menu="democracy"),
        NavItem(_("Star congresses"), "democracy:star_list", order=17, menu="democracy"),
    )
    todo = "gonghui.democracy.selectors.workbench_todo"
    api_routes = (
        ("congress-systems", "gonghui.democracy.api.views.SetupViewSet"),
        ("congresses", "gonghui.democracy.api.views.CongressViewSet"),
        ("congress-delegates", "gonghui.democracy.api.views.DelegateViewSet"),
        ("congress-sessions", "gonghui.democracy.api.views.SessionViewSet"),
        ("congress-items", "gonghui.democracy.api.views.ItemViewSet"),
        ("congress-motions", "gonghui.democracy.api.views.MotionViewSet"),
        ("employer-rules", "gonghui.democracy.api.views.RuleViewSet"),
        ("star-congresses", "gonghui.democracy.api.views.StarViewSet"),
    )
    portal_links = (PortalLink(_("Motions"), "democracy_portal:home", "democracy", order=70,
                               description=_("Suggest a motion to your workers' congress and see the replies.")),)
    import_kinds = (ImportKind("congress_delegates", _("Congress delegates"),
                               "gonghui.democracy.importers.DelegateImporter"),
                    ImportKind("congress_motions", _("Motions"), "gonghui.democracy.importers.MotionImporter"))
    record_alerts = (("rights.case", "gonghui.democracy.alerts.case_alerts"),)
    search = (SearchSource("motions", _("Motions"), "gonghui.democracy.views.MotionListView",
                           "democracy:motion_list", describe="gonghui.democracy.alerts.describe_motion", order=60),)
