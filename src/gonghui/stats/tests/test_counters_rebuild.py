"""``counters.rebuild()`` (SQL ``GROUP BY`` per key family) gives exactly the rows the services keep current.

Records are created and changed through the services on the conftest tree (so the counters follow the
incremental path: delta upserts, refreshes, subtree moves); the OrgCounter rows are snapshot, rebuilt from
scratch and compared row for row (own and total).
"""

import datetime

import pytest

from gonghui.core.testing import make_credit_code
from gonghui.members.models import Member
from gonghui.members.services import accept_transfer, create_member, start_transfer, withdraw_member
from gonghui.orgs.choices import OrgType
from gonghui.orgs.models import EmployerUnit, Organisation
from gonghui.orgs.services import create_org, create_unit, merge_org, move_org, set_committee, update_unit
from gonghui.stats import counters
from gonghui.stats.models import NO_DAY, OrgCounter
from gonghui.tools.testing import member_data


def _rows():
    """Every non-zero counter row; the incremental path may leave rows at 0/0 where records went away."""
    return {(o, k, d): (own, total) for o, k, d, own, total in
            OrgCounter.objects.exclude(own=0, total=0).values_list("org_id", "key", "day", "own", "total")}


def _diff(a, b):
    keys = sorted(set(a) | set(b), key=str)
    return [(k, a.get(k), b.get(k)) for k in keys if a.get(k) != b.get(k)][:20]


@pytest.fixture
def busy_city(tree, users, members):
    """The conftest tree with units, members of every kind, transfers, a withdrawal, a move and a merger."""
    root = users["root"]
    covered = create_unit(root, name="甲有限公司", credit_code=make_credit_code(), ownership="private", industry="C",
                          employee_count=120, address="甲路1号", area_org=tree["A1"], union=tree["EA1"])
    state = create_unit(root, name="乙有限公司", credit_code=make_credit_code(), ownership="state", industry="G",
                        employee_count=300, address="乙路2号", area_org=tree["B1"], union=tree["EB1"])
    create_unit(root, name="丙小店", credit_code=make_credit_code(), ownership="private", industry="F",
                employee_count=8, address="丙路3号", area_org=tree["A1"])
    create_unit(root, name="丁工厂", credit_code=make_credit_code(), ownership="collective", industry="C",
                employee_count=60, address="丁路4号", area_org=tree["B1"])
    made = []
    specs = [
        (tree["EA1"], {"gender": "F", "birth_date": datetime.date(1999, 2, 3), "employment_type": "migrant",
                       "join_date": datetime.date(2025, 7, 1), "unit": covered}),
        (tree["EA1"], {"birth_date": datetime.date(1970, 12, 30),
                       "join_date": datetime.date(2025, 7, 1), "unit": covered}),
        (tree["EA2"], {"gender": "F", "employment_type": "new_forms", "join_date": datetime.date(2024, 1, 15)}),
        (tree["EB1"], {"employment_type": "migrant", "join_date": datetime.date(2023, 11, 5), "unit": state,
                       "birth_date": datetime.date(1985, 6, 6), "education": "", "political_status": ""}),
        (tree["EB1"], {"gender": "F", "join_date": datetime.date(2025, 3, 8), "unit": state, "education": "master"}),
    ]
    for k, (org, extra) in enumerate(specs):
        made.append(create_member(root, org, member_data(name=f"成员{k}", **extra)))
    withdraw_member(root, made[1], "离职", date=datetime.date(2025, 9, 1))
    transfer = start_transfer(root, made[2], tree["EB1"], reason="调动")  # pending: counted as transferring
    accept_transfer(root, start_transfer(root, made[4], tree["EA2"], reason="调动"))
    new_union = create_org(root, tree["B1"], name="新建公司工会", code="C01NEW", org_type=OrgType.ENTERPRISE,
                           founded_on=datetime.date(2025, 5, 20), next_election_due=datetime.date(2026, 5, 20))
    set_committee(root, tree["EA1"], [{"committee": "women", "name": "女工主任", "position": "director",
                                       "term_number": 1}])
    create_member(root, new_union, member_data(name="新会员", join_date=datetime.date(2025, 6, 1)))
    update_unit(root, covered, ownership="collective")
    move_org(root, tree["A1"], tree["B"])
    merge_org(root, tree["EA2"], tree["EA1"], "合并")
    return {"transfer": transfer, "new_union": new_union}


def test_rebuild_equals_incremental_counters(busy_city, tree):
    incremental = _rows()
    keys = {k for _, k, _ in incremental}
    # The scenario must exercise every kind of key, or the comparison would prove little.
    for key in ("m.count", "m.joined", "m.joined.migrant", "m.gender.F", "m.birth.1999", "m.emp.migrant",
                "m.emp.new_forms", "m.edu.none", "m.pol.none", "m.own.collective", "m.own.state", "m.own.none",
                "m.ind.C", "m.ind.none", "u.count", "u.required", "u.covered", "u.covered_employees", "u.cov_own.state",
                "u.own.private", "o.count", "o.grassroots", "o.women", "o.founded", "o.election_due"):
        assert key in keys, key
    assert incremental[(tree["city"].pk, "m.joined", datetime.date(2025, 7, 1))] == (0, 2)
    assert len(incremental) > 100

    n = counters.rebuild()

    rebuilt = _rows()
    assert _diff(incremental, rebuilt) == []
    assert n == OrgCounter.objects.count() == len(rebuilt)  # rebuild writes no zero rows


def test_rebuild_is_exact_against_the_records(busy_city, tree):
    """After a rebuild the city totals equal direct counts (so rebuild is not merely consistent with itself)."""
    OrgCounter.objects.all().delete()
    counters.rebuild()
    city = tree["city"].pk
    rows = _rows()
    counted = Member.objects.filter(status__in=counters.COUNTED_MEMBER_STATUSES)
    assert rows[(city, "m.count", NO_DAY)][1] == counted.count() == 8
    assert rows[(city, "m.gender.F", NO_DAY)][1] == counted.filter(gender="F").count()
    assert sum(t for (o, k, d), (_, t) in rows.items() if o == city and k == "m.joined") == Member.objects.count()
    assert rows[(city, "u.count", NO_DAY)][1] == EmployerUnit.objects.count() == 4
    assert rows[(city, "u.required", NO_DAY)][1] == 3  # two covered, one with 60 employees; not the shop of 8
    live = Organisation.objects.filter(status__in=counters.LIVE_ORG_STATUSES).count()
    assert rows[(city, "o.count", NO_DAY)][1] == live
    # own + descendants: a district's total is its own plus its subtree's own counts
    b = Organisation.objects.get(pk=tree["B"].pk)
    subtree = Organisation.objects.filter(path__startswith=b.path).values_list("pk", flat=True)
    assert rows[(b.pk, "u.count", NO_DAY)][1] == sum(rows.get((o, "u.count", NO_DAY), (0, 0))[0] for o in subtree) > 0
    # members count at the ancestors of their union only: a district's total holds its descendants' members
    below_b = Organisation.objects.filter(path__startswith=b.path).exclude(pk=b.pk)
    assert rows[(b.pk, "m.count", NO_DAY)][1] == counted.filter(org__in=below_b).count() > 0
    assert not [k for k, (own, _t) in rows.items() if k[1].startswith("m.") and own]
    held = {m.org_id for m in counted}
    assert {k[0] for k in rows if k[1] == "m.count"} == {a for o in held for a in counters.ancestors_of(o)}


def test_rebuild_on_empty_registry(db):
    assert counters.rebuild() == 0
