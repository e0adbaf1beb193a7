"""End to end, in a real browser: a union proposes its candidates, the township union above approves them, the
union records the election with its votes, the district's organisation department approves the result, and the
union's page shows the new committee and term."""

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.e2e]

PASSWORD = "Gonghui-test-2026"


@pytest.fixture
def election_world(transactional_db):
    from gonghui.tools.testing import build_small_city, make_official

    tree = build_small_city()
    make_official("ea1_official", tree["EA1"], "staff", password=PASSWORD)
    make_official("a1_official", tree["A1"], "staff", password=PASSWORD)
    make_official("a1_admin", tree["A1"], "org_admin", password=PASSWORD)
    return tree


def _submit(page):
    with page.expect_navigation():
        page.locator("main form [type=submit]").last.click()


def _candidate(page, name, position):
    page.locator("#add-candidate").click()
    page.fill("input[name=name]", name)
    page.select_option("select[name=position]", position)
    _submit(page)


def test_an_election_from_candidates_to_the_new_committee(page, live_server, election_world, sign_in):
    from gonghui.building.models import Election

    tree, today = election_world, timezone.localdate().isoformat()
    sign_in(page, "ea1_official", PASSWORD)
    page.goto(live_server.url + "/building/elections/add/")
    page.select_option("select[name=org]", str(tree["EA1"].pk))
    page.fill("input[name=title]", "第二届会员代表大会")
    _submit(page)
    election = Election.objects.get(org=tree["EA1"])
    _candidate(page, "李明", "chair")
    _candidate(page, "张丽", "vice_chair")
    _candidate(page, "赵强", "committee")
    assert page.locator("#candidates tbody tr").count() == 3
    page.get_by_role("link", name="候选人报上级审查").click()
    _submit(page)
    assert page.get_by_role("link", name="批复候选人").count() == 0  # the union does not review itself
    page.context.clear_cookies()

    sign_in(page, "a1_official", PASSWORD)
    page.goto(live_server.url + election.get_absolute_url())
    page.get_by_role("link", name="批复候选人").click()
    page.fill("textarea[name=note]", "同意")
    _submit(page)
    page.context.clear_cookies()

    sign_in(page, "ea1_official", PASSWORD)
    page.goto(live_server.url + election.get_absolute_url())
    page.get_by_role("link", name="登记选举结果").click()
    page.fill("input[name=held_on]", today)
    page.fill("input[name=voters]", "100")
    page.fill("input[name=voted]", "50")  # fewer than two thirds: refused beside the field
    for c, n in zip(election.candidates.order_by("id"), ("80", "75", "30"), strict=True):
        page.fill(f"input[name=votes_{c.pk}]", n)
    _submit(page)
    assert page.locator(".invalid-feedback").first.is_visible()
    page.fill("input[name=voted]", "90")
    _submit(page)
    assert page.locator("#turnout").inner_text().strip() == "90 / 100"
    assert page.locator("#candidates .candidate-elected .badge").count() == 2
    page.context.clear_cookies()

    sign_in(page, "a1_admin", PASSWORD)
    page.goto(live_server.url + election.get_absolute_url())
    page.get_by_role("link", name="批复选举结果").click()
    page.fill("input[name=doc_no]", "街工复〔2026〕5号")
    page.fill("input[name=decided_on]", today)
    _submit(page)
    assert page.locator("#approval-doc-no").inner_text().strip() == "街工复〔2026〕5号"
    page.goto(live_server.url + tree["EA1"].get_absolute_url())
    body = page.locator("main").inner_text()
    assert "李明" in body and "张丽" in body and "赵强" not in body
