"""Writes of organisation building: each checks the right at the union (the level above for reviews and
approvals), validates with messages on the fields, writes the change log, in one transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from gonghui.core import audit, scope
from gonghui.core.attachments import atomic_with_files, store_upload
from gonghui.core.services import save_object
from gonghui.core.validators import check_not_before, check_not_future
from gonghui.core.workflow import transition
from gonghui.orgs import services as org_services
from gonghui.orgs.choices import CommitteeKind, CommitteePosition

from .choices import ApprovalKind, ApprovalStatus, ArchiveKind, CadrePosition, ElectionStatus
from .models import STORAGE, Approval, ArchiveDocument, Cadre, Candidate, Election, Term


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _level_above(org):
    parent = org.get_parent() if org.depth > 1 else None
    if parent is None:
        raise ValidationError({"org": _("The top of the union tree has no level above to review or approve.")})
    return parent


# --- cadres -------------------------------------------------------------------------------------------------------

CADRE_FIELDS = ("org", "name", "position", "engagement", "rank", "on_party_committee", "member", "appointed_on",
                "left_on", "leave_reason")


@transaction.atomic
def save_cadre(user, cadre, **data):
    """Appoint (or edit) a cadre; a departure is a date left with its reason. A union has one chair in post."""
    cadre = cadre or Cadre()
    merged = {f: data.get(f, getattr(cadre, f, None)) for f in CADRE_FIELDS}
    errors = {}
    if merged["appointed_on"] and merged["left_on"] and merged["left_on"] < merged["appointed_on"]:
        errors["left_on"] = _("The departure cannot come before the appointment.")
    if merged["left_on"] and not (merged["leave_reason"] or "").strip():
        errors["leave_reason"] = _("Say why the cadre left (transfer, retirement, election, ...).")
    member = merged["member"]
    if member is not None and merged["org"] is not None and not member.org.path.startswith(merged["org"].path):
        errors["member"] = _("Choose a member of this union or of a union under it.")
    if (merged["position"] == CadrePosition.CHAIR and not merged["left_on"] and merged["org"] is not None
            and Cadre.objects.filter(org=merged["org"], position=CadrePosition.CHAIR, left_on__isnull=True)
            .exclude(pk=cadre.pk).exists()):
        errors["position"] = _("This union already has a chair in post: record the departure of the present chair "
                               "first.")
    if errors:
        raise ValidationError(errors)
    if cadre.pk is None:
        cadre.recorded_by = user
    return save_object(user, cadre, data, fields=[f for f in CADRE_FIELDS if f in data])


@transaction.atomic
def record_departure(user, cadre, *, left_on, reason):
    return save_cadre(user, cadre, left_on=check_not_future(left_on), leave_reason=reason)


# --- terms and elections ------------------------------------------------------------------------------------------

ELECTION_FIELDS = ("org", "term_number", "title", "term_years", "planned_on")


@transaction.atomic
def open_election(user, election=None, **data):
    """Start (or edit, while candidates are proposed) an election; the level above reviews it."""
    election = election or Election()
    if election.pk and election.status not in (ElectionStatus.CANDIDATES, ElectionStatus.RETURNED):
        raise ValidationError(_("The election can no longer be changed."))
    org = data.get("org") or (election.org if election.org_id else None)
    if org is None:
        raise ValidationError({"org": _("Choose the union that holds the election.")})
    if not org.is_live:
        raise ValidationError({"org": _("A dissolved or merged union holds no election.")})
    election.review_org = _level_above(org)
    if "term_number" not in data and election.term_number is None:
        last = Term.objects.filter(org=org).aggregate(n=Max("number"))["n"] or 0
        data["term_number"] = max(org.term_number or 0, last) + 1
    number = data.get("term_number", election.term_number)
    if Term.objects.filter(org=org, number=number).exists():
        raise ValidationError({"term_number": _("This union already has a term with this number.")})
    if election.pk is None:
        election.recorded_by = user
    return save_object(user, election, data, fields=[*[f for f in ELECTION_FIELDS if f in data], "review_org"])


def _editable(election):
    if election.status not in (ElectionStatus.CANDIDATES, ElectionStatus.RETURNED):
        raise ValidationError(_("Candidates can be changed only before they are submitted for review."))


@transaction.atomic
def add_candidate(user, election, *, name, position=CadrePosition.COMMITTEE, member=None):
    scope.require(user, "change", election.org)
    _editable(election)
    if not (name or "").strip():
        raise ValidationError({"name": _("Enter the candidate's name.")})
    if member is not None and not member.org.path.startswith(election.org.path):
        raise ValidationError({"member": _("Choose a member of this union or of a union under it.")})
    candidate = Candidate(election=election, name=name.strip(), position=position, member=member)
    candidate.full_clean()
    candidate.save()
    audit.created(candidate, user)
    return candidate


@transaction.atomic
def remove_candidate(user, candidate):
    scope.require(user, "change", candidate.election.org)
    _editable(candidate.election)
    audit.deleted(candidate, user)
    candidate.delete()


@transaction.atomic
def submit_election(user, election):
    chairs = election.candidates.filter(position=CadrePosition.CHAIR).count()
    if not chairs:
        raise ValidationError(_("Propose at least one candidate for chair before submitting."))
    return transition(election, user, "submit")


@transaction.atomic
def approve_candidates(user, election, note=""):
    return transition(election, user, "approve_candidates", changes={"review_note": note or ""}, note=note or "")


@transaction.atomic
def return_election(user, election, reason):
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say what the union must change.")})
    return transition(election, user, "return", changes={"review_note": reason}, note=reason)


@transaction.atomic
def hold_election(user, election, *, held_on, voters, voted, votes):
    """Record the election: ballots and each candidate's votes. Two thirds of the voters must vote; a candidate
    with more than half of the voters' votes is elected (one chair at most: the chair candidate with most)."""
    Election.workflow.require(election, user, "hold")
    held_on = check_not_future(held_on, field="held_on")
    errors = {}
    try:
        voters, voted = int(voters), int(voted)
    except (TypeError, ValueError):
        raise ValidationError({"voted": _("Enter the numbers of voters and of ballots cast.")}) from None
    if voters <= 0:
        errors["voters"] = _("Enter the number of members entitled to vote.")
    elif voted > voters:
        errors["voted"] = _("More ballots than voters: check the numbers.")
    elif voted * 3 < voters * 2:
        errors["voted"] = _("Fewer than two thirds of the voters voted: the election is not valid.")
    candidates = list(election.candidates.all())
    counts = {}
    for c in candidates:
        try:
            n = int(votes.get(c.pk, votes.get(str(c.pk), 0)) or 0)
        except (TypeError, ValueError):
            n = -1
        if n < 0 or n > voted:
            errors[f"votes_{c.pk}"] = _("Votes must be a number from 0 to the ballots cast.")
        counts[c.pk] = n
    if errors:
        raise ValidationError(errors)
    chair_won = False
    for c in sorted(candidates, key=lambda c: -counts[c.pk]):
        c.votes = counts[c.pk]
        c.elected = c.votes * 2 > voters
        if c.elected and c.position == CadrePosition.CHAIR:
            c.elected, chair_won = not chair_won, True
        c.save(update_fields=["votes", "elected"])
    if not any(c.elected for c in candidates):
        raise ValidationError({"voted": _("No candidate won more than half of the voters' votes.")})
    return transition(election, user, "hold", changes={"held_on": held_on, "voters": voters, "voted": voted},
                      check=False)


SEAT_POSITION = {CadrePosition.CHAIR: CommitteePosition.CHAIR, CadrePosition.VICE_CHAIR: CommitteePosition.VICE_CHAIR}


@transaction.atomic
def confirm_election(user, election, *, doc_no, decided_on=None):
    """The level above approves the result (批复 with its number): the new committee and term are recorded, the
    old term closed, the chair and vice chairs appointed as cadres (their predecessors leave), the approval and
    its document kept in the organisation's archive."""
    Election.workflow.require(election, user, "confirm")
    if not (doc_no or "").strip():
        raise ValidationError({"doc_no": _("Enter the number of the approval document.")})
    decided_on = check_not_future(decided_on or datetime.date.today(), field="decided_on")
    check_not_before(decided_on, election.held_on, field="decided_on",
                     message=_("The approval cannot come before the election."))
    election = transition(election, user, "confirm", changes={"approval_doc_no": doc_no.strip()}, check=False)
    org, held = election.org, election.held_on
    elected = list(election.candidates.filter(elected=True))
    ends = add_years(held, election.term_years)
    # the committee: the union committee's seats are the elected; other committees keep theirs
    kept = org.committee_members.exclude(committee=CommitteeKind.UNION_COMMITTEE)
    others = [{"committee": s.committee, "position": s.position, "name": s.name, "term_number": s.term_number,
               "started_on": s.started_on} for s in kept]
    seats = [{"committee": CommitteeKind.UNION_COMMITTEE,
              "position": SEAT_POSITION.get(c.position, CommitteePosition.MEMBER), "name": c.name,
              "term_number": election.term_number, "started_on": held} for c in elected]
    org_services.set_committee(user, org, others + seats)
    chair = next((c for c in elected if c.position == CadrePosition.CHAIR), None)
    org_services.update_org(user, org, term_number=election.term_number, term_started_on=held,
                            next_election_due=ends, **({"chair_name": chair.name} if chair else {}))
    for term in Term.objects.filter(org=org, closed_on__isnull=True):
        before = audit.snapshot(term)
        term.closed_on = held
        term.save(update_fields=["closed_on"])
        audit.updated(term, user, before)
    term = Term(org=org, number=election.term_number, started_on=held, ends_on=ends, election=election)
    if Term.objects.filter(org=org, number=election.term_number).exists():
        raise ValidationError({"term_number": _("This union already has a term with this number.")})
    term.full_clean()
    term.save()
    audit.created(term, user)
    for c in elected:
        if c.position not in (CadrePosition.CHAIR, CadrePosition.VICE_CHAIR):
            continue
        for old in Cadre.objects.filter(org=org, position=c.position, left_on__isnull=True):
            if not (c.position == CadrePosition.VICE_CHAIR and old.name == c.name):
                save_cadre(user, old, left_on=held, leave_reason=_("Term ended at the election"))
        if not Cadre.objects.filter(org=org, position=c.position, name=c.name, left_on__isnull=True).exists():
            save_cadre(user, None, org=org, name=c.name, position=c.position, member=c.member, appointed_on=held)
    approval = Approval(org=org, approver=election.review_org, kind=ApprovalKind.ELECTION, election=election,
                        subject=_("Election result of term %(n)s") % {"n": election.term_number},
                        requested_on=held, doc_no=doc_no.strip(), decided_on=decided_on,
                        status=ApprovalStatus.APPROVED, recorded_by=user)
    approval.full_clean()
    approval.save()
    audit.created(approval, user)
    _archive_approval(user, approval)
    return election


# --- approvals and the archive --------------------------------------------------------------------------------------

APPROVAL_FIELDS = ("org", "kind", "subject", "requested_on", "note")


@transaction.atomic
def request_approval(user, approval=None, **data):
    """A union asks the level above to approve its founding, an election result or a change."""
    approval = approval or Approval()
    if approval.pk and approval.status != ApprovalStatus.REQUESTED:
        raise ValidationError(_("A decided request can no longer be changed."))
    org = data.get("org") or (approval.org if approval.org_id else None)
    if org is None:
        raise ValidationError({"org": _("Choose the union that asks for the approval.")})
    approval.approver = _level_above(org)
    if approval.pk is None:
        approval.recorded_by = user
    return save_object(user, approval, data, fields=[*[f for f in APPROVAL_FIELDS if f in data], "approver"])


def _archive_approval(user, approval):
    doc = ArchiveDocument(org=approval.org, kind=ArchiveKind.APPROVAL, title=approval.subject,
                          number=approval.doc_no, issued_on=approval.decided_on, approval=approval,
                          recorded_by=user)
    doc.full_clean()
    doc.save()
    audit.created(doc, user)
    return doc


@transaction.atomic
def approve(user, approval, *, doc_no, decided_on=None):
    """The level above approves with a document number; the approval goes into the union's archive (a founding
    approval also sets the union's approval date and number)."""
    Approval.workflow.require(approval, user, "approve")
    if not (doc_no or "").strip():
        raise ValidationError({"doc_no": _("Enter the number of the approval document.")})
    decided_on = check_not_future(decided_on or datetime.date.today(), field="decided_on")
    check_not_before(decided_on, approval.requested_on, field="decided_on",
                     message=_("The decision cannot come before the request."))
    approval = transition(approval, user, "approve", changes={"doc_no": doc_no.strip(), "decided_on": decided_on},
                          check=False)
    if approval.kind == ApprovalKind.FOUNDING:
        org = approval.org
        if org.founded_on is None or org.founded_on <= decided_on:
            org_services.update_org(user, org, approved_on=decided_on, approval_doc_no=approval.doc_no)
    _archive_approval(user, approval)
    return approval


@transaction.atomic
def reject(user, approval, *, reason):
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the request is not approved.")})
    return transition(approval, user, "reject", changes={"note": reason, "decided_on": datetime.date.today()},
                      note=reason)


DOCUMENT_FIELDS = ("org", "kind", "title", "number", "issued_on")


@atomic_with_files()
def save_document(user, document, *, upload=None, **data):
    document = document or ArchiveDocument()
    if document.pk is None:
        document.recorded_by = user
    if upload:
        document.attach(store_upload(upload, storage=STORAGE, folder="archive", field="upload",
                                     what=_("The document")))
    fields = [f for f in DOCUMENT_FIELDS if f in data]
    return save_object(user, document, data,
                       fields=fields + (["file", "file_name", "file_type", "file_size"] if upload else []))
