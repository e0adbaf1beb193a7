from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, NavItem, PortalLink


class HardshipConfig(AreaConfig):
    name = "gonghui.hardship"
    verbose_name = _("Hardship aid")
    url_prefix = "hardship/"
    todo = "gonghui.hardship.selectors.workbench_todo"
    nav = (NavItem(_("Hardship aid"), "hardship:overview", order=60),)
    portal_links = (PortalLink(_("Hardship aid"), "hardship_portal:home", "hardship", order=60, tab=True,
                               description=_("Apply for help when your family is in hardship.")),)

    def ready(self):
        super().ready()
        from gonghui.core.hooks import person_placed

        from .receivers import person_placed as review_on_placement

        person_placed.connect(review_on_placement)  # a placement in a job prompts the archive's review
