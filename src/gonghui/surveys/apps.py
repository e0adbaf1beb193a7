from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, NavItem, PortalLink
from gonghui.core.search import SearchSource


class SurveysConfig(AreaConfig):
    name = "gonghui.surveys"
    verbose_name = _("Surveys")
    url_prefix = "surveys/"
    todo = "gonghui.surveys.selectors.workbench_todo"
    nav = (NavItem(_("Surveys"), "surveys:survey_list", order=30, menu="outreach"),)
    api_routes = (("surveys", "gonghui.surveys.api.views.SurveyViewSet"),)
    portal_links = (PortalLink(_("Surveys"), "surveys_portal:list", "surveys", order=60,
                               description=_("Answer the union's surveys of workers' views.")),)
    search = (SearchSource("surveys", _("Surveys"), "gonghui.surveys.views.SurveyListView", "surveys:survey_list",
                           order=80, describe=lambda s: f"{s.org.name} · {s.get_status_display()}"),)
