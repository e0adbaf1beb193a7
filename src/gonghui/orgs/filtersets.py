"""Filters shared by the pages and the API (``/api/v1/orgs/``, ``/api/v1/units/``)."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import ScopedFilterSet, SearchFilter, WithinFilter, YesNoFilter, date_range

from .choices import (
    LIVE_STATUSES,
    CommitteeKind,
    Industry,
    OperatingStatus,
    OrgLevel,
    OrgStatus,
    OrgType,
    Ownership,
    SalesBand,
)
from .models import CommitteeMember, EmployerUnit, Organisation


def _has_women_committee():
    return Exists(CommitteeMember.objects.filter(org=OuterRef("pk"), committee=CommitteeKind.WOMEN))


def _should_have_union():
    """Units that should have a union: covered already, or the census rule says so (``orgs.census``)."""
    return Q(union__isnull=False) | Q(should_have_union=True)


class OrganisationFilterSet(ScopedFilterSet):
    q = SearchFilter(("name__icontains", "code__istartswith"), label=_("Name or code"))
    org_type = django_filters.ChoiceFilter(choices=OrgType.choices, label=_("Type"))
    level = django_filters.ChoiceFilter(choices=OrgLevel.choices, label=_("Level"))
    status = django_filters.ChoiceFilter(choices=OrgStatus.choices, label=_("Status"))
    within = WithinFilter("", label=_("Within (organisation code)"))
    election_due_before = django_filters.DateFilter(
        field_name="next_election_due", lookup_expr="lte", label=_("Election due by")
    )
    live = YesNoFilter(Q(status__in=LIVE_STATUSES), label=_("Live (preparing or active)"))
    founded_from, founded_to = date_range("founded_on", _("Founded from"), _("Founded to"))
    women_committee = YesNoFilter(_has_women_committee, label=_("Has a women workers' committee"))

    class Meta:
        model = Organisation
        fields = ["q", "org_type", "level", "status", "within", "election_due_before", "live", "founded_from",
                  "founded_to", "women_committee"]


class EmployerUnitFilterSet(ScopedFilterSet):
    q = SearchFilter(("name__icontains", "credit_code__istartswith"), label=_("Name or credit code"))
    ownership = django_filters.ChoiceFilter(choices=Ownership.choices, label=_("Ownership"))
    industry = django_filters.ChoiceFilter(choices=Industry.choices, label=_("Industry"))
    has_union = YesNoFilter(Q(union__isnull=False), label=_("Has a union"))
    within = WithinFilter("area_org", label=_("Registered within (organisation code)"))
    employees_min = django_filters.NumberFilter(
        field_name="employee_count", lookup_expr="gte", label=_("At least this many employees"), min_value=0
    )
    required = YesNoFilter(_should_have_union, label=_("Should have a union"))
    operating_status = django_filters.ChoiceFilter(choices=OperatingStatus.choices, label=_("Operating status"))
    sales_band = django_filters.ChoiceFilter(choices=SalesBand.choices, label=_("Annual sales"))

    class Meta:
        model = EmployerUnit
        fields = ["q", "ownership", "industry", "has_union", "within", "employees_min", "required",
                  "operating_status", "sales_band"]
