import django_filters
from django import forms
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.filtersets import (
    ScopedFilterSet,
    SearchFilter,
    WithinFilter,
    YesNoFilter,
    date_range,
    filterset_for,
)

from .choices import ContestTitle, InnovationKind, ProposalStatus
from .models import (
    Competition,
    Contest,
    Entrant,
    Innovation,
    Mentorship,
    Participant,
    Proposal,
    Studio,
    TechAssociation,
)
from .selectors import waiting_q

ADOPTED = (ProposalStatus.ADOPTED, ProposalStatus.IMPLEMENTED)
WON = ~Q(title=ContestTitle.NONE)
UPGRADED = Q(grade_after__gt="") & ~Q(grade_after=F("grade_before"))
PATENTS = Q(kind__in=[InnovationKind.INVENTION, InnovationKind.PATENT]) & ~Q(patent_number="")


def by_id(field):
    return django_filters.NumberFilter(field_name=field, widget=forms.HiddenInput)


class CompetitionFilterSet(ScopedFilterSet):
    q = SearchFilter(("title__icontains", "org__name__icontains"))
    within = WithinFilter("org")
    starts_from, starts_to = date_range("starts_on", _("Starts from"), _("Starts until"))

    class Meta:
        model = Competition
        fields = ["q", "within", "kind", "starts_from", "starts_to"]


class ParticipantFilterSet(ScopedFilterSet):
    q = SearchFilter(("name__icontains", "employer_name__icontains", "competition__title__icontains"))
    within = WithinFilter("org")
    competition = by_id("competition")
    starts_from, starts_to = date_range("competition__starts_on", _("Competition starts from"),
                                        _("Competition starts until"))

    class Meta:
        model = Participant
        fields = ["q", "within", "competition", "kind", "starts_from", "starts_to"]


class ContestFilterSet(ScopedFilterSet):
    q = SearchFilter(("title__icontains", "trade__icontains", "org__name__icontains"))
    within = WithinFilter("org")
    held_from, held_to = date_range("held_on", _("Held from"), _("Held until"))

    class Meta:
        model = Contest
        fields = ["q", "within", "level", "held_from", "held_to"]


class EntrantFilterSet(ScopedFilterSet):
    q = SearchFilter(("worker_name__icontains", "employer_name__icontains", "contest__trade__icontains"))
    within = WithinFilter("contest__org")
    contest = by_id("contest")
    won = YesNoFilter(WON, label=_("With a title"))
    upgraded = YesNoFilter(UPGRADED, label=_("Grade raised"))
    held_from, held_to = date_range("contest__held_on", _("Held from"), _("Held until"))

    class Meta:
        model = Entrant
        fields = ["q", "within", "contest", "title", "won", "upgraded", "held_from", "held_to"]


def _waiting():
    return waiting_q(timezone.localdate())


class ProposalFilterSet(ScopedFilterSet):
    q = SearchFilter(("title__icontains", "author_name__icontains", "unit_name__icontains"))
    within = WithinFilter("org")
    adopted = YesNoFilter(Q(status__in=ADOPTED), label=_("Adopted"))
    waiting = YesNoFilter(_waiting, label=_("Waiting too long"))
    filed_from, filed_to = date_range("filed_on", _("Filed from"), _("Filed until"))
    implemented_from, implemented_to = date_range("implemented_on", _("Implemented from"), _("Implemented until"))

    class Meta:
        model = Proposal
        fields = ["q", "within", "status", "category", "adopted", "waiting", "filed_from", "filed_to",
                  "implemented_from", "implemented_to"]


class InnovationFilterSet(ScopedFilterSet):
    q = SearchFilter(("title__icontains", "workers__icontains", "named_after__icontains"))
    within = WithinFilter("org")
    patented = YesNoFilter(PATENTS, label=_("Patented"))
    studio = by_id("studio")
    achieved_from, achieved_to = date_range("achieved_on", _("Achieved from"), _("Achieved until"))

    class Meta:
        model = Innovation
        fields = ["q", "within", "kind", "patented", "studio", "achieved_from", "achieved_to"]


class StudioFilterSet(ScopedFilterSet):
    q = SearchFilter(("name__icontains", "lead_name__icontains", "employer_name__icontains"))
    within = WithinFilter("org")
    recognised_from, recognised_to = date_range("recognised_on", _("Recognised from"), _("Recognised until"))

    class Meta:
        model = Studio
        fields = ["q", "within", "kind", "level", "recognised_from", "recognised_to"]


AssociationFilterSet = filterset_for(TechAssociation, search=("name__icontains", "lead_name__icontains"),
                                     within="org")


class MentorshipFilterSet(ScopedFilterSet):
    q = SearchFilter(("master_name__icontains", "apprentice_name__icontains", "trade__icontains"))
    within = WithinFilter("org")
    starts_from, starts_to = date_range("starts_on", _("Starts from"), _("Starts until"))

    class Meta:
        model = Mentorship
        fields = ["q", "within", "starts_from", "starts_to"]
