from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, NavItem
from gonghui.members import hooks as member_hooks
from gonghui.orgs import hooks as org_hooks


class StatsConfig(AreaConfig):
    name = "gonghui.stats"
    verbose_name = _("Statistics")
    url_prefix = "stats/"
    nav = (NavItem(_("Statistics dashboard"), "stats:dashboard", order=10, menu="statistics"),)
    key_figures = "gonghui.stats.workbench.key_figures"

    def ready(self):
        from . import counters, workbench  # import the models: only once the app registry is ready

        super().ready()
        # The counters follow every change of a member record, in the transaction that makes it.
        member_hooks.members_changed.connect(counters.members_changed)
        member_hooks.members_regrouped.connect(counters.members_regrouped)
        # ... and of the union tree: an organisation's own records (itself, its committees, its census of
        # employers), and a subtree that moves.
        org_hooks.records_changed.connect(counters.refresh)
        org_hooks.subtree_moved.connect(counters.moving_subtree)
        # The tree's counts are the indicators' figures (one number, one definition).
        org_hooks.subtree_figures.connect(workbench.tree_figures)
        member_hooks.members_counting_ahead.connect(counters.CountedMembers)  # an import counts while it writes
