"""The dashboard page and API: every figure equals the recount, its drill-down lists exactly those records,
scope, constant queries, export, Chinese by default."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.core.models import AuditLog
from gonghui.core.testing import make_credit_code
from gonghui.members.models import Member
from gonghui.members.services import create_member, withdraw_member
from gonghui.orgs.choices import OrgType
from gonghui.orgs.models import EmployerUnit, Organisation
from gonghui.orgs.services import create_org, create_unit, dissolve_org, set_committee, update_org
from gonghui.stats import indicators
from gonghui.stats.periods import Period, parse_period
from gonghui.stats.registry import all_indicators, breakdowns
from gonghui.stats.selectors import dashboard_data
from gonghui.tools.testing import member_data

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _periods():
    return [
        Period.current_year(),
        Period.year(TODAY.year - 1),
        parse_period(f"{TODAY.year}-{TODAY.month:02d}"),
        parse_period(None, start=(TODAY - datetime.timedelta(days=400)).isoformat(), end=TODAY.isoformat()),
    ]


@pytest.fixture
def rich(tree, users, members):
    """The conftest tree with members, plus units (covered, uncovered, small), a women's committee, founding
    dates, a dissolved union and members of every kind (migrant, no employer, no education, withdrawn)."""
    root = users["root"]
    t = tree
    u1 = create_unit(root, name="甲有限公司", credit_code=make_credit_code(), ownership="private", industry="C",
                     employee_count=120, area_org=t["A1"], union=t["EA1"])
    create_unit(root, name="乙有限公司", credit_code=make_credit_code(), ownership="state", industry="F",
                employee_count=30, area_org=t["A1"])
    create_unit(root, name="丙小店", credit_code=make_credit_code(), ownership="private", industry="H",
                employee_count=5, area_org=t["B1"])
    create_unit(root, name="丁小厂", credit_code=make_credit_code(), ownership="collective", industry="C",
                employee_count=10, area_org=t["B1"], union=t["EB1"])
    set_committee(root, t["EA1"], [{"committee": "women", "position": "member", "name": "刘女士"}])
    update_org(root, t["EA1"], founded_on=TODAY - datetime.timedelta(days=100), next_election_due=TODAY)
    update_org(root, t["EB1"], founded_on=datetime.date(2020, 5, 1))
    dissolve_org(root, t["EA2"], "撤销")
    made = [
        create_member(root, t["EA1"], member_data(name="孙丽", gender="F", birth_date=datetime.date(2001, 2, 3),
                                                  employment_type="migrant", unit=u1, join_date=TODAY)),
        create_member(root, t["EA1"], member_data(name="周强", birth_date=datetime.date(1968, 7, 1), education="",
                                                  political_status="", join_date=TODAY - datetime.timedelta(days=35))),
        create_member(root, t["EB1"], member_data(name="吴敏", gender="F", birth_date=datetime.date(1985, 1, 9),
                                                  employment_type="migrant",
                                                  join_date=TODAY - datetime.timedelta(days=200))),
        create_member(root, t["EB1"], member_data(name="郑刚", birth_date=datetime.date(1995, 3, 3),
                                                  join_date=TODAY - datetime.timedelta(days=380))),
    ]
    withdraw_member(root, made[-1], "离职")
    return t


def _list_count(client, url):
    r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    return r.context["table"].paginator.count


# figures whose records are not one per unit of the figure: what the drill-down lists instead
LISTS_INSTEAD = {
    "covered_employees": lambda v: v["units_covered"],
    "employees": lambda v: v["units"],
    "membership_rate": lambda v: v["members"],
    "unionisation_rate": lambda v: v["units_required"] - v["units_covered"],
    "women_committee_rate": lambda v: v["grassroots_unions"] - v["women_committees"],
}


@pytest.mark.parametrize("period", _periods(), ids=lambda p: p.token)
@pytest.mark.parametrize("who,code", [("city_admin", "city"), ("a_staff", "A"), ("b_staff", "B"), ("ea1_staff", "EA1")])
def test_figures_equal_recount_and_drilldown_lists_them(rich, users, client_for, who, code, period):
    org = rich[code]
    c = client_for(users[who])
    r = c.get(reverse("stats:dashboard"), {"org": org.code, "period": period.token})
    assert r.status_code == 200
    data = r.context["data"]
    values = data["values"]
    assert {f["key"] for f in data["figures"]} == {i.key for i in all_indicators()}
    checked = 0
    for ind in all_indicators():
        if not ind.derived:
            continue
        try:
            expected = ind.recount(org, period)
        except NotImplementedError:
            expected = None
        else:
            assert values[ind.key] == expected, ind.key
        url = next(f["url"] for f in data["figures"] if f["key"] == ind.key)
        if url is None:
            continue
        lists = LISTS_INSTEAD.get(ind.key) or ind.lists
        listed = lists(values) if lists else expected
        if listed is None:
            continue
        assert url in r.content.decode().replace("&amp;", "&"), ind.key  # the card links to it
        assert _list_count(c, url) == listed, (ind.key, url)
        checked += 1
    assert checked >= 15
    for b in breakdowns():
        comp = next(x for x in data["breakdowns"] if x["key"] == b.key)
        assert {i["key"]: i["value"] for i in comp["items"]} == indicators.breakdown_recount(b.key, org, period), b.key
        for item in comp["items"]:
            assert _list_count(c, item["url"]) == item["value"], (b.key, item["key"], item["url"])


def test_fixture_exercises_the_figures(rich):
    """The data above is not trivial: the figures checked are not all zero."""
    v = dashboard_data(rich["city"], Period.current_year())["values"]
    assert v["members"] == 6 and v["migrant_members"] == 2 and v["units_required"] == 3 and v["units_covered"] == 2
    assert v["women_committees"] == 1 and v["new_unions"] == 1 and v["new_members"] >= 2
    assert v["orgs"] == 7  # EA2 dissolved


def test_children_table_links_and_sort(rich, users, client_for):
    c = client_for(users["city_admin"])
    r = c.get(reverse("stats:dashboard"), {"period": str(TODAY.year), "sort": "units"})
    data = r.context["data"]
    assert [row["code"] for row in data["children"]] == ["C01A", "C01B"]
    a = data["children"][0]
    assert a["values"]["units"] == 2 and a["values"]["units_covered"] == 1
    assert _list_count(c, a["urls"]["members"]) == a["values"]["members"]
    html = r.content.decode()
    assert 'id="children-table"' in html and "C01A" in html


def test_scope(rich, users, client_for, api_for):
    c = client_for(users["a_staff"])
    assert c.get(reverse("stats:dashboard"), {"org": "C01"}).status_code == 404
    assert c.get(reverse("stats:dashboard"), {"org": "C01B"}).status_code == 404
    assert c.get(reverse("stats:dashboard"), {"org": "C01EB1"}).status_code == 404
    r = c.get(reverse("stats:dashboard"))
    assert r.status_code == 200 and r.context["org"] == rich["A"]  # the root of the user's scope
    assert c.get(reverse("stats:dashboard"), {"org": "C01A1"}).status_code == 200
    api = api_for(users["a_staff"])
    assert api.get("/api/v1/stats/dashboard/", {"org": "C01"}).status_code == 404
    assert api.get("/api/v1/stats/dashboard/", {"org": "C01B"}).status_code == 404
    assert api.get("/api/v1/stats/dashboard/", {"org": "C01A"}).status_code == 200


def test_member_portal_users_and_anonymous_are_kept_out(rich, client):
    r = client.get(reverse("stats:dashboard"))
    assert r.status_code == 302 and "login" in r["Location"]


def test_bad_period_message_next_to_the_field(rich, users, client_for, api_for):
    c = client_for(users["city_admin"])
    r = c.get(reverse("stats:dashboard"), {"period": "2026-13"})
    assert r.status_code == 200
    assert r.context["form"].errors["period"]
    assert "invalid-feedback" in r.content.decode() and r.context.get("data") is None
    r = c.get(reverse("stats:dashboard"), {"start": "2026-05-01", "end": "2026-01-01"})
    assert r.context["form"].errors["start"]
    r = c.get(reverse("stats:dashboard"), {"start": "2026-05-01"})
    assert r.context["form"].errors["end"]
    r = api_for(users["city_admin"]).get("/api/v1/stats/dashboard/", {"period": "twenty"})
    assert r.status_code == 400 and r.json()["period"]


def test_chinese_by_default(rich, users, client_for):
    r = client_for(users["city_admin"]).get(reverse("stats:dashboard"))
    html = r.content.decode()
    assert 'lang="zh-hans"' in html
    assert "会员" in html


def test_xlsx_export(rich, users, client_for):
    c = client_for(users["city_admin"])
    r = c.get(reverse("stats:dashboard"), {"period": str(TODAY.year), "export": "xlsx"})
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    assert len(book.worksheets) == 3
    figures, comps, children = book.worksheets
    by_key = {row[4]: row[2] for row in figures.iter_rows(min_row=3, values_only=True)}
    page = c.get(reverse("stats:dashboard"), {"period": str(TODAY.year)})
    expected = page.context["data"]["values"]
    assert by_key["members"] == expected["members"] == 6
    assert by_key["unionisation_rate"] == float(expected["unionisation_rate"])
    assert {row[1] for row in children.iter_rows(min_row=2, values_only=True)} == {"C01A", "C01B"}
    assert comps.max_row > 5
    logged = AuditLog.objects.filter(action="export", user=users["city_admin"]).get()
    assert logged.note == f"xlsx dashboard {TODAY.year}" and logged.org == page.context["org"]


def test_constant_queries_page_and_api(rich, users, client_for, api_for):
    c = client_for(users["city_admin"])
    api = api_for(users["city_admin"])

    def count():
        out = []
        for get in (lambda: c.get(reverse("stats:dashboard"), {"period": str(TODAY.year)}),
                    lambda: api.get("/api/v1/stats/dashboard/", {"period": str(TODAY.year)})):
            with CaptureQueriesContext(connection) as q:
                assert get().status_code == 200
            out.append(len(q.captured_queries))
        return out

    count()  # warm caches (sessions, content types)
    few = count()
    for n in range(6):
        d = create_org(users["root"], rich["city"], name=f"新{n}区总工会", code=f"C01N{n}",
                       org_type=OrgType.COUNTY_FEDERATION)
        create_org(users["root"], d, name=f"新{n}区街道工会", code=f"C01N{n}1", org_type=OrgType.TOWNSHIP)
    many = count()
    assert many == few, (few, many)


def test_api_indicators_and_dashboard(rich, users, api_for):
    api = api_for(users["a_staff"])
    r = api.get("/api/v1/stats/indicators/")
    assert r.status_code == 200
    keys = {row["key"] for row in r.json()}
    assert {"members", "new_members", "unionisation_rate"} <= keys
    row = next(x for x in r.json() if x["key"] == "unionisation_rate")
    assert row["rollup"] == "ratio" and row["target"] is True and row["section"] == "units"
    period = Period.current_year()
    r = api.get("/api/v1/stats/dashboard/", {"org": "C01A", "period": period.token})
    assert r.status_code == 200
    body = r.json()
    assert body["org"]["code"] == "C01A" and body["period"]["token"] == period.token
    figs = {f["key"]: f for f in body["figures"]}
    for ind in all_indicators():
        try:
            expected = ind.recount(rich["A"], period)
        except NotImplementedError:
            continue
        got = figs[ind.key]["value"]
        assert (float(expected) if expected is not None and ind.is_ratio else expected) == got, ind.key
    # the drill-down URL of a figure gives the same records through the API (same query string)
    url = figs["new_members"]["url"]
    query = url.split("?", 1)[1]
    listed = api.get(f"/api/v1/members/?{query}").json()
    assert listed["count"] == figs["new_members"]["value"] >= 2
    assert [c["code"] for c in body["children"]] == ["C01A1"]
    assert len(body["trend"]["months"]) == 12
    assert {b["key"] for b in body["breakdowns"]} == {b.key for b in breakdowns()}


def test_openapi_schema_lists_the_endpoints(users, client_for):
    r = client_for(users["root"]).get("/api/schema/")
    text = r.content.decode()
    assert "/api/v1/stats/dashboard/" in text and "/api/v1/stats/indicators/" in text


def test_nav_has_statistics(rich, users, client_for):
    html = client_for(users["a_viewer"]).get(reverse("core:home")).content.decode()
    assert reverse("stats:dashboard") in html


def test_drilldown_filters_through_the_api(rich, users, api_for):
    """The filters the drill-down links use serve the API too, with their "no" and "not recorded" values."""
    api = api_for(users["city_admin"])

    def count(path, **params):
        r = api.get(path, {"within": "C01", **params})
        assert r.status_code == 200, (path, params, r.content[:300])
        return r.json()["count"]

    counted = Member.objects.filter(status__in=("active", "transferring")).count()
    assert count("/api/v1/members/", in_membership="yes") == counted == 6
    assert count("/api/v1/members/", in_membership="no") == 1
    assert count("/api/v1/members/", education="none") == Member.objects.filter(education="").count() == 1
    assert count("/api/v1/members/", political_status="none") == 1
    assert count("/api/v1/members/", unit_ownership="none") == Member.objects.filter(unit__isnull=True).count()
    assert count("/api/v1/members/", unit_ownership="private") == count("/api/v1/members/", unit_industry="C") == 1
    assert count("/api/v1/members/", born_from="2000-01-01", born_to="2001-12-31") == 1
    closed = Organisation.objects.exclude(status__in=("preparing", "active")).count()
    assert count("/api/v1/orgs/", live="no") == closed == 1
    assert count("/api/v1/orgs/", women_committee="yes") == 1
    assert count("/api/v1/orgs/", women_committee="no") == Organisation.objects.count() - 1
    today = TODAY.isoformat()
    assert count("/api/v1/orgs/", founded_from="2020-01-01", founded_to="2020-12-31") == 1
    founded_from = (TODAY - datetime.timedelta(days=100)).isoformat()
    assert count("/api/v1/orgs/", founded_to=today, founded_from=founded_from) == 1
    assert count("/api/v1/units/", required="yes") == 3
    assert count("/api/v1/units/", required="no") == EmployerUnit.objects.count() - 3 == 1
    r = api.get("/api/v1/members/", {"education": "nonsense"})
    assert r.status_code == 400
