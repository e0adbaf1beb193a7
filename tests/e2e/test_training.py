"""End to end, in a real browser: a member enrols in a course in the member portal, the union starts the class,
records a session with the member present and records the completion with a certificate; the certificate appears
in the member's training record, on the portal's home page and on the district's statistics dashboard."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = [pytest.mark.e2e]

PASSWORD = "Gonghui-test-2026"
MEMBER_PASSWORD = "Lianhe-gonghui-88"


@pytest.fixture
def training_world(transactional_db):
    from gonghui.accounts.services import open_member_account, set_member_password
    from gonghui.core.testing import make_phone
    from gonghui.members.services import create_member
    from gonghui.tools.testing import build_small_city, make_official, member_data
    from gonghui.training.testing import open_course

    today = timezone.localdate()
    tree = build_small_city()
    root = make_official("e2e_train_root", superuser=True)
    make_official("ea1_official", tree["EA1"], "staff", password=PASSWORD)
    make_official("a_official", tree["A"], "viewer", password=PASSWORD)
    phone = make_phone(seq=88_200_001)
    member = create_member(root, tree["EA1"], member_data(name="陈学员", phone=phone))
    set_member_password(open_member_account(member, root), MEMBER_PASSWORD)
    course = open_course(root, tree["EA1"], number="DG-E2E", title="电工中级培训班",
                         starts_on=today - datetime.timedelta(days=3), ends_on=today + datetime.timedelta(days=30))
    return {"tree": tree, "phone": phone, "course": course, "today": today}


def _member_sign_in(page, phone):
    page.goto(reverse("portal:login"))
    page.fill("input[name=phone]", phone)
    page.fill("input[name=password]", MEMBER_PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(input[name=phone]) [type=submit]").click()


def _submit(page):
    with page.expect_navigation():
        page.locator("main form [type=submit]").last.click()


def test_enrol_complete_and_certificate_in_the_record(page, live_server, training_world, sign_in):
    w = training_world
    # 1. The member enrols in the portal.
    _member_sign_in(page, w["phone"])
    page.goto(reverse("training_portal:home"))
    with page.expect_navigation():
        page.locator("[data-course='DG-E2E'] button[type=submit]").click()
    assert "已报名" in page.locator("[data-enrolment='DG-E2E']").inner_text()
    assert page.locator("[data-course='DG-E2E']").count() == 0
    page.context.clear_cookies()

    # 2. The union starts the class, records a session and the completion with the certificate.
    sign_in(page, "ea1_official", PASSWORD)
    page.goto(w["course"].get_absolute_url())
    assert "陈学员" in page.locator("#course-trainees").inner_text()
    page.get_by_role("link", name="开班", exact=True).click()
    _submit(page)
    page.get_by_role("link", name="登记课时").click()
    page.fill("input[name=topic]", "安全用电实操")
    _submit(page)
    assert "1 / 1" in page.locator("#course-trainees").inner_text()
    with page.expect_navigation():
        page.locator("#course-trainees a", has_text="陈学员").click()
    page.get_by_role("link", name="登记结业").click()
    _submit(page)  # without the certificate number: refused beside the field
    assert page.locator(".invalid-feedback").first.is_visible()
    page.fill("input[name=certificate_no]", "ZS2026-0001")
    _submit(page)
    assert "已结业" in page.locator("body").inner_text()
    page.context.clear_cookies()

    # 3. The member sees the certificate in the training record and on the portal's home page.
    _member_sign_in(page, w["phone"])
    page.goto(reverse("training_portal:home"))
    assert "ZS2026-0001" in page.locator("[data-enrolment='DG-E2E'] .certificate").inner_text()
    page.goto(reverse("portal:home"))
    assert "ZS2026-0001" in page.locator("#training-certificates").inner_text()
    page.context.clear_cookies()

    # 4. The district's dashboard counts the certificate and opens the record.
    sign_in(page, "a_official", PASSWORD)
    page.goto(reverse("stats:dashboard") + f"?period={w['today'].year}")
    figure = page.locator("[data-indicator=training_certificates] .value")
    assert figure.get_attribute("data-value") == "1"
