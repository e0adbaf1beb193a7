import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import ScopedFilterSet, SearchFilter, WithinFilter, YesNoFilter, date_range, filterset_for

from .models import (
    AuditPlan,
    BankLine,
    BudgetLine,
    ClosedYear,
    CollectiveApproval,
    DuesRecord,
    Fund,
    FundAudit,
    LedgerEntry,
    Remittance,
    SpendingRefusal,
    SpendingRule,
    SplitRatio,
)

FundFilterSet = filterset_for(Fund, search=("account__icontains", "org__name__icontains"), within="org",
                              fields=("kind",))
EntryFilterSet = filterset_for(LedgerEntry, search=("memo__icontains", "org__name__icontains"), within="org",
                               fields=("fund__kind", "kind", "category", "level"))
RatioFilterSet = filterset_for(SplitRatio, search=("basis__icontains", "org__name__icontains"), within="org",
                               fields=("year",))
RemittanceFilterSet = filterset_for(Remittance, search=("employer__icontains", "org__name__icontains"),
                                    within="org", fields=("year",))


class DuesFilterSet(ScopedFilterSet):
    q = SearchFilter(("member__name__icontains", "member__member_no__istartswith", "org__name__icontains"))
    within = WithinFilter("org")
    month_from, month_to = date_range("month", _("From month"), _("To month"))
    arrears = YesNoFilter(Q(status="due"), label=_("In arrears"))

    class Meta:
        model = DuesRecord
        fields = ("q", "within", "status")


class BudgetFilterSet(ScopedFilterSet):
    q = SearchFilter(("note__icontains", "org__name__icontains"))
    within = WithinFilter("org")
    approved = YesNoFilter(Q(status__in=("approved", "closed")), label=_("Approved"))

    class Meta:
        model = BudgetLine
        fields = ("q", "within", "year", "fund_kind", "category", "status")
RuleFilterSet = filterset_for(SpendingRule, search=("name__icontains", "org__name__icontains"), within="org",
                              fields=("kind", "active"))
ApprovalFilterSet = filterset_for(CollectiveApproval, search=("subject__icontains", "meeting__icontains"),
                                  within="org")


class AuditFilterSet(ScopedFilterSet):
    q = SearchFilter(("title__icontains", "org__name__icontains", "auditors__icontains"))
    within = WithinFilter("org")
    year = django_filters.NumberFilter()

    class Meta:
        model = FundAudit
        fields = ("q", "within", "year", "status")


class BankLineFilterSet(ScopedFilterSet):
    q = SearchFilter(("payer_name__icontains", "reference__icontains", "org__name__icontains"))
    within = WithinFilter("org")
    date_from, date_to = date_range("date", _("From"), _("To"))

    class Meta:
        model = BankLine
        fields = ("q", "within", "status", "matched_by")


class RefusalFilterSet(ScopedFilterSet):
    q = SearchFilter(("memo__icontains", "rule__name__icontains", "org__name__icontains"))
    within = WithinFilter("org")
    date_from, date_to = date_range("date", _("From"), _("To"))

    class Meta:
        model = SpendingRefusal
        fields = ("q", "within", "fund_kind", "category")

ClosedYearFilterSet = filterset_for(ClosedYear, search=("note__icontains", "org__name__icontains"), within="org",
                                    fields=("year",))

AuditPlanFilterSet = filterset_for(AuditPlan, search=("title__icontains", "org__name__icontains"), within="org",
                                   fields=("year",))
