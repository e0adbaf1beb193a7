from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, NavItem, PortalLink
from gonghui.core.search import SearchSource


class RightsConfig(AreaConfig):
    name = "gonghui.rights"
    verbose_name = _("Rights protection")
    url_prefix = "rights/"
    todo = "gonghui.rights.selectors.workbench_todo"
    nav = (NavItem(_("Rights protection"), "rights:case_list", order=50),)
    portal_links = (PortalLink(_("Rights protection"), "rights_portal:home", "rights", order=50, tab=True,
                               description=_("Ask for help with a dispute at work and follow your case.")),)
    search = (SearchSource(
        "cases", _("Cases"), "gonghui.rights.views.CaseListView", "rights:case_list", order=40,
        describe=lambda c: f"{c.get_case_type_display()} · {c.get_status_display()} · {c.employer_name}"),)
    # Transition labels come from Case.workflow and EarlyWarning.workflow (models.py).

    def ready(self):
        super().ready()
        from gonghui.core.hooks import rights_case_requested

        from .services import file_case

        rights_case_requested.connect(file_case)  # another area (labour protection) opens a case through it
