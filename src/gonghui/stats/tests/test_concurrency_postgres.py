"""Counters stay exact under concurrent writes: real PostgreSQL connections writing at the same moment."""

import datetime
import threading

import pytest
from django.db import connection, connections

from gonghui.core.testing import make_credit_code
from gonghui.members.services import create_member, withdraw_member
from gonghui.orgs.models import EmployerUnit
from gonghui.orgs.services import create_unit, set_committee, update_unit
from gonghui.tools.testing import build_small_city, make_official, member_data

from .test_exact import assert_counters_exact

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: real concurrent connections"),
]


def _together(jobs):
    """Run each callable in its own thread and connection, released together; returns their exceptions."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait(timeout=10)
            job()
        except Exception as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return errors


def test_concurrent_member_unit_and_committee_writes_keep_counters_exact():
    tree = build_small_city()
    root = make_official("conc_root", superuser=True)
    unit = create_unit(root, name="并发单位", credit_code=make_credit_code(), ownership="private", industry="C",
                       employee_count=60, area_org=tree["A1"], union=tree["EA1"])
    leaving = [create_member(root, tree["EA1"], member_data(name=f"离{i}", birth_date=datetime.date(1980, 1, i + 1)))
               for i in range(3)]

    def add_members(org_key, start):
        def job():
            for i in range(6):
                create_member(root, tree[org_key], member_data(
                    name=f"并{start + i}", birth_date=datetime.date(1970 + (start + i) % 30, 3, 1 + i),
                    employment_type="migrant" if i % 2 else "regular", unit=unit if org_key == "EA1" else None,
                    join_date=datetime.date(2025, 1 + i, 10)))
        return job

    def committees():
        for n in range(4):
            set_committee(root, tree["EA1"], [{"committee": "women", "position": "director", "name": f"主任{n}"}]
                          if n % 2 == 0 else [])

    def unit_changes():
        u = EmployerUnit.objects.get(pk=unit.pk)
        update_unit(root, u, ownership="state", employee_count=70)
        update_unit(root, EmployerUnit.objects.get(pk=unit.pk), industry="F")

    def withdrawals():
        for m in leaving:
            withdraw_member(root, m, "离职")

    errors = _together([add_members("EA1", 0), add_members("EA1", 100), add_members("EA2", 200),
                        add_members("EB1", 300), committees, unit_changes, withdrawals])
    assert not errors, errors
    assert_counters_exact()
