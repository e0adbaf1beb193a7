import datetime

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.filtersets import ScopedFilterSet, SearchFilter, WithinFilter, YesNoFilter, date_range

from .choices import ContractStatus, ContractType, expiring_days
from .models import CollectiveContract, ContractCoverage, LabourContractCoverage


class ContractSearch(SearchFilter):
    """By number or title, or by a covered employer's name or credit code (one row per contract)."""

    def query(self, value):
        by_unit = ContractCoverage.objects.filter(contract=OuterRef("pk")).filter(
            Q(unit__name__icontains=value) | Q(unit__credit_code__iexact=value))
        return super().query(value) | Q(Exists(by_unit))


def _expiring():
    today = timezone.localdate()
    return Q(status=ContractStatus.IN_FORCE, ends_on__gte=today,
             ends_on__lte=today + datetime.timedelta(days=expiring_days()))


def _submission_overdue():
    return Q(status=ContractStatus.SIGNED, submission_due_on__lt=timezone.localdate())


class ContractFilterSet(ScopedFilterSet):
    """Serves the contract list and ``/api/v1/collective-contracts/``."""

    q = ContractSearch(("number__icontains", "title__icontains"), label=_("Number, title or employer"))
    within = WithinFilter("org")
    contract_type = django_filters.ChoiceFilter(choices=ContractType.choices,
                                                label=pgettext_lazy("contracts", "Type"))
    status = django_filters.MultipleChoiceFilter(choices=ContractStatus.choices, label=_("Status"))
    regional = YesNoFilter(Q(regional=True), label=_("Regional or industry"))
    expiring = YesNoFilter(_expiring, label=_("Expiring within 90 days"))
    submission_overdue = YesNoFilter(_submission_overdue, label=_("Submission overdue"))
    submitted_late = YesNoFilter(Q(submitted_late=True), label=_("Submitted late"))
    has_wage_rise = YesNoFilter(Q(wage_rise_pct__isnull=False), label=_("With an agreed wage rise"))
    signed_from, signed_to = date_range("signed_on", _("Signed from"), _("Signed to"))
    checked_from, checked_to = date_range("checks__checked_on", _("Checked from"), _("Checked to"))
    check_passed = django_filters.BooleanFilter(field_name="checks__passed", label=_("Check passed"),
                                                distinct=True)

    class Meta:
        model = CollectiveContract
        fields = ["q", "within", "contract_type", "status", "regional", "expiring", "submission_overdue",
                  "submitted_late", "has_wage_rise", "signed_from", "signed_to", "checked_from", "checked_to",
                  "check_passed"]


class LabourCoverageFilterSet(ScopedFilterSet):
    q = SearchFilter(("unit__name__icontains", "unit__credit_code__iexact"), label=_("Employer or credit code"))
    within = WithinFilter("org")
    year = django_filters.NumberFilter(label=_("Year"))

    class Meta:
        model = LabourContractCoverage
        fields = ["q", "within", "year"]
