from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, NavItem


class HardshipConfig(AreaConfig):
    name = "gonghui.hardship"
    verbose_name = _("Hardship aid")
    url_prefix = "hardship/"
    extra_urls = (("portal/hardship/", "gonghui.hardship.portal_urls"),)
    nav = (NavItem(_("Hardship aid"), "hardship:overview", order=60),)
    indicators = ("gonghui.hardship.indicators",)
    transition_labels = {
        "hardship_submit": _("application filed"),
        "hardship_verify": _("home visit started"),
        "hardship_notice": _("public notice started"),
        "hardship_verified": _("verified, sent for approval"),
        "hardship_notice_end": _("public notice ended"),
        "hardship_close": _("closed (out of hardship)"),
        "hardship_review": _("yearly review"),
        "hardship_pay": _("paid"),
    }
