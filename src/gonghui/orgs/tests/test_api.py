"""``/api/v1/orgs/`` and ``/api/v1/units/``: scope, rights, services, workflow actions, query counts."""

from io import StringIO

import pytest
from django.core.management import call_command

from gonghui.core.testing import make_credit_code
from gonghui.members.models import Member, MemberEvent
from gonghui.orgs import services
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import EmployerUnit, Organisation

pytestmark = pytest.mark.django_db

ORGS = "/api/v1/orgs/"
UNITS = "/api/v1/units/"


def fresh(org):
    return Organisation.objects.get(pk=org.pk)


@pytest.fixture
def unit(tree, users):
    return services.create_unit(users["root"], name="甲机械有限公司", credit_code=make_credit_code(31),
                                ownership="private", industry="C", employee_count=320, area_org=tree["A1"],
                                union=tree["EA1"])


def test_list_is_scoped_and_filtered(tree, users, api_for):
    client = api_for(users["a_staff"])
    data = client.get(ORGS).json()
    assert data["count"] == 4
    codes = [r["code"] for r in data["results"]]
    assert codes == ["C01A", "C01A1", "C01EA1", "C01EA2"]
    ea1 = next(r for r in data["results"] if r["code"] == "C01EA1")
    assert ea1["parent"] == tree["A1"].pk and ea1["parent_name"] == "A区一街道工会"
    assert [r["code"] for r in client.get(ORGS, {"org_type": "township"}).json()["results"]] == ["C01A1"]
    assert client.get(ORGS, {"within": "C01B"}).json()["count"] == 0
    assert [r["code"] for r in client.get(ORGS, {"q": "EA2"}).json()["results"]] == ["C01EA2"]


def test_retrieve_out_of_scope_is_404(tree, users, api_for):
    assert api_for(users["a_staff"]).get(f"{ORGS}{tree['EB1'].pk}/").status_code == 404
    assert api_for(users["a_staff"]).get(f"{ORGS}{tree['EA1'].pk}/").status_code == 200


def test_create_needs_parent_in_scope(tree, users, api_for):
    client = api_for(users["a_admin"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    payload = {"name": "新公司工会", "code": "C01A1Z", "org_type": "enterprise"}
    response = client.post(ORGS, payload, format="json")
    assert response.status_code == 400 and "parent" in response.json()
    response = client.post(ORGS, {**payload, "parent": tree["B1"].pk}, format="json")
    assert response.status_code == 400 and "does not exist" in response.json()["parent"][0]
    response = client.post(ORGS, {**payload, "parent": tree["A1"].pk}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["level"] == 6 and body["parent"] == tree["A1"].pk and body["status"] == "active"
    response = client.post(ORGS, {**payload, "parent": tree["A1"].pk}, format="json")
    assert response.status_code == 400 and response.json()["code"] == ["This organisation code is already in use."]
    response = client.post(ORGS, {**payload, "code": "C01A1Y", "parent": tree["A1"].pk,
                                  "founded_on": "2024-05-01", "approved_on": "2024-04-01"}, format="json")
    assert response.status_code == 400 and "approved_on" in response.json()


def test_staff_and_viewer_cannot_write_orgs(tree, users, api_for):
    for who in ("a_staff", "a_viewer"):
        client = api_for(users[who])
        assert client.post(ORGS, {"name": "x", "code": "X", "org_type": "enterprise", "parent": tree["A1"].pk},
                           format="json").status_code == 403
        assert client.patch(f"{ORGS}{tree['EA1'].pk}/", {"chair_name": "x"}, format="json").status_code == 403
        assert client.post(f"{ORGS}{tree['EA1'].pk}/dissolve/", {"reason": "x"}, format="json").status_code == 403
    assert fresh(tree["EA1"]).chair_name == ""


def test_update_and_no_delete(tree, users, api_for):
    client = api_for(users["a_admin"])
    url = f"{ORGS}{tree['EA1'].pk}/"
    response = client.patch(url, {"chair_name": "王五", "term_number": 2}, format="json")
    assert response.status_code == 200 and response.json()["chair_name"] == "王五"
    response = client.patch(url, {"parent": tree["B1"].pk}, format="json")
    assert response.status_code == 400
    response = client.patch(url, {"status": "preparing"}, format="json")
    assert response.status_code == 400 and "status" in response.json()
    assert client.delete(url).status_code == 405
    assert fresh(tree["EA1"]).status == OrgStatus.ACTIVE


def test_move_action(tree, users, api_for):
    client = api_for(users["city_admin"])
    response = client.post(f"{ORGS}{tree['EA1'].pk}/move/", {"parent": tree["B1"].pk}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["parent"] == tree["B1"].pk
    response = client.post(f"{ORGS}{tree['A'].pk}/move/", {"parent": tree["A1"].pk}, format="json")
    assert response.status_code == 400 and "parent" in response.json()
    # a_admin may not move into district B: "does not exist" for them
    response = api_for(users["a_admin"]).post(f"{ORGS}{tree['EA2'].pk}/move/", {"parent": tree["B1"].pk}, format="json")
    assert response.status_code == 400


def test_dissolve_action(tree, users, members, api_for):
    client = api_for(users["a_admin"])
    response = client.post(f"{ORGS}{tree['EA1'].pk}/dissolve/", {"reason": "关停", "date": "2025-01-01"}, format="json")
    assert response.status_code == 400 and "non_field_errors" in response.json()
    response = client.post(f"{ORGS}{tree['EA2'].pk}/dissolve/", {"reason": "关停", "date": "2025-01-01"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "dissolved"
    assert response.json()["closed_on"] == "2025-01-01"


def test_merge_action(tree, users, members, api_for, unit):
    client = api_for(users["a_admin"])
    response = client.post(f"{ORGS}{tree['EA1'].pk}/merge/", {"target": tree["EA2"].pk, "reason": "合并"},
                           format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "merged" and response.json()["merged_into"] == tree["EA2"].pk
    assert Member.objects.filter(org=tree["EA2"]).count() == 2
    assert MemberEvent.objects.filter(to_org=tree["EA2"], kind="moved_by_merger").count() == 2
    assert EmployerUnit.objects.get(pk=unit.pk).union_id == tree["EA2"].pk


def test_activate_action(tree, users, api_for):
    client = api_for(users["a_admin"])
    response = client.post(ORGS, {"name": "筹建工会", "code": "C01A1R", "org_type": "enterprise",
                                  "parent": tree["A1"].pk, "status": "preparing"}, format="json")
    assert response.status_code == 201 and response.json()["status"] == "preparing"
    url = f"{ORGS}{response.json()['id']}/activate/"
    response = client.post(url, {}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "active"
    assert client.post(url, {}, format="json").status_code == 409
    response = client.post(ORGS, {"name": "x", "code": "C01A1S", "org_type": "enterprise", "parent": tree["A1"].pk,
                                  "status": "dissolved"}, format="json")
    assert response.status_code == 400 and "status" in response.json()


def test_children_action_with_counts(tree, users, members, api_for):
    response = api_for(users["a_viewer"]).get(f"{ORGS}{tree['A1'].pk}/children/")
    assert response.status_code == 200
    rows = {r["code"]: r for r in response.json()["results"]}
    assert set(rows) == {"C01EA1", "C01EA2"}
    assert rows["C01EA1"]["members"] == 2 and rows["C01EA1"]["sub_organisations"] == 0
    assert api_for(users["a_viewer"]).get(f"{ORGS}{tree['B1'].pk}/children/").status_code == 404


def test_options_describe_writable_fields(tree, users, api_for):
    data = api_for(users["a_admin"]).options(ORGS).json()
    post = data["actions"]["POST"]
    assert post["parent"]["read_only"] is False and post["code"]["required"] is True
    assert post["depth"]["read_only"] is True
    data = api_for(users["a_staff"]).options(UNITS).json()
    assert data["actions"]["POST"]["credit_code"]["required"] is True


def test_units_crud(tree, users, api_for, unit):
    client = api_for(users["a_staff"])
    assert [r["name"] for r in client.get(UNITS).json()["results"]] == ["甲机械有限公司"]
    assert client.get(UNITS, {"has_union": "no"}).json()["count"] == 0
    code = make_credit_code(32)
    payload = {"name": "新单位", "credit_code": code.lower(), "ownership": "private", "industry": "C",
               "employee_count": 12, "area_org": tree["A1"].pk}
    response = client.post(UNITS, payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["credit_code"] == code and response.json()["union"] is None
    response = client.post(UNITS, {**payload, "name": "重复"}, format="json")
    assert response.status_code == 400 and "credit_code" in response.json()
    response = client.post(UNITS, {**payload, "credit_code": make_credit_code(33), "area_org": tree["B1"].pk},
                           format="json")
    assert response.status_code == 400 and "area_org" in response.json()
    url = f"{UNITS}{unit.pk}/"
    response = client.patch(url, {"employee_count": 500, "union": tree["EA2"].pk}, format="json")
    assert response.status_code == 200 and response.json()["union_name"] == "EA2公司工会"
    assert client.delete(url).status_code == 405
    assert api_for(users["b_staff"]).get(url).status_code == 404
    assert api_for(users["a_viewer"]).patch(url, {"employee_count": 1}, format="json").status_code == 403


def test_api_list_query_counts_are_constant(tree, users, api_for, constant_queries):
    for i in range(4):
        services.create_unit(users["root"], name=f"单位{i}", credit_code=make_credit_code(200 + i), ownership="private",
                             industry="C", employee_count=i, area_org=tree["A1"], union=tree["EA2"])
    client = api_for(users["a_staff"])
    # token, role assignments, count, page (and the page's keys first where rows are joined: core.paging.keys_first)
    assert constant_queries(client, ORGS, param="page_size") == 4
    assert constant_queries(client, UNITS, param="page_size") == 5
    # + the parent, the grouped count of sub-organisations and the indicators' figures (the counters, the
    # members held at the nodes themselves) for the whole page
    assert constant_queries(client, f"{ORGS}{tree['A'].pk}/children/", param="page_size") == 8


def test_schema_generates(db):
    out = StringIO()
    call_command("spectacular", "--validate", stdout=out, stderr=out)
    assert "/api/v1/orgs/{id}/merge/" in out.getvalue()
