from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, NavItem


class RightsConfig(AreaConfig):
    name = "gonghui.rights"
    verbose_name = _("Rights protection")
    url_prefix = "rights/"
    nav = (NavItem(_("Rights protection"), "rights:case_list", order=50),)
    # Transition labels come from Case.workflow and EarlyWarning.workflow (models.py).
