"""The employer rules register: a rule not passed by the congress is flagged (未经职代会审议通过), and a rights case
at that employer shows the flag, on its page and in the API, through the kit's record alerts (the areas do not
import each other)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from gonghui.democracy import services
from gonghui.democracy import testing as dt

pytestmark = pytest.mark.django_db
FLAG = "未经职代会审议通过"


@pytest.fixture
def unit(tree, root):
    return dt.employer(root, tree["EA1"], name="甲机械厂")


def _case(root, tree, unit):
    from gonghui.rights.testing import make_case  # a test may cross areas: the app code may not

    return make_case(root, tree["A1"], unit=unit, employer_name=unit.name)


def test_a_rule_passed_by_a_session_is_not_flagged(tree, root, unit, congress, nine):
    s = dt.held_session(root, congress, present=9)
    item = dt.item(root, s, title="考勤管理办法")
    services.record_vote(root, item, votes_for=8, votes_against=1, votes_abstain=0)
    rule = services.save_rule(root, None, unit=unit, kind="rules", title="考勤管理办法", adopted_on=dt.DAY, item=item)
    assert rule.org == tree["EA1"] and rule.is_passed
    assert not services.unpassed_rules(type(rule).objects.all(), unit).exists()


def test_the_item_comes_from_the_employer_union_or_above(tree, root, unit):
    other = dt.congress(root, tree["EB1"])
    dt.delegates(root, other, 3)
    item = dt.item(root, dt.held_session(root, other, present=3))
    with pytest.raises(ValidationError) as e:
        services.save_rule(root, None, unit=unit, kind="rules", title="x", adopted_on=dt.DAY, item=item)
    assert "item" in e.value.message_dict


def test_the_flag_reaches_a_rights_case(tree, root, users, client_for, api_for, unit, congress, nine):
    case = _case(root, tree, unit)
    client = client_for(users["a_staff"])
    url = reverse("rights:case_detail", args=[case.pk])
    assert 'data-alert="democracy_unpassed_rules"' not in client.get(url).content.decode()

    s = dt.held_session(root, congress, present=6)
    item = dt.item(root, s, title="末位淘汰办法")
    services.record_vote(root, item, votes_for=4, votes_against=2, votes_abstain=0)  # 4 of 9: not passed
    services.save_rule(root, None, unit=unit, kind="rules", title="末位淘汰办法", adopted_on=dt.DAY, item=item)
    with translation.override("zh-hans"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'data-alert="democracy_unpassed_rules"' in page and FLAG in page and "末位淘汰办法" in page

    r = api_for(users["a_staff"]).get("/api/v1/record-alerts/", {"model": "rights.case", "id": case.pk})
    assert r.status_code == 200 and [a["key"] for a in r.json()] == ["democracy_unpassed_rules"]
    # outside the scope: the case is not found, and nothing is told about it
    assert api_for(users["b_staff"]).get("/api/v1/record-alerts/",
                                         {"model": "rights.case", "id": case.pk}).status_code == 404
    assert api_for(users["a_staff"]).get("/api/v1/record-alerts/",  # a kind of record no area tells anything of
                                         {"model": "core.auditlog", "id": 1}).status_code == 404


def test_the_register_page_flags_the_rule(tree, root, users, client_for, unit):
    rule = services.save_rule(root, None, unit=unit, kind="major", title="搬迁决定", adopted_on=dt.DAY)
    client = client_for(users["a_staff"])
    assert 'id="rule-unpassed"' in client.get(reverse("democracy:rule_detail", args=[rule.pk])).content.decode()
    listing = client.get(reverse("democracy:rule_list") + "?passed=no").content.decode()
    assert "搬迁决定" in listing
