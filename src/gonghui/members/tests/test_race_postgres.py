"""Two officials acting at the same moment on PostgreSQL, with two real connections: exactly one wins."""

import pytest
from django.core.cache import cache
from django.db import connection

from gonghui.core.exceptions import WorkflowConflict
from gonghui.core.testing import run_together
from gonghui.members.choices import MemberStatus, TransferStatus
from gonghui.members.models import JoinApplication, Member, MemberEvent, Transfer
from gonghui.members.services import (
    accept_transfer,
    approve_application,
    cancel_transfer,
    create_member,
    start_transfer,
    submit_application,
)
from gonghui.tools.testing import build_small_city, make_official, member_data

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: two real connections racing"),
]


def _race(fn, args_per_thread):
    """``fn(*args)`` for each args tuple, released together (``run_together``), each on its own connection."""
    return run_together([lambda args=args: fn(*args) for args in args_per_thread])


@pytest.fixture
def world():
    cache.clear()
    tree = build_small_city()
    return {
        "tree": tree,
        "a_staff": make_official("race_a_staff", tree["A"], "staff"),
        "ea1_staff": make_official("race_ea1_staff", tree["EA1"], "staff"),
        "b_staff": make_official("race_b_staff", tree["B"], "staff"),
        "b1_staff": make_official("race_b1_staff", tree["B1"], "staff"),
        "root": make_official("race_root", superuser=True),
    }


def test_concurrent_approvals_of_one_application(world):
    app = submit_application(world["tree"]["EA1"], member_data(name="并发"))
    copies = [JoinApplication.objects.get(pk=app.pk) for _ in range(2)]
    results = _race(approve_application, [(world["a_staff"], copies[0]), (world["ea1_staff"], copies[1])])

    outcomes = sorted(r[0] for r in results)
    assert outcomes == ["error", "ok"], results
    error = next(r[1] for r in results if r[0] == "error")
    assert isinstance(error, WorkflowConflict), repr(error)
    assert Member.objects.filter(id_hash=app.id_hash).count() == 1
    member = Member.objects.get(id_hash=app.id_hash)
    assert MemberEvent.objects.filter(member=member).count() == 1
    assert JoinApplication.objects.get(pk=app.pk).member_id == member.pk


def test_concurrent_accepts_of_one_transfer(world):
    tree = world["tree"]
    member = create_member(world["root"], tree["EA1"], member_data(name="接转"))
    transfer = start_transfer(world["a_staff"], member, tree["EB1"], "moved")
    copies = [Transfer.objects.get(pk=transfer.pk) for _ in range(2)]
    results = _race(accept_transfer, [(world["b_staff"], copies[0]), (world["b1_staff"], copies[1])])

    outcomes = sorted(r[0] for r in results)
    assert outcomes == ["error", "ok"], results
    assert isinstance(next(r[1] for r in results if r[0] == "error"), WorkflowConflict)
    member = Member.objects.get(pk=member.pk)
    assert (member.org_id, member.status) == (tree["EB1"].pk, MemberStatus.ACTIVE)
    assert Transfer.objects.get(pk=transfer.pk).status == TransferStatus.ACCEPTED
    assert MemberEvent.objects.filter(member=member, kind="transferred").count() == 1


def test_concurrent_accept_and_cancel_of_one_transfer(world):
    tree = world["tree"]
    member = create_member(world["root"], tree["EA1"], member_data(name="撤回"))
    transfer = start_transfer(world["a_staff"], member, tree["EB1"])
    results = _race(lambda fn, user, t: fn(user, t), [
        (accept_transfer, world["b_staff"], Transfer.objects.get(pk=transfer.pk)),
        (cancel_transfer, world["a_staff"], Transfer.objects.get(pk=transfer.pk)),
    ])
    assert sorted(r[0] for r in results) == ["error", "ok"], results
    t = Transfer.objects.get(pk=transfer.pk)
    member = Member.objects.get(pk=member.pk)
    assert member.status == MemberStatus.ACTIVE
    if t.status == TransferStatus.ACCEPTED:
        assert member.org_id == tree["EB1"].pk
    else:
        assert (t.status, member.org_id) == (TransferStatus.CANCELLED, tree["EA1"].pk)
