"""End to end, in a real browser: a township union checks itself against the district's 六好 scheme, attaches a file
of evidence and applies, the district inspects (seeing the evidence), accepts and awards it, and the award shows on
the district's dashboard."""

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = [pytest.mark.e2e]

PASSWORD = "Gonghui-test-2026"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def six_good_world(transactional_db):
    from gonghui.appraisals import testing as at
    from gonghui.tools.testing import build_small_city, make_official

    tree = build_small_city()
    root = make_official("e2e_appr_root", superuser=True)
    make_official("a1_official", tree["A1"], "staff", password=PASSWORD)
    make_official("a_official", tree["A"], "staff", password=PASSWORD)
    scheme = at.scheme(root, tree["A"], name="A区“六好”乡镇（街道）工会", eligible_types="township")
    return {"tree": tree, "scheme": scheme}


def _submit(page):
    with page.expect_navigation():
        page.locator("main form [type=submit]").last.click()


def _follow(page, name):
    """Open a link and wait for its page: the score boxes are read at once, not waited for."""
    with page.expect_navigation():
        page.get_by_role("link", name=name).click()


def _fill_scores(page, share):
    page.locator("input[name^=score_]").first.wait_for()
    for box in page.locator("input[name^=score_]").all():
        top = float(box.get_attribute("max"))
        box.fill(str(round(top * share, 1)))


def test_township_self_checks_district_inspects_and_awards(page, live_server, six_good_world, sign_in):
    tree, scheme = six_good_world["tree"], six_good_world["scheme"]
    dashboard = reverse("stats:dashboard") + f"?period={timezone.localdate().year}"

    sign_in(page, "a1_official", PASSWORD)
    page.goto(reverse("appraisals:appraisal_add"))
    page.select_option("select[name=scheme]", str(scheme.pk))
    page.select_option("select[name=org]", str(tree["A1"].pk))
    page.fill("input[name=grade_sought]", "先进")
    _submit(page)
    assert "六好" in page.locator("h1").inner_text()
    page.locator("#self-check-button").click()
    page.locator("input[name^=score_]").first.fill("99")  # above the criterion's maximum: refused beside it
    _submit(page)
    assert page.locator(".invalid-feedback").count() >= 1
    _fill_scores(page, 0.9)
    _submit(page)
    assert page.locator("#self-score").inner_text().strip() == "90.0"
    with page.expect_navigation():
        page.locator("#evidence-button").click()
    page.set_input_files("input[name=file]", files=[{"name": "会议纪要.pdf", "mimeType": "application/pdf",
                                                     "buffer": PDF}])
    _submit(page)
    assert "会议纪要.pdf" in page.locator("#score-sheet").inner_text()
    _follow(page, "向上级申报")
    _submit(page)
    assert page.get_by_role("link", name="登记检查结果").count() == 0  # the township cannot inspect itself
    page.context.clear_cookies()

    sign_in(page, "a_official", PASSWORD)
    page.goto(reverse("appraisals:appraisal_list") + "?below=yes&status=applied")
    with page.expect_navigation():
        page.locator("#object-list a", has_text=tree["A1"].name).first.click()
    _follow(page, "登记检查结果")
    assert "会议纪要.pdf" in page.locator("#inspection-evidence").inner_text()  # the evidence, at the inspection
    _fill_scores(page, 0.8)
    page.fill("textarea[name=findings]", "组织网络健全，台账规范")
    _submit(page)
    assert page.locator("#inspection-score").inner_text().strip() == "80.0"
    _follow(page, "验收")
    _submit(page)
    _follow(page, "命名")
    page.select_option("select[name=grade]", "先进")
    page.fill("input[name=certificate_no]", "六好-001")
    _submit(page)
    assert "先进" in page.locator("#grade").inner_text()

    page.goto(dashboard)
    figure = page.locator("[data-indicator=appraisals_awarded] .value")
    assert figure.get_attribute("data-value") == "1"
