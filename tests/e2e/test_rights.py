"""End to end, in a real browser: a worker files a complaint in the member portal; an official of the union
covering the employer accepts it, mediates it to an agreement with the amount recovered; the worker sees the
outcome; the recovered amount shows on the statistics dashboard and opens the case."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = [pytest.mark.e2e]

PASSWORD = "Gonghui-test-2026"


@pytest.fixture
def rights_world(transactional_db):
    from gonghui.accounts.models import User
    from gonghui.core.testing import make_credit_code
    from gonghui.members.services import create_member
    from gonghui.orgs.services import create_unit
    from gonghui.tools.testing import build_small_city, make_official, member_data

    tree = build_small_city()
    root = make_official("e2e_root", superuser=True)
    make_official("ea1_mediator", tree["EA1"], "staff", password=PASSWORD)
    make_official("a_viewer", tree["A"], "viewer", password=PASSWORD)
    unit = create_unit(root, name="东方机械厂", credit_code=make_credit_code(), ownership="private", industry="C",
                       employee_count=300, area_org=tree["A1"], union=tree["EA1"])
    member = create_member(root, tree["EA1"], member_data(name="周小红", gender="F", unit=unit, phone="13912340001"))
    account = User(username=f"m{member.member_no}", kind="member", full_name=member.name, phone=member.phone,
                   member=member)
    account.set_password(PASSWORD)
    account.save()
    return {"tree": tree, "member": member, "unit": unit}


def test_complaint_to_agreement_to_dashboard(page, browser, live_server, rights_world, sign_in):
    tree = rights_world["tree"]
    # 1. The worker signs in to the portal and files a complaint about wage arrears.
    page.goto(reverse("portal:login") + "?next=" + reverse("rights_portal:home"))
    page.fill("input[name=phone]", "13912340001")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("form [type=submit]").click()
    page.goto(reverse("rights_portal:home"))
    page.locator(f"a[href='{reverse('rights_portal:file')}']").first.click()
    page.select_option("select[name=case_type]", "wage_arrears")
    assert page.input_value("input[name=employer_name]") == "东方机械厂"
    page.fill("textarea[name=facts]", "单位拖欠我两个月工资共一万二千元。")
    page.fill("input[name=amount_claimed]", "12000")
    with page.expect_navigation():
        page.locator("form [type=submit]").click()
    assert "/portal/rights/case/" in page.url
    reference = page.url.rstrip("/").rsplit("/", 1)[1]
    assert reference.startswith("WQ")
    assert page.locator("#case-status").inner_text().strip()

    # 2. The official of the union covering the employer accepts and mediates it to an agreement.
    official = browser.new_context(base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai")
    op = official.new_page()
    sign_in(op, "ea1_mediator", PASSWORD)
    op.goto(reverse("rights:todo"))
    with op.expect_navigation():
        op.locator("#todo-new a", has_text=reference).click()
    case_url = op.url
    assert "周小红" in op.locator("#complainant").inner_text()  # on the case's path: the name in clear

    def step(link_href_part, fill=None):
        op.goto(case_url)
        with op.expect_navigation():
            op.locator(f"a[href$='{link_href_part}/']").first.click()
        for selector, value in (fill or {}).items():
            if selector.startswith("select"):
                op.select_option(selector, value)
            else:
                op.fill(selector, value)
        with op.expect_navigation():
            op.locator("form [type=submit]").click()
        assert op.url.rstrip("/") == case_url.rstrip("/"), op.locator("body").inner_text()[:1500]

    step("accept")
    assert op.locator("#case-clock").is_visible()
    step("start-mediation", {"input[name=mediator]": "刘调解员"})
    today = timezone.localdate()
    step("session", {"textarea[name=notes]": "双方到场，单位同意分两期支付。"})
    step("close", {"select[name=outcome]": "agreement", "input[name=agreement_amount]": "12000",
                   "input[name=paying_deadline]": today.isoformat(), "input[name=amount_recovered]": "12000"})
    assert op.locator("#amount-recovered").inner_text().strip() == "12000.00"

    # 3. The worker sees the outcome and rates the handling.
    page.goto(reverse("rights_portal:track", args=[reference]))
    assert "12000" in page.locator("body").inner_text()
    page.select_option("select[name=satisfaction]", "5")
    with page.expect_navigation():
        page.locator("form:has(input[value=rate]) [type=submit]").click()

    # 4. The dashboard of district A shows the amount recovered, and the figure opens the case.
    viewer = browser.new_context(base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai")
    vp = viewer.new_page()
    sign_in(vp, "a_viewer", PASSWORD)
    vp.goto(reverse("stats:dashboard") + f"?org={tree['A'].code}&period={today.year}")
    card = vp.locator("a[data-indicator=rights_recovered]")
    assert card.locator(".value").get_attribute("data-value") == "12000.00"
    assert vp.locator("a[data-indicator=rights_cases] .value").get_attribute("data-value") == "1"
    with vp.expect_navigation():
        card.click()
    vp.wait_for_url(re.compile(re.escape(reverse("rights:case_list")) + r"\?"))
    listing = vp.locator("#object-list").inner_text()
    assert reference in listing
    assert "周小红" not in listing and "周**" in listing  # a viewer sees the complainant masked
    official.close()
    viewer.close()
