from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, NavItem


class HardshipConfig(AreaConfig):
    name = "gonghui.hardship"
    verbose_name = _("Hardship aid")
    url_prefix = "hardship/"
    todo = "gonghui.hardship.selectors.workbench_todo"
    nav = (NavItem(_("Hardship aid"), "hardship:overview", order=60),)
