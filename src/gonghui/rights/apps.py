from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, NavItem


class RightsConfig(AreaConfig):
    name = "gonghui.rights"
    verbose_name = _("Rights protection")
    url_prefix = "rights/"
    extra_urls = (("portal/rights/", "gonghui.rights.portal_urls"),)
    nav = (NavItem(_("Rights protection"), "rights:case_list", order=50),)
    indicators = ("gonghui.rights.indicators",)
    transition_labels = {
        "route": _("passed on"),
        "start_mediation": _("mediation started"),
        "extend": _("mediation period extended"),
        "session": _("mediation session"),
        "close": _("closed"),
        "recovery": _("amount recovered recorded"),
        "reopen": _("reopened"),
        "rate": _("rated by the worker"),
        "info": _("information added by the worker"),
        "document": _("document added"),
        "overdue": _("mediation period passed"),
        "acknowledge": _("acknowledged"),
        "escalate": _("escalated"),
        "resolve": _("resolved"),
    }
