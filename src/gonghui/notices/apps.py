from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, NavItem, PortalLink
from gonghui.core.search import SearchSource


class NoticesConfig(AreaConfig):
    name = "gonghui.notices"
    verbose_name = _("Notices")
    url_prefix = "notices/"
    nav = (NavItem(_("Notices"), "notices:notice_list", order=10, menu="outreach"),)
    api_routes = (("notices", "gonghui.notices.api.views.NoticeViewSet"),)
    portal_links = (PortalLink(_("Notices"), "notices_portal:home", "notices", order=70,
                               description=_("Notices from your union.")),)
    search = (SearchSource("notices", _("Notices"), "gonghui.notices.views.NoticeListView", "notices:notice_list",
                           order=70, describe=lambda n: f"{n.org.name} · {n.get_status_display()}"),)
