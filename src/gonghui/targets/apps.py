from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, NavItem


class TargetsConfig(AreaConfig):
    name = "gonghui.targets"
    verbose_name = _("Targets")
    url_prefix = "targets/"
    todo = "gonghui.targets.selectors.workbench_todo"
    nav = (NavItem(_("Targets"), "targets:target_list", order=20, menu="statistics"),)
