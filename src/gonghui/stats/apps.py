from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, NavItem


class StatsConfig(AreaConfig):
    name = "gonghui.stats"
    verbose_name = _("Statistics")
    url_prefix = "stats/"
    nav = (NavItem(_("Statistics dashboard"), "stats:dashboard", order=10, menu="statistics"),)
    indicators = ("gonghui.stats.indicators",)
