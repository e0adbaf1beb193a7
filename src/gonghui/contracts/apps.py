from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, ImportKind, NavItem
from gonghui.core.search import SearchSource


class ContractsConfig(AreaConfig):
    name = "gonghui.contracts"
    verbose_name = _("Collective contracts")
    url_prefix = "contracts/"
    todo = "gonghui.contracts.selectors.workbench_todo"
    nav = (NavItem(_("Collective contracts"), "contracts:contract_list", order=40, menu="bargaining"),
           NavItem(_("Labour-contract coverage"), "contracts:coverage_list", order=50, menu="bargaining"))
    api_routes = (("collective-contracts", "gonghui.contracts.api.views.ContractViewSet"),
                  ("labour-contract-coverage", "gonghui.contracts.api.views.LabourCoverageViewSet"))
    import_kinds = (
        ImportKind("collective_contracts", _("Collective contracts"), "gonghui.contracts.importers.ContractImporter"),
        ImportKind("labour_contracts", _("Labour-contract coverage"),
                   "gonghui.contracts.importers.LabourCoverageImporter"))
    search = (SearchSource(
        "contracts", _("Collective contracts"), "gonghui.contracts.views.ContractListView", "contracts:contract_list",
        order=55, describe=lambda c: f"{c.get_contract_type_display()} · {c.get_status_display()} · {c.org.name}"),)
    # Transition labels come from CollectiveContract.workflow (models.py).
