"""End to end, in a real browser: a district official sends an offer to bargain (要约) to an employer, records the
employer's reply and a negotiation round, and the offer counts move on the dashboard."""

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = [pytest.mark.e2e]

PASSWORD = "Gonghui-test-2026"


@pytest.fixture
def world(transactional_db):
    from gonghui.bargaining.testing import employer_of
    from gonghui.tools.testing import build_small_city, make_official

    tree = build_small_city()
    root = make_official("e2e_root", superuser=True)
    make_official("a_official", tree["A"], "staff", password=PASSWORD)
    return {"tree": tree, "unit": employer_of(tree["EA1"], root, name="协商机械有限公司")}


def _submit(page):
    with page.expect_navigation():
        page.locator("main form [type=submit]").last.click()


def _figure(page, org, key):
    page.goto(reverse("stats:dashboard") + f"?org={org.code}&period={timezone.localdate().year}")
    return page.locator(f"a[data-indicator={key}] .value").get_attribute("data-value")


def test_official_sends_an_offer_records_the_reply_and_a_round(page, live_server, world, sign_in):
    from gonghui.bargaining.models import Offer

    tree = world["tree"]
    sign_in(page, "a_official", PASSWORD)
    assert _figure(page, tree["A"], "bargaining_offers_sent") == "0"

    page.goto(reverse("bargaining:offer_add"))
    page.select_option("select[name=org]", str(tree["A"].pk))
    page.select_option("select[name=on_behalf_of]", str(tree["EA1"].pk))
    page.select_option("select[name=employers]", str(world["unit"].pk))
    page.check("input[name=topics][value=wages]")
    page.check("input[name=topics][value=women]")
    page.fill("textarea[name=content]", "就本年度工资调整提出协商要约。")
    _submit(page)
    offer = Offer.objects.get()
    assert offer.acting and offer.status == "draft"

    with page.expect_navigation():
        page.locator(f"a[href='{reverse('bargaining:offer_send', args=[offer.pk])}']").click()
    _submit(page)
    with page.expect_navigation():
        page.locator(f"a[href='{reverse('bargaining:offer_answer', args=[offer.pk])}']").click()
    page.select_option("select[name=reply]", "accepted")
    page.fill("textarea[name=reply_note]", "同意下周开展协商。")
    _submit(page)
    assert "同意下周开展协商" in page.locator("#offer-reply").inner_text()

    with page.expect_navigation():
        page.locator(f"a[href='{reverse('bargaining:offer_record_round', args=[offer.pk])}']").click()
    page.fill("textarea[name=union_side]", "张主席\n李代表")
    page.fill("textarea[name=employer_side]", "王总经理")
    page.fill("textarea[name=agreed]", "工资增长5%")
    _submit(page)
    assert "工资增长5%" in page.locator("#offer-rounds").inner_text()

    assert _figure(page, tree["A"], "bargaining_offers_sent") == "1"
    assert _figure(page, tree["A"], "bargaining_offers_sent_acting") == "1"
    assert _figure(page, tree["A"], "bargaining_offers_answered") == "1"
    assert _figure(page, tree["A"], "bargaining_rounds_held") == "1"
