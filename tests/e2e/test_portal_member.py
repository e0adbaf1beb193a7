"""In a real browser, a member in the portal: shows the electronic membership card and an official's phone opens its
QR code's address; asks to transfer to another union; signs in with a code by text message."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.e2e]

MEMBER_PASSWORD = "Lianhe-gonghui-88"
DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "user" / "img"


@pytest.fixture
def portal_world(transactional_db):
    from gonghui.accounts.services import open_member_account, set_member_password
    from gonghui.core.testing import make_phone
    from gonghui.members.services import create_member
    from gonghui.tools.testing import build_small_city, make_official, member_data

    tree = build_small_city()
    root = make_official("e2e_root", superuser=True)
    phone = make_phone(seq=88_200_001)
    member = create_member(root, tree["EA1"], member_data(name="张卡三", phone=phone))
    set_member_password(open_member_account(member, root), MEMBER_PASSWORD)
    return {"tree": tree, "member": member, "phone": phone}


def _sign_in(page, phone):
    page.goto(reverse("portal:login"))
    page.fill("input[name=phone]", phone)
    page.fill("input[name=password]", MEMBER_PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(input[name=phone]) [type=submit]").click()
    assert page.url.endswith(reverse("portal:home")), page.url


def test_membership_card_and_its_scan(page, browser, live_server, portal_world):
    w = portal_world
    page.set_viewport_size({"width": 390, "height": 844})
    _sign_in(page, w["phone"])
    with page.expect_navigation():
        page.locator(f"#portal-services a[href='{reverse('portal:card')}']").click()
    card = page.locator("#member-card")
    assert w["member"].name in card.inner_text() and w["member"].member_no in card.inner_text()
    qr = card.locator("img[data-scan-url]")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    if os.environ.get("GONGHUI_SCREENSHOTS"):
        page.screenshot(path=str(DOCS_IMG / "ecard.png"))
    url = urlsplit(qr.get_attribute("data-scan-url"))
    # The official's phone: another browser, not signed in.
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 390, "height": 844})
    official = context.new_page()
    response = official.goto(url.path)
    assert response.status == 200
    assert official.locator("[data-name]").inner_text() == w["member"].name
    assert official.locator("[data-union]").inner_text() == w["tree"]["EA1"].name
    assert official.locator("[data-status]").inner_text() == "在会"
    body = official.locator("body").inner_text()
    assert w["member"].member_no not in body and w["phone"] not in body
    assert official.goto(url.path[:-3] + "xx/").status == 400
    context.close()


def test_transfer_request(page, live_server, portal_world):
    w = portal_world
    _sign_in(page, w["phone"])
    page.goto(reverse("portal:transfer"))
    page.fill("input[name=q]", "EB1")
    with page.expect_navigation():
        page.locator("form[role=search] button[type=submit]").click()
    page.locator(f"input[name=to_org][value='{w['tree']['EB1'].code}']").check()
    page.fill("textarea[name=reason]", "调到新单位工作")
    with page.expect_navigation():
        page.locator("form[method=post] button[type=submit]").click()
    assert page.url.endswith(reverse("portal:home"))
    assert w["tree"]["EB1"].name in page.locator("#pending-transfer").inner_text()


def test_sign_in_with_a_code(page, live_server, portal_world, notify_log):
    import re

    w = portal_world
    page.goto(reverse("portal:login"))
    with page.expect_navigation():
        page.locator(f"a[href='{reverse('portal:login_code')}']").click()
    page.fill("input[name=phone]", w["phone"])
    with page.expect_navigation():
        page.locator("form:has(input[name=phone]) [type=submit]").click()
    assert page.url.endswith(reverse("portal:login_code_verify"))
    bodies = [m["body"] for m in notify_log.messages(to=w["phone"]) if "验证码" in m["body"]]
    code = re.search(r"\b(\d{6})\b", bodies[-1]).group(1)
    page.fill("input[name=code]", code)
    with page.expect_navigation():
        page.locator("form:has(input[name=code]) [type=submit]").click()
    assert page.url.endswith(reverse("portal:home"))
    assert w["member"].name in page.locator("main").inner_text()
