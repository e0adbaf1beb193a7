"""End to end, in a real browser: an official opens the statistics dashboard, the charts draw, and the
新增会员 (new members) figure opens exactly the members who joined in the period."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = [pytest.mark.e2e]

PASSWORD = "Gonghui-test-2026"


@pytest.fixture
def stats_world(transactional_db):
    from gonghui.members.services import create_member
    from gonghui.tools.testing import build_small_city, make_official, member_data

    today = timezone.localdate()
    tree = build_small_city()
    root = make_official("e2e_root", superuser=True)
    make_official("a_official", tree["A"], "viewer", password=PASSWORD)
    new = [create_member(root, tree["EA1"], member_data(name="钱新一", join_date=today)),
           create_member(root, tree["EA2"], member_data(name="钱新二", gender="F", birth_date=datetime.date(1992, 4, 5),
                                                        employment_type="migrant", join_date=today))]
    old = [create_member(root, tree["EA1"], member_data(name="孙老会员", birth_date=datetime.date(1980, 1, 2),
                                                        join_date=datetime.date(today.year - 3, 5, 1)))]
    other = [create_member(root, tree["EB1"], member_data(name="李乙区", birth_date=datetime.date(1988, 6, 7),
                                                          join_date=today))]
    from gonghui.core.testing import make_credit_code
    from gonghui.orgs.services import create_unit

    create_unit(root, name="东方机械厂", credit_code=make_credit_code(), ownership="private", industry="C",
                employee_count=80, area_org=tree["A1"], union=tree["EA1"])
    create_unit(root, name="南方物流公司", credit_code=make_credit_code(), ownership="private", industry="G",
                employee_count=40, area_org=tree["A1"])
    return {"tree": tree, "new": new, "old": old, "other": other}


def test_dashboard_charts_and_new_members_drilldown(page, live_server, stats_world, sign_in):
    sign_in(page, "a_official", PASSWORD)
    page.goto(reverse("stats:dashboard") + f"?period={timezone.localdate().year}")
    assert "A区总工会" in page.locator("h1").inner_text()

    # The charts are drawn: ECharts puts a canvas with a size into each chart's box.
    for box in ("#chart-trend", "#chart-pie-gender", "#chart-pie-age", "#chart-children", "#chart-coverage"):
        canvas = page.locator(f"{box} canvas").first
        canvas.wait_for()
        size = canvas.bounding_box()
        assert size and size["width"] > 50 and size["height"] > 50, box

    card = page.locator("a[data-indicator=new_members]")
    assert card.locator(".value").get_attribute("data-value") == "2"
    with page.expect_navigation():
        card.click()
    page.wait_for_url(re.compile(re.escape(reverse("members:member_list")) + r"\?"))
    listing = page.locator("#object-list")
    text = listing.inner_text()
    for m in stats_world["new"]:
        assert m.member_no in text
    for m in stats_world["old"] + stats_world["other"]:
        assert m.member_no not in text
    assert listing.locator("tbody tr").count() == 2
