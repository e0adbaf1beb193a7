"""One number, one definition: the home page, the dashboard and the union tree show the same figure for the same
scope (the indicator of that name), dissolved organisations and members who left included in the data; the
workbench's key figures carry their trend against the last month end and open the records they count."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.core import workbench
from gonghui.core.testing import make_credit_code
from gonghui.members.services import create_member, retain_membership, withdraw_member
from gonghui.orgs import services as org_services
from gonghui.orgs.choices import OrgLevel, OrgType
from gonghui.stats import registry
from gonghui.stats.models import FigureSnapshot
from gonghui.stats.periods import Period
from gonghui.stats.workbench import previous_month_end, record_snapshots
from gonghui.tools.testing import member_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree, users, members):
    """District A with a dissolved union, a member who left, one who keeps a retained membership, a unit."""
    root = users["root"]
    gone = org_services.create_org(root, tree["A1"], name="已撤销公司工会", code="C01EA9", org_type=OrgType.ENTERPRISE,
                                   level=OrgLevel.GRASSROOTS)
    org_services.dissolve_org(root, gone, "企业关闭")
    left = create_member(root, tree["EA2"], member_data(name="孙离"))
    withdraw_member(root, left, "本人申请")
    kept = create_member(root, tree["EA2"], member_data(name="钱留"))
    retain_membership(root, kept, "退休")
    create_member(root, tree["EA2"], member_data(name="周新", join_date=timezone.localdate()))
    org_services.create_unit(root, name="甲机械有限公司", credit_code=make_credit_code(41), ownership="private",
                             industry="C", employee_count=30, area_org=tree["A1"], union=tree["EA1"])
    return tree


def _home(client):
    return {f.key: f for f in client.get(reverse("core:home")).context["figures"]}


def _dashboard(client, org):
    data = client.get(reverse("stats:dashboard"), {"org": org.code}).context["data"]
    return {f["key"]: f["value"] for f in data["figures"]}


def _tree_root(client, **params):
    (node, counts), = client.get(reverse("orgs:org_tree"), params).context["nodes"]
    return node, counts


def test_home_dashboard_and_tree_show_one_number(world, users, client_for, api_for):
    a = world["A"]
    client = client_for(users["a_staff"])
    home, dash = _home(client), _dashboard(client, a)
    node, counts = _tree_root(client)
    assert node == a
    year = Period.current_year()
    members = registry.get("members").recount(a, year)
    orgs = registry.get("orgs").recount(a, year)
    assert members == 3  # 李明, 王芳, 周新: active; 孙离 left, 钱留 retained: not counted (eb1 is district B's)
    assert orgs == 4  # A, A1, EA1, EA2; the dissolved union is not live
    assert home["members"].value == dash["members"] == counts["members"] == members
    assert home["orgs"].value == dash["orgs"] == counts["live_orgs"] == orgs
    assert home["units"].value == dash["units"] == registry.get("units").recount(a, year) == 1
    assert home["membership_rate"].value == dash["membership_rate"]
    assert home["unionisation_rate"].value == dash["unionisation_rate"]

    api = {f["key"]: f for f in api_for(users["a_staff"]).get("/api/v1/workbench/").json()["figures"]}
    assert api["members"]["value"] == members and api["orgs"]["value"] == orgs

    # The tree says plainly what else it counts once the dissolved are shown.
    page = client.get(reverse("orgs:org_tree"), {"closed": "1"}).content.decode()
    assert "含已撤销和合并 5" in page
    # The organisation's page and the API's children show the same figures.
    detail = client.get(a.get_absolute_url()).context
    assert detail["counts"]["members"] == members and detail["counts"]["live_orgs"] == orgs
    assert detail["counts"]["units"] == home["units"].value
    rows = api_for(users["a_staff"]).get(f"/api/v1/orgs/{world['A1'].pk}/children/").json()["results"]
    rows = {r["code"]: r for r in rows}
    assert rows["C01EA2"]["members"] == 1  # 周新 only: the left and the retained are not counted


def test_a_scope_of_the_whole_tree(world, users, client_for):
    client = client_for(users["root"])
    home, dash = _home(client), _dashboard(client, world["city"])
    node, counts = _tree_root(client)
    assert home["members"].value == dash["members"] == counts["members"] == 4
    assert home["orgs"].value == dash["orgs"] == counts["live_orgs"] == 8


def test_each_figure_opens_the_records_it_counts_in_scope(world, users, client_for):
    client = client_for(users["a_staff"])
    for figure in workbench.key_figures(users["a_staff"], timezone.localdate()):
        if figure.kind == "ratio" or figure.url is None:
            continue
        response = client.get(figure.url)
        assert response.status_code == 200, figure.url
        assert response.context["filter"].qs.count() == figure.value, figure.key
        assert "C01EB1" not in response.content.decode()  # district B stays out


def test_trend_against_the_last_month_end(world, users):
    today = timezone.localdate()
    month_end = previous_month_end(today)
    user = users["a_staff"]
    before = {f.key: f for f in workbench.key_figures(user, today)}
    assert before["members"].previous is None and before["members"].trend == ""  # no snapshot kept yet

    assert record_snapshots(month_end, [world["A"]]) == 1
    create_member(users["root"], world["EA1"], member_data(name="吴加", join_date=today))
    figures = {f.key: f for f in workbench.key_figures(user, today)}
    members = figures["members"]
    assert members.previous == before["members"].value and members.previous_on == month_end
    assert members.value == members.previous + 1 and members.change == 1 and members.trend == "up"
    assert members.improved is True and members.change_display == "+1"

    # A figure of the period is computed again for the period that ended at the month end.
    new = figures["new_members"]
    joined_since = sum(1 for d in (today, today) if d > month_end)  # 周新 and 吴加 joined today
    assert new.previous_on == month_end and new.value - new.previous == joined_since
    assert new.value == registry.get("new_members").recount(world["A"], Period("custom", today.replace(month=1, day=1),
                                                                                today))

    # Running the round again the same day replaces that day's rows.
    record_snapshots(month_end, [world["A"]])
    assert FigureSnapshot.objects.filter(org=world["A"], day=month_end, key="members").count() == 1


def test_the_daily_round_keeps_the_figures_of_each_scope(world, users):
    from gonghui.stats.daily import run

    now = timezone.now()
    assert run(now)["snapshots"] >= 3  # the city, districts A and B, EA1 (role assignments)
    kept = dict(FigureSnapshot.objects.filter(org=world["A"], day=timezone.localdate(now)).values_list("key", "value"))
    assert kept["members"] == 3 and kept["units"] == 1


def test_a_january_trend_has_no_earlier_figure_of_the_year(world, users):
    january = datetime.date(timezone.localdate().year, 1, 5)
    figures = {f.key: f for f in workbench.key_figures(users["a_staff"], january)}
    assert figures["new_members"].previous_on is None and figures["new_members"].trend == ""
