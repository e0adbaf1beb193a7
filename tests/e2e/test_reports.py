"""End to end, in a real browser: a grassroots union corrects and submits its annual report (统计年报),
the township union accepts it, and the round's progress board shows it."""

import datetime

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.e2e]

PASSWORD = "Gonghui-test-2026"


@pytest.fixture
def report_world(transactional_db):
    from gonghui.members.services import create_member
    from gonghui.reports.services import open_round
    from gonghui.tools.testing import build_small_city, make_official, member_data

    tree = build_small_city()
    root = make_official("e2e_rep_root", superuser=True)
    make_official("ea1_official", tree["EA1"], "staff", password=PASSWORD)
    make_official("a1_official", tree["A1"], "staff", password=PASSWORD)
    for name in ("周一", "周二"):
        create_member(root, tree["EA1"], member_data(name=name, join_date=datetime.date(2024, 4, 1)))
    rnd = open_round(root, tree["city"], year=2024, deadline=datetime.date(2099, 3, 31))
    return {"tree": tree, "round": rnd, "report": rnd.reports.get(org=tree["EA1"])}


def test_correct_submit_and_accept(page, live_server, report_world, sign_in):
    report = report_world["report"]
    sign_in(page, "ea1_official", PASSWORD)
    page.goto(reverse("reports:report_edit", args=[report.pk]))
    assert page.locator("input[name=members]").input_value() == "2"
    page.fill("input[name=members]", "3")  # a correction without a reason is refused next to the field
    page.fill("input[name=fulltime_cadres]", "1")
    page.fill("input[name=funds_income]", "5000.00")
    page.fill("input[name=workers_homes]", "1")
    with page.expect_navigation():
        page.locator("form [type=submit]").click()
    row = page.locator("tr", has=page.locator("input[name=members]"))
    assert row.locator(".invalid-feedback").is_visible()
    page.fill("input[name=members__reason]", "一名会员尚未录入系统")
    with page.expect_navigation():
        page.locator("form [type=submit]").click()
    assert page.url.endswith(reverse("reports:report_detail", args=[report.pk]))
    assert page.locator('tr[data-key="members"] .figure').inner_text() == "3"
    page.goto(reverse("reports:report_submit", args=[report.pk]))
    with page.expect_navigation():
        page.locator("form [type=submit]").click()

    page.context.clear_cookies()
    sign_in(page, "a1_official", PASSWORD)
    page.goto(reverse("reports:round_detail", args=[report_world["round"].pk]))
    assert "EA1公司工会" in page.locator("#list-submitted").inner_text()
    page.goto(reverse("reports:report_accept", args=[report.pk]))
    with page.expect_navigation():
        page.locator("form [type=submit]").click()
    report.refresh_from_db()
    assert report.status == "accepted" and report.final["members"] == 3


def test_stale_figures_are_refreshed_before_submission(page, live_server, report_world, sign_in):
    from gonghui.members.services import create_member
    from gonghui.tools.testing import make_official, member_data

    report = report_world["report"]
    create_member(make_official("e2e_rep_late", superuser=True), report_world["tree"]["EA1"],
                  member_data(name="周三", join_date=datetime.date(2024, 5, 1)))
    sign_in(page, "ea1_official", PASSWORD)
    page.goto(reverse("reports:report_detail", args=[report.pk]))
    assert "数据取于" in page.locator("#figures-taken-at").inner_text()
    assert page.locator('tr[data-key="members"] .figure').inner_text() == "2"
    page.get_by_role("link", name="重新取数").click()
    with page.expect_navigation():
        page.locator("form [type=submit]").click()
    assert page.locator('tr[data-key="members"] .figure').inner_text() == "3"
