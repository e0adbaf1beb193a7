"""End to end, in a real browser: a district official enters an employer's union funds for the year, records a
payment collected by the tax bureau, and sees it split between the enterprise union, the township and the
district, on the remittance's page and on the funds dashboard."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.e2e]

PASSWORD = "Gonghui-test-2026"


@pytest.fixture
def funds_world(transactional_db):
    from gonghui.tools.testing import build_small_city, make_official

    tree = build_small_city()
    make_official("funds_official", tree["A"], "staff", password=PASSWORD)
    return tree


def _submit(page):
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").first.click()


def test_a_remittance_is_split_across_three_levels(page, live_server, funds_world, sign_in):
    from gonghui.funds.models import Remittance

    tree = funds_world
    sign_in(page, "funds_official", PASSWORD)
    page.goto(reverse("funds:remittance_add"))
    page.select_option("select[name=org]", str(tree["EA1"].pk))
    page.fill("input[name=employer]", "东方机械厂")
    page.fill("input[name=year]", "2025")
    page.fill("input[name=payroll_base]", "1,000,000.50")
    _submit(page)
    remittance = Remittance.objects.get()
    assert page.url.endswith(remittance.get_absolute_url()), page.locator("body").inner_text()[:800]
    assert "20000.01" in page.locator("#object-fields").inner_text()  # 2% of the payroll, to the fen

    page.locator("#pay-button").click()
    page.fill("input[name=amount]", "20,000.01")
    page.select_option("select[name=channel]", "tax")
    _submit(page)
    split = page.locator("#remittance-split").inner_text()
    for name, share in ((tree["EA1"].name, "12000.01"), (tree["A1"].name, "5000.00"), (tree["A"].name, "3000.00")):
        assert name in split and share in split, split

    page.goto(reverse("funds:dashboard"))
    for level, name, share in (("grassroots", tree["EA1"].name, "12000.01"), ("parent", tree["A1"].name, "5000.00"),
                               ("higher", tree["A"].name, "3000.00")):
        card = page.locator(f"#level-{level}").inner_text()
        assert name in card and share in card, card
    assert "20000.01" in page.locator("#remittance-figures").inner_text()
