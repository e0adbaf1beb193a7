from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, ImportKind, Menu, NavItem
from gonghui.core.search import SearchSource


class OpenAffairsConfig(AreaConfig):
    name = "gonghui.openaffairs"
    verbose_name = _("Open affairs")
    url_prefix = "open-affairs/"
    todo = "gonghui.openaffairs.selectors.workbench_todo"
    menus = (Menu("openaffairs", _("Open affairs"), 65),)
    nav = (
        NavItem(_("Employers"), "openaffairs:employer_list", order=10, menu="openaffairs"),
        NavItem(_("Open-affairs systems"), "openaffairs:system_list", order=20, menu="openaffairs"),
        NavItem(_("Disclosure catalogue"), "openaffairs:item_list", order=30, menu="openaffairs"),
        NavItem(_("Postings"), "openaffairs:posting_list", order=40, menu="openaffairs"),
        NavItem(_("Inspections"), "openaffairs:inspection_list", order=50, menu="openaffairs"),
        NavItem(_("Problems"), "openaffairs:problem_list", order=60, menu="openaffairs"),
    )
    api_routes = (
        ("open-affairs-systems", "gonghui.openaffairs.api.views.SystemViewSet"),
        ("disclosure-items", "gonghui.openaffairs.api.views.ItemViewSet"),
        ("disclosure-postings", "gonghui.openaffairs.api.views.PostingViewSet"),
        ("open-affairs-inspections", "gonghui.openaffairs.api.views.InspectionViewSet"),
        ("open-affairs-problems", "gonghui.openaffairs.api.views.ProblemViewSet"),
    )
    import_kinds = (ImportKind("disclosure_items", _("Disclosure catalogue"),
                               "gonghui.openaffairs.importers.CatalogueImporter"),)
    search = (SearchSource(
        "open_affairs_items", _("Disclosure items"), "gonghui.openaffairs.views.ItemListView", "openaffairs:item_list",
        order=70, describe=lambda i: f"{i.system.unit.name} · {i.get_frequency_display()} · {i.department}"),)
