"""The hardship figures: exact (subtree totals and own records, a person counted once), and a fixed number of
grouped queries whatever the number of organisations and figures."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.hardship import indicators, services
from gonghui.hardship.testing import active_archive, threshold
from gonghui.stats.periods import Period, parse_period
from gonghui.stats.registry import StatsContext, by_section
from gonghui.stats.selectors import dashboard_data

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today
CODES = ("city", "A", "A1", "EA1", "EA2", "B", "B1", "EB1")


def _campaign(user, org, kind, name):
    return services.open_campaign(user, org, {"kind": kind, "name": name, "budget": "10000",
                                              "standard_amount": "500"}, ())


def _pay(user, campaign, org, archive, amount):
    r = services.propose_recipient(user, campaign, org, archive=archive)
    services.approve_recipient(user, r)
    services.record_payment(user, r, kind="cash", amount=amount)
    return r


@pytest.fixture
def world(tree, users):
    root = users["root"]
    threshold(root, tree["city"])
    a1 = active_archive(root, tree["EA1"], name="甲户", household=[], causes=("illness", "disability"))
    a2 = active_archive(root, tree["EA2"], name="乙户", household=[], causes=("illness",))
    b1 = active_archive(root, tree["EB1"], name="丙户", household=[], causes=("unemployment",))
    warmth = _campaign(root, tree["city"], "warmth", "送温暖")
    living = _campaign(root, tree["city"], "living", "生活救助")
    # 甲户 is helped twice, by its own union and by the district above it: one person, one household.
    _pay(root, warmth, tree["EA1"], a1, "500")
    _pay(root, living, tree["A"], a1, "300")
    _pay(root, warmth, tree["EA2"], a2, "400")
    _pay(root, living, tree["B"], b1, "200")
    services.record_visit(root, a2, date=TODAY(), occasion="festival", visitors="x")
    services.close_archive(root, b1, "再就业")
    return {"a1": a1, "a2": a2, "b1": b1}


def _values(ctx, orgs):
    return {ind.key: ctx.values(ind, [o.pk for o in orgs]) for ind in by_section("hardship")}


@pytest.mark.parametrize("records_first", [False, True], ids=["orgs_first", "records_first"])
@pytest.mark.parametrize("token", [str(TODAY().year), f"{TODAY().year}-{TODAY().month:02d}", str(TODAY().year - 1)])
def test_totals_equal_the_recount_and_count_a_person_once(tree, users, world, token, records_first, monkeypatch):
    from gonghui.stats import subtree

    # Both plans of stats.subtree: with a threshold of 1 every subtree is read records first.
    monkeypatch.setattr(subtree, "LARGE_SUBTREE", 1 if records_first else 10**6)
    period = parse_period(token)
    orgs = [tree[k] for k in CODES]
    values = _values(StatsContext(period), orgs)
    for ind in by_section("hardship"):
        for o in orgs:
            assert values[ind.key][o.pk] == ind.recount(o, period), (ind.key, o.code)
    if period.start.year == TODAY().year:
        a, city = tree["A"].pk, tree["city"].pk
        assert values["hardship_people_helped"][a] == 2 and values["hardship_households_helped"][a] == 2
        assert values["hardship_people_helped"][city] == 3
        assert values["hardship_aid_amount"][a] == Decimal("1200")
        assert values["hardship_amount_living"][city] == Decimal("500")
        assert values["hardship_active_archives"][city] == 2 and values["hardship_closed_archives"][city] == 1
        assert values["hardship_cause_illness"][tree["A1"].pk] == 2
        assert values["hardship_cause_unemployment"][city] == 0  # 丙户 is closed
        assert values["hardship_visits"][a] == 1


def test_own_column_keeps_the_records_of_the_union_itself(tree, users, world):
    period = Period.year(TODAY().year)
    orgs = [tree[k] for k in CODES]
    own = _values(StatsContext(period, column="own"), orgs)
    total = _values(StatsContext(period), orgs)
    for ind in by_section("hardship"):
        for k in ("EA1", "EA2", "EB1"):  # unions without unions below: own = subtree
            assert own[ind.key][tree[k].pk] == total[ind.key][tree[k].pk], (ind.key, k)
        for k in ("city", "A1", "B1"):  # nothing recorded at these
            assert not own[ind.key][tree[k].pk], (ind.key, k)
    a, b, ea1 = tree["A"].pk, tree["B"].pk, tree["EA1"].pk
    assert own["hardship_people_helped"][a] == 1 and own["hardship_people_helped"][ea1] == 1
    assert own["hardship_aid_amount"][a] == Decimal("300") and own["hardship_amount_living"][b] == Decimal("200")
    assert own["hardship_active_archives"][a] == 0 and own["hardship_people_helped"][b] == 1
    assert isinstance(own["hardship_aid_amount"][tree["city"].pk], Decimal)


def _hardship_queries(captured):
    return [q["sql"] for q in captured if "hardship_" in q["sql"]]


def test_a_fixed_number_of_queries(tree, users, world):
    from gonghui.orgs.choices import OrgType
    from gonghui.orgs.services import create_org
    from gonghui.stats import subtree

    period = Period.year(TODAY().year)
    inds = by_section("hardship")
    _values(StatsContext(period), [tree["city"]])  # the record tables learned (stats.subtree.holds_records)
    with CaptureQueriesContext(connection) as one_figure:
        StatsContext(period).values(inds[0], [tree["city"].pk])
    with CaptureQueriesContext(connection) as few:
        _values(StatsContext(period), [tree["city"]])
    with CaptureQueriesContext(connection) as few_dash:
        dashboard_data(tree["city"], period)
    # more unions, more records, more organisations asked for
    root = users["root"]
    new = []
    for n in range(4):
        d = create_org(root, tree["city"], name=f"新区{n}总工会", code=f"C01X{n}", org_type="county_federation")
        new.append(create_org(root, d, name=f"新区{n}公司工会", code=f"C01X{n}1", org_type=OrgType.ENTERPRISE))
        a = active_archive(root, new[-1], name=f"新{n}户", household=[], causes=("illness", "disaster"))
        services.record_visit(root, a, date=TODAY(), occasion="festival", visitors="x")
    with CaptureQueriesContext(connection) as many:
        _values(StatsContext(period), [tree[k] for k in CODES] + new)
    with CaptureQueriesContext(connection) as many_dash:
        data = dashboard_data(tree["city"], period)
    assert data["values"]["hardship_visits"] == 5
    # one organisation: one path lookup, one look at which record tables hold anything under it, and its
    # subtree's totals, one query per source (stats.subtree.subtree_rows)
    assert {"hardship.HardshipArchive", "hardship.AidPayment"} <= {label for label, _link in subtree._RECORD_TABLES}
    assert len(one_figure.captured_queries) == 3
    # all figures: the four sources, of which the three with records in this world are read
    assert len(few.captured_queries) == 2 + 3
    # several: one path lookup, one look at the subtree's size (stats.subtree) and one grouped query for the
    # figure's source; at most one per source (4) for all figures
    assert len(many.captured_queries) == 6
    assert len(_hardship_queries(few_dash.captured_queries)) == len(_hardship_queries(many_dash.captured_queries)) == 4
    # the subtree is a path range (an index range scan), never LIKE
    assert not any(" LIKE " in sql.upper() for sql in _hardship_queries(many_dash.captured_queries))
    for column in ("total", "own"):  # asked again, in pieces: nothing more to fetch
        ctx = StatsContext(period, column=column)
        ids = [tree[k].pk for k in CODES]
        _values(ctx, [tree[k] for k in CODES])
        with CaptureQueriesContext(connection) as again:
            for ind in inds:
                ctx.values(ind, ids[:3])
                indicators.figures(ctx, ids[2:], "payments")
        assert not again.captured_queries
