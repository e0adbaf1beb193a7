from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig


class PortalConfig(AreaConfig):
    name = "gonghui.portal"
    verbose_name = _("Member portal")
    url_prefix = "portal/"
