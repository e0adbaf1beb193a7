"""The figures of democratic management equal their recount for every union and period, and each opens exactly
the records it counts."""

import datetime

import pytest
from django.utils import timezone

from gonghui.democracy import services
from gonghui.democracy import testing as dt
from gonghui.stats.periods import Period
from gonghui.stats.registry import StatsContext, by_section

pytestmark = pytest.mark.django_db
CODES = ("city", "A", "A1", "EA1", "EA2", "B", "B1", "EB1")


@pytest.fixture
def world(tree, root):
    today = timezone.localdate()
    day = today.replace(day=1)
    state = dt.employer(root, tree["EA1"], name="国有甲厂", ownership="state")
    dt.setup(root, tree["EA1"], unit=state, established_on=day)
    dt.employer(root, tree["EA2"], name="民营乙厂", ownership="private")  # should have one, has none
    private_b = dt.employer(root, tree["EB1"], name="民营丙厂", ownership="private")
    dt.setup(root, tree["EB1"], unit=private_b, established_on=None)  # recorded, not yet set up
    c = dt.congress(root, tree["EA1"], started_on=day)
    ds = dt.delegates(root, c, 6)
    good = dt.held_session(root, c, present=6, number=1, held_on=day, due_on=today)
    item = dt.item(root, good)
    services.record_vote(root, item, votes_for=6, votes_against=0, votes_abstain=0)
    dt.held_session(root, c, present=3, number=2, held_on=day)  # no quorum
    services.save_rule(root, None, unit=state, kind="rules", title="考勤办法", adopted_on=day, item=item)
    services.save_rule(root, None, unit=state, kind="wages", title="奖金分配方案", adopted_on=day)
    m1 = dt.motion(root, c, ds[0], filed_on=day)
    dt.motion(root, c, ds[1], title="第二件", filed_on=day)
    services.accept_motion(root, m1)
    services.assign_motion(root, m1, department="后勤", reply_due=today)
    services.answer_motion(root, m1, reply="好", replied_on=day)
    services.implement_motion(root, m1, implemented_on=day, implementation="已办")
    services.rate_congress(root, None, congress=c, year=today.year, stars=4, rated_on=day, evidence="资料齐全")
    return c


@pytest.mark.parametrize("column", ["total", "own"])
def test_figures_equal_their_recount(tree, world, column):
    period = Period.year(timezone.localdate().year)
    orgs = [tree[k] for k in CODES]
    ctx = StatsContext(period, column=column)
    inds = by_section("democracy")
    assert len(inds) >= 20
    for ind in inds:
        values = ctx.values(ind, [o.pk for o in orgs])
        if column == "total":
            for o in orgs:
                assert values[o.pk] == ind.recount(o, period), (ind.key, o.code)
    if column == "total":
        a = tree["A"].pk

        def v(key, org=a):
            return ctx.values(key, [org])[org]

        assert (v("democracy_employers_due"), v("democracy_employers_set_up")) == (2, 1)
        assert str(v("democracy_setup_rate")) == "50.0" and str(v("democracy_setup_rate_public")) == "100.0"
        assert v("democracy_employers_set_up", tree["B"].pk) == 0
        assert (v("democracy_sessions_held"), v("democracy_sessions_standard")) == (2, 1)
        assert str(v("democracy_deliberation_rate")) == "50.0"
        assert (v("democracy_motions_filed"), v("democracy_motions_implemented")) == (2, 1)
        assert str(v("democracy_implementation_rate")) == "100.0"
        assert v("democracy_stars_4") == 1 and v("democracy_stars_4", tree["B"].pk) == 0
        last_year = Period.year(timezone.localdate().year - 1)
        assert StatsContext(last_year).values("democracy_sessions_held", [a])[a] == 0


def test_each_figure_opens_its_records(tree, users, client_for, world):
    period = Period.year(timezone.localdate().year)
    client = client_for(users["root"])
    for ind in by_section("democracy"):
        if ind.is_ratio:
            continue
        for code in ("A", "EA1", "B"):
            org = tree[code]
            url = ind.url(org, period)
            r = client.get(url)
            assert r.status_code == 200, url
            assert r.context["table"].paginator.count == ind.recount(org, period), (ind.key, code, url)


def test_fixed_queries_whatever_the_number_of_unions(tree, world, django_assert_max_num_queries):
    period = Period.year(datetime.date.today().year)
    inds = by_section("democracy")
    with django_assert_max_num_queries(40):
        ctx = StatsContext(period)
        for ind in inds:
            ctx.values(ind, [tree[k].pk for k in CODES])
