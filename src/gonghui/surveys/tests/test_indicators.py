"""The survey figures equal their recount for every subtree and period, and open exactly the surveys they count."""

import datetime

import pytest

from gonghui.stats.periods import Period
from gonghui.stats.registry import StatsContext, get

from .. import services
from ..testing import build_survey
from .conftest import answers

pytestmark = pytest.mark.django_db

KEYS = ("surveys_held", "survey_responses", "survey_members_targeted", "survey_response_rate")


def recent():
    today = datetime.date.today()
    return Period("custom", today - datetime.timedelta(days=40), today)


@pytest.fixture
def held(tree, users, members):
    """District A: an open survey with two responses of two members; EA1: a closed one with none; B: a draft."""
    a = build_survey(tree["A"], users["a_staff"], "区总工会调查", opened=True)
    for m in (members["ea1_a"], members["ea1_b"]):
        services.submit_response(None, m, a, answers(a))
    ea1 = build_survey(tree["EA1"], users["a_staff"], "企业调查", opened=True)
    services.close_survey(users["a_staff"], ea1)
    build_survey(tree["B"], users["b_staff"], "草稿")
    return a, ea1


def test_figures_equal_the_recount(tree, held):
    period = recent()
    ctx = StatsContext(period)
    for code in ("city", "A", "A1", "EA1", "B"):
        org = tree[code]
        for key in KEYS:
            ind = get(key)
            assert ctx.value(ind, org.pk) == ind.recount(org, period), (key, code)
    assert ctx.value(get("surveys_held"), tree["city"].pk) == 2
    assert ctx.value(get("survey_responses"), tree["A"].pk) == 2
    assert ctx.value(get("survey_members_targeted"), tree["A"].pk) == 4  # 2 (A's survey) + 2 (EA1's)
    assert str(ctx.value(get("survey_response_rate"), tree["A"].pk)) in ("50.0", "50", "50.00")
    assert ctx.value(get("surveys_held"), tree["B"].pk) == 0


def test_the_drilldown_lists_the_counted_surveys(tree, users, held, client_for):
    period = recent()
    client = client_for(users["city_admin"])
    for code in ("city", "A", "EA1", "B"):
        org = tree[code]
        for key in ("surveys_held", "survey_responses", "survey_response_rate"):
            url = get(key).url(org, period)
            response = client.get(url)
            assert response.status_code == 200, url
            listed = set(response.context["filter"].qs.values_list("pk", flat=True))
            counted = set(get("surveys_held").records(period).filter(org__path__startswith=org.path)
                          .values_list("pk", flat=True))
            assert listed == counted, (key, code, url)
