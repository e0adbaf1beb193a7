import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import ScopedFilterSet, SearchFilter, WithinFilter, YesNoFilter, date_range

from . import selectors
from .choices import (
    LIVE_CARD_STATUSES,
    ApplicantKind,
    CardStatus,
    ClaimStatus,
    InsuranceClaimStatus,
    InsuranceKind,
    LoanStatus,
    MerchantCategory,
    RoundStatus,
)
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


class CardFilterSet(ScopedFilterSet):
    q = SearchFilter(("member__name__icontains", "member__member_no__iexact", "bank__icontains", "batch__iexact"),
                     label=_("Member, bank or batch"))
    within = WithinFilter("org")
    status = django_filters.MultipleChoiceFilter(choices=CardStatus.choices, label=_("Status"))
    live = YesNoFilter(Q(status__in=LIVE_CARD_STATUSES), label=_("Not cancelled"))
    used = YesNoFilter(Q(last_used_on__isnull=False), label=_("Used"))
    dormant = YesNoFilter(lambda: selectors.dormant_q(timezone.localdate()), label=_("Dormant cards (睡眠卡)"))
    issued_from, issued_to = date_range("issued_on", _("Issued from"), _("Issued to"))

    class Meta:
        model = ServiceCard
        fields = ["q", "within", "status", "live", "used", "dormant", "issued_from", "issued_to"]


class MerchantFilterSet(ScopedFilterSet):
    q = SearchFilter(("name__icontains", "address__icontains", "contract_number__iexact"),
                     label=_("Name, address or contract"))
    within = WithinFilter("org")
    category = django_filters.ChoiceFilter(choices=MerchantCategory.choices, label=_("Category"))
    in_force = YesNoFilter(lambda: selectors.in_force_q(timezone.localdate()), label=_("Contract in force"))
    expiring = YesNoFilter(lambda: selectors.in_force_q(timezone.localdate()) & Q(
        contract_ends_on__lte=timezone.localdate() + timezone.timedelta(days=30)),
        label=_("Contract expiring within 30 days"))
    open_reports = YesNoFilter(selectors.open_reports_q, label=_("Discount not honoured, to follow up"))

    class Meta:
        model = Merchant
        fields = ["q", "within", "category", "in_force", "expiring", "open_reports"]


class RoundFilterSet(ScopedFilterSet):
    q = SearchFilter(("name__icontains",), label=_("Name"))
    within = WithinFilter("org")
    year = django_filters.NumberFilter(label=_("Year"))
    status = django_filters.ChoiceFilter(choices=RoundStatus.choices, label=_("Status"))
    ends_from, ends_to = date_range("ends_on", _("Cover ends from"), _("Cover ends to"))

    class Meta:
        model = AidRound
        fields = ["q", "within", "year", "status", "ends_from", "ends_to"]


class ClaimFilterSet(ScopedFilterSet):
    q = SearchFilter(("member__name__icontains", "member__member_no__iexact", "rate__condition__icontains"),
                     label=_("Member or condition"))
    within = WithinFilter("org")
    status = django_filters.MultipleChoiceFilter(choices=ClaimStatus.choices, label=_("Status"))
    year = django_filters.NumberFilter(field_name="round__year", label=_("Year"))
    paid_from, paid_to = date_range("paid_on", _("Paid from"), _("Paid to"))

    class Meta:
        model = AidClaim
        fields = ["q", "within", "status", "year", "paid_from", "paid_to"]


class LoanFilterSet(ScopedFilterSet):
    q = SearchFilter(("member__name__icontains", "member__member_no__iexact"), label=_("Applicant"))
    within = WithinFilter("org")
    status = django_filters.MultipleChoiceFilter(choices=LoanStatus.choices, label=_("Status"))
    applicant_kind = django_filters.ChoiceFilter(choices=ApplicantKind.choices, label=_("Applicant kind"))
    disbursed_from, disbursed_to = date_range("disbursed_on", _("Disbursed from"), _("Disbursed to"))

    class Meta:
        model = LoanApplication
        fields = ["q", "within", "status", "applicant_kind", "disbursed_from", "disbursed_to"]


class QuotaFilterSet(ScopedFilterSet):
    q = SearchFilter(("org__name__icontains", "notes__icontains"), label=_("Union or notes"))
    within = WithinFilter("org")
    year = django_filters.NumberFilter(label=_("Year"))

    class Meta:
        model = LoanQuota
        fields = ["q", "within", "year"]


class PlanFilterSet(ScopedFilterSet):
    q = SearchFilter(("name__icontains", "insurer__icontains", "policy_number__iexact"),
                     label=_("Name, insurer or policy"))
    within = WithinFilter("org")
    kind = django_filters.ChoiceFilter(choices=InsuranceKind.choices, label=_("Kind of insurance"))
    year = django_filters.NumberFilter(label=_("Year"))
    status = django_filters.ChoiceFilter(choices=RoundStatus.choices, label=_("Status"))
    ends_from, ends_to = date_range("ends_on", _("Cover ends from"), _("Cover ends to"))

    class Meta:
        model = InsurancePlan
        fields = ["q", "within", "kind", "year", "status", "ends_from", "ends_to"]


class InsuranceClaimFilterSet(ScopedFilterSet):
    q = SearchFilter(("member__name__icontains", "member__member_no__iexact", "event__icontains"),
                     label=_("Member or event"))
    within = WithinFilter("org")
    status = django_filters.MultipleChoiceFilter(choices=InsuranceClaimStatus.choices, label=_("Status"))
    plan = django_filters.NumberFilter(field_name="plan_id", label=_("Group insurance"))
    paid_from, paid_to = date_range("paid_on", _("Paid from"), _("Paid to"))

    class Meta:
        model = InsuranceClaim
        fields = ["q", "within", "status", "plan", "paid_from", "paid_to"]
