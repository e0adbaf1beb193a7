"""End to end, in a real browser: a worker applies for hardship aid in the member portal; the enterprise union
verifies it by a home visit; the level above approves; a 金秋助学 campaign pays the worker's child's grant;
the figure appears on the district dashboard and opens the payment behind it."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = [pytest.mark.e2e]

PASSWORD = "Gonghui-test-2026"
MEMBER_PASSWORD = "Lianhe-gonghui-88"


@pytest.fixture
def hardship_world(transactional_db):
    from gonghui.accounts.services import open_member_account, set_member_password
    from gonghui.core.testing import make_id_number, make_phone
    from gonghui.hardship import services
    from gonghui.members.services import create_member
    from gonghui.tools.testing import build_small_city, make_official, member_data

    today = timezone.localdate()
    tree = build_small_city()
    root = make_official("e2e_root", superuser=True)
    make_official("ea1_official", tree["EA1"], "staff", password=PASSWORD)
    make_official("district_official", tree["A"], "staff", password=PASSWORD)
    phone = make_phone(seq=88_100_001)
    member = create_member(root, tree["EA1"], member_data(name="刘困难", phone=phone))
    account = open_member_account(member, root)
    set_member_password(account, MEMBER_PASSWORD)
    services.set_threshold(root, tree["city"], today.year, dibao_line="1000", deep_line="1000", relative_line="1500")
    campaign = services.open_campaign(root, tree["A"], {
        "kind": "school", "name": "金秋助学", "budget": "30000", "standard_amount": "3000",
        "school_entry_year": today.year})
    child_id = make_id_number(datetime.date(today.year - 18, 4, 2), "F")
    return {"tree": tree, "member": member, "phone": phone, "campaign": campaign, "child_id": child_id, "today": today}


def _confirm(page):
    with page.expect_navigation():
        page.locator(".card form[method=post] button[type=submit]").first.click()


def test_apply_verify_approve_and_school_grant_on_dashboard(page, live_server, hardship_world, sign_in):
    from gonghui.hardship.models import AidRecipient, HardshipArchive

    w = hardship_world
    # 1. The worker applies in the portal.
    page.goto(reverse("portal:login"))
    page.fill("input[name=phone]", w["phone"])
    page.fill("input[name=password]", MEMBER_PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(input[name=phone]) [type=submit]").click()
    page.goto(reverse("hardship_portal:home"))
    with page.expect_navigation():
        page.locator(f"a[href='{reverse('hardship_portal:apply')}']").click()
    page.fill("input[name=address]", "幸福路8号")
    page.check("input[name=causes][value=illness]")
    page.select_option("select[name=housing]", "rented")
    page.fill("input[name=monthly_income]", "1800")
    page.fill("textarea[name=situation]", "本人患病，孩子今年上大学")
    page.select_option("select[name=household-0-relation]", "child")
    page.fill("input[name=household-0-name]", "刘小雨")
    page.fill("input[name=household-0-id_number]", w["child_id"])
    page.select_option("select[name=household-0-work]", "student")
    page.fill("input[name=household-0-employer]", "省城大学")
    page.fill("input[name=household-0-school_entry_year]", str(w["today"].year))
    page.fill("input[name=household-0-monthly_income]", "0")
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(reverse("hardship_portal:home")) + "$"))
    archive = HardshipArchive.objects.get(id_hash=w["member"].id_hash)
    assert archive.status == "applied" and archive.household_size == 2
    assert archive.archive_no in page.inner_text("body")
    assert w["member"].id_number not in page.content()

    # 2. The union records the home visit and confirms the tier (no public notice this time).
    page.context.clear_cookies()
    sign_in(page, "ea1_official", PASSWORD)
    page.goto(reverse("hardship:archive_list"))
    with page.expect_navigation():
        page.locator(f"a[href='{archive.get_absolute_url()}']").first.click()
    assert "刘小雨" in page.inner_text("body")
    assert w["child_id"] not in page.content(), "the archive page shows a plaintext ID number"
    with page.expect_navigation():
        page.locator("a[data-transition=home_visit]").click()
    page.fill("input[name=visitors]", "工会主席张华")
    page.fill("textarea[name=findings]", "入户核实，情况属实")
    _confirm(page)
    with page.expect_navigation():
        page.locator("a[data-transition=hardship_notice]").click()
    page.uncheck("input[name=public_notice]")
    _confirm(page)
    archive.refresh_from_db()
    assert archive.status == "pending", page.inner_text("body")[:500]

    # 3. The level above (the district) approves.
    page.context.clear_cookies()
    sign_in(page, "district_official", PASSWORD)
    page.goto(archive.get_absolute_url())
    with page.expect_navigation():
        page.locator("a[data-transition=approve]").click()
    _confirm(page)
    archive.refresh_from_db()
    assert archive.status == "active"

    # 4. 金秋助学: the union proposes the child, the district approves, the union pays the grant.
    page.context.clear_cookies()
    sign_in(page, "ea1_official", PASSWORD)
    page.goto(w["campaign"].get_absolute_url())
    with page.expect_navigation():
        page.locator("a[data-transition=propose]").click()
    student = archive.household.get(relation="child")
    page.select_option("select[name=student]", str(student.pk))
    _confirm(page)
    recipient = AidRecipient.objects.get(campaign=w["campaign"])
    assert recipient.student_name == "刘小雨"

    page.context.clear_cookies()
    sign_in(page, "district_official", PASSWORD)
    page.goto(recipient.get_absolute_url())
    with page.expect_navigation():
        page.locator("a[data-transition=approve]").click()
    _confirm(page)
    with page.expect_navigation():
        page.locator("a[data-transition=hardship_pay]").click()
    page.select_option("select[name=kind]", "cash")
    _confirm(page)
    recipient.refresh_from_db()
    assert recipient.status == "paid"

    # 5. The district dashboard counts the student and the grant; the figure opens the payment.
    page.goto(reverse("stats:dashboard") + f"?org={w['tree']['A'].code}&period={w['today'].year}")
    card = page.locator("a[data-indicator=hardship_students]")
    assert card.locator(".value").get_attribute("data-value") == "1"
    amount = page.locator("a[data-indicator=hardship_student_amount] .value").get_attribute("data-value")
    assert amount.startswith("3000")
    with page.expect_navigation():
        card.click()
    assert "刘困难" in page.locator("#object-list").inner_text()

    # 6. The worker sees the approved archive and the grant in the portal.
    page.context.clear_cookies()
    page.goto(reverse("portal:login"))
    page.fill("input[name=phone]", w["phone"])
    page.fill("input[name=password]", MEMBER_PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(input[name=phone]) [type=submit]").click()
    page.goto(reverse("hardship_portal:home"))
    body = page.inner_text("body")
    assert "金秋助学" in body and "刘小雨" in body
