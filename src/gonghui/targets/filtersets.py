"""Filters shared by the pages and the API (``/api/v1/targets/``, ``/api/v1/responsibility-letters/``)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import CodeSuggestInput
from gonghui.orgs.filtersets import _BootstrapFilterSet

from .models import ResponsibilityLetter, Target
from .selectors import behind_target_ids
from .services import target_indicator_map


def indicator_choices():
    return [(k, i.name) for k, i in target_indicator_map().items()]


YES_NO = (("yes", _("Yes")), ("no", _("No")))


class _TargetBase(_BootstrapFilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Organisation or note"))
    year = django_filters.NumberFilter(field_name="year", label=_("Year"))
    issuer = django_filters.CharFilter(method="filter_issuer", label=_("Issued by (organisation code)"),
                                       widget=CodeSuggestInput("orgs:org_autocomplete"))
    org = django_filters.CharFilter(method="filter_org", label=_("Organisation (code)"),
                                    widget=CodeSuggestInput("orgs:org_autocomplete"))

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(org__name__icontains=value) | Q(org__code__istartswith=value) | Q(note__icontains=value))

    def filter_issuer(self, queryset, name, value):
        org = self._org_in_scope(value)
        return queryset.none() if org is None else queryset.filter(issuer=org)

    def filter_org(self, queryset, name, value):
        org = self._org_in_scope(value)
        return queryset.none() if org is None else queryset.filter(org=org)


class TargetFilterSet(_TargetBase):
    indicator = django_filters.ChoiceFilter(choices=indicator_choices, label=_("Indicator"))
    behind = django_filters.ChoiceFilter(choices=YES_NO, method="filter_behind", label=_("Behind pace"))

    class Meta:
        model = Target
        fields = ["q", "year", "issuer", "org", "indicator", "behind"]

    def filter_behind(self, queryset, name, value):
        if value not in ("yes", "no"):
            return queryset
        ids = behind_target_ids(queryset)
        return queryset.filter(pk__in=ids) if value == "yes" else queryset.exclude(pk__in=ids)


class LetterFilterSet(_TargetBase):
    has_attachment = django_filters.ChoiceFilter(choices=YES_NO, method="filter_attachment", label=_("Scan attached"))

    class Meta:
        model = ResponsibilityLetter
        fields = ["q", "year", "issuer", "org", "has_attachment"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(org__name__icontains=value) | Q(org__code__istartswith=value) | Q(note__icontains=value)
                               | Q(org_signatory__icontains=value) | Q(issuer_signatory__icontains=value))

    def filter_attachment(self, queryset, name, value):
        if value == "yes":
            return queryset.exclude(attachment="")
        if value == "no":
            return queryset.filter(attachment="")
        return queryset
