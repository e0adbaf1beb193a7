"""End to end, in a real browser: an enterprise union recommends a worker within its quota, the district reviews,
puts the recommendation on public notice, approves it after the notice and awards the title; the model worker is
in the registry, and the district's first allowance payment run pays them by the rules."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = [pytest.mark.e2e]

PASSWORD = "Gonghui-test-2026"


@pytest.fixture
def honours_world(transactional_db):
    from gonghui.honours import services
    from gonghui.honours.testing import make_rule, make_scheme
    from gonghui.tools.testing import build_small_city, make_official

    tree = build_small_city()
    root = make_official("e2e_root", superuser=True)
    make_official("district_official", tree["A"], "staff", password=PASSWORD)
    scheme = make_scheme(root, tree["A"], name="区劳动模范")
    rnd = services.save_round(root, None, scheme=scheme, year=timezone.localdate().year, name="区劳动模范评选",
                              notice_days=5)
    services.set_quota(root, rnd, tree["EA1"], 2)
    make_rule(root, tree["A"], amount="300")
    return {"tree": tree, "round": rnd}


def _submit(page):
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").first.click()


def _step(page, name, pk):
    page.locator(f"a[href='{reverse(name, args=[pk])}']").first.click()


def test_recommendation_to_award_to_first_allowance(page, live_server, honours_world, sign_in):
    from gonghui.core.testing import make_id_number
    from gonghui.honours.models import ModelWorker, PaymentRun, Recommendation

    today = timezone.localdate()
    tree, rnd = honours_world["tree"], honours_world["round"]
    sign_in(page, "district_official", PASSWORD)
    page.goto(reverse("honours:round_detail", args=[rnd.pk]))
    page.locator("#recommend-button").click()
    page.select_option("select[name=round]", str(rnd.pk))
    page.select_option("select[name=org]", str(tree["EA1"].pk))
    page.fill("input[name=nominee]", "张建国")
    page.fill("input[name=id_number]", make_id_number())
    page.fill("input[name=employer]", "东方机械厂")
    page.fill("textarea[name=deeds]", "带领班组完成技术革新12项")
    page.fill("input[name=meeting]", "职代会主席团会议")
    page.fill("input[name=meeting_on]", (today - datetime.timedelta(days=20)).isoformat())
    page.fill("input[name=votes_for]", "41")
    page.fill("input[name=votes_total]", "45")
    _submit(page)
    rec = Recommendation.objects.get()
    assert page.url.endswith(rec.get_absolute_url()), page.locator("body").inner_text()[:800]

    _step(page, "honours:recommendation_review", rec.pk)
    page.fill("textarea[name=note]", "事迹突出，同意推荐")
    _submit(page)
    _step(page, "honours:recommendation_notice", rec.pk)
    page.fill("input[name=start]", (today - datetime.timedelta(days=10)).isoformat())
    _submit(page)
    _step(page, "honours:recommendation_approve", rec.pk)
    _submit(page)
    _step(page, "honours:recommendation_award", rec.pk)
    page.fill("input[name=certificate_no]", "QLM-2026-001")
    _submit(page)
    rec.refresh_from_db()
    assert rec.status == "awarded" and rec.certificate_no == "QLM-2026-001"
    worker = ModelWorker.objects.get()
    page.goto(worker.get_absolute_url())
    assert "QLM-2026-001" in page.locator("#worker-titles").inner_text()

    page.goto(reverse("honours:run_add"))
    page.select_option("select[name=org]", str(tree["A"].pk))
    page.fill("input[name=period]", today.replace(day=1).isoformat())
    _submit(page)
    run = PaymentRun.objects.get()
    assert "张建国" in page.locator("#run-lines").inner_text()
    _step(page, "honours:run_pay", run.pk)
    _submit(page)
    run.refresh_from_db()
    assert run.status == "paid" and run.people == 1 and str(run.total) == "300.00"
    page.goto(worker.get_absolute_url())
    assert "300.00" in page.locator("#worker-payments").inner_text()
