"""End to end, in a real browser: from the offer to bargain (要约) to the collective contract in force. A district
official sends an offer to an employer, records the reply and a negotiation round, then files the contract for
that employer (draft, congress approval, signing with the signed text, submission); the daily step puts it in
force after the review period, and the dashboard shows the offer answered and the contract in force."""

import datetime

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
        page.locator("main form[method=post] [type=submit]").last.click()


def _open(page, name, pk):
    with page.expect_navigation():
        page.locator(f"a[href='{reverse(name, args=[pk])}']").click()


def test_offer_answered_then_contract_filed_and_in_force(page, live_server, world, sign_in, tmp_path):
    from gonghui.bargaining.models import Offer
    from gonghui.contracts import daily
    from gonghui.contracts.models import CollectiveContract

    tree, unit = world["tree"], world["unit"]
    today = timezone.localdate()
    day = lambda n: (today - datetime.timedelta(days=n)).isoformat()  # noqa: E731
    sign_in(page, "a_official", PASSWORD)

    page.goto(reverse("bargaining:offer_add"))
    page.select_option("select[name=org]", str(tree["A"].pk))
    page.select_option("select[name=on_behalf_of]", str(tree["EA1"].pk))
    page.select_option("select[name=employers]", str(unit.pk))
    page.check("input[name=topics][value=wages]")
    page.fill("textarea[name=content]", "就本年度工资调整提出协商要约。")
    _submit(page)
    offer = Offer.objects.get()
    _open(page, "bargaining:offer_send", offer.pk)
    _submit(page)
    _open(page, "bargaining:offer_answer", offer.pk)
    page.select_option("select[name=reply]", "accepted")
    page.fill("textarea[name=reply_note]", "同意开展协商。")
    _submit(page)
    _open(page, "bargaining:offer_record_round", offer.pk)
    page.fill("textarea[name=union_side]", "张主席")
    page.fill("textarea[name=employer_side]", "王总经理")
    page.fill("textarea[name=agreed]", "工资增长5%")
    _submit(page)
    assert "工资增长5%" in page.locator("#offer-rounds").inner_text()

    page.goto(reverse("contracts:contract_add"))
    page.fill("input[name=org]", tree["EA1"].code)
    page.fill("input[name=number]", "JT-2026-002")
    page.fill("input[name=title]", "协商机械有限公司集体合同")
    page.select_option("select[name=contract_type]", "comprehensive")
    page.fill("textarea[name=units]", unit.credit_code)
    page.fill("input[name=starts_on]", today.isoformat())
    page.fill("input[name=ends_on]", (today + datetime.timedelta(days=730)).isoformat())
    page.fill("input[name=workers_covered]", "110")
    page.fill("input[name=wage_rise_pct]", "5")
    _submit(page)
    contract = CollectiveContract.objects.get()
    assert page.url.endswith(contract.get_absolute_url()), page.locator("body").inner_text()[:800]
    page.goto(reverse("contracts:contract_edit", args=[contract.pk]))  # the workers' congress approved the draft
    page.fill("input[name=congress_approved_on]", day(5))
    page.fill("input[name=congress_session]", "九届十四次")
    _submit(page)
    pdf = tmp_path / "集体合同.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    _open(page, "contracts:contract_sign", contract.pk)
    page.fill("input[name=signed_on]", day(2))
    page.set_input_files("input[name=document]", str(pdf))
    _submit(page)
    _open(page, "contracts:contract_submit", contract.pk)
    page.fill("input[name=submitted_on]", day(1))
    _submit(page)
    contract.refresh_from_db()
    assert contract.status == "submitted", page.locator("body").inner_text()[:800]
    assert contract.units.get() == unit and offer.employers.get() == unit

    daily.run(datetime.datetime.combine(contract.effective_on, datetime.time(6)))  # the review period has passed
    page.goto(reverse("stats:dashboard") + f"?org={tree['A'].code}&period={today.year}")
    for key in ("contracts_in_force", "bargaining_offers_answered"):
        assert page.locator(f"a[data-indicator={key}] .value").get_attribute("data-value") == "1", key
