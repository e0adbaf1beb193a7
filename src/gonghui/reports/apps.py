from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, NavItem


class ReportsConfig(AreaConfig):
    name = "gonghui.reports"
    verbose_name = _("Annual statistical report")
    url_prefix = "reports/"
    todo = "gonghui.reports.selectors.workbench_todo"
    nav = (NavItem(_("Annual report"), "reports:report_list", order=30, menu="statistics"),)
