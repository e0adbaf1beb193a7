"""End to end, in a real browser: a district official drafts a collective contract for an employer, records its
signing (with the signed text) and its submission to the labour department; the review period has passed, so it
is in force and counts on the statistics dashboard."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = [pytest.mark.e2e]

PASSWORD = "Gonghui-test-2026"


@pytest.fixture
def contract_world(transactional_db):
    from gonghui.core.testing import make_credit_code
    from gonghui.orgs.services import create_unit
    from gonghui.tools.testing import build_small_city, make_official

    tree = build_small_city()
    root = make_official("e2e_root", superuser=True)
    make_official("district_official", tree["A"], "staff", password=PASSWORD)
    unit = create_unit(root, name="东方机械厂", credit_code=make_credit_code(), ownership="private", industry="C",
                       employee_count=200, area_org=tree["A1"], union=tree["EA1"])
    return {"tree": tree, "unit": unit}


def _submit(page):
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").first.click()


def test_official_files_a_contract_that_shows_on_the_dashboard(page, live_server, contract_world, sign_in, tmp_path):
    from gonghui.contracts.models import CollectiveContract

    today = timezone.localdate()
    day = lambda n: (today - datetime.timedelta(days=n)).isoformat()  # noqa: E731
    pdf = tmp_path / "集体合同.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    sign_in(page, "district_official", PASSWORD)
    page.goto(reverse("contracts:contract_add"))
    page.fill("input[name=org]", contract_world["tree"]["EA1"].code)
    page.fill("input[name=number]", "JT-2026-001")
    page.fill("input[name=title]", "东方机械厂集体合同")
    page.select_option("select[name=contract_type]", "comprehensive")
    page.fill("textarea[name=units]", contract_world["unit"].credit_code)
    page.fill("input[name=starts_on]", day(10))
    page.fill("input[name=ends_on]", (today.replace(year=today.year + 3) - datetime.timedelta(days=11)).isoformat())
    page.fill("input[name=workers_covered]", "190")
    page.fill("input[name=minimum_wage]", "2,600")
    page.fill("input[name=wage_rise_pct]", "5")
    page.fill("input[name=congress_approved_on]", day(40))
    page.fill("input[name=congress_session]", "九届十三次")
    _submit(page)
    contract = CollectiveContract.objects.get()
    assert page.url.endswith(contract.get_absolute_url()), page.locator("body").inner_text()[:800]

    page.locator(f"a[href='{reverse('contracts:contract_sign', args=[contract.pk])}']").click()
    page.fill("input[name=signed_on]", day(30))
    page.set_input_files("input[name=document]", str(pdf))
    _submit(page)
    page.locator(f"a[href='{reverse('contracts:contract_submit', args=[contract.pk])}']").click()
    page.fill("input[name=submitted_on]", day(25))
    _submit(page)
    contract.refresh_from_db()
    assert contract.status == "in_force" and not contract.submitted_late
    assert "集体合同.pdf" in page.locator("#contract-documents").inner_text()

    page.goto(reverse("stats:dashboard") + f"?period={today.year}")
    card = page.locator("a[data-indicator=contracts_in_force]")
    assert card.locator(".value").get_attribute("data-value") == "1"
