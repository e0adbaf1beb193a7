"""Writes to the member registry and its workflows (入会, 接转, 退会, 恢复).

Each workflow is an explicit state machine: the transition's allowed source states are part of the
UPDATE's WHERE clause, so of two officials acting at the same moment exactly one changes the row and
the other gets a WorkflowConflict. Every change writes the member's history (MemberEvent) and the audit
log in the same transaction.
"""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, pii, scope, sequences
from gonghui.core.exceptions import WorkflowConflict
from gonghui.core.models import AuditAction
from gonghui.stats import counters

from . import rules
from .choices import (
    HOLDING_STATUSES,
    ApplicationChannel,
    ApplicationStatus,
    MemberEventKind,
    MemberStatus,
    TransferStatus,
)
from .models import JoinApplication, Member, MemberEvent, Transfer

PERSON_FIELDS = [
    "name", "id_number", "gender", "birth_date", "ethnicity", "education", "political_status", "phone", "unit",
    "job_title", "employment_type",
]
MEMBER_FIELDS = PERSON_FIELDS + ["join_date"]


def _require(user, action, org):
    if not scope.can(user, action, org):
        raise PermissionDenied(_("Your role does not allow this."))


def clean_person(data, *, user=None, org=None):
    """Validate and normalise personal details by the member rules (:mod:`.rules`), reporting every field at once.
    Gender and birth date must match the ID number, and are taken from it when empty."""
    errors = {}
    data = dict(data)
    name = rules.check_name(data.get("name"), errors=errors)
    if name:
        data["name"] = name
    info = rules.check_id_number(data.get("id_number", ""), errors=errors)
    birth = None
    if info is not None:
        number, birth, gender = info
        data["id_number"] = number
        rules.check_matches_id(data.get("gender"), data.get("birth_date"), gender, birth, errors=errors)
        data["gender"] = data.get("gender") or gender
        data["birth_date"] = data.get("birth_date") or birth
    phone = rules.check_phone(data.get("phone", ""), errors=errors)
    if phone is not None:
        data["phone"] = phone
    rules.check_unit_in_scope(user, data.get("unit"), errors=errors)
    rules.check_join_date(data.get("join_date"), birth, errors=errors)
    if errors:
        raise ValidationError(errors)
    return data


# The member rules, by the names this module's workflows call them.
_already_member_error = rules.already_member_error
_check_member_org = rules.check_union_takes_members


def _event(member, kind, user=None, *, date=None, from_org=None, to_org=None, note=""):
    return MemberEvent.objects.create(
        member=member, kind=kind, date=date or timezone.localdate(), from_org=from_org, to_org=to_org, note=note,
        actor=user if getattr(user, "is_authenticated", False) else None,
    )


def next_member_numbers(count=1):
    first = sequences.allocate("member_no", count)
    return [f"{n:012d}" for n in range(first, first + count)]


@transaction.atomic
def create_member(user, org, data, *, note=""):
    """Register a person as a member of ``org``. A former member (退会) rejoins on the same record."""
    _require(user, "change", org)
    _check_member_org(org)
    data = clean_person({k: v for k, v in data.items() if k in MEMBER_FIELDS}, user=user, org=org)
    data.setdefault("join_date", timezone.localdate())
    id_hash = pii.id_hash(data["id_number"])
    existing = Member.objects.select_for_update().select_related("org").filter(id_hash=id_hash).first()
    if existing is not None:
        if existing.status in HOLDING_STATUSES:
            raise _already_member_error(user, existing)
        if existing.status == MemberStatus.DECEASED:
            raise rules.deceased_error()
        before = audit.snapshot(existing)
        counted_before = counters.member_values(existing)
        old_org = existing.org
        for key, value in data.items():
            setattr(existing, key, value)
        existing.org = org
        existing.status = MemberStatus.ACTIVE
        existing.status_changed_on = data["join_date"]
        existing.save()
        counters.member_changed(counted_before, counters.member_values(existing))
        _event(existing, MemberEventKind.REJOINED, user, date=data["join_date"], from_org=old_org, to_org=org, note=note)
        audit.transitioned(existing, user, "rejoin", before, note=note)
        return existing
    member = Member(org=org, id_hash=id_hash, member_no=next_member_numbers()[0], status=MemberStatus.ACTIVE,
                    status_changed_on=data["join_date"], **data)
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        # Another session registered the same person a moment ago.
        raise ValidationError({"id_number": _("This person was registered by someone else a moment ago.")}) from None
    counters.member_changed(None, counters.member_values(member))
    _event(member, MemberEventKind.JOINED, user, date=member.join_date, to_org=org, note=note)
    audit.created(member, user, note=note)
    return member


@transaction.atomic
def update_member(user, member, data):
    _require(user, "change", member.org)
    member = Member.objects.select_for_update().select_related("org").get(pk=member.pk)
    before = audit.snapshot(member)
    current = {f: getattr(member, f) for f in MEMBER_FIELDS}
    data = clean_person(current | {k: v for k, v in data.items() if k in MEMBER_FIELDS}, user=user, org=member.org)
    new_hash = pii.id_hash(data["id_number"])
    if new_hash != member.id_hash:
        other = Member.objects.select_related("org").filter(id_hash=new_hash).exclude(pk=member.pk).first()
        if other is not None:
            raise _already_member_error(user, other)
        member.id_hash = new_hash
    changed = [f for f in MEMBER_FIELDS if data.get(f) != current.get(f)]
    if not changed:
        return member
    counted_before = counters.member_values(member)
    for key in changed:
        setattr(member, key, data[key])
    member.save()
    counters.member_changed(counted_before, counters.member_values(member))
    labels = ", ".join(str(Member._meta.get_field(f).verbose_name) for f in changed)
    _event(member, MemberEventKind.EDITED, user, note=labels)
    audit.updated(member, user, before)
    return member


def _locked_values(pk):
    """The member's counted fields, with the row locked until the transaction ends."""
    return Member.objects.select_for_update().filter(pk=pk).values(*counters.MEMBER_FIELDS).get()


def _transition_member(user, member, *, allowed, to_status, kind, name, date=None, note="", event_kw=None):
    """Move a member between states; refused (WorkflowConflict) unless it is in one of ``allowed``."""
    date = date or timezone.localdate()
    if date > timezone.localdate():
        raise ValidationError({"date": _("This date cannot be in the future.")})
    before = audit.snapshot(member)
    counted_before = _locked_values(member.pk)
    rows = Member.objects.filter(pk=member.pk, status__in=allowed).update(
        status=to_status, status_changed_on=date, updated_at=timezone.now()
    )
    if rows != 1:
        raise WorkflowConflict(_("The member's status has changed in the meantime; reload the page and try again."))
    member.refresh_from_db()
    counters.member_changed(counted_before, counters.member_values(member))
    _event(member, kind, user, date=date, note=note, **(event_kw or {}))
    audit.transitioned(member, user, name, before, note=note)
    return member


@transaction.atomic
def withdraw_member(user, member, reason, date=None):
    """退会: an active or retained member leaves the union."""
    _require(user, "change", member.org)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for leaving.")})
    return _transition_member(user, member, allowed=(MemberStatus.ACTIVE, MemberStatus.RETAINED),
                              to_status=MemberStatus.WITHDRAWN, kind=MemberEventKind.WITHDRAWN, name="withdraw",
                              date=date, note=reason)


@transaction.atomic
def reinstate_member(user, member, note="", date=None):
    """恢复会籍: a withdrawn or retained member becomes active again in the same union."""
    _require(user, "change", member.org)
    _check_member_org(member.org)
    return _transition_member(user, member, allowed=(MemberStatus.WITHDRAWN, MemberStatus.RETAINED),
                              to_status=MemberStatus.ACTIVE, kind=MemberEventKind.REINSTATED, name="reinstate",
                              date=date, note=note)


@transaction.atomic
def retain_membership(user, member, reason, date=None):
    """保留会籍 (e.g. laid off, retired awaiting settlement)."""
    _require(user, "change", member.org)
    return _transition_member(user, member, allowed=(MemberStatus.ACTIVE,), to_status=MemberStatus.RETAINED,
                              kind=MemberEventKind.STATUS_CHANGED, name="retain", date=date, note=reason)


@transaction.atomic
def record_death(user, member, note="", date=None):
    _require(user, "change", member.org)
    return _transition_member(user, member, allowed=(MemberStatus.ACTIVE, MemberStatus.RETAINED, MemberStatus.WITHDRAWN),
                              to_status=MemberStatus.DECEASED, kind=MemberEventKind.STATUS_CHANGED, name="deceased",
                              date=date, note=note)


# --- Join applications (入会申请) -------------------------------------------------------------


def _new_reference():
    return "RH" + timezone.localdate().strftime("%y%m%d") + secrets.token_hex(3).upper()


@transaction.atomic
def submit_application(org, data, *, user=None, channel=ApplicationChannel.ONLINE):
    """A worker applies (public page), or staff enter an application. Says nothing about other unions."""
    if user is not None and channel == ApplicationChannel.STAFF:
        _require(user, "change", org)
    _check_member_org(org)
    fields = PERSON_FIELDS + ["unit_name"]
    data = clean_person({k: v for k, v in data.items() if k in fields})
    id_hash = pii.id_hash(data["id_number"])
    if Member.objects.filter(id_hash=id_hash, status__in=HOLDING_STATUSES).exists():
        raise ValidationError({"id_number": _(
            "This ID number is already registered as a union member. If you have changed jobs, ask your union to "
            "transfer your membership.")})
    if JoinApplication.objects.filter(id_hash=id_hash, status=ApplicationStatus.PENDING).exists():
        raise ValidationError({"id_number": _(
            "An application with this ID number is already waiting for a decision.")})
    app = JoinApplication(org=org, id_hash=id_hash, channel=channel, reference_no=_new_reference(), **data)
    app.save()
    audit.created(app, user)
    return app


def _claim_application(app, user, to_status, reason=""):
    rows = JoinApplication.objects.filter(pk=app.pk, status=ApplicationStatus.PENDING).update(
        status=to_status, decided_by=user, decided_at=timezone.now(), decision_reason=reason
    )
    if rows != 1:
        raise WorkflowConflict(_("This application has already been decided by someone else."))


@transaction.atomic
def approve_application(user, app, *, join_date=None):
    """Approve: the member is created (or rejoins) and a portal account is opened for them."""
    _require(user, "change", app.org)
    before = audit.snapshot(app)
    _claim_application(app, user, ApplicationStatus.APPROVED)
    data = {f: getattr(app, f) for f in PERSON_FIELDS}
    data["join_date"] = join_date or timezone.localdate()
    member = create_member(user, app.org, data, note=_("Join application %(ref)s approved") % {"ref": app.reference_no})
    app.refresh_from_db()
    app.member = member
    app.save(update_fields=["member"])
    audit.transitioned(app, user, "approve", before)
    from gonghui.accounts.services import open_member_account

    transaction.on_commit(lambda: open_member_account(member, actor=user))
    return member


@transaction.atomic
def reject_application(user, app, reason):
    _require(user, "change", app.org)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for rejecting the application.")})
    before = audit.snapshot(app)
    _claim_application(app, user, ApplicationStatus.REJECTED, reason.strip())
    app.refresh_from_db()
    audit.transitioned(app, user, "reject", before, note=reason)
    return app


# --- Transfers (会员关系接转) ------------------------------------------------------------------


@transaction.atomic
def start_transfer(user, member, to_org, reason=""):
    """The sending union starts a transfer; the member is 转出中 until the receiving union decides."""
    _require(user, "change", member.org)
    if to_org is None:
        raise ValidationError({"to_org": _("No active union has this code.")})
    if to_org.pk == member.org_id:
        raise ValidationError({"to_org": _("The member already belongs to this union.")})
    _check_member_org(to_org)
    before = audit.snapshot(member)
    counted_before = _locked_values(member.pk)
    rows = Member.objects.filter(pk=member.pk, status=MemberStatus.ACTIVE).update(
        status=MemberStatus.TRANSFERRING, status_changed_on=timezone.localdate(), updated_at=timezone.now()
    )
    if rows != 1:
        raise WorkflowConflict(_("Only an active member can be transferred; the member's status has changed."))
    member.refresh_from_db()
    counters.member_changed(counted_before, counters.member_values(member))
    transfer = Transfer.objects.create(member=member, from_org=member.org, to_org=to_org, reason=reason, started_by=user)
    _event(member, MemberEventKind.TRANSFER_STARTED, user, from_org=member.org, to_org=to_org, note=reason)
    audit.transitioned(member, user, "transfer_start", before, note=reason)
    audit.created(transfer, user)
    return transfer


def _claim_transfer(transfer, user, to_status, note=""):
    rows = Transfer.objects.filter(pk=transfer.pk, status=TransferStatus.PENDING).update(
        status=to_status, decided_by=user, decided_at=timezone.now(), decision_note=note
    )
    if rows != 1:
        raise WorkflowConflict(_("This transfer has already been decided or cancelled."))


@transaction.atomic
def accept_transfer(user, transfer, note=""):
    """The receiving union accepts: the member moves and is active again."""
    _require(user, "change", transfer.to_org)
    before = audit.snapshot(transfer)
    _claim_transfer(transfer, user, TransferStatus.ACCEPTED, note)
    _check_member_org(transfer.to_org)
    member = Member.objects.select_for_update().get(pk=transfer.member_id)
    member_before = audit.snapshot(member)
    counted_before = counters.member_values(member)
    member.org = transfer.to_org
    member.status = MemberStatus.ACTIVE
    member.status_changed_on = timezone.localdate()
    member.save(update_fields=["org", "status", "status_changed_on", "updated_at"])
    counters.member_changed(counted_before, counters.member_values(member))
    transfer.refresh_from_db()
    _event(member, MemberEventKind.TRANSFERRED, user, from_org=transfer.from_org, to_org=transfer.to_org, note=note)
    audit.transitioned(transfer, user, "accept", before, note=note)
    audit.transitioned(member, user, "transfer_in", member_before, note=note, org=transfer.to_org)
    return transfer


def _end_transfer(user, transfer, status, kind, name, note):
    before = audit.snapshot(transfer)
    _claim_transfer(transfer, user, status, note)
    member = Member.objects.get(pk=transfer.member_id)
    member_before = audit.snapshot(member)
    counted_before = _locked_values(member.pk)
    Member.objects.filter(pk=member.pk, status=MemberStatus.TRANSFERRING).update(
        status=MemberStatus.ACTIVE, status_changed_on=timezone.localdate(), updated_at=timezone.now()
    )
    member.refresh_from_db()
    counters.member_changed(counted_before, counters.member_values(member))
    transfer.refresh_from_db()
    _event(member, kind, user, from_org=transfer.from_org, to_org=transfer.to_org, note=note)
    audit.transitioned(transfer, user, name, before, note=note)
    audit.transitioned(member, user, name, member_before, note=note)
    return transfer


@transaction.atomic
def refuse_transfer(user, transfer, reason):
    _require(user, "change", transfer.to_org)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for refusing the transfer.")})
    return _end_transfer(user, transfer, TransferStatus.REFUSED, MemberEventKind.TRANSFER_REFUSED, "refuse", reason)


@transaction.atomic
def cancel_transfer(user, transfer, note=""):
    _require(user, "change", transfer.from_org)
    return _end_transfer(user, transfer, TransferStatus.CANCELLED, MemberEventKind.TRANSFER_CANCELLED, "cancel", note)


def move_members_for_merger(user, org, target, date):
    """Part of merging unions: every member of ``org`` moves to ``target`` (history kept, one audit entry)."""
    ids = list(Member.objects.filter(org=org).values_list("pk", flat=True))
    if not ids:
        return 0
    counted_before = counters.members_snapshot([org.pk, target.pk])
    Transfer.objects.filter(from_org=org, status=TransferStatus.PENDING).update(from_org=target)
    Transfer.objects.filter(to_org=org, status=TransferStatus.PENDING).update(to_org=target)
    Member.objects.filter(pk__in=ids).update(org=target, updated_at=timezone.now())
    counters.members_recounted([org.pk, target.pk], counted_before)
    actor = user if getattr(user, "is_authenticated", False) else None
    MemberEvent.objects.bulk_create(
        [MemberEvent(member_id=i, kind=MemberEventKind.MOVED_BY_MERGER, date=date, from_org=org, to_org=target, actor=actor)
         for i in ids],
        batch_size=1000,
    )
    audit.record(AuditAction.BULK, None, user=user, org=target, model=Member, count=len(ids),
                 note=_("Members moved from %(src)s to %(dst)s by merger") % {"src": org.name, "dst": target.name})
    return len(ids)


# --- Personal data and portal accounts ----------------------------------------------------------


@transaction.atomic
def reveal_id_number(user, obj):
    """The full ID number of a member or join application, for a role that may reveal it.

    Every reveal writes an audit entry (action ``reveal``) naming the record and the field, never the number.
    """
    _require(user, "reveal_pii", obj.org)
    audit.record(AuditAction.REVEAL, obj, user=user, note="id_number")
    return obj.id_number


def invite_member(user, member):
    """Open (or re-send) the member's portal account. Returns the account, or None if it could not be opened."""
    _require(user, "change", member.org)
    if member.status not in HOLDING_STATUSES:
        raise ValidationError(_("Only a current member can be invited to the member portal."))
    from gonghui.accounts.services import open_member_account

    return open_member_account(member, actor=user)
