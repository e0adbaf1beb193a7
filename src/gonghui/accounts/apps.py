from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import AreaConfig, NavItem


class AccountsConfig(AreaConfig):
    name = "gonghui.accounts"
    verbose_name = _("Accounts and roles")
    url_prefix = "accounts/"
    nav = (NavItem(_("Users"), "accounts:user_list", order=10, menu="system", action="manage_users"),)
    # Change-log tags that are not workflow transitions (written on the member's record).
    transition_labels = {"portal_account": _("portal account"), "portal_activated": _("portal account activated"),
                         "password_reset": _("password reset"), "password_set": _("password set"),
                         "password_changed": _("password changed"), "token_created": _("API token made"),
                         "token_revoked": _("API token revoked")}
