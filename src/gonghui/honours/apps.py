from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, ImportKind, NavItem
from gonghui.core.search import SearchSource


class HonoursConfig(AreaConfig):
    name = "gonghui.honours"
    verbose_name = _("Honours and model workers")
    url_prefix = "honours/"
    todo = "gonghui.honours.selectors.workbench_todo"
    nav = (NavItem(_("Selection rounds"), "honours:round_list", order=10, menu="excellence"),
           NavItem(_("Recommendations"), "honours:recommendation_list", order=11, menu="excellence"),
           NavItem(_("Model workers"), "honours:worker_list", order=12, menu="excellence"),
           NavItem(_("Allowance payment runs"), "honours:run_list", order=13, menu="excellence"),
           NavItem(_("Allowance rules"), "honours:rule_list", order=14, menu="excellence"),
           NavItem(_("Rest trips and health checks"), "honours:care_list", order=14, menu="excellence"),
           NavItem(_("Visits and grants"), "honours:support_list", order=14, menu="excellence"),
           NavItem(_("Honour schemes"), "honours:scheme_list", order=15, menu="excellence"))
    api_routes = (("honour-schemes", "gonghui.honours.api.views.SchemeViewSet"),
                  ("honour-rounds", "gonghui.honours.api.views.RoundViewSet"),
                  ("honour-recommendations", "gonghui.honours.api.views.RecommendationViewSet"),
                  ("model-workers", "gonghui.honours.api.views.WorkerViewSet"),
                  ("model-worker-allowance-rules", "gonghui.honours.api.views.RuleViewSet"),
                  ("model-worker-allowance-runs", "gonghui.honours.api.views.RunViewSet"),
                  ("model-worker-care-rounds", "gonghui.honours.api.views.CareRoundViewSet"),
                  ("model-worker-support", "gonghui.honours.api.views.SupportViewSet"))
    # A model worker's own titles and care in the member portal: a panel on the portal's home for model workers
    # only (a tile for every member would lead most nowhere), opening the page at portal/honours/.
    portal_panels = ("gonghui.honours.portal_views.dashboard_panel",)
    import_kinds = (ImportKind("model_workers", _("Model workers"), "gonghui.honours.importers.ModelWorkerImporter"),)
    search = (SearchSource(
        "honours", _("Model workers"), "gonghui.honours.views.WorkerListView", "honours:worker_list",
        order=70, describe=lambda w: f"{w.get_level_display()} · {w.employer} · {w.org.name}"),)
