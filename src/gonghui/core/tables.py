import django_tables2 as tables
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .models import AuditLog


def stable_order(queryset):
    """``queryset`` in its order, then by primary key. Rows that tie on the sorted column (a join date, a status)
    would otherwise come in any order: a row could show on two pages or on none, and an export could differ
    from the page."""
    ordering = list(queryset.query.order_by) or list(queryset.query.get_meta().ordering or [])
    names = [o.lstrip("-") for o in ordering if isinstance(o, str)]
    if {"pk", "id", queryset.model._meta.pk.name} & set(names):
        return queryset
    last = "-pk" if ordering and isinstance(ordering[0], str) and ordering[0].startswith("-") else "pk"
    return queryset.order_by(*ordering, last)


def keep_stable_order(table):
    """Make a table's queryset keep :func:`stable_order`, also after it is sorted by a column (the table's
    sorting replaces the queryset's ordering)."""
    data = table.data
    if not isinstance(getattr(data, "data", None), QuerySet):
        return table
    sort = data.order_by

    def order_by(aliases):
        sort(aliases)
        data.data = stable_order(data.data)

    data.order_by = order_by
    data.data = stable_order(data.data)
    return table


class AuditLogTable(tables.Table):
    timestamp = tables.DateTimeColumn(format="Y-m-d H:i:s")
    transition = tables.Column(accessor="transition_label", verbose_name=_("transition"), order_by=("transition",))
    changes = tables.TemplateColumn(template_name="core/partials/audit_changes_cell.html", verbose_name=_("changes"), orderable=False)

    class Meta:
        model = AuditLog
        fields = ("timestamp", "user_name", "action", "transition", "object_repr", "org", "count", "changes", "note")
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by = "-timestamp"
