from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, NavItem
from gonghui.core.search import SearchSource


class RightsConfig(AreaConfig):
    name = "gonghui.rights"
    verbose_name = _("Rights protection")
    url_prefix = "rights/"
    todo = "gonghui.rights.selectors.workbench_todo"
    nav = (NavItem(_("Rights protection"), "rights:case_list", order=50),)
    search = (SearchSource(
        "cases", _("Cases"), "gonghui.rights.views.CaseListView", "rights:case_list", order=40,
        describe=lambda c: f"{c.get_case_type_display()} · {c.get_status_display()} · {c.employer_name}"),)
    # Transition labels come from Case.workflow and EarlyWarning.workflow (models.py).
