"""Registry rules enforced by the services: valid identity data, one union at a time, rejoining, death."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from gonghui.core import pii
from gonghui.core.exceptions import WorkflowConflict
from gonghui.core.testing import make_id_number
from gonghui.members import services
from gonghui.members.choices import MemberEventKind, MemberStatus
from gonghui.members.models import Member
from gonghui.tools.testing import member_data


def _error(exc, field):
    return " ".join(str(m) for m in exc.value.message_dict[field])


def test_bad_id_checksum_is_refused(tree, users):
    number = make_id_number()
    bad = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(ValidationError) as exc:
        services.create_member(users["a_staff"], tree["EA1"], member_data(id_number=bad))
    assert "id_number" in exc.value.message_dict
    assert not Member.objects.exists()


def test_gender_and_birth_date_must_match_the_id_number(tree, users):
    number = make_id_number(datetime.date(1985, 2, 3), "F")
    with pytest.raises(ValidationError) as exc:
        services.create_member(users["a_staff"], tree["EA1"],
                               member_data(id_number=number, gender="M", birth_date=datetime.date(1985, 2, 4)))
    assert set(exc.value.message_dict) >= {"gender", "birth_date"}
    assert "1985-02-03" in _error(exc, "birth_date")


def test_gender_and_birth_date_are_taken_from_the_id_number(tree, users):
    number = make_id_number(datetime.date(1985, 2, 3), "F")
    m = services.create_member(users["a_staff"], tree["EA1"], {**member_data(), "id_number": number, "gender": "",
                                                               "birth_date": None})
    assert (m.gender, m.birth_date) == ("F", datetime.date(1985, 2, 3))


@pytest.mark.parametrize("phone", ["12345", "2391234567", "1391234567", "abc"])
def test_bad_phone_is_refused(tree, users, phone):
    with pytest.raises(ValidationError) as exc:
        services.create_member(users["a_staff"], tree["EA1"], member_data(phone=phone))
    assert "phone" in exc.value.message_dict


def test_phone_is_normalised(tree, users):
    m = services.create_member(users["a_staff"], tree["EA1"], member_data(phone="+86 139-1234-5678"))
    assert m.phone == "13912345678"


def test_id_number_is_encrypted_at_rest_and_found_by_hash(tree, users):
    data = member_data()
    m = services.create_member(users["a_staff"], tree["EA1"], data)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM members_member WHERE id = %s", [m.pk])
        stored = cursor.fetchone()[0]
    assert data["id_number"] not in stored

    assert Member.objects.get(id_hash=pii.id_hash(data["id_number"])).pk == m.pk


def test_one_union_at_a_time_names_the_union_only_when_visible(tree, users, members):
    existing = members["ea1_a"]
    same = member_data(id_number=existing.id_number, gender=existing.gender, birth_date=existing.birth_date)
    # a_staff can see EA1: the message names the union and the member number.
    with pytest.raises(ValidationError) as exc:
        services.create_member(users["a_staff"], tree["EA2"], same)
    msg = _error(exc, "id_number")
    assert tree["EA1"].name in msg and existing.member_no in msg
    # b_staff cannot see EA1: refused without naming it.
    with pytest.raises(ValidationError) as exc:
        services.create_member(users["b_staff"], tree["EB1"], same)
    msg = _error(exc, "id_number")
    assert tree["EA1"].name not in msg and existing.member_no not in msg and tree["EA1"].code not in msg
    assert Member.objects.filter(id_hash=existing.id_hash).count() == 1


def test_rejoin_after_withdrawal_reuses_the_record(tree, users, members):
    m = members["ea1_a"]
    services.withdraw_member(users["root"], m, "moved away")
    again = services.create_member(users["b_staff"], tree["EB1"],
                                   member_data(id_number=m.id_number, gender=m.gender, birth_date=m.birth_date))
    assert again.pk == m.pk and again.member_no == m.member_no
    assert (again.org, again.status) == (tree["EB1"], MemberStatus.ACTIVE)
    kinds = list(again.events.values_list("kind", flat=True))
    assert kinds[0] == MemberEventKind.REJOINED and MemberEventKind.WITHDRAWN in kinds


def test_deceased_person_cannot_be_added(tree, users, members):
    m = members["ea1_a"]
    services.record_death(users["root"], m, "")
    with pytest.raises(ValidationError) as exc:
        services.create_member(users["a_staff"], tree["EA2"],
                               member_data(id_number=m.id_number, gender=m.gender, birth_date=m.birth_date))
    assert "id_number" in exc.value.message_dict
    assert Member.objects.get(pk=m.pk).status == MemberStatus.DECEASED


def test_federation_cannot_hold_members(tree, users):
    with pytest.raises(ValidationError) as exc:
        services.create_member(users["root"], tree["A"], member_data())
    assert "org" in exc.value.message_dict


def test_future_dates_are_refused(tree, users, members):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.create_member(users["a_staff"], tree["EA1"], member_data(join_date=tomorrow))
    assert "join_date" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.withdraw_member(users["a_staff"], members["ea1_a"], "x", date=tomorrow)


def test_status_transitions_follow_the_state_machine(tree, users, members):
    m, staff = members["ea1_a"], users["a_staff"]
    services.retain_membership(staff, m, "laid off")
    assert Member.objects.get(pk=m.pk).status == MemberStatus.RETAINED
    with pytest.raises(WorkflowConflict):
        services.retain_membership(staff, m, "again")
    services.reinstate_member(staff, m)
    services.withdraw_member(staff, m, "left")
    with pytest.raises(WorkflowConflict):
        services.withdraw_member(staff, m, "again")
    with pytest.raises(ValidationError) as exc:
        services.withdraw_member(staff, members["ea1_b"], "  ")
    assert "reason" in exc.value.message_dict


def test_rights_are_checked_by_the_services(tree, users, members):
    with pytest.raises(PermissionDenied):
        services.create_member(users["a_viewer"], tree["EA1"], member_data())
    with pytest.raises(PermissionDenied):
        services.withdraw_member(users["b_staff"], members["ea1_a"], "not mine")
    with pytest.raises(PermissionDenied):
        services.reveal_id_number(users["a_viewer"], members["ea1_a"])
