"""Filters shared by the member pages and the API (one FilterSet serves both)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.orgs.choices import Industry, Ownership

from . import selectors
from .choices import (
    ApplicationChannel,
    ApplicationStatus,
    Education,
    EmploymentType,
    Gender,
    MemberStatus,
    PoliticalStatus,
    TransferStatus,
)
from .models import JoinApplication, Member, Transfer

NOT_RECORDED = "none"  # filter value: the field is blank (or the member has no employer unit)
YES_NO = (("yes", _("Yes")), ("no", _("No")))


def _with_none(choices):
    return [*choices, (NOT_RECORDED, _("Not recorded"))]


class ChoiceOrNoneFilter(django_filters.ChoiceFilter):
    """A choice, or ``none`` for a blank field (the statistics' "not recorded" item links here)."""

    def __init__(self, *args, **kwargs):
        kwargs["choices"] = _with_none(kwargs["choices"])
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value == NOT_RECORDED:
            return qs.filter(**{self.field_name: ""})
        return super().filter(qs, value)


class UnitChoiceFilter(django_filters.ChoiceFilter):
    """A field of the member's employer unit; ``none`` for members without an employer unit."""

    def __init__(self, *args, **kwargs):
        kwargs["choices"] = _with_none(kwargs["choices"])
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        if value == NOT_RECORDED:
            return qs.filter(unit__isnull=True)
        return qs.filter(**{f"unit__{self.field_name}": value})


def _user(filterset):
    request = getattr(filterset, "request", None)
    return getattr(request, "user", None)


class StyledFilterMixin:
    """Bootstrap classes on the filter widgets (small controls; dates get the browser's date picker)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django import forms

        for f in self.filters.values():
            widget = f.field.widget
            if isinstance(widget, forms.Select):
                css = "form-select form-select-sm"
            else:
                css = "form-control form-control-sm"
                if isinstance(widget, forms.DateInput):
                    widget.input_type = "date"
            widget.attrs["class"] = css


class WithinFilterMixin:
    """``within=<org code>``: the union and everything below it, looked up inside the user's scope.

    A code outside the scope (or unknown) gives an empty list, so the filter says nothing about unions
    the user cannot see.
    """

    within_field = "org"

    def filter_within(self, queryset, name, value):
        from gonghui.orgs.selectors import orgs_for

        code = (value or "").strip()
        if code.endswith(")") and "(" in code:  # "Name (CODE)" from the code picker
            code = code.rsplit("(", 1)[1][:-1].strip()
        org = orgs_for(_user(self)).filter(code=code).only("path").first()
        if org is None:
            return queryset.none()
        return queryset.filter(**{f"{self.within_field}__path__startswith": org.path})


class MemberFilterSet(StyledFilterMixin, WithinFilterMixin, django_filters.FilterSet):
    """Serves the member list page and ``/api/v1/members/``."""

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=MemberStatus.choices, label=_("Status"))
    employment_type = ChoiceOrNoneFilter(choices=EmploymentType.choices, label=_("Employment type"))
    gender = django_filters.ChoiceFilter(choices=Gender.choices, label=_("Gender"))
    education = ChoiceOrNoneFilter(choices=Education.choices, label=pgettext_lazy("schooling", "Education"))
    political_status = ChoiceOrNoneFilter(choices=PoliticalStatus.choices, label=_("Political status"))
    within = django_filters.CharFilter(method="filter_within", label=_("Within union (code)"))
    unit = django_filters.CharFilter(method="filter_unit", label=_("Employer unit (credit code)"))
    joined_from = django_filters.DateFilter(field_name="join_date", lookup_expr="gte", label=_("Joined from"))
    joined_to = django_filters.DateFilter(field_name="join_date", lookup_expr="lte", label=_("Joined to"))
    in_membership = django_filters.ChoiceFilter(choices=YES_NO, method="filter_in_membership",
                                                label=_("Counted as a member"))
    born_from = django_filters.DateFilter(field_name="birth_date", lookup_expr="gte", label=_("Born from"))
    born_to = django_filters.DateFilter(field_name="birth_date", lookup_expr="lte", label=_("Born to"))
    unit_ownership = UnitChoiceFilter(field_name="ownership", choices=Ownership.choices, label=_("Employer ownership"))
    unit_industry = UnitChoiceFilter(field_name="industry", choices=Industry.choices, label=_("Employer industry"))

    class Meta:
        model = Member
        fields = [
            "q", "status", "employment_type", "gender", "education", "political_status", "within", "unit",
            "joined_from", "joined_to", "in_membership", "born_from", "born_to", "unit_ownership", "unit_industry",
        ]

    def filter_in_membership(self, queryset, name, value):
        from gonghui.stats.counters import COUNTED_MEMBER_STATUSES

        if value == "yes":
            return queryset.filter(status__in=COUNTED_MEMBER_STATUSES)
        if value == "no":
            return queryset.exclude(status__in=COUNTED_MEMBER_STATUSES)
        return queryset

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["q"].field.widget.attrs["placeholder"] = _("ID number, phone, member number or name")

    def filter_q(self, queryset, name, value):
        return queryset.filter(selectors.search_q(value))

    def filter_unit(self, queryset, name, value):
        value = (value or "").strip().upper()
        if value.endswith(")") and "(" in value:
            value = value.rsplit("(", 1)[1][:-1].strip()
        if not value:
            return queryset
        if len(value) == 18:
            return queryset.filter(unit__credit_code=value)
        if value.isdigit():
            return queryset.filter(unit_id=int(value))
        return queryset.none()


class ApplicationFilterSet(StyledFilterMixin, WithinFilterMixin, django_filters.FilterSet):
    """Serves the join application list and ``/api/v1/join-applications/``."""

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=ApplicationStatus.choices, label=_("Status"))
    channel = django_filters.ChoiceFilter(choices=ApplicationChannel.choices, label=_("Channel"))
    within = django_filters.CharFilter(method="filter_within", label=_("Within union (code)"))
    submitted_from = django_filters.DateFilter(field_name="created_at", lookup_expr="date__gte", label=_("Submitted from"))
    submitted_to = django_filters.DateFilter(field_name="created_at", lookup_expr="date__lte", label=_("Submitted to"))

    class Meta:
        model = JoinApplication
        fields = ["q", "status", "channel", "within", "submitted_from", "submitted_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["q"].field.widget.attrs["placeholder"] = _("ID number, phone, reference number or name")

    def filter_q(self, queryset, name, value):
        return queryset.filter(selectors.application_search_q(value))


class TransferFilterSet(StyledFilterMixin, django_filters.FilterSet):
    """Serves the transfer list and ``/api/v1/transfers/``. ``direction`` is seen from the user's unions."""

    DIRECTIONS = (("incoming", _("Incoming (to my unions)")), ("outgoing", _("Outgoing (from my unions)")))

    q = django_filters.CharFilter(method="filter_q", label=_("Search member"))
    direction = django_filters.ChoiceFilter(choices=DIRECTIONS, method="filter_direction", label=_("Direction"))
    status = django_filters.ChoiceFilter(choices=TransferStatus.choices, label=_("Status"))
    started_from = django_filters.DateFilter(field_name="started_at", lookup_expr="date__gte", label=_("Started from"))
    started_to = django_filters.DateFilter(field_name="started_at", lookup_expr="date__lte", label=_("Started to"))

    class Meta:
        model = Transfer
        fields = ["q", "direction", "status", "started_from", "started_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["q"].field.widget.attrs["placeholder"] = _("ID number, phone, member number or name")

    def filter_q(self, queryset, name, value):
        return queryset.filter(selectors.transfer_search_q(value))

    def filter_direction(self, queryset, name, value):
        user = _user(self)
        if value == "incoming":
            return queryset.filter(selectors.incoming_q(user))
        if value == "outgoing":
            return queryset.filter(selectors.outgoing_q(user))
        return queryset
