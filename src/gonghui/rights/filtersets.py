"""Filters shared by the pages and the API (``/api/v1/rights-cases/``, ``/api/v1/early-warnings/``,
``/api/v1/legal-aid-referrals/``).

The statistics drill down with them: ``within`` (the handling union's subtree), the date range and the
figure's own condition, so the list holds exactly the records behind a figure.
"""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import CodeSuggestInput
from gonghui.orgs.filtersets import _BootstrapFilterSet

from .choices import (
    CLOCK_STATUSES,
    MEDIATED_OUTCOMES,
    CaseStatus,
    CaseType,
    Channel,
    LegalAidProvider,
    LegalAidResult,
    LegalAidStatus,
    Outcome,
    WarningKind,
    WarningStatus,
)
from .models import Case, EarlyWarning, LegalAidReferral
from .selectors import identity_q

YES_NO = (("yes", _("Yes")), ("no", _("No")))


def _yes_no(queryset, q, value):
    if value == "yes":
        return queryset.filter(q)
    if value == "no":
        return queryset.exclude(q)
    return queryset


class CaseFilterSet(_BootstrapFilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Reference, employer or complainant"))
    within = django_filters.CharFilter(method="filter_within", label=_("Handled within (organisation code)"),
                                       widget=CodeSuggestInput("orgs:org_autocomplete"))
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, label=_("Status"))
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices, label=_("Outcome"))
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label=_("Channel"))
    case_type = django_filters.ChoiceFilter(choices=CaseType.choices, label=_("Type"))
    is_group = django_filters.ChoiceFilter(choices=YES_NO, method="filter_group", label=_("Group case"))
    received_from = django_filters.DateFilter(field_name="received_on", lookup_expr="gte", label=_("Received from"))
    received_to = django_filters.DateFilter(field_name="received_on", lookup_expr="lte", label=_("Received to"))
    closed = django_filters.ChoiceFilter(choices=YES_NO, method="filter_closed", label=_("Closed"))
    mediated = django_filters.ChoiceFilter(choices=YES_NO, method="filter_mediated",
                                           label=_("Mediated (succeeded or failed)"))
    overdue = django_filters.ChoiceFilter(choices=YES_NO, method="filter_overdue", label=_("Went overdue"))
    overdue_now = django_filters.ChoiceFilter(choices=YES_NO, method="filter_overdue_now", label=_("Overdue now"))
    recovered = django_filters.ChoiceFilter(choices=YES_NO, method="filter_recovered", label=_("Amounts recovered"))
    duplicate = django_filters.ChoiceFilter(choices=YES_NO, method="filter_duplicate", label=_("Possible duplicate"))

    class Meta:
        model = Case
        fields = ["q", "within", "status", "outcome", "channel", "case_type", "is_group", "received_from",
                  "received_to", "closed", "mediated", "overdue", "overdue_now", "recovered", "duplicate"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        q = Q(reference_no__iexact=value) | Q(employer_name__icontains=value)
        # The complainant's name is searched only where the user may see it (a search must not reveal it).
        q |= complainant_search_q(getattr(self.request, "user", None), value)
        return queryset.filter(q)

    def filter_within(self, queryset, name, value):
        org = self._org_in_scope(value)
        return queryset.none() if org is None else queryset.filter(handling_org__path__startswith=org.path)

    def filter_group(self, queryset, name, value):
        return _yes_no(queryset, Q(is_group=True), value)

    def filter_closed(self, queryset, name, value):
        return _yes_no(queryset, Q(status=CaseStatus.CLOSED), value)

    def filter_mediated(self, queryset, name, value):
        return _yes_no(queryset, Q(status=CaseStatus.CLOSED, outcome__in=MEDIATED_OUTCOMES), value)

    def filter_overdue(self, queryset, name, value):
        return _yes_no(queryset, Q(overdue_at__isnull=False), value)

    def filter_overdue_now(self, queryset, name, value):
        return _yes_no(queryset, Q(status__in=CLOCK_STATUSES, deadline__lt=timezone.now()), value)

    def filter_recovered(self, queryset, name, value):
        return _yes_no(queryset, Q(amount_recovered__gt=0) | Q(legal_aid_recovered__gt=0), value)

    def filter_duplicate(self, queryset, name, value):
        return _yes_no(queryset, Q(duplicate_of__isnull=False), value)


class WarningFilterSet(_BootstrapFilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Reference, title or employer"))
    within = django_filters.CharFilter(method="filter_within", label=_("Raised within (organisation code)"),
                                       widget=CodeSuggestInput("orgs:org_autocomplete"))
    kind = django_filters.ChoiceFilter(choices=WarningKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=WarningStatus.choices, label=_("Status"))
    raised_from = django_filters.DateFilter(field_name="raised_on", lookup_expr="gte", label=_("Raised from"))
    raised_to = django_filters.DateFilter(field_name="raised_on", lookup_expr="lte", label=_("Raised to"))
    escalated = django_filters.ChoiceFilter(choices=YES_NO, method="filter_escalated", label=_("Escalated"))

    class Meta:
        model = EarlyWarning
        fields = ["q", "within", "kind", "status", "raised_from", "raised_to", "escalated"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(reference_no__iexact=value) | Q(title__icontains=value)
                               | Q(employer_name__icontains=value))

    def filter_within(self, queryset, name, value):
        org = self._org_in_scope(value)
        return queryset.none() if org is None else queryset.filter(raised_by_org__path__startswith=org.path)

    def filter_escalated(self, queryset, name, value):
        return _yes_no(queryset, Q(escalations__gt=0), value)


def complainant_search_q(user, value, prefix=""):
    """Cases whose complainant's name contains ``value``, only among those whose complainant the user may see
    (a search must not reveal who complained)."""
    visible = identity_q(user, prefix) if user is not None else Q(pk__in=[])
    name_q = Q(**{f"{prefix}complainant_name__icontains": value, f"{prefix}anonymous": False})
    return name_q if visible is None else (name_q & visible)


class LegalAidFilterSet(_BootstrapFilterSet):
    """法律援助 referrals: the page ``/rights/legal-aid/`` and ``/api/v1/legal-aid-referrals/``."""

    q = django_filters.CharFilter(method="filter_q", label=_("Case reference, employer, complainant or lawyer"))
    within = django_filters.CharFilter(method="filter_within", label=_("Handled within (organisation code)"),
                                       widget=CodeSuggestInput("orgs:org_autocomplete"))
    status = django_filters.ChoiceFilter(choices=LegalAidStatus.choices, label=_("Status"))
    result = django_filters.ChoiceFilter(choices=LegalAidResult.choices, label=_("Result"))
    provider_kind = django_filters.ChoiceFilter(choices=LegalAidProvider.choices, label=_("Referred to"))
    provider = django_filters.CharFilter(field_name="provider_name", lookup_expr="icontains",
                                         label=_("Lawyer or centre"))
    referred_from = django_filters.DateFilter(field_name="referred_at", lookup_expr="date__gte",
                                              label=_("Referred from"))
    referred_to = django_filters.DateFilter(field_name="referred_at", lookup_expr="date__lte", label=_("Referred until"))
    recovered = django_filters.ChoiceFilter(choices=YES_NO, method="filter_recovered", label=_("Amounts recovered"))

    class Meta:
        model = LegalAidReferral
        fields = ["q", "within", "status", "result", "provider_kind", "provider", "referred_from", "referred_to",
                  "recovered"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        q = (Q(case__reference_no__iexact=value) | Q(case__employer_name__icontains=value)
             | Q(provider_name__icontains=value))
        q |= complainant_search_q(getattr(self.request, "user", None), value, prefix="case__")
        return queryset.filter(q)

    def filter_within(self, queryset, name, value):
        org = self._org_in_scope(value)
        return queryset.none() if org is None else queryset.filter(case__handling_org__path__startswith=org.path)

    def filter_recovered(self, queryset, name, value):
        return _yes_no(queryset, Q(amount_recovered__gt=0), value)
