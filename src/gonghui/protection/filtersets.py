import datetime

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.filtersets import (
    ScopedFilterSet,
    SearchFilter,
    WithinFilter,
    YesNoFilter,
    date_range,
    filterset_for,
)

from .choices import (
    DUE_SOON_DAYS,
    OPEN_STATUSES,
    AccidentStatus,
    AwardCategory,
    ChecklistItem,
    FindingStatus,
    FixMode,
    InspectionKind,
    InspectionStatus,
    RoundStatus,
    Severity,
)
from .models import (
    AccidentInvestigation,
    AnkangAward,
    AnkangEnrolment,
    AnkangRound,
    Finding,
    Inspection,
    RestStation,
    SafetyAgreement,
    SafetyInspector,
)
from .selectors import OVERDUE


class InspectionFilterSet(ScopedFilterSet):
    """Serves the inspection list and ``/api/v1/inspections/``."""

    q = SearchFilter(("unit__name__icontains", "unit__credit_code__iexact", "campaign__icontains",
                      "inspectors__icontains"), label=_("Employer, credit code, campaign or inspector"))
    within = WithinFilter("org")
    kind = django_filters.ChoiceFilter(choices=InspectionKind.choices,
                                       label=pgettext_lazy("protection", "Kind of inspection"))
    status = django_filters.ChoiceFilter(choices=InspectionStatus.choices, label=_("Status"))
    campaign = django_filters.CharFilter(label=_("Special campaign"))
    inspected_from, inspected_to = date_range("inspected_on", _("Inspected from"), _("Inspected to"))

    class Meta:
        model = Inspection
        fields = ["q", "within", "kind", "status", "campaign", "inspected_from", "inspected_to"]


def _due_soon():
    today = timezone.localdate()
    return Q(status__in=OPEN_STATUSES, fix_mode=FixMode.BY_DEADLINE, overdue_on__isnull=True, deadline__gte=today,
             deadline__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))


class FindingFilterSet(ScopedFilterSet):
    """Serves the list of problems and hazards and ``/api/v1/inspection-findings/``."""

    q = SearchFilter(("unit__name__icontains", "unit__credit_code__iexact", "description__icontains"),
                     label=_("Employer, credit code or problem"))
    within = WithinFilter("org")
    inspection = django_filters.NumberFilter(field_name="inspection_id", label=_("Inspection"))
    kind = django_filters.ChoiceFilter(field_name="inspection__kind", choices=InspectionKind.choices,
                                       label=pgettext_lazy("protection", "Kind of inspection"))
    item = django_filters.ChoiceFilter(choices=ChecklistItem.choices, label=_("Checklist item"))
    severity = django_filters.ChoiceFilter(choices=Severity.choices, label=_("Severity"))
    status = django_filters.MultipleChoiceFilter(choices=FindingStatus.choices, label=_("Status"))
    overdue = YesNoFilter(OVERDUE, label=_("Overdue"))
    due_soon = YesNoFilter(_due_soon, label=_("Due within 7 days"))
    arrears = YesNoFilter(Q(arrears_amount__gt=0), label=_("Wage arrears"))
    found_from, found_to = date_range("found_on", _("Found from"), _("Found to"))

    class Meta:
        model = Finding
        fields = ["q", "within", "inspection", "kind", "item", "severity", "status", "overdue", "due_soon",
                  "arrears", "found_from", "found_to"]


class AgreementFilterSet(ScopedFilterSet):
    q = SearchFilter(("unit__name__icontains", "unit__credit_code__iexact"), label=_("Employer or credit code"))
    within = WithinFilter("org")
    signed = YesNoFilter(Q(signed_on__isnull=False), label=_("Agreement signed"))
    committee = YesNoFilter(Q(committee=True), label=_("With a committee"))
    one_law_three_cards = YesNoFilter(Q(one_law_three_cards=True), label=_("一法三卡 adopted"))

    class Meta:
        model = SafetyAgreement
        fields = ["q", "within", "signed", "committee", "one_law_three_cards"]


StationFilterSet = filterset_for(RestStation, search=("name__icontains", "address__icontains"), within="org",
                                 fields=("active",))


class RoundFilterSet(ScopedFilterSet):
    q = SearchFilter(("title__icontains", "org__name__icontains"), label=_("Title or organiser"))
    within = WithinFilter("org")
    year = django_filters.NumberFilter(label=_("Year"))
    status = django_filters.ChoiceFilter(choices=RoundStatus.choices, label=_("Status"))

    class Meta:
        model = AnkangRound
        fields = ["q", "within", "year", "status"]


class EnrolmentFilterSet(ScopedFilterSet):
    """Serves the enrolment list (the 参赛面 drill-down) and ``/api/v1/ankang-enrolments/``."""

    q = SearchFilter(("unit__name__icontains", "unit__credit_code__iexact"), label=_("Employer or credit code"))
    within = WithinFilter("org")
    round = django_filters.NumberFilter(field_name="round_id", label=_("Round"))
    year = django_filters.NumberFilter(field_name="round__year", label=_("Year"))
    scored = YesNoFilter(Q(score__isnull=False), label=_("Scored"))
    enrolled_from, enrolled_to = date_range("enrolled_on", _("Enrolled from"), _("Enrolled to"))

    class Meta:
        model = AnkangEnrolment
        fields = ["q", "within", "round", "year", "scored", "enrolled_from", "enrolled_to"]


class AwardFilterSet(ScopedFilterSet):
    q = SearchFilter(("name__icontains", "round__title__icontains"), label=_("Awarded to or round"))
    within = WithinFilter("org")
    round = django_filters.NumberFilter(field_name="round_id", label=_("Round"))
    category = django_filters.ChoiceFilter(choices=AwardCategory.choices, label=_("Category"))
    awarded_from, awarded_to = date_range("awarded_on", _("Awarded from"), _("Awarded to"))

    class Meta:
        model = AnkangAward
        fields = ["q", "within", "round", "category", "awarded_from", "awarded_to"]


class InspectorFilterSet(ScopedFilterSet):
    q = SearchFilter(("member__name__icontains", "member__member_no__iexact", "certificate_no__iexact"),
                     label=_("Name, member number or certificate"))
    within = WithinFilter("org")
    active = YesNoFilter(Q(active=True), label=_("Serving"))
    trained = YesNoFilter(Q(trained_on__isnull=False), label=_("Trained"))

    class Meta:
        model = SafetyInspector
        fields = ["q", "within", "active", "trained"]


class AccidentFilterSet(ScopedFilterSet):
    q = SearchFilter(("unit__name__icontains", "unit__credit_code__iexact", "description__icontains"),
                     label=_("Employer, credit code or accident"))
    within = WithinFilter("org")
    status = django_filters.ChoiceFilter(choices=AccidentStatus.choices, label=_("Status"))
    occurred_from, occurred_to = date_range("occurred_on", _("Occurred from"), _("Occurred to"))

    class Meta:
        model = AccidentInvestigation
        fields = ["q", "within", "status", "occurred_from", "occurred_to"]
