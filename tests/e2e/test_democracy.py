"""End to end, in a real browser: a union convenes a session of its workers' congress (quorum, an item passed), a
delegate's motion is accepted, answered and implemented, and the district's dashboard shows the rates move."""

import datetime
import os

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = [pytest.mark.e2e]

PASSWORD = "Gonghui-test-2026"


@pytest.fixture
def congress_world(transactional_db):
    from gonghui.democracy import testing as dt
    from gonghui.tools.testing import build_small_city, make_official

    tree = build_small_city()
    root = make_official("e2e_dem_root", superuser=True)
    make_official("ea1_official", tree["EA1"], "staff", password=PASSWORD)
    make_official("a_official", tree["A"], "viewer", password=PASSWORD)
    today = timezone.localdate()
    congress = dt.congress(root, tree["EA1"], started_on=today.replace(month=1, day=1))
    delegates = dt.delegates(root, congress, 6)
    motion = dt.motion(root, congress, delegates[0], filed_on=today)
    return {"tree": tree, "congress": congress, "motion": motion}


def _submit(page):
    with page.expect_navigation():
        page.locator("main form [type=submit]").last.click()


def _figure(page, key):
    return page.locator(f"[data-indicator={key}] .value").get_attribute("data-value")


def test_convene_a_session_and_carry_out_a_motion(page, live_server, congress_world, sign_in):
    year = timezone.localdate().year
    today = timezone.localdate().isoformat()
    dashboard = reverse("stats:dashboard") + f"?period={year}"
    sign_in(page, "a_official", PASSWORD)
    page.goto(dashboard)
    assert _figure(page, "democracy_sessions_held") == "0"
    assert _figure(page, "democracy_implementation_rate") == ""
    page.context.clear_cookies()

    sign_in(page, "ea1_official", PASSWORD)
    page.goto(congress_world["congress"].get_absolute_url())
    page.get_by_role("link", name="安排会议").click()
    page.fill("input[name=number]", "12")
    _submit(page)
    assert "九届十二次" in page.locator("h1").inner_text()
    page.get_by_role("link", name="登记会议召开").click()
    page.fill("input[name=held_on]", today)
    page.fill("input[name=delegates_present]", "7")  # more than the six delegates: refused beside the field
    _submit(page)
    assert page.locator(".invalid-feedback").first.is_visible()
    page.fill("input[name=delegates_present]", "5")
    _submit(page)
    assert page.locator("#attendance").inner_text().strip() == "5 / 6"
    page.get_by_role("link", name="添加议题").click()
    page.select_option("select[name=kind]", "wages")
    page.fill("input[name=title]", "年度工资调整方案")
    _submit(page)
    page.get_by_role("link", name="登记表决").click()
    page.fill("input[name=votes_for]", "4")
    page.fill("input[name=votes_against]", "1")
    page.fill("input[name=votes_abstain]", "0")
    _submit(page)
    assert page.locator("#agenda .item-result").inner_text().strip() == "通过"
    if os.environ.get("GONGHUI_SCREENSHOTS"):  # the user guide's picture (docs/user/democracy.md)
        page.screenshot(path="docs/user/img/democracy-session.png")

    motion = congress_world["motion"]
    page.goto(motion.get_absolute_url())
    page.get_by_role("link", name="立案").click()
    _submit(page)
    page.get_by_role("link", name="交办承办部门").click()
    page.fill("input[name=department]", "后勤保障部")
    page.fill("input[name=reply_due]", (timezone.localdate() + datetime.timedelta(days=10)).isoformat())
    _submit(page)
    page.get_by_role("link", name="登记答复").click()
    page.fill("textarea[name=reply]", "已增设两个窗口。")
    page.fill("input[name=replied_on]", today)
    _submit(page)
    page.get_by_role("link", name="登记落实").click()
    page.fill("textarea[name=implementation]", "新窗口已投入使用。")
    page.fill("input[name=implemented_on]", today)
    _submit(page)
    assert "已落实" in page.locator("h1").inner_text()
    page.context.clear_cookies()

    sign_in(page, "a_official", PASSWORD)
    page.goto(dashboard)
    assert _figure(page, "democracy_sessions_held") == "1"
    assert _figure(page, "democracy_sessions_standard") == "1"
    assert _figure(page, "democracy_implementation_rate") == "100.0"
    with page.expect_navigation():
        page.locator("a[data-indicator=democracy_motions_implemented]").click()
    assert "关于改善职工食堂的提案" in page.locator("#object-list").inner_text()
