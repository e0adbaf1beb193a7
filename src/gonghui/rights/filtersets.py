"""Filters shared by the pages and the API (``/api/v1/rights-cases/``, ``/api/v1/early-warnings/``,
``/api/v1/legal-aid-referrals/``).

The statistics drill down with them: ``within`` (the handling union's subtree), the date range and the
figure's own condition, so the list holds exactly the records behind a figure.
"""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import ScopedFilterSet, SearchFilter, WithinFilter, YesNoFilter, date_range

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


def complainant_search_q(user, value, prefix=""):
    """Cases whose complainant's name contains ``value``, only among those whose complainant the user may see
    (a search must not reveal who complained)."""
    visible = identity_q(user, prefix) if user is not None else Q(pk__in=[])
    name_q = Q(**{f"{prefix}complainant_name__icontains": value, f"{prefix}anonymous": False})
    return name_q if visible is None else (name_q & visible)


class CaseSearchFilter(SearchFilter):
    """``q`` over the lookups, and the complainant's name where the user may see it (``prefix`` reaches the case)."""

    def __init__(self, lookups, prefix="", **kwargs):
        self.prefix = prefix
        super().__init__(lookups, **kwargs)

    def query(self, value):
        return super().query(value) | complainant_search_q(self.parent.user, value, self.prefix)


def _overdue_now():
    return Q(status__in=CLOCK_STATUSES, deadline__lt=timezone.now())


class CaseFilterSet(ScopedFilterSet):
    q = CaseSearchFilter(("reference_no__iexact", "employer_name__icontains"),
                         label=_("Reference, employer or complainant"))
    within = WithinFilter("handling_org", label=_("Handled within (organisation code)"))
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, label=_("Status"))
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices, label=_("Outcome"))
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label=_("Channel"))
    case_type = django_filters.ChoiceFilter(choices=CaseType.choices, label=_("Type"))
    is_group = YesNoFilter(Q(is_group=True), label=_("Group case"))
    received_from, received_to = date_range("received_on", _("Received from"), _("Received to"))
    closed = YesNoFilter(Q(status=CaseStatus.CLOSED), label=_("Closed"))
    mediated = YesNoFilter(Q(status=CaseStatus.CLOSED, outcome__in=MEDIATED_OUTCOMES),
                           label=_("Mediated (succeeded or failed)"))
    overdue = YesNoFilter(Q(overdue_at__isnull=False), label=_("Went overdue"))
    overdue_now = YesNoFilter(_overdue_now, label=_("Overdue now"))
    recovered = YesNoFilter(Q(amount_recovered__gt=0) | Q(legal_aid_recovered__gt=0), label=_("Amounts recovered"))
    duplicate = YesNoFilter(Q(duplicate_of__isnull=False), label=_("Possible duplicate"))

    class Meta:
        model = Case
        fields = ["q", "within", "status", "outcome", "channel", "case_type", "is_group", "received_from",
                  "received_to", "closed", "mediated", "overdue", "overdue_now", "recovered", "duplicate"]


class WarningFilterSet(ScopedFilterSet):
    q = SearchFilter(("reference_no__iexact", "title__icontains", "employer_name__icontains"),
                     label=_("Reference, title or employer"))
    within = WithinFilter("raised_by_org", label=_("Raised within (organisation code)"))
    kind = django_filters.ChoiceFilter(choices=WarningKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=WarningStatus.choices, label=_("Status"))
    raised_from, raised_to = date_range("raised_on", _("Raised from"), _("Raised to"))
    escalated = YesNoFilter(Q(escalations__gt=0), label=_("Escalated"))

    class Meta:
        model = EarlyWarning
        fields = ["q", "within", "kind", "status", "raised_from", "raised_to", "escalated"]


class LegalAidFilterSet(ScopedFilterSet):
    """法律援助 referrals: the page ``/rights/legal-aid/`` and ``/api/v1/legal-aid-referrals/``."""

    q = CaseSearchFilter(("case__reference_no__iexact", "case__employer_name__icontains", "provider_name__icontains"),
                         prefix="case__", label=_("Case reference, employer, complainant or lawyer"))
    within = WithinFilter("case__handling_org", label=_("Handled within (organisation code)"))
    status = django_filters.ChoiceFilter(choices=LegalAidStatus.choices, label=_("Status"))
    result = django_filters.ChoiceFilter(choices=LegalAidResult.choices, label=_("Result"))
    provider_kind = django_filters.ChoiceFilter(choices=LegalAidProvider.choices, label=_("Referred to"))
    provider = django_filters.CharFilter(field_name="provider_name", lookup_expr="icontains",
                                         label=_("Lawyer or centre"))
    referred_from, referred_to = date_range("referred_at", _("Referred from"), _("Referred until"), lookup="date__")
    recovered = YesNoFilter(Q(amount_recovered__gt=0), label=_("Amounts recovered"))

    class Meta:
        model = LegalAidReferral
        fields = ["q", "within", "status", "result", "provider_kind", "provider", "referred_from", "referred_to",
                  "recovered"]
