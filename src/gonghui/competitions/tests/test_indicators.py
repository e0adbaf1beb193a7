"""The figures of competitions and mass innovation equal their recount for every union and period, open exactly the
records they count, and take a fixed number of queries."""

import pytest
from django.utils import timezone

from gonghui.competitions import services
from gonghui.competitions import testing as ct
from gonghui.stats.periods import Period
from gonghui.stats.registry import StatsContext, by_section

pytestmark = pytest.mark.django_db
CODES = ("city", "A", "A1", "EA1", "EA2", "B", "B1", "EB1")


@pytest.fixture
def world(tree, root):
    day = timezone.localdate().replace(day=1)
    city = ct.competition(root, tree["city"], starts_on=day)
    services.save_participant(root, None, competition=city, org=tree["EA1"], kind="employer", name="甲厂",
                              headcount=300)
    services.save_participant(root, None, competition=city, org=tree["EB1"], kind="team", name="乙班组",
                              headcount=12)
    district = ct.contest(root, tree["A"], level="district", held_on=day)
    plant = ct.contest(root, tree["EA1"], held_on=day, next_level=district)
    champ = ct.entrant(root, plant, name="王师傅", rank=1, title="champion", grade_before="中级工",
                       grade_after="高级工")
    ct.entrant(root, plant, name="刘师傅", rank=2)
    services.send_up(root, champ)
    p1 = ct.proposal(root, tree["EA1"], filed_on=day)
    ct.proposal(root, tree["EA2"], title="第二条", filed_on=day)
    ct.proposal(root, tree["EB1"], title="第三条", filed_on=day)
    services.evaluate_proposal(root, p1, score=90)
    services.adopt_proposal(root, p1, decided_on=day)
    services.implement_proposal(root, p1, implemented_on=day, value="8000", reward="500")
    s = ct.studio(root, tree["EA1"], level="city")
    ct.innovation(root, tree["EA1"], studio=s, achieved_on=day)
    ct.innovation(root, tree["EA1"], title="一种夹具", kind="patent", patent_number="ZL2025", achieved_on=day)


@pytest.mark.parametrize("column", ["total", "own"])
def test_figures_equal_their_recount(tree, world, column):
    period = Period.year(timezone.localdate().year)
    orgs = [tree[k] for k in CODES]
    ctx = StatsContext(period, column=column)
    inds = by_section("competitions")
    assert len(inds) >= 15
    for ind in inds:
        values = ctx.values(ind, [o.pk for o in orgs])
        if column == "total":
            for o in orgs:
                assert values[o.pk] == ind.recount(o, period), (ind.key, o.code)
    if column == "total":
        a = tree["A"].pk

        def v(key, org=a):
            return ctx.values(key, [org])[org]

        assert v("competitions_held", tree["city"].pk) == 1 and v("competitions_held") == 0
        assert (v("competitions_employers"), v("competitions_workers")) == (1, 300)
        assert v("competitions_workers", tree["city"].pk) == 312
        assert (v("competitions_contests"), v("competitions_entrants"), v("competitions_winners")) == (2, 3, 1)
        assert v("competitions_upgraded") == 1
        assert (v("competitions_proposals_filed"), v("competitions_proposals_adopted"),
                v("competitions_proposals_implemented")) == (2, 1, 1)
        assert str(v("competitions_implementation_rate")) == "50.0"
        assert v("competitions_value_created") == 8000
        assert (v("competitions_innovations"), v("competitions_patents")) == (2, 1)
        assert (v("competitions_studios"), v("competitions_studios_city")) == (1, 1)


def test_each_figure_opens_its_records(tree, users, client_for, world):
    period = Period.year(timezone.localdate().year)
    client = client_for(users["root"])
    for ind in by_section("competitions"):
        if ind.is_ratio or ind.sum_field:
            continue
        for code in ("A", "EA1", "B"):
            org = tree[code]
            url = ind.url(org, period)
            r = client.get(url)
            assert r.status_code == 200, url
            assert r.context["table"].paginator.count == ind.recount(org, period), (ind.key, code, url)


def test_fixed_queries_whatever_the_number_of_unions(tree, world, django_assert_max_num_queries):
    period = Period.year(timezone.localdate().year)
    with django_assert_max_num_queries(40):
        ctx = StatsContext(period)
        for ind in by_section("competitions"):
            ctx.values(ind, [tree[k].pk for k in CODES])
