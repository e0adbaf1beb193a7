from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, PortalLink


class PortalConfig(AreaConfig):
    name = "gonghui.portal"
    verbose_name = _("Member portal")
    url_prefix = "portal/"
    portal_links = (
        PortalLink(_("Membership card"), "portal:card", "card", order=10,
                   description=_("Show your electronic membership card to union staff.")),
        PortalLink(_("Transfer to another union"), "portal:transfer", "transfer", order=20,
                   description=_("Moving to a new employer? Ask to move your membership.")),
    )
    transition_labels = {"card_checked": _("membership card checked")}
