"""Writes of competitions and mass innovation: each checks the right at the union, validates (errors name the
field, in Chinese through gettext), writes the change log, in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, scope
from gonghui.core.services import save_object
from gonghui.core.validators import check_not_before, check_not_future, parse_money, require_reason
from gonghui.core.workflow import transition

from .choices import ContestTitle, ProposalStatus
from .models import Competition, Contest, Entrant, Innovation, Participant, Proposal, Studio


def _within(org, ancestor):
    return org is not None and ancestor is not None and org.path.startswith(ancestor.path)


def _fields(data, names):
    return [f for f in names if f in data]


# --- labour competitions ----------------------------------------------------------------------------------------------

COMPETITION_FIELDS = ("org", "title", "kind", "starts_on", "ends_on", "stages", "description", "results")


@transaction.atomic
def save_competition(user, competition, **data):
    competition = competition or Competition()
    starts = data.get("starts_on", competition.starts_on)
    ends = data.get("ends_on", competition.ends_on)
    check_not_before(ends, starts, "ends_on", _("A competition cannot end before it starts."))
    return save_object(user, competition, data, fields=_fields(data, COMPETITION_FIELDS))


PARTICIPANT_FIELDS = ("competition", "org", "kind", "name", "employer_name", "headcount", "score", "rank", "result")


@transaction.atomic
def save_participant(user, participant, **data):
    """Enter a participant (or edit one): the union entering it is the organiser or a union below it (a higher
    union's competition is joined by its subtree)."""
    participant = participant or Participant()
    competition = data.get("competition") or participant.competition
    org = data.get("org") or (participant.org if participant.org_id else None)
    if competition is not None and org is not None and not _within(org, competition.org):
        raise ValidationError({"org": _("Only the organising union (%(org)s) or a union below it may enter "
                                         "participants in this competition.") % {"org": competition.org.name}})
    name = (data.get("name", participant.name) or "").strip()
    employer = (data.get("employer_name", participant.employer_name) or "").strip()
    kind = data.get("kind", participant.kind)
    if competition is not None and name and Participant.objects.filter(
            competition=competition, kind=kind, name=name, employer_name=employer).exclude(pk=participant.pk).exists():
        raise ValidationError({"name": _("This participant is already in the competition.")})
    return save_object(user, participant, data, fields=_fields(data, PARTICIPANT_FIELDS))


# --- skill contests ---------------------------------------------------------------------------------------------------

CONTEST_FIELDS = ("org", "title", "trade", "level", "held_on", "next_level", "note")


@transaction.atomic
def save_contest(user, contest, **data):
    contest = contest or Contest()
    nxt = data.get("next_level", contest.next_level if contest.next_level_id else None)
    org = data.get("org") or (contest.org if contest.org_id else None)
    if nxt is not None:
        if contest.pk and nxt.pk == contest.pk:
            raise ValidationError({"next_level": _("A contest cannot send its winners up to itself.")})
        if org is not None and not _within(org, nxt.org):
            raise ValidationError({"next_level": _("The next level's contest must be held by a union above this "
                                                   "one.")})
        if nxt.trade.strip() != (data.get("trade", contest.trade) or "").strip():
            raise ValidationError({"next_level": _("The next level's contest must be of the same trade.")})
    return save_object(user, contest, data, fields=_fields(data, CONTEST_FIELDS))


ENTRANT_FIELDS = ("contest", "worker_name", "employer_name", "round", "score", "rank", "title", "grade_before",
                  "grade_after")


@transaction.atomic
def save_entrant(user, entrant, **data):
    """Enter a worker in a contest (once per contest, that is per trade), or record the round's score, rank, title
    and the grade the worker rose to. A rank is unique within a round."""
    entrant = entrant or Entrant()
    contest = data.get("contest") or entrant.contest
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    name = (data.get("worker_name", entrant.worker_name) or "").strip()
    employer = (data.get("employer_name", entrant.employer_name) or "").strip()
    errors = {}
    others = Entrant.objects.filter(contest=contest).exclude(pk=entrant.pk)
    if name and others.filter(worker_name=name, employer_name=employer).exists():
        errors["worker_name"] = _("This worker is already entered in this contest (once per trade).")
    rank = data.get("rank", entrant.rank)
    rnd = data.get("round", entrant.round) or 1
    if rank is not None and others.filter(round=rnd, rank=rank).exists():
        errors["rank"] = _("Another entrant already has rank %(rank)s in round %(round)s.") % {"rank": rank,
                                                                                               "round": rnd}
    if errors:
        raise ValidationError(errors)
    return save_object(user, entrant, data, fields=_fields(data, ENTRANT_FIELDS))


@transaction.atomic
def send_up(user, entrant):
    """Send a winner up to the next level's contest: the entry is created there, linked to this one."""
    entrant = Entrant.objects.select_for_update(of=("self",)).select_related("contest__next_level__org").get(
        pk=entrant.pk)
    nxt = entrant.contest.next_level
    if nxt is None:
        raise ValidationError(_("This contest has no next level's contest to send winners to."))
    scope.require(user, "change", entrant.contest.org)
    if entrant.rank is None and entrant.title == ContestTitle.NONE:
        raise ValidationError(_("Only a ranked entrant or one with a title can be sent up."))
    if Entrant.objects.filter(sent_from=entrant).exists():
        raise ValidationError(_("This entrant has already been sent up."))
    if Entrant.objects.filter(contest=nxt, worker_name=entrant.worker_name,
                              employer_name=entrant.employer_name).exists():
        raise ValidationError(_("This worker is already entered in the next level's contest."))
    up = Entrant(contest=nxt, worker_name=entrant.worker_name, employer_name=entrant.employer_name,
                 grade_before=entrant.grade_after or entrant.grade_before, sent_from=entrant)
    up.full_clean()
    up.save()
    audit.created(up, user, org=nxt.org)
    return up


# --- rationalisation proposals ----------------------------------------------------------------------------------------

PROPOSAL_FIELDS = ("org", "title", "content", "category", "unit_name", "author_name", "co_authors", "filed_on")


def _next_number(org):
    return (Proposal.objects.filter(org=org).aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def file_proposal(user, proposal, **data):
    """File a proposal for a worker (staff), or edit one not yet decided on; numbered within its union."""
    if proposal is not None:
        if proposal.status not in (ProposalStatus.FILED, ProposalStatus.EVALUATED):
            raise ValidationError(_("The proposal has been decided on: it can no longer be edited."))
        return save_object(user, proposal, data, fields=_fields(data, PROPOSAL_FIELDS))
    if not (data.get("author_name") or "").strip():
        raise ValidationError({"author_name": _("Name the worker who proposes it.")})
    org = data["org"]
    scope.require(user, "change", org)
    org.__class__.objects.select_for_update().filter(pk=org.pk).first()
    return save_object(user, Proposal(number=_next_number(org)), data, fields=_fields(data, PROPOSAL_FIELDS))


@transaction.atomic
def submit_proposal(user, member, *, title, content, category, co_authors=""):
    """A member's proposal from the portal (金点子): filed with the member's union, in the member's name."""
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Give the proposal a title.")
    if not (content or "").strip():
        errors["content"] = _("Write what you propose.")
    if errors:
        raise ValidationError(errors)
    org = member.org
    org.__class__.objects.select_for_update().filter(pk=org.pk).first()
    proposal = Proposal(org=org, number=_next_number(org), title=title.strip(), content=content.strip(),
                        category=category, author_name=member.name, author=member,
                        co_authors=(co_authors or "").strip(), filed_on=timezone.localdate())
    proposal.full_clean()
    proposal.save()
    audit.created(proposal, user, org=org)
    return proposal


@transaction.atomic
def evaluate_proposal(user, proposal, *, score, evaluation=""):
    if score is None or not 0 <= score <= 100:
        raise ValidationError({"score": _("The score is a number from 0 to 100.")})
    return transition(proposal, user, "evaluate", changes={"score": score, "evaluation": (evaluation or "").strip()})


@transaction.atomic
def adopt_proposal(user, proposal, *, decided_on=None, reason=""):
    decided_on = decided_on or timezone.localdate()
    errors = {}
    check_not_future(decided_on, "decided_on", errors=errors)
    check_not_before(decided_on, proposal.filed_on, "decided_on",
                     _("It cannot be decided on before it was filed."), errors=errors)
    if errors:
        raise ValidationError(errors)
    return transition(proposal, user, "adopt", changes={"decided_on": decided_on,
                                                        "decision_reason": (reason or "").strip()})


@transaction.atomic
def reject_proposal(user, proposal, *, reason, decided_on=None):
    reason = require_reason(reason, _("Say why the proposal is not adopted."))
    return transition(proposal, user, "reject", changes={"decided_on": decided_on or timezone.localdate(),
                                                         "decision_reason": reason}, note=reason)


@transaction.atomic
def implement_proposal(user, proposal, *, implemented_on, value, reward=0):
    errors = {}
    value = parse_money(value, "value", errors=errors)
    reward = parse_money(reward, "reward", errors=errors)
    check_not_future(implemented_on, "implemented_on", errors=errors)
    check_not_before(implemented_on, proposal.decided_on or proposal.filed_on, "implemented_on",
                     _("It cannot be implemented before it was adopted."), errors=errors)
    if errors:
        raise ValidationError(errors)
    return transition(proposal, user, "implement", changes={
        "implemented_on": implemented_on or timezone.localdate(), "value": value, "reward": reward})


# --- innovations and studios ------------------------------------------------------------------------------------------

INNOVATION_FIELDS = ("org", "kind", "title", "workers", "employer_name", "achieved_on", "patent_number",
                     "named_after", "benefit", "studio", "proposal", "description")


@transaction.atomic
def save_innovation(user, innovation, **data):
    innovation = innovation or Innovation()
    org = data.get("org") or (innovation.org if innovation.org_id else None)
    for field in ("studio", "proposal"):
        linked = data.get(field)
        if linked is not None and org is not None and not _within(linked.org, org) and not _within(org, linked.org):
            raise ValidationError({field: _("The linked record must belong to this union's line.")})
    if data.get("kind", innovation.kind) == "patent" and not (data.get("patent_number", innovation.patent_number)
                                                              or "").strip():
        raise ValidationError({"patent_number": _("Give the patent number.")})
    return save_object(user, innovation, data, fields=_fields(data, INNOVATION_FIELDS))


STUDIO_FIELDS = ("org", "name", "kind", "employer_name", "lead_name", "members", "level", "recognised_on", "note")


@transaction.atomic
def save_studio(user, studio, **data):
    return save_object(user, studio or Studio(), data, fields=_fields(data, STUDIO_FIELDS))
