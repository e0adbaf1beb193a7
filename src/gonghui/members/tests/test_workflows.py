"""Join applications and transfers, end to end through the services."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.accounts.models import User
from gonghui.core.exceptions import WorkflowConflict
from gonghui.core.models import AuditLog
from gonghui.members import selectors, services
from gonghui.members.choices import (
    ApplicationChannel,
    ApplicationStatus,
    MemberEventKind,
    MemberStatus,
    TransferStatus,
)
from gonghui.members.models import JoinApplication, Member, Transfer
from gonghui.tools.testing import member_data


def test_apply_then_approve_registers_the_member_with_history_and_portal_account(tree, users, pending_app,
                                                                                 run_on_commit):
    assert pending_app.status == ApplicationStatus.PENDING and pending_app.reference_no.startswith("RH")
    member = run_on_commit(services.approve_application, users["ea1_staff"], pending_app)
    member = Member.objects.get(pk=member.pk)
    assert (member.org, member.status, member.name) == (tree["EA1"], MemberStatus.ACTIVE, "陈静")
    assert member.id_hash == pending_app.id_hash
    app = JoinApplication.objects.get(pk=pending_app.pk)
    assert (app.status, app.member_id, app.decided_by) == (ApplicationStatus.APPROVED, member.pk, users["ea1_staff"])
    assert [e.kind for e in selectors.member_history(member)] == [MemberEventKind.JOINED]
    account = User.objects.get(member=member)
    assert account.phone == member.phone and account.is_member_account
    transitions = AuditLog.objects.filter(object_id=str(app.pk), transition="approve")
    assert transitions.count() == 1


def test_reject_needs_a_reason(users, pending_app):
    with pytest.raises(ValidationError) as exc:
        services.reject_application(users["a_staff"], pending_app, "  ")
    assert "reason" in exc.value.message_dict
    assert JoinApplication.objects.get(pk=pending_app.pk).status == ApplicationStatus.PENDING
    services.reject_application(users["a_staff"], pending_app, "Not employed here")
    app = JoinApplication.objects.get(pk=pending_app.pk)
    assert (app.status, app.decision_reason) == (ApplicationStatus.REJECTED, "Not employed here")
    assert not Member.objects.exists()


def test_double_approve_second_call_conflicts_and_one_member_exists(users, pending_app):
    stale = JoinApplication.objects.get(pk=pending_app.pk)  # the second official's copy, loaded earlier
    services.approve_application(users["a_staff"], pending_app)
    with pytest.raises(WorkflowConflict):
        services.approve_application(users["ea1_staff"], stale)
    with pytest.raises(WorkflowConflict):
        services.reject_application(users["ea1_staff"], stale, "too late")
    assert Member.objects.filter(id_hash=pending_app.id_hash).count() == 1
    assert JoinApplication.objects.get(pk=pending_app.pk).status == ApplicationStatus.APPROVED


def test_application_refused_for_current_member_or_duplicate_pending(tree, users, members, pending_app):
    m = members["eb1_a"]
    with pytest.raises(ValidationError) as exc:
        services.submit_application(tree["EA1"], member_data(id_number=m.id_number, gender=m.gender,
                                                             birth_date=m.birth_date))
    assert "id_number" in exc.value.message_dict
    assert tree["EB1"].name not in " ".join(exc.value.message_dict["id_number"])  # nothing about the other union
    with pytest.raises(ValidationError):
        services.submit_application(tree["EA2"], {**member_data(), "id_number": pending_app.id_number,
                                                  "gender": pending_app.gender, "birth_date": pending_app.birth_date})


def test_staff_entered_application(tree, users):
    app = services.submit_application(tree["EA1"], member_data(), user=users["a_staff"],
                                      channel=ApplicationChannel.STAFF)
    assert app.channel == ApplicationChannel.STAFF

    with pytest.raises(PermissionDenied):
        services.submit_application(tree["EA1"], member_data(), user=users["b_staff"], channel=ApplicationChannel.STAFF)


def test_transfer_accept_moves_the_member(tree, users, members):
    m = members["ea1_a"]
    t = services.start_transfer(users["a_staff"], m, tree["EB1"], "changed employer")
    assert Member.objects.get(pk=m.pk).status == MemberStatus.TRANSFERRING
    assert t.status == TransferStatus.PENDING and t.from_org == tree["EA1"]
    # The sender cannot accept on the receiver's behalf.

    with pytest.raises(PermissionDenied):
        services.accept_transfer(users["a_staff"], t)
    services.accept_transfer(users["b_staff"], t)
    m = Member.objects.get(pk=m.pk)
    assert (m.org, m.status) == (tree["EB1"], MemberStatus.ACTIVE)
    assert Transfer.objects.get(pk=t.pk).status == TransferStatus.ACCEPTED
    kinds = [e.kind for e in selectors.member_history(m)]
    assert kinds[:2] == [MemberEventKind.TRANSFERRED, MemberEventKind.TRANSFER_STARTED]
    # Now district B sees the member and district A no longer does.
    assert selectors.members_for(users["b_staff"]).filter(pk=m.pk).exists()
    assert not selectors.members_for(users["a_staff"]).filter(pk=m.pk).exists()


def test_transfer_refuse_restores_the_member(tree, users, members):
    m = members["ea1_a"]
    t = services.start_transfer(users["a_staff"], m, tree["EB1"])
    with pytest.raises(ValidationError):
        services.refuse_transfer(users["b_staff"], t, "")
    services.refuse_transfer(users["b_staff"], t, "No such employee")
    m = Member.objects.get(pk=m.pk)
    assert (m.org, m.status) == (tree["EA1"], MemberStatus.ACTIVE)
    t = Transfer.objects.get(pk=t.pk)
    assert (t.status, t.decision_note) == (TransferStatus.REFUSED, "No such employee")


def test_transfer_cancel_by_sender(tree, users, members):
    m = members["ea1_a"]
    t = services.start_transfer(users["a_staff"], m, tree["EB1"])

    with pytest.raises(PermissionDenied):
        services.cancel_transfer(users["b_staff"], t)
    services.cancel_transfer(users["a_staff"], t)
    assert Member.objects.get(pk=m.pk).status == MemberStatus.ACTIVE
    assert Transfer.objects.get(pk=t.pk).status == TransferStatus.CANCELLED
    with pytest.raises(WorkflowConflict):
        services.accept_transfer(users["b_staff"], t)
    assert Member.objects.get(pk=m.pk).org == tree["EA1"]


def test_transfer_rules(tree, users, members):
    m = members["ea1_a"]
    with pytest.raises(ValidationError) as exc:
        services.start_transfer(users["a_staff"], m, tree["EA1"])
    assert "to_org" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.start_transfer(users["a_staff"], m, tree["B"])  # a federation holds no members
    services.start_transfer(users["a_staff"], m, tree["EB1"])
    with pytest.raises(WorkflowConflict):
        services.start_transfer(users["a_staff"], m, tree["EA2"])  # already transferring
    assert Transfer.objects.filter(member=m).count() == 1


def test_invite_member_opens_portal_account(users, members):
    m = members["ea1_a"]
    account = services.invite_member(users["a_staff"], m)
    assert account is not None and User.objects.get(member=m) == account
    assert services.invite_member(users["a_staff"], m) == account  # idempotent: re-sends the link
    services.withdraw_member(users["a_staff"], members["ea1_b"], "left")
    with pytest.raises(ValidationError):
        services.invite_member(users["a_staff"], members["ea1_b"])
