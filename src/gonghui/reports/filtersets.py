"""Filters of the round and report lists, shared by the pages and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.members.filtersets import StyledFilterMixin, WithinFilterMixin

from . import selectors
from .choices import ReportStatus, RoundStatus
from .models import Report, ReportRound

YES_NO = (("yes", _("Yes")), ("no", _("No")))


class ReportRoundFilterSet(StyledFilterMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    year = django_filters.NumberFilter(label=_("Year"))
    status = django_filters.ChoiceFilter(choices=RoundStatus.choices, label=_("Status"))

    class Meta:
        model = ReportRound
        fields = ["q", "year", "status"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(title__icontains=value) | Q(org__name__icontains=value) | Q(org__code=value)) if value else queryset


class ReportFilterSet(StyledFilterMixin, WithinFilterMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    round = django_filters.ModelChoiceFilter(queryset=ReportRound.objects.none(), label=_("Round"))
    year = django_filters.NumberFilter(field_name="round__year", label=_("Year"))
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label=_("Status"))
    within = django_filters.CharFilter(method="filter_within", label=_("Within union (code)"))
    late = django_filters.ChoiceFilter(choices=YES_NO, method="filter_late", label=_("Late"))

    class Meta:
        model = Report
        fields = ["q", "round", "year", "status", "within", "late"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        self.filters["round"].queryset = selectors.rounds_for(user) if user is not None else ReportRound.objects.none()

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(org__name__icontains=value) | Q(org__code=value) | Q(round__title__icontains=value))

    def filter_late(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(selectors.late_q())
        if value == "no":
            return queryset.exclude(selectors.late_q())
        return queryset
