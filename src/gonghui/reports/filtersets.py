"""Filters of the round and report lists, shared by the pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import ScopedFilterSet, SearchFilter, WithinFilter, YesNoFilter

from . import selectors
from .choices import ReportStatus, RoundStatus
from .models import Report, ReportRound


class ReportRoundFilterSet(ScopedFilterSet):
    q = SearchFilter(("title__icontains", "org__name__icontains", "org__code"))
    year = django_filters.NumberFilter(label=_("Year"))
    status = django_filters.ChoiceFilter(choices=RoundStatus.choices, label=_("Status"))

    class Meta:
        model = ReportRound
        fields = ["q", "year", "status"]


class ReportFilterSet(ScopedFilterSet):
    q = SearchFilter(("org__name__icontains", "org__code", "round__title__icontains"))
    round = django_filters.ModelChoiceFilter(queryset=ReportRound.objects.none(), label=_("Round"))
    year = django_filters.NumberFilter(field_name="round__year", label=_("Year"))
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label=_("Status"))
    within = WithinFilter("org")
    late = YesNoFilter(selectors.late_q, label=_("Late"))

    class Meta:
        model = Report
        fields = ["q", "round", "year", "status", "within", "late"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The rounds the user may see (set before the form is built; ScopedFilterSet styles it afterwards).
        user = self.user
        self.filters["round"].queryset = selectors.rounds_for(user) if user is not None else ReportRound.objects.none()
