import datetime

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.filtersets import ScopedFilterSet, SearchFilter, WithinFilter, YesNoFilter, date_range
from gonghui.orgs.models import EmployerUnit

from .choices import MOTION_REMIND_DAYS, PUBLIC_OWNERSHIPS, ItemResult, MotionStatus, SessionStatus
from .models import AgendaItem, Congress, Delegate, EmployerRule, Motion, Session, Setup, StarRating

ESTABLISHED = Q(congress_setup__established_on__isnull=False)
HELD = Q(status__in=[SessionStatus.HELD, SessionStatus.CLOSED])
# 规范: held by its date, with a quorum, and at least one resolution passed
STANDARD = HELD & Q(has_quorum=True, items__result=ItemResult.PASSED) & (Q(due_on__isnull=True)
                                                                        | Q(held_on__lte=F("due_on")))
ANSWERED = (MotionStatus.ANSWERED, MotionStatus.IMPLEMENTED)
ACCEPTED = (MotionStatus.ACCEPTED, MotionStatus.ASSIGNED, *ANSWERED)


def by_id(field):
    """A record's id (the congress of a delegate list): hidden, never a drop-down of every record in the table."""
    return django_filters.NumberFilter(field_name=field, widget=forms.HiddenInput)


def _overdue():
    return Q(status=MotionStatus.ASSIGNED, reply_due__lt=timezone.localdate())


def _due_soon():
    today = timezone.localdate()
    return Q(status=MotionStatus.ASSIGNED, reply_due__gte=today,
             reply_due__lte=today + datetime.timedelta(days=MOTION_REMIND_DAYS))


class EmployerFilterSet(ScopedFilterSet):
    q = SearchFilter(("name__icontains", "credit_code__istartswith"), label=_("Name or credit code"))
    within = WithinFilter("area_org", label=_("Registered within (organisation code)"))
    public = YesNoFilter(Q(ownership__in=PUBLIC_OWNERSHIPS), label=_("Public ownership"))
    established = YesNoFilter(ESTABLISHED, label=_("Congress system set up"))

    class Meta:
        model = EmployerUnit
        fields = ["q", "within", "public", "established"]


class SetupFilterSet(ScopedFilterSet):
    q = SearchFilter(("unit__name__icontains", "org__name__icontains"))
    within = WithinFilter("org")
    established = YesNoFilter(Q(established_on__isnull=False), label=_("Set up"))

    class Meta:
        model = Setup
        fields = ["q", "within", "form", "body", "established"]


class CongressFilterSet(ScopedFilterSet):
    q = SearchFilter(("title__icontains", "org__name__icontains"))
    within = WithinFilter("org")

    class Meta:
        model = Congress
        fields = ["q", "within", "body"]


class DelegateFilterSet(ScopedFilterSet):
    congress = by_id("congress")
    q = SearchFilter(("member__name__icontains", "constituency__icontains"))
    within = WithinFilter("congress__org")

    class Meta:
        model = Delegate
        fields = ["q", "within", "congress", "category"]


class SessionFilterSet(ScopedFilterSet):
    congress = by_id("congress")
    within = WithinFilter("congress__org")
    held = YesNoFilter(HELD, label=_("Held"))
    standard = YesNoFilter(STANDARD, label=_("Held to standard"))
    held_from, held_to = date_range("held_on", _("Held from"), _("Held until"))

    class Meta:
        model = Session
        fields = ["within", "congress", "kind", "status", "held", "standard", "held_from", "held_to"]

    def filter_queryset(self, queryset):
        # "standard" follows the items: keep one row per session
        return super().filter_queryset(queryset).distinct()


class MotionFilterSet(ScopedFilterSet):
    congress = by_id("congress")
    q = SearchFilter(("title__icontains", "filer_name__icontains", "department__icontains"))
    within = WithinFilter("congress__org")
    answered = YesNoFilter(Q(status__in=ANSWERED), label=pgettext_lazy("motion", "Answered"))
    accepted = YesNoFilter(Q(status__in=ACCEPTED), label=_("Accepted as a motion"))
    overdue = YesNoFilter(_overdue, label=_("Reply overdue"))
    due_soon = YesNoFilter(_due_soon, label=_("Reply due within a week"))
    filed_from, filed_to = date_range("filed_on", _("Filed from"), _("Filed until"))

    class Meta:
        model = Motion
        fields = ["q", "within", "congress", "status", "answered", "accepted", "overdue", "due_soon", "filed_from",
                  "filed_to"]


class RuleFilterSet(ScopedFilterSet):
    unit = by_id("unit")
    q = SearchFilter(("title__icontains", "unit__name__icontains"))
    within = WithinFilter("org")
    passed = YesNoFilter(Q(item__result=ItemResult.PASSED), label=_("Passed by the congress"))
    deliberated = YesNoFilter(Q(item__isnull=False), label=_("Put to the congress"))
    adopted_from, adopted_to = date_range("adopted_on", _("Adopted from"), _("Adopted until"))

    class Meta:
        model = EmployerRule
        fields = ["q", "within", "unit", "kind", "passed", "deliberated", "adopted_from", "adopted_to"]


class StarFilterSet(ScopedFilterSet):
    within = WithinFilter("congress__org")
    rated_from, rated_to = date_range("rated_on", _("Rated from"), _("Rated until"))

    class Meta:
        model = StarRating
        fields = ["within", "year", "stars", "rated_from", "rated_to"]


class ItemFilterSet(ScopedFilterSet):
    session = by_id("session")
    within = WithinFilter("session__congress__org")

    class Meta:
        model = AgendaItem
        fields = ["session", "within", "kind", "result"]
