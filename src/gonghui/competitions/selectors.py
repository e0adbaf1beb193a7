"""Reads of competitions and mass innovation, every one scoped to the user."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core import scope
from gonghui.core.workbench import todo_item

from .choices import PROPOSAL_REMIND_DAYS, ProposalStatus
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


def _ancestors_q(user, field):
    """The records held by a union above the user's scope (a higher union's competition or contest), or any for a
    user without limits."""
    if scope.is_unrestricted(user):
        return Q()
    paths = set()
    for path in scope.scope_paths(user):
        paths.update(path[:n] for n in range(len(path), 0, -4))
    return Q(**{f"{field}__path__in": sorted(paths)})


def competitions_for(user):
    return Competition.objects.for_user(user).select_related("org")


def joinable_competitions(user):
    """Competitions a user's unions may enter participants in: their own and those of the unions above them."""
    return Competition.objects.filter(Q(pk__in=Competition.objects.for_user(user).values("pk"))
                                      | _ancestors_q(user, "org")).select_related("org")


def participants_for(user):
    return Participant.objects.for_user(user).select_related("competition", "org")


def contests_for(user):
    return Contest.objects.for_user(user).select_related("org", "next_level")


def higher_contests(user):
    """Contests a user's contests may send winners up to: their own and those of the unions above them."""
    return Contest.objects.filter(Q(pk__in=Contest.objects.for_user(user).values("pk"))
                                  | _ancestors_q(user, "org")).select_related("org")


def entrants_for(user):
    return Entrant.objects.for_user(user).select_related("contest__org", "contest__next_level")


def proposals_for(user):
    return Proposal.objects.for_user(user).select_related("org")


def innovations_for(user):
    return Innovation.objects.for_user(user).select_related("org", "studio", "proposal")


def studios_for(user):
    return Studio.objects.for_user(user).select_related("org")


def waiting_q(today):
    """Proposals filed or evaluated and not decided on for longer than the reminder period."""
    return Q(status__in=[ProposalStatus.FILED, ProposalStatus.EVALUATED],
             filed_on__lt=today - datetime.timedelta(days=PROPOSAL_REMIND_DAYS))


def workbench_todo(user, today):
    url = reverse("competitions:proposal_list")
    return [
        todo_item("competitions_proposals_waiting", _("Proposals waiting too long for a decision"),
                  proposals_for(user).filter(waiting_q(today)).order_by("filed_on", "id"), f"{url}?waiting=yes",
                  urgency="overdue", when="filed_on"),
        todo_item("competitions_proposals_filed", _("Proposals to evaluate"),
                  proposals_for(user).filter(status=ProposalStatus.FILED).order_by("filed_on", "id"),
                  f"{url}?status={ProposalStatus.FILED}", urgency="open", when="filed_on"),
    ]


def associations_for(user):
    return TechAssociation.objects.for_user(user).select_related("org")


def mentorships_for(user):
    return Mentorship.objects.for_user(user).select_related("org")
