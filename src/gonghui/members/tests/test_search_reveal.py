"""The one search box, and revealing an ID number (audited, never logged in clear)."""

import json

import pytest
from django.core.exceptions import PermissionDenied

from gonghui.core.models import AuditAction, AuditLog
from gonghui.members import selectors, services
from gonghui.members.models import Member


def _search(user, q):
    return set(selectors.members_for(user).filter(selectors.search_q(q)).values_list("pk", flat=True))


def test_search_by_exact_id_number(users, members):
    m = members["ea1_b"]
    assert _search(users["a_staff"], m.id_number) == {m.pk}
    assert _search(users["a_staff"], m.id_number.lower()) == {m.pk}
    assert _search(users["a_staff"],
                   m.id_number[:17] + "0" if m.id_number[17] != "0" else m.id_number[:17] + "1") == set()
    # Out of scope: not found, whatever the number.
    assert _search(users["b_staff"], m.id_number) == set()


def test_search_by_phone_member_number_and_name(users, members):
    m = members["ea1_a"]
    assert _search(users["a_staff"], m.phone) == {m.pk}
    assert _search(users["a_staff"], f"+86 {m.phone}") == {m.pk}
    assert _search(users["a_staff"], m.member_no) == {m.pk}
    assert _search(users["a_staff"], "李") == {m.pk}
    assert _search(users["a_staff"], "赵强") == set()  # in district B
    assert _search(users["root"], "赵强") == {members["eb1_a"].pk}


def test_search_applications_and_transfers(tree, users, members, pending_app):
    apps = selectors.applications_for(users["a_staff"])
    assert list(apps.filter(selectors.application_search_q(pending_app.reference_no))) == [pending_app]
    assert list(apps.filter(selectors.application_search_q(pending_app.id_number))) == [pending_app]
    t = services.start_transfer(users["a_staff"], members["ea1_a"], tree["EB1"])
    transfers = selectors.transfers_for(users["b_staff"])
    assert list(transfers.filter(selectors.transfer_search_q(members["ea1_a"].id_number))) == [t]
    assert list(transfers.filter(selectors.transfer_search_q("李明"))) == [t]


def test_reveal_writes_an_audit_entry_without_the_plaintext(users, members):
    m = members["ea1_a"]
    assert services.reveal_id_number(users["a_staff"], m) == m.id_number
    entry = AuditLog.objects.filter(action=AuditAction.REVEAL).get()
    assert (entry.user, entry.object_id, entry.org_id) == (users["a_staff"], str(m.pk), m.org_id)
    dumped = json.dumps([entry.before, entry.after, entry.note, entry.object_repr], ensure_ascii=False)
    assert m.id_number not in dumped


def test_audit_log_never_holds_plaintext_id_numbers(tree, users, members, pending_app):
    services.update_member(users["a_staff"], members["ea1_a"], {"job_title": "焊工"})
    services.start_transfer(users["a_staff"], members["ea1_b"], tree["EB1"])
    services.approve_application(users["a_staff"], pending_app)
    numbers = [m.id_number for m in Member.objects.all()] + [pending_app.id_number]
    for entry in AuditLog.objects.all():
        dumped = json.dumps([entry.before, entry.after, entry.note, entry.object_repr], ensure_ascii=False)
        assert not any(n in dumped for n in numbers), entry


@pytest.mark.parametrize("who", ["a_viewer", "b_staff"])
def test_reveal_is_refused_without_the_right(users, members, who):
    with pytest.raises(PermissionDenied):
        services.reveal_id_number(users[who], members["ea1_a"])
    assert not AuditLog.objects.filter(action=AuditAction.REVEAL).exists()
