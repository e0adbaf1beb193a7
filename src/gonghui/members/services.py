"""Writes to the member registry and its workflows (入会, 接转, 退会, 恢复).

Each workflow is declared on its model (``Member.workflow``, ``JoinApplication.workflow``, ``Transfer.workflow``)
and every step goes through ``gonghui.core.workflow.transition``: the allowed source states are part of the
UPDATE's WHERE clause, so of two officials acting at the same moment exactly one changes the row and the other
gets a WorkflowConflict. Every change writes the member's history (MemberEvent), the change log and announces
the member's new values (``members.hooks``, which the statistics follow) in the same transaction.
"""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.services import open_member_account
from gonghui.core import audit, notify, pii, sequences
from gonghui.core.models import AuditAction
from gonghui.core.scope import require
from gonghui.core.services import reveal
from gonghui.core.validators import check_not_future, require_reason
from gonghui.core.workflow import transition

from . import hooks, rules
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


def _locked_values(pk):
    """The member's announced fields (``hooks.MEMBER_FIELDS``), with the row locked until the transaction ends."""
    return Member.objects.select_for_update().filter(pk=pk).values(*hooks.MEMBER_FIELDS).get()


def _member_step(user, member, name, kind, *, date=None, note="", changes=None, event=None):
    """The member's workflow step ``name`` (its right checked by the caller): the state changes in one conditional
    UPDATE with ``changes``, effective ``date`` (today by default, never in the future); the change is announced
    and the history gets an event of ``kind`` (``event``: its unions)."""
    date = check_not_future(date or timezone.localdate())
    before = _locked_values(member.pk)
    member = transition(member, user, name, changes={"status_changed_on": date, **(changes or {})}, note=note,
                        check=False)
    hooks.members_changed([(before, hooks.member_values(member))])
    _event(member, kind, user, date=date, note=note, **(event or {}))
    return member


@transaction.atomic
def create_member(user, org, data, *, note=""):
    """Register a person as a member of ``org``. A former member (退会) rejoins on the same record."""
    require(user, "change", org)
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
        # Withdrawn: the right is the joining union's (checked above), not the former one's.
        join_date, old_org = data.pop("join_date"), existing.org
        return _member_step(user, existing, "rejoin", MemberEventKind.REJOINED, date=join_date, note=note,
                            changes={**data, "join_date": join_date, "org": org},
                            event={"from_org": old_org, "to_org": org})
    member = Member(org=org, id_hash=id_hash, member_no=next_member_numbers()[0], status=MemberStatus.ACTIVE,
                    status_changed_on=data["join_date"], **data)
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        # Another session registered the same person a moment ago.
        raise ValidationError({"id_number": _("This person was registered by someone else a moment ago.")}) from None
    hooks.members_changed([(None, hooks.member_values(member))])
    _event(member, MemberEventKind.JOINED, user, date=member.join_date, to_org=org, note=note)
    audit.created(member, user, note=note)
    return member


@transaction.atomic
def update_member(user, member, data):
    require(user, "change", member.org)
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
    values_before = hooks.member_values(member)
    for key in changed:
        setattr(member, key, data[key])
    member.save()
    hooks.members_changed([(values_before, hooks.member_values(member))])
    labels = ", ".join(str(Member._meta.get_field(f).verbose_name) for f in changed)
    _event(member, MemberEventKind.EDITED, user, note=labels)
    audit.updated(member, user, before)
    return member


@transaction.atomic
def withdraw_member(user, member, reason, date=None):
    """退会: an active or retained member leaves the union."""
    Member.workflow.require(member, user, "withdraw")
    require_reason(reason, _("Give the reason for leaving."))
    return _member_step(user, member, "withdraw", MemberEventKind.WITHDRAWN, date=date, note=reason)


@transaction.atomic
def reinstate_member(user, member, note="", date=None):
    """恢复会籍: a withdrawn or retained member becomes active again in the same union."""
    Member.workflow.require(member, user, "reinstate")
    _check_member_org(member.org)
    return _member_step(user, member, "reinstate", MemberEventKind.REINSTATED, date=date, note=note)


@transaction.atomic
def retain_membership(user, member, reason, date=None):
    """保留会籍 (e.g. laid off, retired awaiting settlement)."""
    Member.workflow.require(member, user, "retain")
    return _member_step(user, member, "retain", MemberEventKind.STATUS_CHANGED, date=date, note=reason)


@transaction.atomic
def record_death(user, member, note="", date=None):
    Member.workflow.require(member, user, "deceased")
    return _member_step(user, member, "deceased", MemberEventKind.STATUS_CHANGED, date=date, note=note)


# --- Join applications (入会申请) -------------------------------------------------------------


def _new_reference():
    return "RH" + timezone.localdate().strftime("%y%m%d") + secrets.token_hex(3).upper()


@transaction.atomic
def submit_application(org, data, *, user=None, channel=ApplicationChannel.ONLINE):
    """A worker applies (public page), or staff enter an application. Says nothing about other unions."""
    if user is not None and channel == ApplicationChannel.STAFF:
        require(user, "change", org)
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


def _decision(user, **values):
    """Who decided and when (an application or a transfer)."""
    return {"decided_by": user, "decided_at": timezone.now(), **values}


@transaction.atomic
def approve_application(user, app, *, join_date=None):
    """Approve: the member is created (or rejoins) and a portal account is opened for them."""
    JoinApplication.workflow.require(app, user, "approve")
    before = audit.snapshot(app)
    # Claimed first (a second official gets the conflict); logged once the member is linked.
    app = transition(app, user, "approve", changes=_decision(user, decision_reason=""), check=False, audited=False)
    data = {f: getattr(app, f) for f in PERSON_FIELDS}
    data["join_date"] = join_date or timezone.localdate()
    member = create_member(user, app.org, data, note=_("Join application %(ref)s approved") % {"ref": app.reference_no})
    app.member = member
    app.save(update_fields=["member"])
    audit.transitioned(app, user, "approve", before)
    transaction.on_commit(lambda: open_member_account(member, actor=user))
    return member


@transaction.atomic
def reject_application(user, app, reason):
    JoinApplication.workflow.require(app, user, "reject")
    require_reason(reason, _("Give the reason for rejecting the application."))
    return transition(app, user, "reject", changes=_decision(user, decision_reason=reason.strip()), note=reason,
                      check=False)


# --- Transfers (会员关系接转) ------------------------------------------------------------------


@transaction.atomic
def start_transfer(user, member, to_org, reason=""):
    """The sending union starts a transfer; the member is 转出中 until the receiving union decides."""
    Member.workflow.require(member, user, "transfer_start")
    if to_org is None:
        raise ValidationError({"to_org": _("No active union has this code.")})
    if to_org.pk == member.org_id:
        raise ValidationError({"to_org": _("The member already belongs to this union.")})
    _check_member_org(to_org)
    member = _member_step(user, member, "transfer_start", MemberEventKind.TRANSFER_STARTED, note=reason,
                          event={"from_org": member.org, "to_org": to_org})
    transfer = Transfer.objects.create(member=member, from_org=member.org, to_org=to_org, reason=reason,
                                       started_by=user)
    audit.created(transfer, user)
    return transfer


@transaction.atomic
def request_transfer(account, member, to_org, reason):
    """A member asks in the portal to move to another union. It is the transfer the sending union starts (the
    member is 转出中): the sending union may cancel it before the receiving union accepts or refuses it, and both
    are told. Refused while a transfer is pending, for a member who is not active, and to the member's own union."""
    if member is None or getattr(account, "member_id", None) != member.pk:
        raise PermissionDenied(_("Your role does not allow this."))
    errors = {}
    if Transfer.objects.filter(member=member, status=TransferStatus.PENDING).exists():
        errors["to_org"] = _("You already have a transfer waiting for a decision; wait for it to be decided.")
    elif member.status != MemberStatus.ACTIVE:
        errors["to_org"] = _("Only an active member can ask for a transfer (your status: %(status)s). Please ask "
                             "your union.") % {"status": member.get_status_display()}
    elif to_org is None:
        errors["to_org"] = _("Choose the union you are moving to.")
    elif to_org.pk == member.org_id:
        errors["to_org"] = _("You already belong to this union.")
    else:
        rules.check_union_takes_members(to_org, field="to_org", errors=errors)
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason for the transfer.")
    if errors:
        raise ValidationError(errors)
    reason = reason.strip()
    from_org = member.org
    member = _member_step(account, member, "transfer_start", MemberEventKind.TRANSFER_STARTED, note=reason,
                          event={"from_org": from_org, "to_org": to_org})
    transfer = Transfer.objects.create(member=member, from_org=from_org, to_org=to_org, reason=reason,
                                       started_by=account)
    audit.created(transfer, account, note=_("Asked for by the member in the member portal"))
    subject = _("Transfer asked for by a member")
    for org, body in (
        (from_org, _("Member %(name)s (%(no)s) asks to transfer to %(org)s. Cancel the transfer if it should not "
                     "go ahead.")),
        (to_org, _("Member %(name)s (%(no)s) asks to transfer to %(org)s. Accept or refuse it under 'Transfers'.")),
    ):
        notify.notify_org(org, subject, body % {"name": member.name, "no": member.member_no, "org": to_org.name})
    return transfer


@transaction.atomic
def accept_transfer(user, transfer, note=""):
    """The receiving union accepts: the member moves and is active again."""
    Transfer.workflow.require(transfer, user, "accept")
    transfer = transition(transfer, user, "accept", changes=_decision(user, decision_note=note), note=note, check=False)
    _check_member_org(transfer.to_org)
    _member_step(user, Member.objects.get(pk=transfer.member_id), "transfer_in", MemberEventKind.TRANSFERRED,
                 note=note, changes={"org": transfer.to_org},
                 event={"from_org": transfer.from_org, "to_org": transfer.to_org})
    return transfer


def _finish_transfer(user, transfer, name, kind, note):
    """Refused or cancelled: the transfer ends in ``name``'s state and the member is active again where it was."""
    transfer = transition(transfer, user, name, changes=_decision(user, decision_note=note), note=note, check=False)
    _member_step(user, Member.objects.get(pk=transfer.member_id), name, kind, note=note,
                 event={"from_org": transfer.from_org, "to_org": transfer.to_org})
    return transfer


@transaction.atomic
def refuse_transfer(user, transfer, reason):
    Transfer.workflow.require(transfer, user, "refuse")
    require_reason(reason, _("Give the reason for refusing the transfer."))
    return _finish_transfer(user, transfer, "refuse", MemberEventKind.TRANSFER_REFUSED, reason)


@transaction.atomic
def cancel_transfer(user, transfer, note=""):
    Transfer.workflow.require(transfer, user, "cancel")
    return _finish_transfer(user, transfer, "cancel", MemberEventKind.TRANSFER_CANCELLED, note)


def move_members_for_merger(user, org, target, date):
    """Part of merging unions: every member of ``org`` moves to ``target`` (history kept, one audit entry)."""
    ids = list(Member.objects.filter(org=org).values_list("pk", flat=True))
    if not ids:
        return 0
    with hooks.members_regrouped.around([org.pk, target.pk]):
        Transfer.objects.filter(from_org=org, status=TransferStatus.PENDING).update(from_org=target)
        Transfer.objects.filter(to_org=org, status=TransferStatus.PENDING).update(to_org=target)
        Member.objects.filter(pk__in=ids).update(org=target, updated_at=timezone.now())
    actor = user if getattr(user, "is_authenticated", False) else None
    MemberEvent.objects.bulk_create(
        [MemberEvent(member_id=i, kind=MemberEventKind.MOVED_BY_MERGER, date=date, from_org=org, to_org=target,
                     actor=actor)
         for i in ids],
        batch_size=1000,
    )
    audit.record(AuditAction.BULK, None, user=user, org=target, model=Member, count=len(ids),
                 note=_("Members moved from %(src)s to %(dst)s by merger") % {"src": org.name, "dst": target.name})
    return len(ids)


# --- Personal data and portal accounts ----------------------------------------------------------


def reveal_id_number(user, obj):
    """The full ID number of a member or join application, for a role that may reveal it.

    Every reveal writes an audit entry (action ``reveal``) naming the record and the field, never the number
    (``gonghui.core.services.reveal``).
    """
    return reveal(user, obj)["id_number"]


def invite_member(user, member):
    """Open (or re-send) the member's portal account. Returns the account, or None if it could not be opened."""
    require(user, "change", member.org)
    if not member.holds_membership:
        raise ValidationError(_("Only a current member can be invited to the member portal."))
    return open_member_account(member, actor=user)
