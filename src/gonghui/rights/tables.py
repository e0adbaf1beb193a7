"""Lists of cases, legal aid referrals and warnings. The complainant column is masked row by row for users off the
case's path, on the page and in every export (the employer's union never gets the complainant through an export)."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import BaseTable, DateColumn, DateTimeColumn, StatusColumn, TimeColumn

from .choices import CaseStatus, WarningStatus
from .models import Case, EarlyWarning, LegalAidReferral

CASE_STATUS_STYLES = {CaseStatus.RECEIVED: "text-bg-warning", CaseStatus.ACCEPTED: "text-bg-info",
                      CaseStatus.MEDIATING: "text-bg-primary", CaseStatus.CLOSED: "text-bg-secondary"}
WARNING_STATUS_STYLES = {WarningStatus.REPORTED: "text-bg-warning", WarningStatus.ACKNOWLEDGED: "text-bg-success",
                         WarningStatus.CLOSED: "text-bg-secondary"}


class FlaggedStatusColumn(StatusColumn):
    """The status badge, and a red one (``flag``) when ``flagged(record)`` holds (overdue, late)."""

    def __init__(self, styles, flagged, flag, **kwargs):
        self.flagged, self.flag = flagged, flag
        super().__init__(styles, **kwargs)

    def render(self, value, record, bound_column):
        badge = super().render(value, record, bound_column)
        if self.flagged(record):
            badge += format_html(' <span class="badge text-bg-danger">{}</span>', self.flag)
        return badge


def complainant_text(record, visible=None):
    """The complainant as ``record`` (a case) may be shown: in full where ``identity_visible``, else masked."""
    if record.anonymous:
        return str(_("Anonymous"))
    if getattr(record, "identity_visible", False) if visible is None else visible:
        return record.complainant_name
    return record.complainant_masked


class CaseTable(BaseTable):
    reference_no = tables.Column(linkify=True)
    received_on = DateColumn(format="Y-m-d")
    complainant = tables.Column(accessor="complainant_name", verbose_name=_("complainant"), orderable=False)
    handling_org = tables.Column(verbose_name=_("handling union"), order_by=("handling_org__path",))
    deadline = DateTimeColumn(format="Y-m-d", verbose_name=_("mediation deadline"))
    amount_recovered = tables.Column(verbose_name=_("amount recovered (yuan)"))
    status = FlaggedStatusColumn(CASE_STATUS_STYLES, lambda record: record.is_overdue(), _("overdue"))

    class Meta:
        model = Case
        fields = ("reference_no", "received_on", "channel", "case_type", "complainant", "employer_name",
                  "worker_count", "is_group", "handling_org", "status", "deadline", "outcome", "amount_claimed",
                  "amount_recovered")
        order_by = ("-received_on",)
        empty_text = _("No cases match.")

    def render_complainant(self, record):
        return complainant_text(record)

    def value_complainant(self, record):
        return complainant_text(record)

    def render_is_group(self, value):
        return _("yes") if value else ""

    def value_is_group(self, value):
        return str(_("yes")) if value else ""

    def render_amount_recovered(self, record):
        return record.total_recovered

    def value_amount_recovered(self, record):
        return record.total_recovered


class LegalAidTable(BaseTable):
    """法律援助 referrals; the complainant follows the case's privacy rule (``identity_visible`` of the row)."""

    case = tables.Column(accessor="case__reference_no", verbose_name=_("case"), order_by=("case__reference_no",),
                         linkify=lambda record: record.case.get_absolute_url())
    referred_at = DateTimeColumn(format="Y-m-d")
    complainant = tables.Column(accessor="case__complainant_name", verbose_name=_("complainant"), orderable=False)
    employer = tables.Column(accessor="case__employer_name", verbose_name=_("employer"),
                             order_by=("case__employer_name",))
    handling_org = tables.Column(accessor="case__handling_org", verbose_name=_("handling union"),
                                 order_by=("case__handling_org__path",))
    result_on = DateColumn(format="Y-m-d")

    class Meta:
        model = LegalAidReferral
        fields = ("case", "referred_at", "complainant", "employer", "handling_org", "provider_kind", "provider_name",
                  "status", "result", "result_on", "amount_awarded", "amount_recovered")
        order_by = ("-referred_at",)
        empty_text = _("No legal aid referrals match.")

    def render_complainant(self, record):
        return complainant_text(record.case, record.identity_visible)

    def value_complainant(self, record):
        return complainant_text(record.case, record.identity_visible)


class WarningTable(BaseTable):
    reference_no = tables.Column(linkify=True)
    raised_at = TimeColumn()
    title = tables.Column(linkify=True)
    raised_by_org = tables.Column(order_by=("raised_by_org__path",))
    report_to = tables.Column(order_by=("report_to__path",))
    report_due_at = TimeColumn()
    status = FlaggedStatusColumn(WARNING_STATUS_STYLES, lambda record: record.is_late(), _("late"))

    class Meta:
        model = EarlyWarning
        fields = ("reference_no", "raised_at", "kind", "title", "employer_name", "workers_involved", "raised_by_org",
                  "report_to", "report_due_at", "escalations", "status")
        order_by = ("-raised_at",)
        empty_text = _("No early warnings match.")
