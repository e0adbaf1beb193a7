import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from gonghui.core import scope
from gonghui.core.tables import BaseTable, DateColumn, StatusColumn

from .choices import STATUS_STYLES
from .models import EmployerUnit, Organisation


class OrganisationTable(BaseTable):
    name = tables.Column(linkify=True)
    status = StatusColumn(STATUS_STYLES)
    next_election_due = DateColumn(format="Y-m-d")
    parent = tables.Column(verbose_name=capfirst(_("parent organisation")), accessor="parent_name",
                           order_by=("parent_name",))

    class Meta:
        model = Organisation
        fields = ("name", "code", "org_type", "level", "status", "chair_name", "next_election_due", "parent")
        empty_text = _("No organisations match.")

    def render_parent(self, record, value):
        user = getattr(self.request, "user", None)
        if user is None or scope.role_at(user, record.path[: -Organisation.steplen]) is None:
            return value  # above the user's scope: named, not linked
        return format_html('<a href="{}">{}</a>', reverse("orgs:org_detail", args=[record.parent_pk]), value)

    def value_parent(self, record, value):
        return value


class EmployerUnitTable(BaseTable):
    name = tables.Column(linkify=True)
    has_union = tables.BooleanColumn(verbose_name=capfirst(_("has a union")), accessor="union_id",
                                     order_by=("union__path",))
    area_org = tables.Column(linkify=True, order_by=("area_org__path",))
    union = tables.Column(linkify=True, order_by=("union__path",))

    class Meta:
        model = EmployerUnit
        fields = ("name", "credit_code", "ownership", "industry", "employee_count", "has_union", "union", "area_org")
        empty_text = _("No employer units match.")

    def render_has_union(self, record):
        if record.union_id:
            return format_html('<span class="badge text-bg-success">{}</span>', _("Yes"))
        return format_html('<span class="badge text-bg-warning">{}</span>', _("No"))

    def value_has_union(self, record):
        return str(_("Yes")) if record.union_id else str(_("No"))
