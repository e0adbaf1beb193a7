from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, NavItem


class ImportsConfig(AreaConfig):
    name = "gonghui.imports"
    verbose_name = _("Import and export")
    url_prefix = "imports/"
    nav = (NavItem(_("Imports"), "imports:job_list", order=40, menu="members"),)
    transition_labels = {"cancel": _("cancelled")}  # an import job stopped by its official
    audit_values = {"job": "gonghui.imports.selectors.job_label"}  # a batch's entry names its job
