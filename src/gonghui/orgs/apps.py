from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, HomeCard, ImportKind, NavItem
from gonghui.core.search import SearchSource


class OrgsConfig(AreaConfig):
    name = "gonghui.orgs"
    verbose_name = _("Organisations")
    url_prefix = "orgs/"
    nav = (
        NavItem(_("Organisations"), "orgs:org_tree", order=10),
        NavItem(_("Employer units"), "orgs:unit_list", order=20),
    )
    home_cards = (
        # The counts of organisations and units are the workbench's key figures (gonghui.stats.workbench).
        HomeCard("elections_overdue", _("Unions overdue for re-election"),
                 "gonghui.orgs.selectors.elections_overdue_count", "orgs:org_list",
                 query=lambda today: f"election_due_before={today:%Y-%m-%d}", order=60, warn_when_positive=True),
    )
    search = (
        SearchSource("orgs", _("Organisations"), "gonghui.orgs.views.OrgListView", "orgs:org_list",
                     describe=lambda o: f"{o.code} · {o.get_status_display()}", order=20),
        SearchSource("units", _("Employer units"), "gonghui.orgs.views.UnitListView", "orgs:unit_list",
                     describe=lambda u: u.credit_code, order=30),
    )
    # The change log's tag of a committee change (not a workflow step: Organisation.workflow labels those).
    transition_labels = {"committee": _("committee changed"), "census_rule": _("census rule changed")}
    import_kinds = (ImportKind("orgs", _("Organisations"), "gonghui.orgs.importers.OrgImporter"),
                    ImportKind("units", _("Employer units"), "gonghui.orgs.importers.UnitImporter"))
