"""The indicator kit: a ``RecordIndicator`` declared over an existing model equals its recount for every subtree,
period and column, and its drill-down lists exactly the records it counts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from gonghui.members.models import Member
from gonghui.orgs.models import EmployerUnit
from gonghui.stats import registry
from gonghui.stats.counters import COUNTED_MEMBER_STATUSES
from gonghui.stats.periods import Period, parse_period
from gonghui.stats.registry import RecordIndicator, StatsContext, register

from .test_exact import busy  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db
CODES = ("city", "A", "A1", "EA1", "EA2", "B", "B1", "EB1")


def _periods():
    return [Period.year(2024), Period.year(2025), parse_period("2024-Q2"), parse_period("2023-07"),
            parse_period("2023-03-15~2025-02-10")]


@pytest.fixture
def kit():
    """Three figures of a new area, each declared in one statement: a flow counted, a stock counted, a stock
    summed."""
    inds = {
        "joined": RecordIndicator(
            "kit_members_joined", "Members joined", unit="people", section="kit", model="members.Member",
            org_field="org", date_field="join_date", where=Q(status__in=COUNTED_MEMBER_STATUSES),
            list_url_name="members:member_list", period_params=("joined_from", "joined_to"),
            list_params={"in_membership": "yes"}),
        "covered": RecordIndicator(
            "kit_units_covered", "Employers with a union", unit="units", section="kit", model="orgs.EmployerUnit",
            org_field="area_org", where=Q(union__isnull=False), list_url_name="orgs:unit_list",
            list_params={"has_union": "yes"}),
        "employees": RecordIndicator(
            "kit_employees", "Employees of the employers", unit="people", section="kit", model="orgs.EmployerUnit",
            org_field="area_org", sum_field="employee_count", list_url_name="orgs:unit_list"),
    }
    for ind in inds.values():
        register(ind)
    yield inds
    for ind in inds.values():
        registry._REGISTRY.pop(ind.key, None)


def _records(ind, org, period, own=False):
    lookup = {f"{ind.org_field}": org} if own else {f"{ind.org_field}__path__startswith": org.path}
    return ind.records(period).filter(**lookup)


def test_values_equal_the_recount_for_every_subtree_and_period(tree, busy, kit):  # noqa: F811
    orgs = [tree[k] for k in CODES]
    ids = [o.pk for o in orgs]
    assert sum(kit["joined"].recount(tree["city"], p) for p in _periods()) > 0  # the test is not empty
    for period in _periods():
        total, own = StatsContext(period), StatsContext(period, column="own")
        for ind in kit.values():
            values, own_values = total.values(ind, ids), own.values(ind, ids)
            for org in orgs:
                assert values[org.pk] == ind.recount(org, period), (ind.key, org.code, period)
                if ind.sum_field:
                    expected = sum(_records(ind, org, period, own=True).values_list(ind.sum_field, flat=True))
                else:
                    expected = _records(ind, org, period, own=True).count()
                assert own_values[org.pk] == expected, (ind.key, org.code, period, "own")
    city = tree["city"]
    assert StatsContext(Period.year(2025)).value(kit["covered"], city.pk) == EmployerUnit.objects.filter(
        union__isnull=False).count() == 3
    assert StatsContext(Period.year(2025)).value(kit["employees"], city.pk) == 300 + 40 + 10 + 80 + 26 + 12


def test_one_grouped_query_for_any_number_of_organisations(tree, busy, kit):  # noqa: F811
    from gonghui.stats import subtree

    subtree._RECORD_TABLES.clear()  # the first read of a table: no presence query (stats.subtree.holds_records)
    period = Period.year(2025)
    ctx = StatsContext(period)
    with CaptureQueriesContext(connection) as one:
        ctx.values(kit["joined"], [tree["EA1"].pk])
    with CaptureQueriesContext(connection) as many:
        ctx.values(kit["joined"], [tree[k].pk for k in CODES])
    # one organisation: its path, then its subtree's totals summed by the database (stats.subtree.subtree_rows)
    assert len(one.captured_queries) == 2
    assert "GROUP BY" not in one.captured_queries[-1]["sql"]
    # several: their paths, the size of their common ancestor's subtree (stats.subtree), the grouped records
    assert len(many.captured_queries) == 3
    assert sum("members_member" in q["sql"] for q in many.captured_queries) == 1
    with CaptureQueriesContext(connection) as again:
        ctx.values(kit["joined"], [tree["A"].pk, tree["EB1"].pk])
    assert not again.captured_queries


def test_the_drilldown_lists_exactly_the_counted_records(tree, users, busy, kit, client_for):  # noqa: F811
    client = client_for(users["city_admin"])
    for period in (Period.year(2024), parse_period("2023-03-15~2025-02-10")):
        ctx = StatsContext(period)
        for ind in kit.values():
            for key in ("city", "A", "A1", "B1"):
                org = tree[key]
                url = ind.url(org, period)
                response = client.get(url)
                assert response.status_code == 200, url
                listed = set(response.context["filter"].qs.values_list("pk", flat=True))
                assert listed == set(_records(ind, org, period).values_list("pk", flat=True)), (ind.key, url)
                if not ind.sum_field:
                    assert response.context["table"].paginator.count == ctx.value(ind, org.pk), (ind.key, url)
    url = kit["joined"].url(tree["A"], Period.year(2024))
    assert url == (f"/members/?within={tree['A'].code}&joined_from=2024-01-01&joined_to=2024-12-31"
                   "&in_membership=yes")
    assert kit["covered"].url(tree["A"], Period.year(2024)) == f"/orgs/units/?within={tree['A'].code}&has_union=yes"


def test_a_sum_of_a_decimal_field_is_a_decimal(tree, busy, kit):  # noqa: F811
    ind = RecordIndicator("kit_not_registered", "x", model="members.Member", date_field="join_date")
    assert ind.decimal_places == 0 and ind.counter_keys() == set()
    period = Period.year(2025)
    assert StatsContext(period).value(ind, tree["city"].pk) == Member.objects.filter(
        join_date__year=2025).count()
    money = RecordIndicator("kit_money", "y", model="hardship.AidPayment", org_field="recipient__org",
                            date_field="paid_on", sum_field="amount")
    assert money.decimal_places == 2
    value = StatsContext(period).value(money, tree["city"].pk)
    assert value == Decimal("0") and isinstance(value, Decimal)
    assert money.recount(tree["city"], period) == Decimal("0")


def test_distinct_counts_values_for_every_subtree_and_its_drilldown_holds_them(
        tree, users, busy, kit, client_for):  # noqa: F811
    """``distinct``: the unions (the organisation link, counted with the other figures of the same records) and the
    employers (grouped apart) that members joined in; equal to the recount and to the distinct values of the
    records its drill-down lists, in both columns."""
    common = {"model": "members.Member", "org_field": "org", "date_field": "join_date",
              "where": Q(status__in=COUNTED_MEMBER_STATUSES), "list_url_name": "members:member_list",
              "period_params": ("joined_from", "joined_to"), "list_params": {"in_membership": "yes"}}
    unions = register(RecordIndicator("kit_unions_joined", "Unions joined", distinct="org", **common))
    units = register(RecordIndicator("kit_units_joined", "Employers joined", distinct="unit", **common))
    try:
        with pytest.raises(ValueError):
            RecordIndicator("kit_bad", "z", model="members.Member", distinct="org", sum_field="unit")
        assert kit["joined"]._counted_together() == unions._counted_together() != units._counted_together()
        client = client_for(users["city_admin"])
        orgs = [tree[k] for k in CODES]
        for period in (Period.year(2024), parse_period("2023-03-15~2025-02-10")):
            total, own = StatsContext(period), StatsContext(period, column="own")
            for ind, field in ((unions, "org"), (units, "unit")):
                values, own_values = total.values(ind, [o.pk for o in orgs]), own.values(ind, [o.pk for o in orgs])
                for org in orgs:
                    records = _records(ind, org, period)
                    expected = len(set(records.exclude(**{f"{field}__isnull": True}).values_list(field, flat=True)))
                    assert values[org.pk] == ind.recount(org, period) == expected, (ind.key, org.code, period)
                    mine = _records(ind, org, period, own=True).exclude(**{f"{field}__isnull": True})
                    assert own_values[org.pk] == len(set(mine.values_list(field, flat=True)))
                listed = client.get(ind.url(tree["A"], period)).context["filter"].qs
                assert len(set(listed.exclude(**{f"{field}__isnull": True}).values_list(field, flat=True))) == \
                    values[tree["A"].pk]
        assert total.value(units, tree["city"].pk) > 1 and total.value(unions, tree["city"].pk) > 1
    finally:
        for ind in (unions, units):
            registry._REGISTRY.pop(ind.key, None)
