"""Filters shared by the pages and the API (``/api/v1/orgs/``, ``/api/v1/units/``)."""

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import CodeSuggestInput

from .choices import Industry, OrgLevel, OrgStatus, OrgType, Ownership
from .models import CommitteeMember, EmployerUnit, Organisation
from .selectors import orgs_for


class _BootstrapFilterSet(django_filters.FilterSet):
    """Filter forms styled for the list pages (the API ignores the widgets)."""

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select form-select-sm"
            else:
                css = "form-control form-control-sm"
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
            if css not in widget.attrs.get("class", ""):
                widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
        return form

    def _org_in_scope(self, code):
        """The organisation with this code in the caller's scope, or None (out of scope = not found)."""
        user = getattr(self.request, "user", None)
        code = (code or "").strip()
        if user is None or not code:
            return None
        if code.endswith(")") and "(" in code:  # "Name (CODE)" as the code picker shows it
            code = code.rsplit("(", 1)[1][:-1].strip()
        return orgs_for(user).filter(code=code).first()


class OrganisationFilterSet(_BootstrapFilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Name or code"))
    org_type = django_filters.ChoiceFilter(choices=OrgType.choices, label=_("Type"))
    level = django_filters.ChoiceFilter(choices=OrgLevel.choices, label=_("Level"))
    status = django_filters.ChoiceFilter(choices=OrgStatus.choices, label=_("Status"))
    within = django_filters.CharFilter(method="filter_within", label=_("Within (organisation code)"),
                                       widget=CodeSuggestInput("orgs:org_autocomplete"))
    election_due_before = django_filters.DateFilter(
        field_name="next_election_due", lookup_expr="lte", label=_("Election due by")
    )
    live = django_filters.ChoiceFilter(choices=(("yes", _("Yes")), ("no", _("No"))), method="filter_live",
                                       label=_("Live (preparing or active)"))
    founded_from = django_filters.DateFilter(field_name="founded_on", lookup_expr="gte", label=_("Founded from"))
    founded_to = django_filters.DateFilter(field_name="founded_on", lookup_expr="lte", label=_("Founded to"))
    women_committee = django_filters.ChoiceFilter(choices=(("yes", _("Yes")), ("no", _("No"))),
                                                  method="filter_women_committee",
                                                  label=_("Has a women workers' committee"))

    class Meta:
        model = Organisation
        fields = ["q", "org_type", "level", "status", "within", "election_due_before", "live", "founded_from",
                  "founded_to", "women_committee"]

    def filter_live(self, queryset, name, value):
        live = Q(status__in=(OrgStatus.PREPARING, OrgStatus.ACTIVE))
        return queryset.filter(live) if value == "yes" else queryset.exclude(live) if value == "no" else queryset

    def filter_women_committee(self, queryset, name, value):
        has = Exists(CommitteeMember.objects.filter(org=OuterRef("pk"), committee="women"))
        return queryset.filter(has) if value == "yes" else queryset.filter(~has) if value == "no" else queryset

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(code__istartswith=value))

    def filter_within(self, queryset, name, value):
        org = self._org_in_scope(value)
        if org is None:
            return queryset.none()
        return queryset.filter(path__startswith=org.path)


class HasUnionFilter(django_filters.ChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", (("yes", _("Yes")), ("no", _("No"))))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in ("yes", "true", "1"):
            return qs.filter(union__isnull=False)
        if value in ("no", "false", "0"):
            return qs.filter(union__isnull=True)
        return qs


class EmployerUnitFilterSet(_BootstrapFilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Name or credit code"))
    ownership = django_filters.ChoiceFilter(choices=Ownership.choices, label=_("Ownership"))
    industry = django_filters.ChoiceFilter(choices=Industry.choices, label=_("Industry"))
    has_union = HasUnionFilter(label=_("Has a union"))
    within = django_filters.CharFilter(method="filter_within", label=_("Registered within (organisation code)"),
                                       widget=CodeSuggestInput("orgs:org_autocomplete"))
    employees_min = django_filters.NumberFilter(
        field_name="employee_count", lookup_expr="gte", label=_("At least this many employees"), min_value=0
    )
    required = django_filters.ChoiceFilter(choices=(("yes", _("Yes")), ("no", _("No"))), method="filter_required",
                                           label=_("Should have a union"))

    class Meta:
        model = EmployerUnit
        fields = ["q", "ownership", "industry", "has_union", "within", "employees_min", "required"]

    def filter_required(self, queryset, name, value):
        """Units that should have a union: covered already, or at least the threshold number of employees."""
        threshold = int(getattr(settings, "GONGHUI_UNIONISATION_THRESHOLD", 25))
        required = Q(union__isnull=False) | Q(employee_count__gte=threshold)
        return queryset.filter(required) if value == "yes" else queryset.exclude(required) if value == "no" else queryset

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(credit_code__istartswith=value.upper()))

    def filter_within(self, queryset, name, value):
        org = self._org_in_scope(value)
        if org is None:
            return queryset.none()
        return queryset.filter(area_org__path__startswith=org.path)
