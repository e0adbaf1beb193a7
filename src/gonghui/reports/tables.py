import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import BaseTable, DateColumn, TimeColumn

from .models import Report, ReportRound


class ReportRoundTable(BaseTable):
    title = tables.Column(linkify=True)
    org = tables.Column(verbose_name=_("opened by union"), order_by=("org__name",))
    deadline = DateColumn(format="Y-m-d")
    opened_at = TimeColumn()

    class Meta:
        model = ReportRound
        fields = ("title", "year", "org", "deadline", "status", "opened_at")
        order_by = ("-year",)


class ReportTable(BaseTable):
    org = tables.Column(linkify=lambda record: record.get_absolute_url(), verbose_name=_("union"),
                        order_by=("org__path",))
    code = tables.Column(accessor="org__code", verbose_name=_("organisation code"))
    round = tables.Column(verbose_name=_("round"), order_by=("round__year", "round__title"))
    year = tables.Column(accessor="round__year", verbose_name=_("year"))
    deadline = DateColumn(accessor="round__deadline", format="Y-m-d", verbose_name=_("deadline"))
    status = tables.TemplateColumn(template_name="reports/partials/status_cell.html", verbose_name=_("status"),
                                   order_by=("status",))
    submitted_at = TimeColumn()
    reviewed_at = TimeColumn()

    class Meta:
        model = Report
        fields = ("org", "code", "round", "year", "deadline", "status", "submitted_at", "reviewed_at")
        order_by = ("org",)

    def value_status(self, record):
        return record.get_status_display()
