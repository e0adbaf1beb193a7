"""No input makes the API answer 500: each class of input a fuzzer found answers 400 or 404, with messages in
Chinese (issue 15, part 5)."""

import json

import pytest

from gonghui.hardship.testing import _build_archive, _build_campaign
from gonghui.members import services as member_services
from gonghui.orgs.models import Organisation

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"  # past 64 bits: SQLite cannot even compare it


def _has_chinese(text):
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.fixture
def root_api(users, api_for):
    return api_for(users["root"])


@pytest.fixture
def transfer(tree, users, members):
    return member_services.start_transfer(users["root"], members["ea1_a"], tree["EB1"], "调动")


@pytest.mark.parametrize("path", [
    "/api/v1/members/AAA/reveal/", "/api/v1/members/{huge}/reveal/", "/api/v1/members/-1/reveal/",
    "/api/v1/transfers/null,null/accept/", "/api/v1/transfers/{huge}/accept/", "/api/v1/members/1.5/withdraw/",
    "/api/v1/join-applications/AAA/reveal/",
])
def test_an_id_no_record_can_have_is_not_found(root_api, members, transfer, path):
    r = root_api.post(path.format(huge=HUGE), {}, format="json")
    assert r.status_code == 404, (path, r.status_code, r.content[:300])
    assert _has_chinese(r.json()["detail"])


def test_an_id_past_64_bits_on_a_read_is_not_found(root_api, members):
    assert root_api.get(f"/api/v1/members/{HUGE}/").status_code == 404
    assert root_api.get(f"/api/v1/members/{HUGE}/history/").status_code == 404


@pytest.mark.parametrize("body", ["[]", "null", '"x"', "123", "[{\"reason\": \"x\"}]"])
def test_a_workflow_step_takes_only_a_json_object(root_api, tree, users, transfer, body):
    campaign = _build_campaign(tree["EA1"], users["root"], "活动甲")
    for path in (f"/api/v1/transfers/{transfer.pk}/accept/", f"/api/v1/transfers/{transfer.pk}/refuse/",
                 f"/api/v1/aid-campaigns/{campaign.pk}/close/", f"/api/v1/orgs/{tree['EA2'].pk}/dissolve/"):
        r = root_api.post(path, body, content_type="application/json")
        assert r.status_code == 400, (path, body, r.status_code, r.content[:300])
        assert _has_chinese(json.dumps(r.json(), ensure_ascii=False))
    transfer.refresh_from_db()
    assert transfer.status == "pending"


def test_a_step_payload_is_checked_by_its_serializer(root_api, tree, users):
    archive = _build_archive(tree["EA1"], users["root"], "核查户")
    r = root_api.post(f"/api/v1/hardship-archives/{archive.pk}/home-visit/",
                      {"date": "2025-02-30", "visitors": "甲", "findings": "属实"}, format="json")
    assert r.status_code == 400 and "date" in r.json(), r.content
    assert _has_chinese(r.json()["date"][0])
    r = root_api.post(f"/api/v1/hardship-archives/{archive.pk}/reject/", {"reason": ["a", "b"]}, format="json")
    assert r.status_code == 400 and "reason" in r.json(), r.content
    r = root_api.post(f"/api/v1/hardship-archives/{archive.pk}/verify/", {"tier": {"x": 1}}, format="json")
    assert r.status_code == 400 and "tier" in r.json(), r.content
    r = root_api.post("/api/v1/aid-campaigns/", {
        "org": tree["A"].pk, "kind": "warmth", "name": "送温暖", "budget": "100", "standard_amount": "10",
        "participants": [{"org": "abc", "budget": "10"}]}, format="json")
    assert r.status_code == 400 and "participants" in r.json(), r.content
    r = root_api.post("/api/v1/aid-campaigns/", {
        "org": tree["A"].pk, "kind": "warmth", "name": "送温暖", "budget": "100", "standard_amount": "10",
        "participants": [{"org": HUGE, "budget": "10"}]}, format="json")
    assert r.status_code == 400 and "participants" in r.json(), r.content


def test_a_home_visit_still_takes_a_form_with_photos_left_out(root_api, tree, users):
    import datetime

    archive = _build_archive(tree["EA1"], users["root"], "表单户")
    r = root_api.post(f"/api/v1/hardship-archives/{archive.pk}/home-visit/",
                      {"date": datetime.date.today().isoformat(), "visitors": "甲", "findings": "属实"})
    assert r.status_code == 200, r.content
    assert archive.home_visits.get().confirms_application is True


@pytest.mark.parametrize("depth", [40, 5000])
def test_json_nested_too_deep_is_refused(root_api, transfer, depth):
    body = "[" * depth + "]" * depth
    r = root_api.post("/api/v1/members/", body, content_type="application/json")
    assert r.status_code == 400, r.content[:300]
    assert _has_chinese(r.json()["detail"])
    r = root_api.post(f"/api/v1/transfers/{transfer.pk}/refuse/", '{"reason": ' + body + "}",
                      content_type="application/json")
    assert r.status_code == 400


@pytest.mark.parametrize("query", [
    f"/api/v1/aid-campaigns/?year={HUGE}", f"/api/v1/aid-recipients/?campaign={HUGE}",
    f"/api/v1/aid-recipients/?campaign=-{HUGE}", f"/api/v1/role-assignments/?user={HUGE}",
])
def test_a_filter_number_past_64_bits_is_a_field_error(root_api, members, query):
    r = root_api.get(query)
    assert r.status_code == 400, (query, r.status_code, r.content[:300])
    field = query.split("?")[1].split("=")[0]
    assert field in r.json() and _has_chinese(r.json()[field][0])


@pytest.mark.parametrize("per_page", ["-1", "0", "abc", "100000"])
def test_a_page_size_out_of_range_is_clamped(users, client_for, members, per_page):
    r = client_for(users["root"]).get(f"/members/?per_page={per_page}")
    assert r.status_code == 200


def test_the_organisation_tree_is_untouched_by_refused_input(root_api, tree):
    before = Organisation.objects.count()
    root_api.post(f"/api/v1/orgs/{tree['EA2'].pk}/dissolve/", "[]", content_type="application/json")
    assert Organisation.objects.count() == before and Organisation.objects.get(pk=tree["EA2"].pk).status == "active"
