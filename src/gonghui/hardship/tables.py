"""List tables. Exports use the same columns: ID numbers and phones stay masked."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core import scope
from gonghui.core.exports import RevealIdNumberMixin
from gonghui.core.tables import BaseTable, DateColumn, MaskedColumn, StatusColumn

from .choices import STATUS_STYLES
from .models import (
    AidCampaign,
    AidPayment,
    AidRecipient,
    FundLedgerEntry,
    HardshipArchive,
    IncomeThreshold,
    Visit,
    VisitTask,
)


def _link_if_may_change(record, table):
    """A threshold's page is its form: linked only for those who may change it (a viewer reads the row)."""
    user = getattr(getattr(table, "request", None), "user", None)
    return record.get_absolute_url() if user is not None and scope.can(user, "change", record.audit_org()) else None


class ThresholdTable(BaseTable):
    year = tables.Column(linkify=_link_if_may_change)
    org = tables.Column(verbose_name=_("region (organisation)"), order_by=("org__path",))
    dibao_line = tables.Column()
    deep_line = tables.Column()
    relative_line = tables.Column()
    note = tables.Column()

    class Meta:
        model = IncomeThreshold
        fields = ("year", "org", "dibao_line", "deep_line", "relative_line", "note")
        empty_text = _("No income thresholds match.")


class ArchiveTable(RevealIdNumberMixin, BaseTable):
    archive_no = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    id_number = MaskedColumn("id_number", verbose_name=_("ID number"))
    phone = MaskedColumn("phone", verbose_name=_("mobile phone"))
    org = tables.Column(verbose_name=_("union"), order_by=("org__path",))
    household_size = tables.Column()
    income_per_person = tables.Column()
    tier = tables.Column()
    status = StatusColumn(STATUS_STYLES)
    next_review_due = DateColumn(format="Y-m-d")

    class Meta:
        model = HardshipArchive
        fields = ("archive_no", "name", "id_number", "phone", "org", "household_size", "income_per_person", "tier",
                  "status", "approved_on", "next_review_due")
        empty_text = _("No archives match.")


class CampaignTable(BaseTable):
    name = tables.Column(linkify=True)
    year = tables.Column()
    kind = tables.Column()
    org = tables.Column(verbose_name=_("opened by"), order_by=("org__path",))
    budget = tables.Column()
    standard_amount = tables.Column()
    status = tables.Column()

    class Meta:
        model = AidCampaign
        fields = ("name", "year", "kind", "org", "budget", "standard_amount", "status", "opened_on")
        empty_text = _("No campaigns match.")


class RecipientTable(BaseTable):
    id = tables.Column(linkify=True, verbose_name="#")
    name = tables.Column(linkify=True)
    student_name = tables.Column()
    campaign = tables.Column(order_by=("campaign__name",))
    org = tables.Column(verbose_name=_("proposed by"), order_by=("org__path",))
    amount = tables.Column()
    status = StatusColumn(STATUS_STYLES)

    class Meta:
        model = AidRecipient
        fields = ("id", "name", "student_name", "campaign", "org", "amount", "status", "decided_on")
        empty_text = _("No recipients match.")


class PaymentTable(BaseTable):
    recipient = tables.Column(linkify=lambda record: record.recipient.get_absolute_url(), order_by=("recipient__name",))
    org = tables.Column(accessor="recipient__org", verbose_name=_("union"), order_by=("recipient__org__path",))
    kind = tables.Column()
    amount = tables.Column()
    goods = tables.Column()
    paid_on = DateColumn(format="Y-m-d")
    fund_org = tables.Column()

    class Meta:
        model = AidPayment
        fields = ("recipient", "org", "kind", "amount", "goods", "paid_on", "fund_org")
        empty_text = _("No payments match.")


class VisitTable(BaseTable):
    archive = tables.Column(linkify=True, order_by=("archive__name",))
    org = tables.Column(verbose_name=_("union"), order_by=("org__path",))
    occasion = tables.Column()
    date = DateColumn(format="Y-m-d")
    visitors = tables.Column()

    class Meta:
        model = Visit
        fields = ("date", "archive", "org", "occasion", "visitors", "note")
        empty_text = _("No visits match.")


class TaskTable(BaseTable):
    archive = tables.Column(linkify=True, order_by=("archive__name",))
    org = tables.Column(verbose_name=_("union"), order_by=("org__path",))

    class Meta:
        model = VisitTask
        fields = ("due_on", "archive", "org", "occasion", "status", "note")
        empty_text = _("No visit tasks match.")


class EntryTable(BaseTable):
    id = tables.Column(linkify=True, verbose_name="#")
    org = tables.Column(order_by=("org__path",))
    counterpart = tables.Column(order_by=("counterpart__path",))

    class Meta:
        model = FundLedgerEntry
        fields = ("id", "date", "org", "kind", "source", "donor", "counterpart", "amount", "balance_after", "memo")
        empty_text = _("No ledger entries match.")
