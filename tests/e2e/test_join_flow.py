"""End to end, in a real browser: an official finds a member, approves a join application; the new
member activates the portal account from the text message and sees their membership.

Pages are found by URL names and form fields by ``name=`` (the labels are Chinese by default).
"""

import datetime
import re

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.e2e]

OFFICIAL_PASSWORD = "Gonghui-test-2026"
MEMBER_PASSWORD = "Lianhe-gonghui-88"


@pytest.fixture
def join_world(transactional_db):
    from gonghui.core.testing import make_phone
    from gonghui.members.services import create_member, submit_application
    from gonghui.tools.testing import build_small_city, make_official, member_data

    tree = build_small_city()
    root = make_official("e2e_root", superuser=True)
    official = make_official("ea1_official", tree["EA1"], "staff", password=OFFICIAL_PASSWORD)
    existing = create_member(root, tree["EA1"], member_data(name="周建国"))
    create_member(root, tree["EB1"], member_data(name="周建业"))  # district B: must not show up for the official
    phone = make_phone(seq=88_000_001)
    application = submit_application(
        tree["EA1"], member_data(name="吴晓梅", gender="F", birth_date=datetime.date(1995, 8, 12), phone=phone,
                                 unit_name="东方机械厂"))
    return {"tree": tree, "official": official, "existing": existing, "application": application, "phone": phone}


def test_official_approves_and_member_activates_portal(page, live_server, join_world, notify_log, sign_in):
    app, existing, union = join_world["application"], join_world["existing"], join_world["tree"]["EA1"]

    # 1. The official signs in.
    sign_in(page, "ea1_official", OFFICIAL_PASSWORD)

    # 2. Members list: find the existing member through the search box.
    page.goto(reverse("members:member_list"))
    search = page.locator("input[name=q]").first
    search.fill("周建")
    search.press("Enter")
    page.wait_for_load_state("networkidle")
    table = page.locator("#object-list")
    table.get_by_text(existing.member_no).wait_for()
    assert "周建国" in table.inner_text()
    assert "周建业" not in page.content(), "a member of another district is listed"

    # 3. Join applications list → the pending application.
    page.goto(reverse("members:application_list"))
    detail_url = reverse("members:application_detail", args=[app.pk])
    page.locator(f"a[href='{detail_url}']").first.click()
    page.wait_for_url(re.compile(re.escape(detail_url) + "$"))
    assert "吴晓梅" in page.inner_text("body")
    assert app.id_number not in page.content(), "the application page shows the plaintext ID number"

    # 4. Approve: confirmation page → Confirm → success.
    approve_url = reverse("members:application_approve", args=[app.pk])
    page.locator(f"a[href='{approve_url}']").first.click()
    page.wait_for_url(re.compile(re.escape(approve_url) + "$"))
    with page.expect_navigation():
        page.locator(".card form[method=post] button[type=submit]").first.click()
    success = page.locator(".alert-success").first
    success.wait_for()
    app.refresh_from_db()
    assert app.status == "approved" and app.member is not None, (
        f"not approved; page says: {page.inner_text('body')[:400]}")
    member = app.member

    # 5. The activation link went out by text message (log backend); open it on the live server.
    link = notify_log.wait_for_link(to=join_world["phone"])
    page.context.clear_cookies()  # the member uses their own phone, not the official's session
    page.goto(live_server.url + link)
    page.fill("input[name=new_password1]", MEMBER_PASSWORD)
    page.fill("input[name=new_password2]", MEMBER_PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(input[name=new_password1]) [type=submit]").click()
    page.wait_for_url(re.compile(re.escape(reverse("portal:home")) + "$"))

    # 6. Sign out, then sign in to the portal with phone + password and see the membership.
    page.context.clear_cookies()
    page.goto(reverse("portal:login"))
    page.fill("input[name=phone]", join_world["phone"])
    page.fill("input[name=password]", MEMBER_PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(input[name=phone]) [type=submit]").click()
    page.wait_for_url(re.compile(re.escape(reverse("portal:home")) + "$"))
    body = page.inner_text("body")
    assert member.member_no in body, body[:500]
    assert union.name in body, body[:500]
    assert "吴晓梅" in body
    assert member.id_number not in page.content(), "the portal shows the plaintext ID number"


def test_activation_link_cannot_be_used_twice(page, live_server, join_world, notify_log):
    from gonghui.members.services import approve_application

    approve_application(join_world["official"], join_world["application"])
    link = notify_log.wait_for_link(to=join_world["phone"])
    page.goto(live_server.url + link)
    page.fill("input[name=new_password1]", MEMBER_PASSWORD)
    page.fill("input[name=new_password2]", MEMBER_PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(input[name=new_password1]) [type=submit]").click()
    page.context.clear_cookies()
    response = page.goto(live_server.url + link)
    assert response.status == 400, "a used activation link still works"
    assert page.locator("input[name=new_password1]").count() == 0
