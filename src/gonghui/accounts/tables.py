import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import BaseTable, MaskedColumn, TimeColumn

from .models import User


class UserTable(BaseTable):
    username = tables.Column(linkify=True)
    home_org = tables.Column(verbose_name=_("home organisation"), order_by=("home_org__path",))
    roles = tables.Column(verbose_name=_("roles"), accessor="pk", orderable=False)
    # Sorted by the number, as before the column was masked (an administrator's list of officials).
    phone = MaskedColumn("phone", verbose_name=_("mobile phone"), orderable=True, order_by=("phone",))
    is_active = tables.BooleanColumn(verbose_name=_("active"))
    last_login = TimeColumn(verbose_name=_("last sign-in"))

    class Meta:
        model = User
        fields = ("username", "full_name", "home_org", "roles", "phone", "email", "is_active", "last_login")
        order_by = ("home_org", "username")

    def render_roles(self, record):
        roles = getattr(record, "scoped_roles", [])
        return format_html_join(
            " ", '<span class="badge text-bg-light border">{} · {}</span>',
            ((a.org, a.get_role_display()) for a in roles),
        ) or format_html('<span class="text-muted">{}</span>', _("none"))

    def value_roles(self, record):
        return "; ".join(f"{a.org} · {a.get_role_display()}" for a in getattr(record, "scoped_roles", []))
