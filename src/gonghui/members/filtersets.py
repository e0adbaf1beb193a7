"""Filters shared by the member pages and the API (one FilterSet serves both)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.filtersets import (
    ScopedFilterSet,
    SearchFilter,
    WithinFilter,
    YesNoFilter,
    date_range,
)
from gonghui.orgs.choices import Industry, Ownership

from . import selectors
from .choices import (
    COUNTED_MEMBER_STATUSES,
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


# --- the member lists --------------------------------------------------------------------------------------------


class PersonSearchFilter(SearchFilter):
    """``q``: what the one search box means (an ID number, a phone, a record's number or part of a name), as
    ``query(value) -> Q`` reads it (``selectors.search_q`` and its variants)."""

    def __init__(self, query, placeholder, label=None, **kwargs):
        self.query = query
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": placeholder}))
        super().__init__((), label=label, **kwargs)

    def filter(self, qs, value):
        value = (value or "").strip()
        return qs.filter(self.query(value)) if value else qs


class MemberFilterSet(ScopedFilterSet):
    """Serves the member list page and ``/api/v1/members/``."""

    q = PersonSearchFilter(selectors.search_q, _("ID number, phone, member number or name"))
    status = django_filters.ChoiceFilter(choices=MemberStatus.choices, label=_("Status"))
    employment_type = ChoiceOrNoneFilter(choices=EmploymentType.choices, label=_("Employment type"))
    gender = django_filters.ChoiceFilter(choices=Gender.choices, label=_("Gender"))
    education = ChoiceOrNoneFilter(choices=Education.choices, label=pgettext_lazy("schooling", "Education"))
    political_status = ChoiceOrNoneFilter(choices=PoliticalStatus.choices, label=_("Political status"))
    within = WithinFilter("org")
    unit = django_filters.CharFilter(method="filter_unit", label=_("Employer unit (credit code)"))
    joined_from, joined_to = date_range("join_date", _("Joined from"), _("Joined to"))
    in_membership = YesNoFilter(Q(status__in=COUNTED_MEMBER_STATUSES), label=_("Counted as a member"))
    born_from, born_to = date_range("birth_date", _("Born from"), _("Born to"))
    unit_ownership = UnitChoiceFilter(field_name="ownership", choices=Ownership.choices, label=_("Employer ownership"))
    unit_industry = UnitChoiceFilter(field_name="industry", choices=Industry.choices, label=_("Employer industry"))

    class Meta:
        model = Member
        fields = [
            "q", "status", "employment_type", "gender", "education", "political_status", "within", "unit",
            "joined_from", "joined_to", "in_membership", "born_from", "born_to", "unit_ownership", "unit_industry",
        ]

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


class ApplicationFilterSet(ScopedFilterSet):
    """Serves the join application list and ``/api/v1/join-applications/``."""

    q = PersonSearchFilter(selectors.application_search_q, _("ID number, phone, reference number or name"))
    status = django_filters.ChoiceFilter(choices=ApplicationStatus.choices, label=_("Status"))
    channel = django_filters.ChoiceFilter(choices=ApplicationChannel.choices, label=_("Channel"))
    within = WithinFilter("org")
    submitted_from, submitted_to = date_range("created_at", _("Submitted from"), _("Submitted to"), lookup="date__")

    class Meta:
        model = JoinApplication
        fields = ["q", "status", "channel", "within", "submitted_from", "submitted_to"]


class TransferFilterSet(ScopedFilterSet):
    """Serves the transfer list and ``/api/v1/transfers/``. ``direction`` is seen from the user's unions."""

    DIRECTIONS = (("incoming", _("Incoming (to my unions)")), ("outgoing", _("Outgoing (from my unions)")))

    q = PersonSearchFilter(selectors.transfer_search_q, _("ID number, phone, member number or name"),
                           label=_("Search member"))
    direction = django_filters.ChoiceFilter(choices=DIRECTIONS, method="filter_direction", label=_("Direction"))
    status = django_filters.ChoiceFilter(choices=TransferStatus.choices, label=_("Status"))
    started_from, started_to = date_range("started_at", _("Started from"), _("Started to"), lookup="date__")

    class Meta:
        model = Transfer
        fields = ["q", "direction", "status", "started_from", "started_to"]

    def filter_direction(self, queryset, name, value):
        if value == "incoming":
            return queryset.filter(selectors.incoming_q(self.user))
        if value == "outgoing":
            return queryset.filter(selectors.outgoing_q(self.user))
        return queryset
