"""End to end, in a real browser: a worker files a rationalisation proposal in the member portal, the union
evaluates, adopts and implements it, and the district's dashboard shows the proposal implemented and its value."""

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = [pytest.mark.e2e]

PASSWORD = "Gonghui-test-2026"
MEMBER_PASSWORD = "Lianhe-gonghui-88"


@pytest.fixture
def proposal_world(transactional_db):
    from gonghui.accounts.services import open_member_account, set_member_password
    from gonghui.core.testing import make_phone
    from gonghui.members.services import create_member
    from gonghui.tools.testing import build_small_city, make_official, member_data

    tree = build_small_city()
    root = make_official("e2e_cmp_root", superuser=True)
    make_official("ea1_official", tree["EA1"], "staff", password=PASSWORD)
    make_official("a_official", tree["A"], "viewer", password=PASSWORD)
    phone = make_phone(seq=88_300_001)
    member = create_member(root, tree["EA1"], member_data(name="金点子", phone=phone))
    set_member_password(open_member_account(member, root), MEMBER_PASSWORD)
    return {"tree": tree, "member": member, "phone": phone}


def _submit(page):
    with page.expect_navigation():
        page.locator("main form [type=submit]").last.click()


def _figure(page, key):
    return page.locator(f"[data-indicator={key}] .value").get_attribute("data-value")


def test_a_portal_proposal_adopted_implemented_and_counted(page, live_server, proposal_world, sign_in):
    from gonghui.competitions.models import Proposal

    today = timezone.localdate().isoformat()
    dashboard = reverse("stats:dashboard") + f"?period={timezone.localdate().year}"
    # the worker files it in the portal
    page.goto(reverse("portal:login"))
    page.fill("input[name=phone]", proposal_world["phone"])
    page.fill("input[name=password]", MEMBER_PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(input[name=phone]) [type=submit]").click()
    page.goto(reverse("competitions_portal:home"))
    page.fill("input[name=title]", "关于更衣室增设安全帽挂架的建议")
    page.fill("textarea[name=content]", "在更衣室设挂架，方便取放。")
    page.select_option("select[name=category]", "safety")
    _submit(page)
    assert "关于更衣室增设安全帽挂架的建议" in page.locator("main").inner_text()
    proposal = Proposal.objects.get()
    page.context.clear_cookies()

    # the union evaluates, adopts and implements it
    sign_in(page, "ea1_official", PASSWORD)
    page.goto(proposal.get_absolute_url())
    for step, fields in (("evaluate", {"input[name=score]": "86"}),
                         ("adopt", {"input[name=decided_on]": today}),
                         ("implement", {"input[name=implemented_on]": today, "input[name=value]": "-1"})):
        page.locator(f"a[href='{reverse(f'competitions:proposal_{step}', args=[proposal.pk])}']").click()
        for selector, value in fields.items():
            page.fill(selector, value)
        _submit(page)
    assert page.locator(".invalid-feedback").first.is_visible()  # a negative value is refused beside the field
    page.fill("input[name=value]", "120,000")
    page.fill("input[name=reward]", "2000")
    _submit(page)
    assert "已实施" in page.locator("main").inner_text()
    page.context.clear_cookies()

    # the district's dashboard counts it
    sign_in(page, "a_official", PASSWORD)
    page.goto(dashboard)
    assert _figure(page, "competitions_proposals_implemented") == "1"
    assert _figure(page, "competitions_implementation_rate") == "100.0"
