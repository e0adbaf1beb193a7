from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, NavItem, PortalLink
from gonghui.core.search import SearchSource


class AppraisalsConfig(AreaConfig):
    name = "gonghui.appraisals"
    verbose_name = _("Standards and appraisal")
    url_prefix = "appraisals/"
    nav = (
        NavItem(_("Appraisals (创建与考核)"), "appraisals:appraisal_list", order=30, menu="excellence"),
        NavItem(_("Appraisal schemes"), "appraisals:scheme_list", order=31, menu="excellence"),
        NavItem(_("Member rating (会员评家)"), "appraisals:round_list", order=32, menu="excellence"),
    )
    todo = "gonghui.appraisals.selectors.workbench_todo"
    api_routes = (
        ("appraisal-schemes", "gonghui.appraisals.api.views.SchemeViewSet"),
        ("appraisal-criteria", "gonghui.appraisals.api.views.CriterionViewSet"),
        ("appraisals", "gonghui.appraisals.api.views.AppraisalViewSet"),
        ("appraisal-scores", "gonghui.appraisals.api.views.ScoreViewSet"),
        ("rating-rounds", "gonghui.appraisals.api.views.RoundViewSet"),
        ("member-ratings", "gonghui.appraisals.api.views.RatingViewSet"),
    )
    portal_links = (PortalLink(_("Rate your union"), "appraisals_portal:home", "appraisals", order=75,
                               description=_("Rate your union's work (会员评家) when a rating is open.")),)
    search = (SearchSource("appraisals", _("Appraisals"), "gonghui.appraisals.views.AppraisalListView",
                           "appraisals:appraisal_list", order=70),)
