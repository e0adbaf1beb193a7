"""Pages: tree, list, detail, forms and workflow actions for organisations and employer units."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.core.testing import make_credit_code
from gonghui.members.models import Member
from gonghui.orgs import services
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import CommitteeMember, EmployerUnit, Organisation

pytestmark = pytest.mark.django_db


def fresh(org):
    return Organisation.objects.get(pk=org.pk)


def body(response):
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode("utf-8")


@pytest.fixture
def unit(tree, users):
    return services.create_unit(users["root"], name="甲机械有限公司", credit_code=make_credit_code(11),
                                ownership="private", industry="C", employee_count=320, area_org=tree["A1"],
                                union=tree["EA1"])


# --- tree -----------------------------------------------------------------------------------------

def test_tree_starts_at_scope_roots_with_counts(tree, users, members, client_for):
    response = client_for(users["a_staff"]).get(reverse("orgs:org_tree"))
    assert response.status_code == 200
    html = body(response)
    assert "A区总工会" in html and "测试市总工会" not in html and "B区总工会" not in html
    assert reverse("orgs:org_tree_children", args=[tree["A"].pk]) in html
    # district A: the indicators: 4 live organisations (itself included), 2 members
    assert response.context["nodes"][0][1] == {"live_orgs": 4, "members": 2, "units": 0}
    # with the dissolved and merged ones shown: also every organisation below it, 3
    response = client_for(users["a_staff"]).get(reverse("orgs:org_tree") + "?closed=1")
    assert response.context["nodes"][0][1] == {"orgs": 3, "live_orgs": 4, "members": 2, "units": 0}


def test_tree_children_fragment(tree, users, members, client_for):
    client = client_for(users["a_staff"])
    response = client.get(reverse("orgs:org_tree_children", args=[tree["A1"].pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = body(response)
    assert "EA1公司工会" in html and "EA2公司工会" in html and "<html" not in html
    counts = {node.code: c for node, c in response.context["nodes"]}
    assert counts["C01EA1"] == {"live_orgs": 1, "members": 2, "units": 0}
    # out of scope: not found
    assert client.get(reverse("orgs:org_tree_children", args=[tree["B1"].pk])).status_code == 404


def test_tree_children_fixed_queries(tree, users, client_for, django_assert_max_num_queries):
    for i in range(30):
        services.create_org(users["root"], tree["A1"], name=f"企业{i}工会", code=f"C01A1N{i:02d}",
                            org_type="enterprise")
    client = client_for(users["a_staff"])
    url = reverse("orgs:org_tree_children", args=[tree["A1"].pk])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        client.get(reverse("orgs:org_tree_children", args=[tree["A"].pk]))
    assert len(ctx.captured_queries) <= 8


def test_tree_search_shows_path(tree, users, client_for):
    response = client_for(users["a_staff"]).get(reverse("orgs:org_tree"), {"q": "EA2"}, HTTP_HX_REQUEST="true",
                                                  HTTP_HX_TARGET="tree-body")
    assert response.status_code == 200
    html = body(response)
    assert "EA2公司工会" in html and "A区一街道工会" in html and "EB1" not in html
    # the city is above the scope: named in the path, not linked
    assert "测试市总工会" in html and reverse("orgs:org_detail", args=[tree["city"].pk]) not in html


# --- list -----------------------------------------------------------------------------------------

def test_org_list_filters(tree, users, client_for):
    services.update_org(users["root"], tree["EA2"], next_election_due=datetime.date(2026, 1, 1))
    client = client_for(users["city_admin"])
    url = reverse("orgs:org_list")

    def names(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return {row.record.code for row in response.context["table"].page.object_list}

    assert names(q="EA") == {"C01EA1", "C01EA2"}
    assert names(org_type="county_federation") == {"C01A", "C01B"}
    assert names(level="5") == {"C01A1", "C01B1"}
    assert names(within="C01B") == {"C01B", "C01B1", "C01EB1"}
    assert names(election_due_before="2026-06-30") == {"C01EA2"}
    assert names(status="dissolved") == set()
    # a code outside the scope finds nothing
    assert client_for(users["a_staff"]).get(url, {"within": "C01B"}).context["table"].page.paginator.count == 0


def test_org_list_shows_parent_and_is_scoped(tree, users, client_for):
    response = client_for(users["a_staff"]).get(reverse("orgs:org_list"))
    rows = {row.record.code: row.record for row in response.context["table"].page.object_list}
    assert set(rows) == {"C01A", "C01A1", "C01EA1", "C01EA2"}
    assert rows["C01EA1"].parent_name == "A区一街道工会"


@pytest.mark.parametrize("fmt,ctype", [("csv", "text/csv"), ("xlsx", "spreadsheetml")])
def test_org_list_export(tree, users, client_for, fmt, ctype):
    response = client_for(users["a_staff"]).get(reverse("orgs:org_list"), {"export": fmt, "q": "EA"})
    assert response.status_code == 200
    assert ctype in response["Content-Type"]
    assert "attachment" in response["Content-Disposition"]
    if fmt == "csv":
        text = body(response)
        assert "EA1公司工会" in text and "EB1" not in text and "<span" not in text


def test_list_query_counts_are_constant(tree, users, client_for, constant_queries, unit):
    for i in range(4):
        services.create_unit(users["root"], name=f"单位{i}", credit_code=make_credit_code(100 + i), ownership="private",
                             industry="C", employee_count=i, area_org=tree["A1"], union=tree["EA2"])
    client = client_for(users["a_staff"])
    # session, user, role assignments, count and page: a fixed number whatever the page size; a page with joined
    # rows (an employer's area and union) reads its keys first, then those rows (core.paging.keys_first)
    assert constant_queries(client, reverse("orgs:org_list")) == 5
    assert constant_queries(client, reverse("orgs:unit_list")) == 6


# --- detail ---------------------------------------------------------------------------------------

def test_org_detail(tree, users, members, client_for, unit):
    services.set_committee(users["root"], tree["EA1"], [
        {"committee": "union", "position": "member", "name": "委员甲"},
        {"committee": "union", "position": "chair", "name": "主席乙"},
        {"committee": "funds_review", "position": "director", "name": "主任丙"},
    ])
    response = client_for(users["a_admin"]).get(reverse("orgs:org_detail", args=[tree["EA1"].pk]))
    assert response.status_code == 200
    html = body(response)
    assert "主席乙" in html and "主任丙" in html and "甲机械有限公司" in html
    union_group = response.context["committee"][0][1]
    assert [s.name for s in union_group] == ["主席乙", "委员甲"]
    assert response.context["counts"]["members"] == 2
    assert reverse("orgs:org_move", args=[tree["EA1"].pk]) in html  # a_admin may manage
    assert reverse("members:join", args=["C01EA1"]) in html
    # ancestors: the city is out of a_admin's scope
    crumbs = response.context["ancestors"]
    assert [(a.code, visible) for a, visible in crumbs] == [("C01", False), ("C01A", True), ("C01A1", True)]


def test_org_detail_hides_actions_from_staff(tree, users, client_for):
    html = body(client_for(users["a_staff"]).get(reverse("orgs:org_detail", args=[tree["EA1"].pk])))
    assert reverse("orgs:org_move", args=[tree["EA1"].pk]) not in html
    assert reverse("orgs:org_edit", args=[tree["EA1"].pk]) not in html
    assert reverse("orgs:org_committee", args=[tree["EA1"].pk]) in html  # staff may edit committees


def test_out_of_scope_pages_are_not_found(tree, users, client_for, unit):
    client = client_for(users["b_staff"])
    for name in ("org_detail", "org_edit", "org_move", "org_dissolve", "org_merge", "org_committee"):
        assert client.get(reverse(f"orgs:{name}", args=[tree["EA1"].pk])).status_code == 404, name
    assert client.get(reverse("orgs:unit_detail", args=[unit.pk])).status_code == 404


def test_viewer_and_staff_cannot_manage(tree, users, client_for):
    for who in ("a_viewer", "a_staff"):
        client = client_for(users[who])
        assert client.get(reverse("orgs:org_add")).status_code == 403
        assert client.get(reverse("orgs:org_edit", args=[tree["EA1"].pk])).status_code == 403
        for name in ("org_move", "org_dissolve", "org_merge"):
            assert client.post(reverse(f"orgs:{name}", args=[tree["EA1"].pk]), {}).status_code == 403, (who, name)
    assert fresh(tree["EA1"]).status == OrgStatus.ACTIVE


# --- create / edit --------------------------------------------------------------------------------

def test_create_org_with_parent_code_and_proposed_level(tree, users, client_for):
    client = client_for(users["a_admin"])
    page = client.get(reverse("orgs:org_add"), {"parent": tree["A1"].pk})
    assert page.status_code == 200 and "A区一街道工会 (C01A1)" in body(page)
    response = client.post(reverse("orgs:org_add"), {
        "parent": "A区一街道工会 (C01A1)", "name": "新材料公司工会", "code": "C01A1M", "org_type": "enterprise",
        "level": "", "status": "active", "founded_on": "2024-05-01",
    })
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    org = Organisation.objects.get(code="C01A1M")
    assert org.level == 6 and org.get_parent().pk == tree["A1"].pk
    assert response["Location"] == org.get_absolute_url()


def test_create_org_errors_show_next_to_fields(tree, users, client_for):
    client = client_for(users["a_admin"])
    response = client.post(reverse("orgs:org_add"), {
        "parent": "C01B1", "name": "x", "code": "C01EA1", "org_type": "enterprise", "status": "active",
        "founded_on": "2024-05-01", "approved_on": "2024-04-01",
    })
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {"parent", "code", "approved_on"}
    assert "该组织代码已被使用。" in errors["code"]  # Chinese by default
    html = body(response)
    assert "is-invalid" in html and "invalid-feedback" in html
    assert not Organisation.objects.filter(name="x").exists()


def test_create_org_error_in_chinese(tree, users, client_for):
    client = client_for(users["a_admin"])
    client.cookies["django_language"] = "zh-hans"
    response = client.post(reverse("orgs:org_add"), {"parent": "C01A1", "name": "", "code": "",
                                                      "org_type": "enterprise", "status": "active"},
                           HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert "该字段是必填项" in body(response)


def test_edit_org(tree, users, client_for):
    client = client_for(users["a_admin"])
    org = tree["EA1"]
    response = client.post(reverse("orgs:org_edit", args=[org.pk]), {
        "name": "EA1公司工会（新）", "code": "C01EA1", "org_type": "enterprise", "level": "6", "chair_name": "王五",
        "term_number": "3", "term_started_on": "2023-01-01", "next_election_due": "2028-01-01",
    })
    assert response.status_code == 302
    org = fresh(org)
    assert org.name == "EA1公司工会（新）" and org.chair_name == "王五" and org.term_number == 3
    history = client.get(reverse("orgs:org_detail", args=[org.pk])).context["history"]
    assert any(e.action == "update" for e in history)


def test_move_via_page(tree, users, client_for):
    client = client_for(users["city_admin"])
    url = reverse("orgs:org_move", args=[tree["EA1"].pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"parent": "C01B1"})
    assert response.status_code == 302
    assert fresh(tree["EA1"]).get_parent().pk == tree["B1"].pk
    # into its own subtree: the service's message lands on the field
    response = client.post(reverse("orgs:org_move", args=[tree["A"].pk]), {"parent": "C01A1"})
    assert response.status_code == 200 and "parent" in response.context["form"].errors


def test_dissolve_via_page(tree, users, members, client_for):
    client = client_for(users["a_admin"])
    url = reverse("orgs:org_dissolve", args=[tree["EA1"].pk])
    response = client.post(url, {"reason": "企业关停", "date": "2025-02-01"})
    assert response.status_code == 200
    assert "2" in " ".join(response.context["form"].non_field_errors())
    assert fresh(tree["EA1"]).status == OrgStatus.ACTIVE
    response = client.post(reverse("orgs:org_dissolve", args=[tree["EA2"].pk]),
                           {"reason": "企业关停", "date": "2025-02-01"})
    assert response.status_code == 302 and fresh(tree["EA2"]).status == OrgStatus.DISSOLVED
    # a future date is refused on the field
    org = services.create_org(users["root"], tree["A1"], name="临时工会", code="C01A1T", org_type="enterprise")
    future = (datetime.date.today() + datetime.timedelta(days=5)).isoformat()
    response = client.post(reverse("orgs:org_dissolve", args=[org.pk]), {"reason": "x", "date": future})
    assert response.status_code == 200 and "date" in response.context["form"].errors


def test_merge_via_page(tree, users, members, client_for, unit):
    client = client_for(users["a_admin"])
    response = client.post(reverse("orgs:org_merge", args=[tree["EA1"].pk]),
                           {"target": "C01EA2", "reason": "企业合并", "date": "2025-03-01"})
    assert response.status_code == 302
    assert response["Location"] == tree["EA2"].get_absolute_url()
    assert fresh(tree["EA1"]).status == OrgStatus.MERGED
    assert Member.objects.filter(org=tree["EA2"]).count() == 2
    assert EmployerUnit.objects.get(pk=unit.pk).union_id == tree["EA2"].pk
    # a target outside the scope is "not found" on the field
    response = client.post(reverse("orgs:org_merge", args=[tree["EA2"].pk]),
                           {"target": "C01EB1", "reason": "x", "date": "2025-03-01"})
    assert response.status_code == 200 and "target" in response.context["form"].errors


def test_committee_formset(tree, users, client_for):
    client = client_for(users["ea1_staff"])
    url = reverse("orgs:org_committee", args=[tree["EA1"].pk])
    assert client.get(url).status_code == 200
    data = {
        "seats-TOTAL_FORMS": "3", "seats-INITIAL_FORMS": "0", "seats-MIN_NUM_FORMS": "0", "seats-MAX_NUM_FORMS": "1000",
        "seats-0-committee": "union", "seats-0-position": "chair", "seats-0-name": "张主席", "seats-0-term_number": "2",
        "seats-1-committee": "women", "seats-1-position": "director", "seats-1-name": "李主任",
        "seats-2-committee": "union", "seats-2-position": "member", "seats-2-name": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert set(CommitteeMember.objects.filter(org=tree["EA1"]).values_list("name", flat=True)) == {"张主席", "李主任"}
    seats = list(CommitteeMember.objects.filter(org=tree["EA1"]).order_by("pk"))
    data = {
        "seats-TOTAL_FORMS": "2", "seats-INITIAL_FORMS": "2", "seats-MIN_NUM_FORMS": "0", "seats-MAX_NUM_FORMS": "1000",
        "seats-0-id": str(seats[0].pk), "seats-0-committee": "union", "seats-0-position": "chair",
        "seats-0-name": "张主席",
        "seats-1-id": str(seats[1].pk), "seats-1-committee": "women", "seats-1-position": "director",
        "seats-1-name": "李主任",
        "seats-1-DELETE": "on",
    }
    assert client.post(url, data).status_code == 302
    assert list(CommitteeMember.objects.filter(org=tree["EA1"]).values_list("name", flat=True)) == ["张主席"]
    # a viewer may not
    assert client_for(users["a_viewer"]).post(url, data).status_code == 403


# --- units ----------------------------------------------------------------------------------------

def test_unit_list_filters(tree, users, client_for, unit):
    services.create_unit(users["root"], name="乙商贸公司", credit_code=make_credit_code(12), ownership="state",
                         industry="F", employee_count=8, area_org=tree["A1"], union=None)
    services.create_unit(users["root"], name="丙公司", credit_code=make_credit_code(13), ownership="private",
                         industry="C", employee_count=50, area_org=tree["B1"], union=None)
    client = client_for(users["a_staff"])
    url = reverse("orgs:unit_list")

    def names(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return {row.record.name for row in response.context["table"].page.object_list}

    assert names() == {"甲机械有限公司", "乙商贸公司"}
    assert names(q="商贸") == {"乙商贸公司"}
    assert names(q=unit.credit_code[:10]) == {"甲机械有限公司"}
    assert names(ownership="state") == {"乙商贸公司"}
    assert names(industry="C") == {"甲机械有限公司"}
    assert names(has_union="yes") == {"甲机械有限公司"}
    assert names(has_union="no") == {"乙商贸公司"}
    assert names(within="C01A1") == {"甲机械有限公司", "乙商贸公司"}
    assert names(within="C01B1") == set()
    assert names(employees_min="100") == {"甲机械有限公司"}
    export = client.get(url, {"export": "xlsx"})
    assert export.status_code == 200 and "spreadsheetml" in export["Content-Type"]


def test_unit_create_and_duplicate_credit_code(tree, users, client_for, unit):
    client = client_for(users["a_staff"])
    code = make_credit_code(21)
    data = {"name": "新单位", "credit_code": code.lower(), "ownership": "private", "industry": "C",
            "employee_count": "12", "address": "", "area_org": "C01A1", "union": ""}
    response = client.post(reverse("orgs:unit_add"), data)
    assert response.status_code == 302
    created = EmployerUnit.objects.get(credit_code=code)
    assert created.union is None and created.area_org_id == tree["A1"].pk
    response = client.post(reverse("orgs:unit_add"), {**data, "name": "重复单位", "credit_code": unit.credit_code})
    assert response.status_code == 200
    assert response.context["form"].errors["credit_code"] == [
        "使用该统一社会信用代码的单位已登记。"
    ]
    bad = code[:-1] + ("0" if code[-1] != "0" else "1")
    response = client.post(reverse("orgs:unit_add"), {**data, "name": "错码单位", "credit_code": bad})
    assert "credit_code" in response.context["form"].errors
    response = client.post(reverse("orgs:unit_add"), {**data, "name": "越界单位", "credit_code": make_credit_code(22),
                                                      "area_org": "C01B1"})
    assert "area_org" in response.context["form"].errors


def test_unit_edit_and_detail(tree, users, client_for, unit):
    client = client_for(users["a_staff"])
    response = client.post(reverse("orgs:unit_edit", args=[unit.pk]), {
        "name": unit.name, "credit_code": unit.credit_code, "ownership": "private", "industry": "C",
        "employee_count": "400", "address": "工业路1号", "area_org": "C01A1", "union": "C01EA2",
    })
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.employee_count == 400 and unit.union_id == tree["EA2"].pk
    detail = client.get(reverse("orgs:unit_detail", args=[unit.pk]))
    assert detail.status_code == 200 and "工业路1号" in body(detail)
    assert any(e.action == "update" for e in detail.context["history"])
    assert client_for(users["a_viewer"]).get(reverse("orgs:unit_edit", args=[unit.pk])).status_code == 403


# --- type-ahead -----------------------------------------------------------------------------------

def test_autocomplete_is_scoped_and_accepts_any_param(tree, users, client_for, unit):
    client = client_for(users["a_staff"])
    html = body(client.get(reverse("orgs:org_autocomplete"), {"parent": "C01"}))
    assert '<option value="C01EA1">EA1公司工会</option>' in html
    assert "C01B" not in html and 'value="C01"' not in html
    assert "EA2" in body(client.get(reverse("orgs:org_autocomplete"), {"q": "EA2"}))
    html = body(client.get(reverse("orgs:unit_autocomplete"), {"q": "甲机械"}))
    assert f'<option value="{unit.credit_code}">甲机械有限公司</option>' in html
    assert body(client_for(users["b_staff"]).get(reverse("orgs:unit_autocomplete"), {"q": "甲机械"})) == ""


def test_activate_preparing_org_via_page(tree, users, client_for):
    org = services.create_org(users["root"], tree["A1"], name="筹建中工会", code="C01A1Q", org_type="enterprise",
                              status=OrgStatus.PREPARING)
    client = client_for(users["a_admin"])
    response = client.post(reverse("orgs:org_activate", args=[org.pk]), {"date": "2025-06-01"})
    assert response.status_code == 302
    org = fresh(org)
    assert org.status == OrgStatus.ACTIVE and org.founded_on == datetime.date(2025, 6, 1)
    # a second time: refused with a message, nothing changes
    response = client.post(reverse("orgs:org_activate", args=[org.pk]), {"date": ""}, follow=True)
    assert response.status_code == 200 and fresh(org).founded_on == datetime.date(2025, 6, 1)


def test_org_detail_offers_the_steps_of_its_state(tree, users, client_for):
    """The page's workflow menu comes from Organisation.workflow: the steps of the state, for the user's role."""
    org = services.create_org(users["root"], tree["A1"], name="筹建中工会", code="C01A1Q", org_type="enterprise",
                              status=OrgStatus.PREPARING)
    steps = ("org_activate", "org_move", "org_merge", "org_dissolve")
    client = client_for(users["a_admin"])
    html = body(client.get(reverse("orgs:org_detail", args=[org.pk])))
    assert all(reverse(f"orgs:{name}", args=[org.pk]) in html for name in steps)
    html = body(client.get(reverse("orgs:org_detail", args=[tree["EA1"].pk])))  # active: not established again
    assert reverse("orgs:org_activate", args=[tree["EA1"].pk]) not in html
    assert reverse("orgs:org_dissolve", args=[tree["EA1"].pk]) in html
    services.dissolve_org(users["a_admin"], org, "筹建取消")
    html = body(client.get(reverse("orgs:org_detail", args=[org.pk])))
    assert not any(reverse(f"orgs:{name}", args=[org.pk]) in html for name in steps)
    html = body(client_for(users["root"]).get(reverse("orgs:org_detail", args=[tree["city"].pk])))
    assert not any(reverse(f"orgs:{name}", args=[tree["city"].pk]) in html for name in steps[1:])  # the top
    assert "workflow-buttons" not in html


def test_list_links_parent_only_in_scope(tree, users, client_for):
    html = body(client_for(users["a_staff"]).get(reverse("orgs:org_list")))
    assert "测试市总工会" in html  # district A's parent is named ...
    assert reverse("orgs:org_detail", args=[tree["city"].pk]) not in html  # ... but not linked
