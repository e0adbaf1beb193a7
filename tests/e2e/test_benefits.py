"""End to end, in a real browser: a member activates the service card in the portal, sees a merchant's discount
(nearest first, from the browser's location) and files a
mutual-aid claim; an official approves it and records the payment; the member sees it paid."""

import datetime

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.e2e]

PASSWORD = "Gonghui-test-2026"
MEMBER_PASSWORD = "Lianhe-gonghui-88"


@pytest.fixture
def benefits_world(transactional_db):
    from gonghui.accounts.services import open_member_account, set_member_password
    from gonghui.benefits import services
    from gonghui.benefits.testing import make_round
    from gonghui.core.testing import make_phone
    from gonghui.members.services import create_member
    from gonghui.members.testing import member_data
    from gonghui.tools.testing import build_small_city, make_official

    tree = build_small_city()
    root = make_official("e2e_root", superuser=True)
    make_official("a_official", tree["A"], "staff", password=PASSWORD)
    phone = make_phone(seq=88_400_001)
    member = create_member(root, tree["EA1"], member_data(name="周惠民", phone=phone))
    set_member_password(open_member_account(member, root), MEMBER_PASSWORD)
    today = datetime.date.today()
    services.issue_card(root, member, card_number="6217000012345678", bank="工商银行", issued_on=today)
    services.save_merchant(root, None, tree["A"], name="福满楼酒家", category="food", address="人民路1号",
                           latitude="34.2610", longitude="117.1850", discount="会员凭卡就餐九折",
                           contract_number="TH-001",
                           contract_signed_on=today - datetime.timedelta(days=30),
                           contract_starts_on=today - datetime.timedelta(days=30),
                           contract_ends_on=today + datetime.timedelta(days=300))
    rnd = make_round(root, tree["A"], year=today.year)
    services.enrol(root, rnd, [member])
    return {"phone": phone, "rate": rnd.rates.get(condition="住院")}


def _portal_sign_in(page, phone):
    page.goto(reverse("portal:login"))
    page.fill("input[name=phone]", phone)
    page.fill("input[name=password]", MEMBER_PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(input[name=phone]) [type=submit]").click()


def test_member_activates_card_sees_discount_and_claim_is_paid(page, live_server, benefits_world, sign_in):
    from gonghui.benefits.models import AidClaim, ServiceCard

    _portal_sign_in(page, benefits_world["phone"])
    page.goto(reverse("benefits_portal:home"))
    page.fill("input[name=last4]", "5678")
    with page.expect_navigation():
        page.locator("#activate-form button[type=submit]").click()
    assert ServiceCard.objects.get().status == "active"
    assert "6217********5678" in page.inner_text("#my-card")

    page.goto(reverse("benefits_portal:merchants"))
    assert "会员凭卡就餐九折" in page.inner_text("#merchants")
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 34.2600, "longitude": 117.1800})
    with page.expect_navigation():
        page.locator("#near-me").click()
    assert "near=" in page.url and page.locator("#near-on").is_visible()
    assert page.locator(".merchant-distance").count() == 1

    page.goto(reverse("benefits_portal:claim"))
    page.select_option("select[name=rate]", str(benefits_world["rate"].pk))
    page.fill("input[name=amount]", "3500")  # more than the table pays
    page.fill("input[name=treated_on]", datetime.date.today().isoformat())
    page.select_option("select[name=channel]", "card")
    with page.expect_navigation():
        page.locator("#claim-form button[type=submit]").click()
    assert "最高给付3,000.00元" in page.content() and not AidClaim.objects.exists()
    page.fill("input[name=amount]", "2800")
    with page.expect_navigation():
        page.locator("#claim-form button[type=submit]").click()
    claim = AidClaim.objects.get()
    assert claim.by_member and claim.status == "submitted"

    page.context.clear_cookies()
    sign_in(page, "a_official", PASSWORD)
    for step in ("approve", "pay"):
        page.goto(claim.get_absolute_url())
        with page.expect_navigation():
            page.locator(f"a[href='{reverse(f'benefits:claim_{step}', args=[claim.pk])}']").click()
        with page.expect_navigation():
            page.locator(".card form[method=post] button[type=submit]").first.click()
    claim.refresh_from_db()
    assert claim.status == "paid" and claim.approved_amount == 2800

    page.context.clear_cookies()
    _portal_sign_in(page, benefits_world["phone"])
    page.goto(reverse("benefits_portal:home"))
    assert "已发放" in page.inner_text("#my-claims")
