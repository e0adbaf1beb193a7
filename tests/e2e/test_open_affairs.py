"""End to end, in a real browser: a union official records an employer's open-affairs system and its catalogue,
posts the month's item, records an inspection problem, rectifies it and verifies it; the disclosure rate and the
open problems move on the district's dashboard."""

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = [pytest.mark.e2e]

PASSWORD = "Gonghui-test-2026"
IMG = Path(__file__).resolve().parents[2] / "docs" / "user" / "img"


@pytest.fixture
def world(transactional_db):
    from gonghui.core.testing import make_credit_code
    from gonghui.orgs.services import create_unit
    from gonghui.tools.testing import build_small_city, make_official

    tree = build_small_city()
    root = make_official("e2e_root", superuser=True)
    make_official("a_staff", tree["A"], "staff", password=PASSWORD)
    unit = create_unit(root, name="东方机械厂", credit_code=make_credit_code(), ownership="state", industry="C",
                       employee_count=300, area_org=tree["A1"], union=tree["EA1"])
    return {"tree": tree, "unit": unit}


def figure(page, key):
    return page.locator(f"a[data-indicator={key}] .value").get_attribute("data-value")


def submit(page):
    with page.expect_navigation():
        page.locator("main form[method=post] [type=submit]").last.click()


def test_catalogue_posting_and_rectified_problem_move_the_dashboard(page, world, sign_in):
    today = timezone.localdate()
    month = f"{today.year}-{today.month:02d}"
    dashboard = reverse("stats:dashboard") + f"?org=C01A&period={month}"
    sign_in(page, "a_staff", PASSWORD)

    # The employer has a union but no system yet: the establishment rate is 0.
    page.goto(reverse("openaffairs:employer_list"))
    row = page.locator("#object-list tbody tr", has_text="东方机械厂")
    with page.expect_navigation():
        row.get_by_role("link", name="登记").click()
    page.select_option("select[name=kind]", "factory")
    page.check("input[name=established]")
    page.fill("input[name=established_on]", f"{today.year - 1}-03-01")
    page.fill("input[name=leading_group]", "组长：党委书记；成员：工会主席、人事部长")
    submit(page)
    assert "东方机械厂" in page.locator("h1").inner_text()

    # The catalogue: a monthly item from the first of this month.
    with page.expect_navigation():
        page.get_by_role("link", name="新增公开事项").click()
    page.fill("input[name=title]", "职工工资发放情况")
    page.select_option("select[name=category]", "wages")
    page.fill("input[name=department]", "人力资源部")
    page.select_option("select[name=frequency]", "monthly")
    page.fill("input[name=since]", f"{month}-01")
    submit(page)
    item_url = page.url

    page.goto(dashboard)
    assert figure(page, "openaffairs_rate") == "100.0"
    assert figure(page, "openaffairs_postings_due") == "1"
    assert figure(page, "openaffairs_disclosure_rate") == "0.0"

    # A period of another frequency is refused next to the field; then the month is posted.
    page.goto(item_url)
    with page.expect_navigation():
        page.get_by_role("link", name="登记公开").first.click()
    page.fill("input[name=period]", f"{today.year}Q1")
    page.fill("input[name=place]", "厂区一楼厂务公开栏")
    submit(page)
    assert "不是" in page.locator("input[name=period] ~ .invalid-feedback, .invalid-feedback").first.inner_text()
    page.fill("input[name=period]", month)
    submit(page)
    assert "已公开" in page.locator("h1").inner_text()

    # An inspection finds a problem; it is rectified and verified.
    page.goto(reverse("openaffairs:system_list"))
    with page.expect_navigation():
        page.locator("#object-list tbody tr a", has_text="东方机械厂").first.click()
    with page.expect_navigation():
        page.get_by_role("link", name="登记检查").click()
    page.fill("input[name=inspectors]", "工会主席、纪检监察室主任")
    submit(page)
    with page.expect_navigation():
        page.get_by_role("link", name="登记问题").click()
    page.fill("input[name=description]", "公开栏内容未标注公开期间")
    page.fill("input[name=deadline]", today.isoformat())
    submit(page)
    with page.expect_navigation():
        page.locator("#problems a", has_text="公开栏内容未标注公开期间").click()
    assert "待整改" in page.locator("h1").inner_text()
    page.goto(dashboard)
    assert figure(page, "openaffairs_problems_open") == "1"
    page.go_back()
    with page.expect_navigation():
        page.get_by_role("link", name="登记整改").click()
    page.fill("textarea[name=rectification]", "已在公开栏标注公开期间")
    page.fill("input[name=rectified_on]", today.isoformat())
    submit(page)
    with page.expect_navigation():
        page.get_by_role("link", name="验收整改").click()
    submit(page)
    assert "已验收" in page.locator("h1").inner_text()
    if os.environ.get("GONGHUI_SCREENSHOTS"):  # the user guide's picture of a problem's page
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=str(IMG / "open-affairs-problem.png"), full_page=True)

    page.goto(dashboard)
    assert figure(page, "openaffairs_disclosure_rate") == "100.0"
    assert figure(page, "openaffairs_problems_open") == "0"
    with page.expect_navigation():
        page.locator("a[data-indicator=openaffairs_postings_on_time]").click()
    page.wait_for_url(re.compile(re.escape(reverse("openaffairs:posting_list")) + r"\?"))
    assert page.locator("#object-list tbody tr").count() == 1
