"""Filters shared by the pages and the API (``/api/v1/targets/``, ``/api/v1/responsibility-letters/``)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import YES_NO, OrgFilter, ScopedFilterSet, SearchFilter, WithinFilter, YesNoFilter

from .models import ResponsibilityLetter, Target
from .selectors import behind_target_ids
from .services import target_indicator_map


def indicator_choices():
    return [(k, i.name) for k, i in target_indicator_map().items()]


ORG_SEARCH = ("org__name__icontains", "org__code__istartswith", "note__icontains")


class _TargetBase(ScopedFilterSet):
    q = SearchFilter(ORG_SEARCH, label=_("Organisation or note"))
    year = django_filters.NumberFilter(field_name="year", label=_("Year"))
    issuer = OrgFilter("issuer", label=_("Issued by (organisation code)"))
    org = OrgFilter("org", label=_("Organisation (code)"))
    within = WithinFilter("org")


class TargetFilterSet(_TargetBase):
    indicator = django_filters.ChoiceFilter(choices=indicator_choices, label=_("Indicator"))
    behind = django_filters.ChoiceFilter(choices=YES_NO, method="filter_behind", label=_("Behind pace"))

    class Meta:
        model = Target
        fields = ["q", "year", "issuer", "org", "within", "indicator", "behind"]

    def filter_behind(self, queryset, name, value):
        """Behind pace is computed from the counters (not a column): the ids of the rows behind."""
        if value not in ("yes", "no"):
            return queryset
        ids = behind_target_ids(queryset)
        return queryset.filter(pk__in=ids) if value == "yes" else queryset.exclude(pk__in=ids)


class LetterFilterSet(_TargetBase):
    q = SearchFilter((*ORG_SEARCH, "org_signatory__icontains", "issuer_signatory__icontains"),
                     label=_("Organisation or note"))
    has_attachment = YesNoFilter(~Q(file=""), label=_("Scan attached"))

    class Meta:
        model = ResponsibilityLetter
        fields = ["q", "year", "issuer", "org", "within", "has_attachment"]
