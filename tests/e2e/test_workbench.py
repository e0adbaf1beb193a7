"""End to end, in a real browser: an official signs in and starts the day on the workbench: the overdue
mediation comes first, each to-do line opens its record, and the header's search finds a member."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def workbench_world(transactional_db):
    from gonghui.members.services import create_member, submit_application
    from gonghui.rights.models import Case
    from gonghui.rights.services import accept_case
    from gonghui.rights.testing import make_case
    from gonghui.tools.testing import build_small_city, make_official, member_data

    tree = build_small_city()
    root = make_official("e2e_root", superuser=True)
    make_official("a_staff", tree["A"], "staff")
    data = member_data(name="陈静", gender="F")
    data.pop("join_date")
    application = submit_application(tree["EA1"], data)
    case = accept_case(root, make_case(root, tree["EA1"], handling_org=tree["EA1"], employer_name="东方机械厂"))
    Case.objects.filter(pk=case.pk).update(deadline=timezone.now() - datetime.timedelta(days=1))
    member = create_member(root, tree["EA1"], member_data(name="周小红", gender="F"))
    return {"application": application, "case": case, "member": member}


def test_the_day_starts_on_the_workbench(page, live_server, workbench_world, sign_in):
    sign_in(page, "a_staff")
    page.goto(reverse("core:home"))
    lines = page.locator("#todo > li")
    assert lines.first.get_attribute("id") == "todo-cases_overdue"
    assert "已超过调解期限" in lines.first.inner_text()
    assert page.locator("#todo-applications .badge").inner_text().strip() == "1"
    assert int(page.locator("#urgency-overdue").inner_text().split()[-1]) >= 1

    # A line's record opens its page.
    with page.expect_navigation():
        page.locator(f"#todo-applications a[href='{workbench_world['application'].get_absolute_url()}']").click()
    assert page.url.endswith(workbench_world["application"].get_absolute_url())

    # The header's search finds a member by name; the ID number stays masked.
    page.fill("nav input[name=query]", "周小红")
    with page.expect_navigation():
        page.press("nav input[name=query]", "Enter")
    assert "/search/" in page.url
    result = page.locator("#search-members")
    assert "周小红" in result.inner_text()
    assert workbench_world["member"].id_number not in page.content()
    with page.expect_navigation():
        result.locator("a").first.click()
    assert page.url.endswith(workbench_world["member"].get_absolute_url())


def test_a_key_figure_opens_the_records_it_counts(page, live_server, workbench_world, sign_in):
    sign_in(page, "a_staff")
    page.goto(reverse("core:home"))
    card = page.locator("#figure-members")
    shown = int(card.locator(".figure-value").inner_text().replace(",", ""))
    assert shown >= 1 and card.locator(".figure-trend").inner_text().strip()
    with page.expect_navigation():
        card.click()
    assert "/members/" in page.url and "in_membership=yes" in page.url
    assert page.locator("table tbody tr").count() == shown
