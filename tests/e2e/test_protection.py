"""End to end, in a real browser: a district official records a labour-law inspection of an employer and a
problem found there (wages not paid on time, to be fixed by a deadline), the employer's response and the
re-inspection that finds it fixed; the inspection closes and the fix rate on the statistics dashboard is 100%."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = [pytest.mark.e2e]

PASSWORD = "Gonghui-test-2026"


@pytest.fixture
def protection_world(transactional_db):
    from gonghui.core.testing import make_credit_code
    from gonghui.orgs.services import create_unit
    from gonghui.tools.testing import build_small_city, make_official

    tree = build_small_city()
    root = make_official("e2e_root", superuser=True)
    make_official("district_official", tree["A"], "staff", password=PASSWORD)
    unit = create_unit(root, name="宏达建筑有限公司", credit_code=make_credit_code(), ownership="private",
                       industry="E", employee_count=150, area_org=tree["A1"], union=tree["EA1"])
    return {"tree": tree, "unit": unit}


def _submit(page):
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").first.click()


def test_inspection_hazard_fixed_and_the_fix_rate_on_the_dashboard(page, live_server, protection_world, sign_in):
    from gonghui.protection.models import Finding, Inspection

    today = timezone.localdate()
    day = lambda n: (today - datetime.timedelta(days=n)).isoformat()  # noqa: E731
    sign_in(page, "district_official", PASSWORD)
    page.goto(reverse("protection:inspection_add"))
    page.fill("input[name=org]", protection_world["tree"]["A"].code)
    page.fill("input[name=unit]", protection_world["unit"].credit_code)
    page.select_option("select[name=kind]", "labour_law")
    page.fill("input[name=campaign]", "农民工工资支付专项检查")
    page.fill("input[name=inspected_on]", day(0))
    page.fill("input[name=inspectors]", "王建国、李红")
    _submit(page)
    inspection = Inspection.objects.get()
    assert page.url.endswith(inspection.get_absolute_url()), page.locator("body").inner_text()[:800]

    page.locator("#add-finding").click()
    page.select_option("select[name=item]", "wages_on_time")
    page.fill("textarea[name=description]", "三名农民工工资拖欠两个月")
    page.fill("input[name=deadline]", (today + datetime.timedelta(days=15)).isoformat())
    _submit(page)
    finding = Finding.objects.get()
    assert page.url.endswith(finding.get_absolute_url()), page.locator("body").inner_text()[:800]

    page.locator(f"a[href='{reverse('protection:finding_respond', args=[finding.pk])}']").click()
    page.fill("textarea[name=response]", "已制定补发计划，十日内发放")
    _submit(page)
    page.locator(f"a[href='{reverse('protection:finding_fix', args=[finding.pk])}']").click()
    page.fill("textarea[name=note]", "工资已全部补发")
    _submit(page)
    finding.refresh_from_db()
    assert finding.status == "fixed" and finding.reinspections == 1

    page.goto(inspection.get_absolute_url())
    page.locator(f"a[href='{reverse('protection:inspection_close', args=[inspection.pk])}']").click()
    _submit(page)
    inspection.refresh_from_db()
    assert inspection.status == "closed"

    page.goto(reverse("stats:dashboard") + f"?period={today.year}")
    card = page.locator("a[data-indicator=protection_fix_rate]")
    assert card.locator(".value").get_attribute("data-value") == "100.0"
    assert page.locator("a[data-indicator=protection_hazards_found] .value").get_attribute("data-value") == "1"
