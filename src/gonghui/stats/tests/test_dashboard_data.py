"""dashboard_data: every figure equals the direct recount; a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.core.testing import make_credit_code
from gonghui.members.services import create_member
from gonghui.orgs.choices import OrgType
from gonghui.orgs.models import Organisation
from gonghui.orgs.services import create_org, create_unit
from gonghui.stats import indicators
from gonghui.stats.periods import Period, parse_period
from gonghui.stats.registry import QueryIndicator, RecordIndicator, StatsContext, all_indicators, breakdowns, get
from gonghui.stats.selectors import CHILD_INDICATORS, dashboard_data, trend_months
from gonghui.tools.testing import member_data

pytestmark = pytest.mark.django_db

PERIODS = [Period.year(datetime.date.today().year), parse_period(f"{datetime.date.today().year}-Q1"),
           parse_period(f"{datetime.date.today().year - 1}")]


@pytest.mark.parametrize("code", ["city", "A", "B", "EA1", "A1"])
@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.token)
def test_every_figure_equals_recount(tree, members, code, period):
    org = tree[code]
    data = dashboard_data(org, period)
    assert {f["key"] for f in data["figures"]} == {i.key for i in all_indicators()}
    for ind in all_indicators():
        if not ind.derived:
            continue
        try:
            expected = ind.recount(org, period)
        except NotImplementedError:
            continue
        assert data["values"][ind.key] == expected, ind.key
    for b in breakdowns():
        comp = next(c for c in data["breakdowns"] if c["key"] == b.key)
        assert {i["key"]: i["value"] for i in comp["items"]} == indicators.breakdown_recount(b.key, org, period), b.key


def test_children_and_trend(tree, users, members):
    period = Period.current_year()
    data = dashboard_data(tree["city"], period)
    codes = [r["code"] for r in data["children"]]
    assert sorted(codes) == sorted([tree["A"].code, tree["B"].code])
    a = next(r for r in data["children"] if r["code"] == tree["A"].code)
    assert a["values"]["members"] == 2 and a["rank"] == 1
    assert a["values"]["new_members"] == indicators._members(tree["A"]).filter(
        join_date__gte=period.start, join_date__lte=period.end).count()
    trend = data["trend"]
    assert len(trend["months"]) == 12 and trend["months"][-1] == f"{period.end.year}-12"
    new = next(s for s in trend["series"] if s["key"] == "new_members")
    # the trend's months within the period add up to the period's figure
    assert sum(new["values"]) == data["values"]["new_members"]
    # The tree map's second level holds the grandchildren with employer units to organise, and only those.
    cov = next(n for n in data["coverage"] if n["code"] == tree["A"].code)
    assert [g["code"] for g in cov["children"]] == []  # A1 has no employer units yet

    create_unit(users["root"], name="大厂", credit_code=make_credit_code(), ownership="private", industry="C",
                employee_count=300, area_org=tree["A1"], union=tree["EA1"])
    create_unit(users["root"], name="小店", credit_code=make_credit_code(), ownership="private", industry="G",
                employee_count=3, area_org=tree["B1"])  # below the threshold: nothing to organise
    data = dashboard_data(tree["city"], period)
    cov = {n["code"]: n for n in data["coverage"]}
    assert [(g["code"], g["units_required"], g["units_covered"]) for g in cov[tree["A"].code]["children"]] == [
        (tree["A1"].code, 1, 1)]
    assert cov[tree["B"].code]["children"] == []


def test_trend_months_end_with_period():
    months = trend_months(parse_period("2025-Q2"))
    assert months[0][0] == datetime.date(2024, 7, 1)
    assert months[-1] == (datetime.date(2025, 6, 1), datetime.date(2025, 6, 30))


def test_fixed_number_of_queries(tree, users, members):
    period = Period.current_year()
    dashboard_data(tree["city"], period)  # the record tables learned (stats.subtree.holds_records)
    with CaptureQueriesContext(connection) as few:
        dashboard_data(tree["city"], period)
    for n in range(5):
        d = create_org(users["root"], tree["city"], name=f"新区{n}总工会", code=f"C01X{n}",
                       org_type=OrgType.COUNTY_FEDERATION)
        create_org(users["root"], d, name=f"新区{n}街道工会", code=f"C01X{n}1", org_type=OrgType.TOWNSHIP)
    with CaptureQueriesContext(connection) as many:
        data = dashboard_data(tree["city"], period)
    assert len(data["children"]) >= 7
    # Counters: 12 queries (the organisation and its children read apart: the children only what the children
    # table needs of the members they hold, which are not in their counters; the trend; the coverage); each app
    # section with QueryIndicators adds at most 6 (one grouped query per record source, one organisation lookup,
    # one look at the subtree's size); the RecordIndicators one grouped query per record source (the figures that
    # count the same records by the same date together, each sum apart): constant in the number of organisations
    # and of figures.
    apps = {i.section for i in all_indicators() if isinstance(i, QueryIndicator)}
    records = [i for i in all_indicators() if isinstance(i, RecordIndicator)]
    sources = {(i.model, i.org_field, i.date_field) for i in records if not i.sum_field and not i._own_group} | {
        i.key for i in records if i.sum_field or i._own_group}
    assert len(many.captured_queries) == len(few.captured_queries) <= 12 + 6 * len(apps) + len(sources)


@pytest.mark.parametrize("code", ["city", "A", "A1", "B1"])
def test_children_figures_equal_recount(tree, users, members, code):
    """The children are read for the children table only (of the members they hold, just what it needs): each
    of its figures still equals the recount, for children that hold members themselves too (under A1, B1)."""
    period = Period.current_year()
    create_member(users["root"], tree["EA1"], member_data(name="周新", birth_date=datetime.date(1995, 2, 3),
                                                          join_date=period.start, employment_type="migrant"))
    data = dashboard_data(tree[code], period)
    assert data["children"]
    for row in data["children"]:
        child = Organisation.objects.get(pk=row["id"])
        for key in CHILD_INDICATORS:
            assert row["values"][key] == get(key).recount(child, period), (child.code, key)
    if code == "A1":
        ea1 = next(r for r in data["children"] if r["code"] == tree["EA1"].code)["values"]
        assert (ea1["members"], ea1["new_members"], ea1["new_migrant_members"]) == (3, 1, 1)


def test_a_context_for_some_indicators_reads_only_their_members_and_answers_only_for_them(tree, members):
    period = Period.current_year()
    ctx = StatsContext(period, indicators=[get("members"), get("membership_rate")])
    with CaptureQueriesContext(connection) as captured:
        ctx.load([tree["EA1"].pk])
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    assert "'m.count'" in sql and "'m.gender.'" not in sql and "'m.birth.'" not in sql
    assert ctx.value("members", tree["EA1"].pk) == 2 == StatsContext(period).value("members", tree["EA1"].pk)
    with pytest.raises(ValueError):
        ctx.value("young_members", tree["EA1"].pk)  # by birth year: not read


def test_record_tables_with_nothing_under_the_organisation_are_not_read(tree, members):
    from gonghui.stats import subtree

    period = PERIODS[0]
    subtree._RECORD_TABLES.clear()
    with CaptureQueriesContext(connection) as learning:
        first = dashboard_data(tree["EA1"], period)
    tables = len(subtree._RECORD_TABLES)
    assert tables > 20  # every area's record tables, learned as they are read
    with CaptureQueriesContext(connection) as known:
        again = dashboard_data(tree["EA1"], period)
    assert again["values"] == first["values"]
    # one query asks whether each table holds anything under the union; only those that do are read
    presence = [q["sql"] for q in known.captured_queries if q["sql"].count("EXISTS") >= tables]
    assert len(presence) == 1
    assert len(known.captured_queries) <= len(learning.captured_queries) - tables + 5
