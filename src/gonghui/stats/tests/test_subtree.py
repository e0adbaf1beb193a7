"""stats.subtree: both plans give the same grouped rows, and the size of a subtree picks the plan."""

import collections

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from gonghui.core.testing import make_credit_code
from gonghui.members.models import Member
from gonghui.orgs.models import EmployerUnit
from gonghui.stats import subtree

pytestmark = pytest.mark.django_db


def _rows(prefix, large, monkeypatch):
    monkeypatch.setattr(subtree, "LARGE_SUBTREE", 1 if large else 10**6)
    rows = subtree.grouped_by_org_path(Member.objects.all(), "org", prefix, ("gender",), {"n": Count("id")}, cache={})
    return sorted((r["org_path"], r["gender"], r["n"]) for r in rows)


@pytest.mark.parametrize("code", ["city", "A", "EA1", "B", "A1"])
def test_both_plans_give_the_same_rows(tree, members, monkeypatch, code):
    prefix = tree[code].path
    counts = collections.Counter((m.org.path, m.gender) for m in members.values() if m.org.path.startswith(prefix))
    expected = sorted((path, gender, n) for (path, gender), n in counts.items())
    assert _rows(prefix, False, monkeypatch) == _rows(prefix, True, monkeypatch) == expected
    if code == "city":
        assert len(expected) == 3  # EA1 men, EA1 women, EB1 men: the test is not empty


def test_the_plan_follows_the_size_of_the_subtree(tree, members, monkeypatch):
    monkeypatch.setattr(subtree, "LARGE_SUBTREE", 5)
    cache = {}
    assert subtree.is_large(tree["city"].path, cache) and not subtree.is_large(tree["EA1"].path, cache)
    assert subtree.is_large("")  # no common ancestor: the whole tree
    with CaptureQueriesContext(connection) as small:
        subtree.grouped_by_org_path(Member.objects.all(), "org", tree["EA1"].path, (), {"n": Count("id")}, cache=cache)
    with CaptureQueriesContext(connection) as large:
        subtree.grouped_by_org_path(Member.objects.all(), "org", tree["city"].path, (), {"n": Count("id")}, cache=cache)
    # a small subtree: one query joining the organisations by path; a large one: the records without a join,
    # then the paths of the organisations found
    assert len(small.captured_queries) == 1 and "JOIN" in small.captured_queries[0]["sql"]
    assert len(large.captured_queries) == 2 and "JOIN" not in large.captured_queries[0]["sql"]


def test_records_without_an_organisation_belong_to_no_subtree(tree, members, monkeypatch):
    """A nullable link (an event's former union) may be empty: the large plan grouped its ids with sorted() and
    failed on None (the city dashboard answered 500 once the city held 1,000 organisations)."""
    from gonghui.members.models import MemberEvent

    member = members["ea1_a"]
    MemberEvent.objects.create(member=member, kind="joined", date=member.join_date, from_org=None, to_org=member.org)
    MemberEvent.objects.create(member=member, kind="transferred", date=member.join_date, from_org=tree["EA1"],
                               to_org=member.org)
    monkeypatch.setattr(subtree, "LARGE_SUBTREE", 1)
    rows = subtree.grouped_by_org_path(MemberEvent.objects.all(), "from_org", tree["city"].path, (),
                                       {"n": Count("id")}, cache={})
    assert [(r["org_path"], r["n"]) for r in rows] == [(tree["EA1"].path, 1)]


def test_records_of_no_organisation_are_in_no_subtree(tree, monkeypatch):
    """A large subtree reads the records first: an employer no union covers (union null) is left out, not sorted
    with the ids (a province's dashboard failed on it)."""
    for union in (tree["EA1"], None):
        EmployerUnit.objects.create(name=f"厂{union}", credit_code=make_credit_code(), ownership="private",
                                    industry="C", employee_count=40, area_org=tree["A1"], union=union)
    monkeypatch.setattr(subtree, "LARGE_SUBTREE", 1)
    rows = subtree.grouped_by_org_path(EmployerUnit.objects.all(), "union", tree["city"].path, (), {"n": Count("id")},
                                       cache={})
    assert [(r["org_path"], r["n"]) for r in rows] == [(tree["EA1"].path, 1)]
