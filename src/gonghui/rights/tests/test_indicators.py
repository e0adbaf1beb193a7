"""The rights figures equal their direct recount for every organisation and period, roll up the tree, and each
drill-down lists exactly the records counted."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.rights import daily, services
from gonghui.rights.testing import make_case, worker
from gonghui.stats.periods import Period, parse_period
from gonghui.stats.registry import StatsContext, by_section

pytestmark = pytest.mark.django_db

D = datetime.timedelta
TODAY = timezone.localdate()


@pytest.fixture
def busy(tree, users, unit_ea1, unit_bare):
    staff, now = users["a_staff"], timezone.now()
    last_year = now - D(days=370)
    a = make_case(staff, tree["A"], unit=unit_ea1, now=now - D(days=20))
    services.accept_case(staff, a, now=now - D(days=19))
    services.start_mediation(staff, a, "甲", now=now - D(days=18))
    services.close_case(staff, a, "agreement", agreement_amount="5000", paying_deadline=TODAY,
                        amount_recovered="4500.50", now=now - D(days=10))
    b = make_case(staff, tree["A"], unit=unit_bare, channel="walk_in", case_type="work_injury", now=now - D(days=40),
                  workers=[worker("甲"), worker("乙"), worker("丙")])
    services.accept_case(staff, b, now=now - D(days=39))
    daily.flag_overdue(now)
    c = make_case(staff, tree["A1"], handling_org=tree["A1"], channel="letter", now=now - D(days=5))
    services.accept_case(staff, c, now=now - D(days=4))
    services.start_mediation(staff, c, "乙", now=now - D(days=4))
    services.close_case(staff, c, "failed", referred_to="court", now=now - D(days=2))
    r = services.refer_legal_aid(staff, c, provider_kind="union_lawyer", provider_name="律师", now=now - D(days=1))
    services.record_legal_aid_result(staff, r, result="judgment", result_on=TODAY, amount_recovered="1000", now=now)
    make_case(users["b_staff"], tree["B"], handling_org=tree["B1"], now=now - D(days=3), worker_count=40)
    make_case(staff, tree["A1"], handling_org=tree["A1"], now=last_year)
    w = services.raise_warning(users["ea1_staff"], tree["EA1"], {"kind": "closure", "title": "关停",
                                                                  "description": "关停"}, now=now - D(days=3))
    services.escalate_warning(w, now=now)
    services.raise_warning(users["b_staff"], tree["B1"], {"kind": "other", "title": "x", "description": "y"},
                           now=now - D(days=1))
    return tree


def _periods():
    return [Period.current_year(), Period.year(TODAY.year - 1),
            parse_period(None, start=(TODAY - D(days=30)).isoformat(), end=TODAY.isoformat())]


@pytest.mark.parametrize("records_first", [False, True], ids=["orgs_first", "records_first"])
def test_figures_equal_recount_everywhere(busy, records_first, monkeypatch):
    from gonghui.stats import subtree

    # Both plans of stats.subtree: with a threshold of 1 every subtree is read records first.
    monkeypatch.setattr(subtree, "LARGE_SUBTREE", 1 if records_first else 10**6)
    inds = by_section("rights")
    assert len(inds) >= 25
    for period in _periods():
        for key in ("city", "A", "A1", "EA1", "B", "B1", "EA2"):
            org = busy[key]
            ctx = StatsContext(period)
            for ind in inds:
                assert ctx.value(ind, org.pk) == ind.recount(org, period), (ind.key, key, period)


def test_the_figures_are_not_trivial(busy):
    period = parse_period(None, start=(TODAY - D(days=60)).isoformat(), end=TODAY.isoformat())
    ctx = StatsContext(period)
    v = {i.key: ctx.value(i, busy["city"].pk) for i in by_section("rights")}
    assert v["rights_cases"] == 4 and v["rights_workers"] == 1 + 3 + 1 + 40
    assert v["rights_group_cases"] == 2 and v["rights_cases_closed"] == 2
    assert v["rights_closed_rate"] == Decimal("50.0") and v["rights_success_rate"] == Decimal("50.0")
    assert v["rights_recovered"] == Decimal("5500.50") and v["rights_overdue"] == 1
    assert v["rights_warnings"] == 2 and v["rights_warnings_escalated"] == 1
    assert v["rights_avg_days"] == Decimal("6.5")  # (10 + 3) / 2
    assert v["rights_cases_channel_walk_in"] == 1 and v["rights_cases_type_work_injury"] == 1
    own = StatsContext(period, "own")
    assert own.value("rights_cases", busy["A"].pk) == 0 and own.value("rights_cases", busy["A1"].pk) == 2


def test_drilldowns_list_exactly_the_counted_records(busy, users, client_for):
    c = client_for(users["city_admin"])
    period = Period.current_year()
    ctx = StatsContext(period)
    for ind in by_section("rights"):
        if ind.is_ratio or ind.key in ("rights_recovered", "rights_workers", "rights_avg_days"):
            continue
        for key in ("city", "A", "B1"):
            org = busy[key]
            url = ind.url(org, period)
            r = c.get(url)
            assert r.status_code == 200, url
            assert r.context["table"].paginator.count == ctx.value(ind, org.pk), (ind.key, key, url)
    # Money and people open the cases behind them.
    r = c.get(by_section("rights")[0].url(busy["city"], period).replace("?", "?recovered=yes&"))
    assert r.context["table"].paginator.count == 2


def test_dashboard_shows_the_rights_section(busy, users, client_for):
    r = client_for(users["a_staff"]).get(reverse("stats:dashboard"), {"org": busy["A"].code, "period": TODAY.year})
    assert r.status_code == 200
    values = r.context["data"]["values"]
    assert values["rights_recovered"] == Decimal("5500.50")
    assert "rights" in [s["key"] for s in r.context["data"]["sections"]]
