"""Filters of the import job list (the page and /api/v1/import-jobs/ share them)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import ScopedFilterSet

from .choices import ImportStatus, import_kind_choices
from .models import ImportJob


class ImportJobFilterSet(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(choices=import_kind_choices, label=_("what"))
    status = django_filters.ChoiceFilter(choices=ImportStatus.choices, label=_("status"))
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("uploaded by me"), widget=forms.Select(
        choices=[("", "---------"), ("true", _("Yes")), ("false", _("No"))]))

    class Meta:
        model = ImportJob
        fields = ["kind", "status"]

    def filter_mine(self, queryset, name, value):
        user = self.user
        if value is None or user is None:
            return queryset
        return queryset.filter(user=user) if value else queryset.exclude(user=user)
