from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, HomeCard, ImportKind, NavItem
from gonghui.core.search import SearchSource


class MembersConfig(AreaConfig):
    name = "gonghui.members"
    verbose_name = _("Members")
    url_prefix = "members/"
    todo = "gonghui.members.selectors.workbench_todo"
    nav = (
        NavItem(_("Member registry"), "members:member_list", order=10, menu="members"),
        NavItem(_("Join applications"), "members:application_list", order=20, menu="members"),
        NavItem(_("Transfers"), "members:transfer_list", order=30, menu="members"),
    )
    home_cards = (
        # The count of members is a key figure of the workbench (gonghui.stats.workbench).
        HomeCard("pending_applications", _("Pending join applications"),
                 "gonghui.members.selectors.pending_application_count", "members:application_list",
                 query="status=pending", order=40),
        HomeCard("incoming_transfers", _("Incoming transfers to decide"),
                 "gonghui.members.selectors.incoming_transfer_count", "members:transfer_list",
                 query="status=pending&direction=incoming", order=50),
    )
    search = (SearchSource("members", _("Members"), "gonghui.members.views.MemberListView", "members:member_list",
                           describe=lambda m: f"{m.org.name} · {m.id_number_masked}", order=10),)
    import_kinds = (ImportKind("members", _("Members"), "gonghui.members.importers.MemberImporter"),)

    def ready(self):
        super().ready()
        from . import receivers  # imports the models: only once the app registry is ready

        # The members follow the union tree: a merged union's members move, a union holding members is not
        # dissolved, an employer's members are counted again when it is reclassified (gonghui.orgs.hooks).
        receivers.connect()
