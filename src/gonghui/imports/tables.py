import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import BaseTable, StatusColumn, TimeColumn

from .models import ImportJob

STATUS_BADGE = {
    "uploaded": "text-bg-light", "validating": "text-bg-info", "validated": "text-bg-primary",
    "importing": "text-bg-info", "done": "text-bg-success", "failed": "text-bg-danger",
    "cancelled": "text-bg-secondary",
}


class ImportJobTable(BaseTable):
    created_at = TimeColumn(linkify=True)
    original_name = tables.Column(linkify=True)
    org = tables.Column(order_by=("org__name",))
    user = tables.Column(verbose_name=_("uploaded by"), order_by=("user__username",))
    status = StatusColumn(STATUS_BADGE)
    progress = tables.Column(verbose_name=_("rows"), accessor="rows_total", orderable=False)

    class Meta:
        model = ImportJob
        fields = ("created_at", "kind", "original_name", "org", "user", "mode", "status", "progress",
                  "created", "updated", "error_rows")
        order_by = ("-created_at",)
        empty_text = _("No imports yet.")

    def render_progress(self, record):
        if record.status in ("validating", "importing") and record.rows_total:
            return f"{record.rows_done:,} / {record.rows_total:,}"
        return f"{record.rows_total:,}"

    def value_progress(self, record):
        return record.rows_total
