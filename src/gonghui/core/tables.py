import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import AuditLog


class AuditLogTable(tables.Table):
    timestamp = tables.DateTimeColumn(format="Y-m-d H:i:s")
    transition = tables.Column(accessor="transition_label", verbose_name=_("transition"), order_by=("transition",))
    changes = tables.TemplateColumn(template_name="core/partials/audit_changes_cell.html", verbose_name=_("changes"), orderable=False)

    class Meta:
        model = AuditLog
        fields = ("timestamp", "user_name", "action", "transition", "object_repr", "org", "count", "changes", "note")
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by = "-timestamp"
