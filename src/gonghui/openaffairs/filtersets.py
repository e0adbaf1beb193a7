"""Filters of the open-affairs lists, shared by the pages and the API."""

import django_filters
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import ScopedFilterSet, SearchFilter, WithinFilter, YesNoFilter, date_range
from gonghui.orgs.models import EmployerUnit

from .choices import (
    PUBLIC_OWNERSHIPS,
    Category,
    DisclosureForm,
    Frequency,
    PostingStatus,
    ProblemStatus,
    Sector,
    SystemKind,
)
from .models import DisclosureItem, Inspection, OpenAffairsSystem, Posting, Problem
from .selectors import overdue_postings_q, overdue_problems_q


class SectorFilter(django_filters.ChoiceFilter):
    """Public (state-owned, collective, public institutions) or non-public employers, by ``field``'s ownership."""

    def __init__(self, field="ownership", **kwargs):
        self.ownership_field = field
        super().__init__(choices=Sector.choices, label=_("Sector"), **kwargs)

    def filter(self, qs, value):
        if value == Sector.PUBLIC:
            return qs.filter(**{f"{self.ownership_field}__in": PUBLIC_OWNERSHIPS})
        if value == Sector.NON_PUBLIC:
            return qs.exclude(**{f"{self.ownership_field}__in": PUBLIC_OWNERSHIPS})
        return qs


ESTABLISHED = Q(open_affairs__established=True)


class EmployerFilterSet(ScopedFilterSet):
    """Employers that should have the system (they have a union), counted at their covering union."""

    q = SearchFilter(("name__icontains", "credit_code__istartswith"), label=_("Name or credit code"))
    within = WithinFilter("union", label=_("Covered within (organisation code)"))
    sector = SectorFilter()
    established = YesNoFilter(ESTABLISHED, label=_("System established"))

    class Meta:
        model = EmployerUnit
        fields = ["q", "within", "sector", "established"]


class SystemFilterSet(ScopedFilterSet):
    q = SearchFilter(("unit__name__icontains", "leading_group__icontains"), label=_("Employer"))
    within = WithinFilter("org")
    kind = django_filters.ChoiceFilter(choices=SystemKind.choices, label=_("Kind"))
    established = YesNoFilter(Q(established=True), label=_("System established"))
    sector = SectorFilter("unit__ownership")

    class Meta:
        model = OpenAffairsSystem
        fields = ["q", "within", "kind", "established", "sector"]


class ItemFilterSet(ScopedFilterSet):
    q = SearchFilter(("title__icontains", "department__icontains", "system__unit__name__icontains"),
                     label=_("Item, department or employer"))
    within = WithinFilter("org")
    system = django_filters.NumberFilter(field_name="system_id", label=_("Open-affairs system (id)"))
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("Category"))
    frequency = django_filters.ChoiceFilter(choices=Frequency.choices, label=_("Frequency"))
    form = django_filters.ChoiceFilter(choices=DisclosureForm.choices, label=_("Form of disclosure"))
    active = YesNoFilter(Q(active=True), label=_("In use"))

    class Meta:
        model = DisclosureItem
        fields = ["q", "within", "system", "category", "frequency", "form", "active"]


class PostingFilterSet(ScopedFilterSet):
    q = SearchFilter(("item__title__icontains", "item__system__unit__name__icontains", "period__istartswith"),
                     label=_("Item, employer or period"))
    within = WithinFilter("org")
    item = django_filters.NumberFilter(field_name="item_id", label=_("Disclosure item (id)"))
    status = django_filters.ChoiceFilter(choices=PostingStatus.choices, label=_("Status"))
    overdue = YesNoFilter(lambda: overdue_postings_q(timezone.localdate()), label=_("Overdue"))
    on_time = YesNoFilter(Q(status=PostingStatus.POSTED, posted_on__lte=F("period_end")), label=_("Posted on time"))
    due_from, due_to = date_range("period_end", _("Due from"), _("Due to"))
    category = django_filters.ChoiceFilter(field_name="item__category", choices=Category.choices,
                                           label=_("Category"))

    class Meta:
        model = Posting
        fields = ["q", "within", "item", "status", "overdue", "on_time", "due_from", "due_to", "category"]


class InspectionFilterSet(ScopedFilterSet):
    q = SearchFilter(("system__unit__name__icontains", "inspectors__icontains"), label=_("Employer or inspector"))
    within = WithinFilter("org")
    inspected_from, inspected_to = date_range("inspected_on", _("Inspected from"), _("Inspected to"))

    class Meta:
        model = Inspection
        fields = ["q", "within", "inspected_from", "inspected_to"]


class ProblemFilterSet(ScopedFilterSet):
    q = SearchFilter(("description__icontains", "inspection__system__unit__name__icontains"),
                     label=_("Problem or employer"))
    within = WithinFilter("org")
    status = django_filters.ChoiceFilter(choices=ProblemStatus.choices, label=_("Status"))
    overdue = YesNoFilter(lambda: overdue_problems_q(timezone.localdate()), label=_("Past the deadline"))
    deadline_from, deadline_to = date_range("deadline", _("Deadline from"), _("Deadline to"))

    class Meta:
        model = Problem
        fields = ["q", "within", "status", "overdue", "deadline_from", "deadline_to"]
