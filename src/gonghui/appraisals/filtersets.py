import datetime

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import OnePerFilter, ScopedFilterSet, SearchFilter, WithinFilter, YesNoFilter, date_range
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import EmployerUnit

from .choices import RECHECK_REMIND_DAYS, AppraisalStatus, SchemeKind
from .models import Appraisal, Criterion, MemberRating, RatingRound, Scheme, Score


class SchemeFilterSet(ScopedFilterSet):
    q = SearchFilter(("name__icontains",))
    within = WithinFilter("org")

    class Meta:
        model = Scheme
        fields = ["q", "within", "kind", "level", "status"]


class CriterionFilterSet(ScopedFilterSet):
    q = SearchFilter(("title__icontains", "section__icontains"))
    within = WithinFilter("scheme__org")
    scheme = django_filters.NumberFilter(field_name="scheme_id", label=_("scheme"))

    class Meta:
        model = Criterion
        fields = ["q", "within", "scheme", "source"]


def _recheck(queryset, name, value):
    today = timezone.localdate()
    awarded = queryset.filter(status=AppraisalStatus.AWARDED, recheck_due__isnull=False)
    if value == "overdue":
        return awarded.filter(recheck_due__lt=today)
    if value == "due":
        return awarded.filter(recheck_due__gte=today,
                              recheck_due__lte=today + datetime.timedelta(days=RECHECK_REMIND_DAYS))
    return queryset


class AppraisalFilterSet(ScopedFilterSet):
    q = SearchFilter(("org__name__icontains", "scheme__name__icontains", "certificate_no__icontains"))
    within = WithinFilter("org")
    scheme = django_filters.NumberFilter(field_name="scheme_id", label=_("scheme"))
    kind = django_filters.ChoiceFilter(field_name="scheme__kind", choices=SchemeKind.choices, label=_("kind"))
    level = django_filters.CharFilter(field_name="scheme__level", label=_("award level"))
    awarded = YesNoFilter(Q(status=AppraisalStatus.AWARDED), label=_("Awarded"))
    granted = YesNoFilter(Q(awarded_on__isnull=False), label=_("Ever awarded"))
    valid = YesNoFilter(lambda: Q(status=AppraisalStatus.AWARDED) & (Q(valid_until__isnull=True)
                                                                     | Q(valid_until__gte=timezone.localdate())),
                        label=_("Award valid now"))
    grassroots = YesNoFilter(Q(org__level=OrgLevel.GRASSROOTS), label=_("Grassroots unions"))
    started_from, started_to = date_range("started_on", _("Started from"), _("Started to"))
    covers_employers = YesNoFilter(Q(Exists(EmployerUnit.objects.filter(union=OuterRef("org_id")))),
                                   label=_("Union covering employers"))
    one_per_org = OnePerFilter("org", label=_("One per union"))
    awarded_from, awarded_to = date_range("awarded_on", _("Awarded from"), _("Awarded to"))
    applied_from, applied_to = date_range("applied_on", _("Applied from"), _("Applied to"))
    inspected_from, inspected_to = date_range("inspected_on", _("Inspected from"), _("Inspected to"))
    recheck = django_filters.ChoiceFilter(method=_recheck, label=_("Re-check"), choices=(
        ("due", _("due within a month")), ("overdue", _("overdue"))))
    below = django_filters.ChoiceFilter(method="filter_below", label=_("Unions below mine"),
                                        choices=(("yes", _("Yes")),))

    class Meta:
        model = Appraisal
        fields = ["q", "within", "scheme", "kind", "level", "year", "status", "grade", "awarded", "recheck"]

    def filter_below(self, queryset, name, value):
        from .selectors import below_q

        user = self.user
        return queryset.filter(below_q(user)) if value == "yes" and user is not None else queryset


class ScoreFilterSet(ScopedFilterSet):
    within = WithinFilter("appraisal__org")
    appraisal = django_filters.NumberFilter(field_name="appraisal_id", label=_("appraisal"))

    class Meta:
        model = Score
        fields = ["within", "appraisal"]


class RoundFilterSet(ScopedFilterSet):
    q = SearchFilter(("title__icontains", "org__name__icontains"))
    within = WithinFilter("org")
    scheme = django_filters.NumberFilter(field_name="scheme_id", label=_("scheme"))
    opens_from, opens_to = date_range("opens_on", _("Opens from"), _("Opens to"))

    class Meta:
        model = RatingRound
        fields = ["q", "within", "scheme", "status"]


class RatingFilterSet(ScopedFilterSet):
    within = WithinFilter("round__org")
    round = django_filters.NumberFilter(field_name="round_id", label=_("rating round"))
    rated_from, rated_to = date_range("rated_on", _("Rated from"), _("Rated to"))

    class Meta:
        model = MemberRating
        fields = ["within", "round"]
