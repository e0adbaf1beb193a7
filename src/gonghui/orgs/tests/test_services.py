"""Organisation and employer-unit services: rights, validation, tree moves, dissolution and mergers."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.exceptions import WorkflowConflict
from gonghui.core.models import AuditLog
from gonghui.core.testing import make_credit_code
from gonghui.members.choices import MemberEventKind, MemberStatus
from gonghui.members.models import Member, MemberEvent
from gonghui.orgs import services
from gonghui.orgs.choices import OrgLevel, OrgStatus, OrgType
from gonghui.orgs.models import EmployerUnit, Organisation


def fresh(org):
    return Organisation.objects.get(pk=org.pk)


def test_create_org_under_parent_with_default_level_and_audit(tree, users):
    org = services.create_org(users["a_admin"], tree["A1"], name="新公司工会", code="C01A1X",
                              org_type=OrgType.ENTERPRISE)
    assert org.level == OrgLevel.GRASSROOTS
    assert fresh(org).get_parent().pk == tree["A1"].pk
    assert AuditLog.objects.filter(object_id=str(org.pk), action="create").exists()


def test_create_org_with_duplicate_code_is_refused(tree, users):
    with pytest.raises(ValidationError) as exc:
        services.create_org(users["a_admin"], tree["A1"], name="重复", code="C01EA1", org_type=OrgType.ENTERPRISE)
    assert "code" in exc.value.message_dict


def test_create_org_needs_org_admin_at_the_parent(tree, users):
    with pytest.raises(PermissionDenied):
        services.create_org(users["a_staff"], tree["A1"], name="x", code="X1", org_type=OrgType.ENTERPRISE)
    with pytest.raises(PermissionDenied):
        services.create_org(users["a_admin"], tree["B1"], name="x", code="X2", org_type=OrgType.ENTERPRISE)


def test_approval_before_founding_is_refused(tree, users):
    with pytest.raises(ValidationError) as exc:
        services.create_org(
            users["a_admin"], tree["A1"], name="x", code="X3", org_type=OrgType.ENTERPRISE,
            founded_on=datetime.date(2020, 5, 1), approved_on=datetime.date(2020, 4, 1),
        )
    assert "approved_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.update_org(users["a_admin"], tree["EA1"], founded_on=datetime.date(2020, 5, 1),
                            approved_on=datetime.date(2019, 1, 1))
    assert "approved_on" in exc.value.message_dict


def test_move_keeps_descendants_and_members(tree, users, members):
    a1 = tree["A1"]
    services.move_org(users["city_admin"], a1, tree["B"])
    a1 = fresh(a1)
    b = fresh(tree["B"])
    assert a1.get_parent().pk == b.pk
    assert a1.path.startswith(b.path)
    for key in ("EA1", "EA2"):
        child = fresh(tree[key])
        assert child.path.startswith(a1.path) and child.get_parent().pk == a1.pk
    # members follow their union's new path: they are now in district B's subtree
    in_b = Member.objects.filter(org__path__startswith=b.path)
    assert set(in_b.values_list("pk", flat=True)) >= {members["ea1_a"].pk, members["ea1_b"].pk}
    assert not Member.objects.filter(org__path__startswith=fresh(tree["A"]).path).exists()


def test_move_into_own_subtree_is_refused(tree, users):
    with pytest.raises(ValidationError) as exc:
        services.move_org(users["city_admin"], tree["A"], tree["EA1"])
    assert "parent" in exc.value.message_dict


def test_move_needs_manage_rights_at_both_ends(tree, users):
    with pytest.raises(PermissionDenied):
        services.move_org(users["a_admin"], tree["A1"], tree["B"])


def test_dissolve_refused_with_members_and_allowed_after_they_leave(tree, users, members):
    ea1 = tree["EA1"]
    with pytest.raises(ValidationError) as exc:
        services.dissolve_org(users["a_admin"], ea1, "企业关闭")
    assert "2" in " ".join(exc.value.messages)
    assert fresh(ea1).status == OrgStatus.ACTIVE
    for key in ("ea1_a", "ea1_b"):
        Member.objects.filter(pk=members[key].pk).update(status=MemberStatus.WITHDRAWN)
    org = services.dissolve_org(users["a_admin"], ea1, "企业关闭", datetime.date(2025, 1, 2))
    assert org.status == OrgStatus.DISSOLVED and org.closed_on == datetime.date(2025, 1, 2)


def test_dissolve_refused_while_live_children_remain(tree, users):
    with pytest.raises(ValidationError):
        services.dissolve_org(users["a_admin"], tree["A1"], "撤并")


def test_merge_moves_members_children_units_and_writes_events(tree, users, members):
    unit = services.create_unit(users["a_admin"], name="甲公司", credit_code=make_credit_code(1), ownership="private",
                                industry="C", employee_count=10, area_org=tree["A1"], union=tree["EA1"])
    branch = services.create_org(users["a_admin"], tree["EA1"], name="车间分工会", code="C01EA1B1",
                                 org_type=OrgType.BRANCH)
    merged = services.merge_org(users["a_admin"], tree["EA1"], tree["EA2"], "企业合并", datetime.date(2025, 3, 1))
    ea2 = fresh(tree["EA2"])
    assert merged.status == OrgStatus.MERGED and merged.merged_into_id == ea2.pk
    moved = {members["ea1_a"].pk, members["ea1_b"].pk}
    assert set(Member.objects.filter(org=ea2).values_list("pk", flat=True)) == moved
    events = MemberEvent.objects.filter(kind=MemberEventKind.MOVED_BY_MERGER, from_org=tree["EA1"], to_org=ea2)
    assert events.count() == 2
    assert EmployerUnit.objects.get(pk=unit.pk).union_id == ea2.pk
    assert fresh(branch).get_parent().pk == ea2.pk


def test_merge_into_own_subtree_is_refused(tree, users):
    with pytest.raises(ValidationError) as exc:
        services.merge_org(users["a_admin"], tree["A1"], tree["EA1"], "x")
    assert "target" in exc.value.message_dict


def test_activate_preparing_org(tree, users):
    org = services.create_org(users["a_admin"], tree["A1"], name="筹建工会", code="C01A1P", org_type=OrgType.ENTERPRISE,
                              status=OrgStatus.PREPARING)
    org = services.activate_org(users["a_admin"], org, datetime.date(2025, 1, 1))
    assert org.status == OrgStatus.ACTIVE and org.founded_on == datetime.date(2025, 1, 1)
    with pytest.raises(WorkflowConflict):
        services.activate_org(users["a_admin"], org)


def test_unit_create_checks_scope_and_credit_code(tree, users):
    code = make_credit_code(7)
    unit = services.create_unit(users["a_staff"], name="乙公司", credit_code=code, ownership="private", industry="C",
                                employee_count=50, area_org=tree["A1"], union=None)
    assert unit.pk and not unit.has_union
    with pytest.raises(ValidationError) as exc:
        services.create_unit(users["a_staff"], name="丙公司", credit_code=make_credit_code(8), ownership="private",
                             industry="C", employee_count=5, area_org=tree["B1"], union=None)
    assert "area_org" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.create_unit(users["a_staff"], name="丁公司", credit_code=code, ownership="private", industry="C",
                             employee_count=5, area_org=tree["A1"], union=None)
    assert "credit_code" in exc.value.message_dict


def test_set_committee_replaces_seats(tree, users):
    seats = [
        {"committee": "union", "position": "chair", "name": "张主席", "term_number": 2, "started_on": None},
        {"committee": "women", "position": "director", "name": "李主任", "term_number": None, "started_on": None},
    ]
    services.set_committee(users["ea1_staff"], tree["EA1"], seats)
    assert tree["EA1"].committee_members.count() == 2
    services.set_committee(users["ea1_staff"], tree["EA1"], seats[:1])
    assert list(tree["EA1"].committee_members.values_list("name", flat=True)) == ["张主席"]
