from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, NavItem
from gonghui.core.search import SearchSource


class BargainingConfig(AreaConfig):
    name = "gonghui.bargaining"
    verbose_name = _("Collective bargaining")
    url_prefix = "bargaining/"
    todo = "gonghui.bargaining.selectors.workbench_todo"
    nav = (NavItem(_("Offers to bargain"), "bargaining:offer_list", order=10, menu="bargaining"),
           NavItem(_("Offer campaigns"), "bargaining:campaign_list", order=20, menu="bargaining"),
           NavItem(_("Negotiation rounds"), "bargaining:round_list", order=30, menu="bargaining"),
           NavItem(_("Bargaining instructors"), "bargaining:instructor_list", order=60, menu="bargaining"))
    api_routes = (("bargaining-offers", "gonghui.bargaining.api.views.OfferViewSet"),
                  ("bargaining-campaigns", "gonghui.bargaining.api.views.CampaignViewSet"),
                  ("bargaining-rounds", "gonghui.bargaining.api.views.RoundViewSet"),
                  ("bargaining-instructors", "gonghui.bargaining.api.views.InstructorViewSet"))
    search = (SearchSource("bargaining_offers", _("Offers to bargain"), "gonghui.bargaining.views.OfferListView",
                           "bargaining:offer_list", order=62,
                           describe=lambda o: f"{o.org.name} · {o.get_status_display()}"),)
