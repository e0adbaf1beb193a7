"""Filters of the contact and service-network lists, shared by the pages and the API."""

import datetime

import django_filters
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import ScopedFilterSet, SearchFilter, WithinFilter, YesNoFilter, date_range

from .choices import Channel, ConsultationKind, MeetingKind, PointKind, VisitKind
from .models import (
    CareVisit,
    Consultation,
    ContactArea,
    ContactAssignment,
    ContactVisit,
    CustodyAgreement,
    CustodyMember,
    Mediator,
    PartnerMeeting,
    ServicePoint,
)


class EndingFilter(django_filters.ChoiceFilter):
    """``ending=yes``: agreements whose term ends within 30 days (the workbench's item)."""

    def __init__(self, **kwargs):
        super().__init__(choices=(("yes", _("Yes")),), label=_("Ending within 30 days"), **kwargs)

    def filter(self, qs, value):
        if value != "yes":
            return qs
        today = timezone.localdate()
        return qs.filter(ends_on__gte=today, ends_on__lte=today + datetime.timedelta(days=30))


def _current():
    today = timezone.localdate()
    return Q(starts_on__lte=today, ends_on__gte=today)


class CustodyFilterSet(ScopedFilterSet):
    q = SearchFilter(("counterpart__icontains",), label=_("Counterpart"))
    within = WithinFilter("org")
    current = YesNoFilter(_current, label=_("In force"))
    ending = EndingFilter()
    starts_from, starts_to = date_range("starts_on", _("Starts from"), _("Starts to"))

    class Meta:
        model = CustodyAgreement
        fields = ["q", "within", "current", "ending", "starts_from", "starts_to"]


class CustodyMemberFilterSet(ScopedFilterSet):
    q = SearchFilter(("member__name__icontains", "member__member_no__istartswith", "agreement__counterpart__icontains"),
                     label=_("Member or counterpart"))
    within = WithinFilter("org")
    agreement = django_filters.NumberFilter(field_name="agreement_id", label=_("Agreement (id)"))

    class Meta:
        model = CustodyMember
        fields = ["q", "within", "agreement"]


class AreaFilterSet(ScopedFilterSet):
    q = SearchFilter(("name__icontains", "lead__icontains"), label=_("Name or lead"))
    within = WithinFilter("org")

    class Meta:
        model = ContactArea
        fields = ["q", "within"]


class ContactFilterSet(ScopedFilterSet):
    q = SearchFilter(("cadre__icontains", "unit__name__icontains"), label=_("Cadre or employer"))
    within = WithinFilter("org")
    current = YesNoFilter(lambda: Q(until__isnull=True) | Q(until__gte=timezone.localdate()), label=_("Current"))

    class Meta:
        model = ContactAssignment
        fields = ["q", "within", "current"]


class ContactVisitFilterSet(ScopedFilterSet):
    q = SearchFilter(("assignment__cadre__icontains", "assignment__unit__name__icontains", "problems__icontains"),
                     label=_("Cadre, employer or problem"))
    within = WithinFilter("org")
    visited_from, visited_to = date_range("visited_on", _("Visited from"), _("Visited to"))
    open_problems = YesNoFilter(Q(problems_solved__lt=F("problems_raised")),
                                label=_("Problems left unsolved"))

    class Meta:
        model = ContactVisit
        fields = ["q", "within", "visited_from", "visited_to", "open_problems"]


class CareVisitFilterSet(ScopedFilterSet):
    q = SearchFilter(("person__icontains", "visitors__icontains", "unit__name__icontains", "member__name__icontains"),
                     label=_("Person, employer or visitors"))
    within = WithinFilter("org")
    kind = django_filters.ChoiceFilter(choices=VisitKind.choices, label=_("Kind"))
    visited_from, visited_to = date_range("visited_on", _("Visited from"), _("Visited to"))

    class Meta:
        model = CareVisit
        fields = ["q", "within", "kind", "visited_from", "visited_to"]


class MeetingFilterSet(ScopedFilterSet):
    q = SearchFilter(("partners__icontains", "issues__icontains", "decisions__icontains"),
                     label=_("Partners, issues or decisions"))
    within = WithinFilter("org")
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices, label=_("Kind"))
    held_from, held_to = date_range("held_on", _("Held from"), _("Held to"))
    followed_up = YesNoFilter(Q(followed_up=True), label=_("Follow-up done"))

    class Meta:
        model = PartnerMeeting
        fields = ["q", "within", "kind", "held_from", "held_to", "followed_up"]


class PointFilterSet(ScopedFilterSet):
    q = SearchFilter(("name__icontains", "address__icontains", "services__icontains"),
                     label=_("Name, address or service"))
    within = WithinFilter("org")
    kind = django_filters.ChoiceFilter(choices=PointKind.choices, label=_("Kind"))
    active = YesNoFilter(Q(active=True), label=_("Open"))

    class Meta:
        model = ServicePoint
        fields = ["q", "within", "kind", "active"]


class MediatorFilterSet(ScopedFilterSet):
    q = SearchFilter(("name__icontains", "committee__icontains", "speciality__icontains"),
                     label=_("Name, committee or speciality"))
    within = WithinFilter("org")
    active = YesNoFilter(Q(active=True), label=_("Active"))

    class Meta:
        model = Mediator
        fields = ["q", "within", "active"]


class ConsultationFilterSet(ScopedFilterSet):
    q = SearchFilter(("subject__icontains", "answer__icontains"), label=_("Subject or answer"))
    within = WithinFilter("org")
    kind = django_filters.ChoiceFilter(choices=ConsultationKind.choices, label=_("Kind"))
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label=_("Channel"))
    consulted_from, consulted_to = date_range("consulted_on", _("Consulted from"), _("Consulted to"))

    class Meta:
        model = Consultation
        fields = ["q", "within", "kind", "channel", "consulted_from", "consulted_to"]
