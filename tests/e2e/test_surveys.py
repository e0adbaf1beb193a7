"""End to end, in a real browser: an official opens a draft survey; a member finds it on the portal's home page
and answers it; the official sees the response counted and charted on the survey's page."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.e2e]

PASSWORD = "Gonghui-test-2026"
IMG = Path(__file__).resolve().parents[2] / "docs" / "user" / "img"


@pytest.fixture
def survey_world(transactional_db):
    from gonghui.accounts.models import User
    from gonghui.members.services import create_member
    from gonghui.surveys.testing import build_survey
    from gonghui.tools.testing import build_small_city, make_official, member_data

    tree = build_small_city()
    staff = make_official("a_surveyor", tree["A"], "staff", password=PASSWORD)
    member = create_member(staff, tree["EA1"], member_data(name="周小红", gender="F", phone="13912340002"))
    account = User(username=f"m{member.member_no}", kind="member", full_name=member.name, phone=member.phone,
                   member=member)
    account.set_password(PASSWORD)
    account.save()
    return {"survey": build_survey(tree["A"], staff, "2026年职工思想状况调查"), "member": member}


def shot(pg, name):
    if os.environ.get("GONGHUI_SCREENSHOTS"):
        pg.screenshot(path=str(IMG / name), full_page=True)


def test_official_opens_member_answers_official_sees_the_results(page, browser, live_server, survey_world, sign_in):
    survey = survey_world["survey"]
    # 1. The official opens the draft survey.
    official = browser.new_context(base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai",
                                   viewport={"width": 1280, "height": 900})
    op = official.new_page()
    sign_in(op, "a_surveyor")
    op.goto(survey.get_absolute_url())
    with op.expect_navigation():
        op.locator("[data-transition=open]").click()
    with op.expect_navigation():
        op.locator("form[method=post] [type=submit]").click()
    assert op.locator("[data-transition=close]").count() == 1

    # 2. The member signs in to the portal, finds the survey on the home page and answers it.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(reverse("portal:login"))
    page.fill("input[name=phone]", "13912340002")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("form [type=submit]").click()
    with page.expect_navigation():
        page.locator(f"#portal-services a[href='{reverse('surveys_portal:list')}']").click()
    with page.expect_navigation():
        page.locator("#portal-surveys a", has_text="职工思想状况调查").click()
    questions = {q.kind: q for q in survey.questions.all()}
    multiple = [page.locator(f"input[name=q{questions['multiple'].pk}][value='{v}']") for v in (0, 3)]
    page.locator(f"input[name=q{questions['single'].pk}][value='1']").check()
    for box in multiple:
        box.check()
    page.locator(f"input[name=q{questions['scale'].pk}][value='4']").check()
    page.fill(f"textarea[name=q{questions['text'].pk}]", "希望多组织技能培训。")
    shot(page, "survey-portal-answer.png")
    for box in multiple:
        box.uncheck()
    with page.expect_navigation():
        page.locator("#survey-form [type=submit]").click()  # a required question left out: refused next to it
    assert page.locator(f"#question-{questions['multiple'].pk} .invalid-feedback").inner_text() == "请回答这道题。"
    assert page.locator(".invalid-feedback").count() == 1
    for box in multiple:
        box.check()
    with page.expect_navigation():
        page.locator("#survey-form [type=submit]").click()
    assert page.locator("#survey-answered").is_visible()

    # 3. The official sees the response counted and charted.
    op.goto(survey.get_absolute_url())
    assert "1" in op.locator("#response-rate").inner_text()
    # The script makes the canvas first and marks the chart drawn once its data is set: wait for the mark.
    chart = op.locator(f"#chart-q{questions['single'].pk}[data-drawn='1']")
    chart.locator("canvas").wait_for()
    assert chart.get_attribute("data-drawn") == "1"
    assert "希望多组织技能培训" in op.locator(f"#result-{questions['text'].pk}").inner_text()
    shot(op, "survey-results.png")
    official.close()
