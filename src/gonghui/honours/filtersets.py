import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core import pii
from gonghui.core.filtersets import ScopedFilterSet, SearchFilter, WithinFilter, YesNoFilter, date_range

from .choices import (
    CareKind,
    CareRoundStatus,
    HonourCategory,
    HonourLevel,
    RecommendationStatus,
    RoundStatus,
    RunStatus,
    SupportKind,
    WorkerStatus,
)
from .models import (
    AllowanceRule,
    CareRound,
    HonourScheme,
    ModelWorker,
    PaymentRun,
    Recommendation,
    SelectionRound,
    SupportRecord,
)


class SchemeFilterSet(ScopedFilterSet):
    q = SearchFilter(("name__icontains",), label=_("Name"))
    within = WithinFilter("org")
    category = django_filters.ChoiceFilter(choices=HonourCategory.choices, label=_("Kind of honour"))
    level = django_filters.ChoiceFilter(choices=HonourLevel.choices, label=_("Level"))

    class Meta:
        model = HonourScheme
        fields = ["q", "within", "category", "level", "active"]


class RoundFilterSet(ScopedFilterSet):
    q = SearchFilter(("name__icontains", "scheme__name__icontains"), label=_("Name"))
    within = WithinFilter("org")
    year = django_filters.NumberFilter(label=_("Year"))
    status = django_filters.ChoiceFilter(choices=RoundStatus.choices, label=_("Status"))
    level = django_filters.ChoiceFilter(field_name="scheme__level", choices=HonourLevel.choices, label=_("Level"))

    class Meta:
        model = SelectionRound
        fields = ["q", "within", "year", "status", "level"]


def _notice_ended():
    return Q(status=RecommendationStatus.ON_NOTICE, notice_end__lt=timezone.localdate())


class RecommendationFilterSet(ScopedFilterSet):
    q = SearchFilter(("nominee__icontains", "employer__icontains", "certificate_no__iexact"),
                     label=_("Name, employer or certificate"))
    within = WithinFilter("org")
    round = django_filters.NumberFilter(label=_("Selection round"))
    status = django_filters.MultipleChoiceFilter(choices=RecommendationStatus.choices, label=_("Status"))
    level = django_filters.ChoiceFilter(field_name="round__scheme__level", choices=HonourLevel.choices,
                                        label=_("Level"))
    objection_open = YesNoFilter(Q(objection_open=True), label=_("Objection unresolved"))
    notice_ended = YesNoFilter(_notice_ended, label=_("Public notice ended"))
    awarded_from, awarded_to = date_range("awarded_on", _("Awarded from"), _("Awarded to"))

    class Meta:
        model = Recommendation
        fields = ["q", "within", "round", "status", "level", "objection_open", "notice_ended", "awarded_from",
                  "awarded_to"]


def _census_due():
    return ~Q(status=WorkerStatus.DECEASED) & (Q(census_year__isnull=True) |
                                               Q(census_year__lt=timezone.localdate().year))


class IdSearch(SearchFilter):
    """By name or employer, or by the whole ID number (matched by its keyed hash)."""

    def query(self, value):
        q = super().query(value)
        if len(value) == 18:
            q |= Q(id_hash=pii.id_hash(value))
        return q


class WorkerFilterSet(ScopedFilterSet):
    q = IdSearch(("name__icontains", "employer__icontains"), label=_("Name, employer or ID number"))
    within = WithinFilter("org")
    level = django_filters.ChoiceFilter(choices=HonourLevel.choices, label=_("Level"))
    status = django_filters.MultipleChoiceFilter(choices=WorkerStatus.choices, label=_("Status"))
    living = YesNoFilter(~Q(status=WorkerStatus.DECEASED), label=_("Living"))
    in_hardship = YesNoFilter(Q(in_hardship=True), label=_("In hardship"))
    census_due = YesNoFilter(_census_due, label=_("Census not confirmed this year"))

    class Meta:
        model = ModelWorker
        fields = ["q", "within", "level", "status", "living", "in_hardship", "census_due"]


class RuleFilterSet(ScopedFilterSet):
    within = WithinFilter("org")
    level = django_filters.ChoiceFilter(choices=HonourLevel.choices, label=_("Level"))

    class Meta:
        model = AllowanceRule
        fields = ["within", "level", "kind"]


class RunFilterSet(ScopedFilterSet):
    within = WithinFilter("org")
    status = django_filters.ChoiceFilter(choices=RunStatus.choices, label=_("Status"))
    paid_from, paid_to = date_range("paid_on", _("Paid from"), _("Paid to"))

    class Meta:
        model = PaymentRun
        fields = ["within", "status", "paid_from", "paid_to"]


class CareRoundFilterSet(ScopedFilterSet):
    q = SearchFilter(("name__icontains", "place__icontains"), label=_("Name or place"))
    within = WithinFilter("org")
    kind = django_filters.ChoiceFilter(choices=CareKind.choices, label=_("Kind"))
    year = django_filters.NumberFilter(label=_("Year"))
    status = django_filters.ChoiceFilter(choices=CareRoundStatus.choices, label=_("Status"))
    worker = django_filters.NumberFilter(field_name="participants__worker", label=_("Model worker"))
    ended_from, ended_to = date_range("ends_on", _("Ended from"), _("Ended to"))

    class Meta:
        model = CareRound
        fields = ["q", "within", "kind", "year", "status", "worker", "ended_from", "ended_to"]


class SupportFilterSet(ScopedFilterSet):
    q = SearchFilter(("worker__name__icontains", "occasion__icontains", "beneficiary__icontains"),
                     label=_("Model worker, occasion or student"))
    within = WithinFilter("org")
    kind = django_filters.MultipleChoiceFilter(choices=SupportKind.choices, label=_("Kind"))
    visit = YesNoFilter(Q(kind__in=[SupportKind.HOLIDAY_VISIT, SupportKind.SICK_VISIT]), label=_("Visits"))
    worker = django_filters.NumberFilter(label=_("Model worker"))
    given_from, given_to = date_range("given_on", _("Given from"), _("Given to"))

    class Meta:
        model = SupportRecord
        fields = ["q", "within", "kind", "visit", "worker", "given_from", "given_to"]
