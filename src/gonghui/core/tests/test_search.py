"""The header's search box: one query over every area's list, in the user's scope, masked as the lists are."""

import pytest
from django.urls import reverse

from gonghui.rights.testing import make_case

pytestmark = pytest.mark.django_db


def _keys(groups):
    return {g["key"]: g for g in groups}


def test_a_member_by_name_id_number_phone_or_member_number(members, users, api_for):
    member = members["ea1_a"]
    api = api_for(users["a_staff"])
    for query in (member.name, member.id_number, member.phone, member.member_no):
        groups = _keys(api.get("/api/v1/search/", {"q": query}).json()["groups"])
        assert [r["url"] for r in groups["members"]["results"]] == [member.get_absolute_url()], query
        # Masked as in the list: a result never shows the ID number in clear, even when searched by it.
        assert member.id_number not in str(groups["members"]["results"]), query
        assert "*" in groups["members"]["results"][0]["description"]


def test_only_within_the_users_scope(members, users, api_for, tree):
    outsider = members["eb1_a"]  # district B
    api = api_for(users["a_staff"])  # district A
    for query in (outsider.name, outsider.id_number, outsider.member_no, tree["EB1"].name, tree["EB1"].code):
        assert api.get("/api/v1/search/", {"q": query}).json()["groups"] == [], query
    assert _keys(api_for(users["b_staff"]).get("/api/v1/search/", {"q": outsider.name}).json()["groups"])["members"]


def test_organisations_units_and_cases(tree, users, api_for):
    case = make_case(users["root"], tree["EA1"], handling_org=tree["EA1"], employer_name="示例机械厂")
    api = api_for(users["a_staff"])
    assert _keys(api.get("/api/v1/search/", {"q": tree["EA1"].code}).json()["groups"])["orgs"]["results"][0][
        "url"] == tree["EA1"].get_absolute_url()
    cases = _keys(api.get("/api/v1/search/", {"q": case.reference_no}).json()["groups"])["cases"]["results"]
    assert [r["url"] for r in cases] == [case.get_absolute_url()]
    assert api_for(users["b_staff"]).get("/api/v1/search/", {"q": case.reference_no}).json()["groups"] == []


def test_the_page_in_the_header_and_its_results(members, users, client_for):
    client = client_for(users["a_viewer"])
    home = client.get(reverse("core:home")).content.decode()
    assert f'action="{reverse("core:search")}"' in home
    page = client.get(reverse("core:search"), {"q": members["ea1_b"].name}).content.decode()
    assert members["ea1_b"].get_absolute_url() in page and members["ea1_b"].id_number not in page
    assert "没有找到" in client.get(reverse("core:search"), {"q": "不存在的人"}).content.decode()
    # The header's box is named apart from a list's own search box (``q``), which stays the first on list pages.
    assert 'name="query"' in home and members["ea1_b"].get_absolute_url() in client.get(
        reverse("core:search"), {"query": members["ea1_b"].name}).content.decode()


def test_no_query_and_a_long_query(users, api_for):
    api = api_for(users["a_staff"])
    assert api.get("/api/v1/search/").json() == {"q": "", "groups": []}
    assert len(api.get("/api/v1/search/", {"q": "字" * 500}).json()["q"]) == 100


def test_members_and_anonymous_users_cannot_search(client, users):
    assert client.get("/api/v1/search/", {"q": "李"}).status_code in (401, 403)
    assert client.get(reverse("core:search"), {"q": "李"}).status_code == 302
