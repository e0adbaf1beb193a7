"""End to end, in a real browser: a member writes to the union anonymously and keeps the receipt code; an official
answers without ever seeing who wrote it; the member reads the answer with the code."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.e2e]

PASSWORD = "Gonghui-test-2026"
MEMBER_PASSWORD = "Lianhe-gonghui-88"


@pytest.fixture
def box_world(transactional_db):
    from gonghui.accounts.services import open_member_account, set_member_password
    from gonghui.core.testing import make_phone
    from gonghui.members.services import create_member
    from gonghui.members.testing import member_data
    from gonghui.tools.testing import build_small_city, make_official

    tree = build_small_city()
    root = make_official("e2e_root", superuser=True)
    make_official("ea1_official", tree["EA1"], "staff", password=PASSWORD)
    phone = make_phone(seq=88_300_001)
    member = create_member(root, tree["EA1"], member_data(name="孙建言", phone=phone))
    set_member_password(open_member_account(member, root), MEMBER_PASSWORD)
    return {"phone": phone}


def _portal_sign_in(page, phone):
    page.goto(reverse("portal:login"))
    page.fill("input[name=phone]", phone)
    page.fill("input[name=password]", MEMBER_PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(input[name=phone]) [type=submit]").click()


def test_member_writes_anonymously_official_answers_member_reads(page, live_server, box_world, sign_in):
    from gonghui.suggestions.models import Suggestion

    _portal_sign_in(page, box_world["phone"])
    page.goto(reverse("suggestions_portal:write"))
    page.fill("input[name=subject]", "夜班通勤车")
    page.select_option("select[name=category]", "work")
    page.fill("textarea[name=text]", "夜班下班后没有公交，建议开通通勤车。")
    page.check("input[name=anonymous]")
    with page.expect_navigation():
        page.locator("#suggestion-form button[type=submit]").click()
    code = page.inner_text("#receipt-code").strip()
    s = Suggestion.objects.get()
    assert s.anonymous and s.member_id is None and len(code) == 14

    page.context.clear_cookies()
    sign_in(page, "ea1_official", PASSWORD)
    page.goto(s.get_absolute_url())
    assert "孙建言" not in page.content()
    with page.expect_navigation():
        page.locator(f"a[href='{reverse('suggestions:suggestion_answer', args=[s.pk])}']").click()
    page.fill("textarea[name=answer]", "已与企业协商，下月起开通夜班车。")
    with page.expect_navigation():
        page.locator(".card form[method=post] button[type=submit]").first.click()
    assert Suggestion.objects.get().status == "answered"

    page.context.clear_cookies()
    _portal_sign_in(page, box_world["phone"])
    page.goto(reverse("suggestions_portal:home"))
    page.fill("input[name=code]", code)
    with page.expect_navigation():
        page.get_by_role("button", name="查询").click()
    assert "已与企业协商，下月起开通夜班车。" in page.inner_text(".suggestion-answer")
