import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import BaseTable, MaskedColumn, StatusColumn

from .models import (
    AidClaim,
    AidRound,
    InsuranceClaim,
    InsurancePlan,
    LoanApplication,
    LoanQuota,
    Merchant,
    ServiceCard,
)


class CardTable(BaseTable):
    member = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("member__name",))
    card_number = MaskedColumn("card_number", _("card number"))
    status = StatusColumn(ServiceCard.status_styles)

    class Meta:
        model = ServiceCard
        fields = ("member", "card_number", "org", "bank", "batch", "issued_on", "delivered_on", "activated_on",
                  "last_used_on", "uses", "status")


class MerchantTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta:
        model = Merchant
        fields = ("name", "category", "org", "address", "discount", "contract_number", "contract_signed_on",
                  "contract_starts_on", "contract_ends_on")


class RoundTable(BaseTable):
    name = tables.Column(linkify=True)
    status = StatusColumn(AidRound.status_styles)

    class Meta:
        model = AidRound
        fields = ("year", "name", "org", "contribution", "starts_on", "ends_on", "status")


class ClaimTable(BaseTable):
    member = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("member__name",))
    rate = tables.Column(order_by=("rate__condition",))
    status = StatusColumn(AidClaim.status_styles)

    class Meta:
        model = AidClaim
        fields = ("member", "org", "round", "rate", "amount", "approved_amount", "treated_on", "channel",
                  "paid_on", "status")


class LoanTable(BaseTable):
    member = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("member__name",))
    status = StatusColumn(LoanApplication.status_styles)

    class Meta:
        model = LoanApplication
        fields = ("member", "org", "applicant_kind", "purpose", "project_kind", "amount", "applied_on",
                  "disbursed_on", "due_on", "repaid", "status")


class QuotaTable(BaseTable):
    org = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("org__path",))
    year = tables.Column()
    cap = tables.Column(verbose_name=_("total cap (yuan)"))

    class Meta:
        model = LoanQuota
        fields = ("org", "year", "cap", "notes")


class PlanTable(BaseTable):
    name = tables.Column(linkify=True)
    status = StatusColumn(InsurancePlan.status_styles)

    class Meta:
        model = InsurancePlan
        fields = ("year", "name", "kind", "org", "insurer", "premium", "sum_insured", "starts_on", "ends_on",
                  "status")


class InsuranceClaimTable(BaseTable):
    member = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("member__name",))
    status = StatusColumn(InsuranceClaim.status_styles)

    class Meta:
        model = InsuranceClaim
        fields = ("member", "org", "plan", "event", "occurred_on", "amount", "submitted_on", "paid_amount",
                  "paid_on", "status")
