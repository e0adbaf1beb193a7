"""The workbench: every area's waiting work in one list, most urgent first, each line counting what its list
shows and opening its records; in the user's scope."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.core import workbench
from gonghui.members.services import start_transfer, submit_application
from gonghui.rights.models import Case
from gonghui.rights.services import accept_case
from gonghui.rights.testing import make_case
from gonghui.tools.testing import member_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(tree, users, members):
    root = users["root"]
    data = member_data(name="陈静", gender="F")
    data.pop("join_date")
    application = submit_application(tree["EA1"], data)
    transfer = start_transfer(root, members["eb1_a"], tree["EA2"], "调动")  # from district B into district A
    overdue = accept_case(root, make_case(root, tree["EA1"], handling_org=tree["EA1"], employer_name="甲厂"))
    Case.objects.filter(pk=overdue.pk).update(deadline=timezone.now() - datetime.timedelta(days=2))
    new_case = make_case(root, tree["EA1"], handling_org=tree["EA1"], employer_name="乙厂")
    return {"application": application, "transfer": transfer, "overdue": overdue, "new_case": new_case}


def _items(user):
    return {i.key: i for i in workbench.todo(user)}


def test_each_area_adds_its_waiting_work_most_urgent_first(waiting, users):
    items = workbench.todo(users["a_staff"])
    keys = [i.key for i in items]
    assert {"applications", "incoming_transfers", "cases_overdue", "cases_new"} <= set(keys)
    assert keys[0] == "cases_overdue"  # overdue before due before open
    assert [i.urgency for i in items] == sorted((i.urgency for i in items), key=workbench.URGENCIES.index)
    by_key = _items(users["a_staff"])
    assert by_key["applications"].records[0][1] == waiting["application"].get_absolute_url()
    assert by_key["cases_overdue"].records[0][1] == waiting["overdue"].get_absolute_url()
    assert workbench.urgency_counts(items)["overdue"] >= 1


def test_only_in_scope_and_only_for_who_may_act(waiting, users):
    b = _items(users["b_staff"])  # district B: the application, the cases and the incoming transfer are A's
    assert not {"applications", "incoming_transfers", "cases_overdue", "cases_new"} & set(b)
    assert workbench.todo(users["a_viewer"]) == []  # a viewer decides nothing


def test_each_line_counts_what_its_list_shows(waiting, users, client_for):
    client = client_for(users["a_staff"])
    for item in workbench.todo(users["a_staff"]):
        if "#" in item.url:
            continue  # a section of the rights to-do page
        response = client.get(item.url)
        assert response.status_code == 200, item.url
        assert response.context["filter"].qs.count() == item.count, item.key


def test_the_home_page_and_the_api(waiting, users, client_for, api_for):
    page = client_for(users["a_staff"]).get(reverse("core:home")).content.decode()
    assert "工作台" in page and 'id="todo-applications"' in page and waiting["application"].get_absolute_url() in page
    assert "最新动态" in page
    data = api_for(users["a_staff"]).get("/api/v1/workbench/").json()
    keys = [i["key"] for i in data["todo"]]
    assert keys[0] == "cases_overdue" and "applications" in keys
    assert data["urgency"]["overdue"] >= 1
    assert api_for(users["b_staff"]).get("/api/v1/workbench/").json()["todo"] == [] or all(
        i["key"] not in ("applications", "cases_overdue") for i in api_for(users["b_staff"]).get(
            "/api/v1/workbench/").json()["todo"])


def test_recent_activity_is_scoped(waiting, users):
    a = workbench.recent_activity(users["a_staff"])
    assert a and all(e.org is None or e.org.path.startswith(users["a_staff"].role_assignments.first().org.path)
                     for e in a if e.org)


def test_recent_activity_shows_a_viewer_no_more_than_the_change_log(tree, users, client_for):
    # A viewer may not open hardship archives: the workbench names neither the household nor its figures.
    from gonghui.hardship.testing import active_archive, threshold

    threshold(users["root"], tree["city"])
    archive = active_archive(users["root"], tree["EA1"], name="困难户马大姐")
    entries = [e for e in workbench.recent_activity(users["a_viewer"], limit=50)
               if e.content_type and e.content_type.model == "hardshiparchive"]
    assert entries and all(e.reduced and archive.name not in e.object_repr for e in entries)
    page = client_for(users["a_viewer"]).get(reverse("core:home")).content.decode()
    assert "困难户马大姐" not in page
    assert "困难户马大姐" in client_for(users["root"]).get(reverse("core:home")).content.decode()


def test_the_home_page_is_kept_until_anything_is_written(waiting, tree, users, client_for, settings):
    """The workbench's counts come from the cache (gonghui.core.generation) until a write, per user and roles."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.accounts.models import RoleAssignment

    settings.GONGHUI_DASHBOARD_CACHE_SETTLE_SECONDS = 0  # the fixtures' writes are committed for this test
    client = client_for(users["a_staff"])

    def home():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("core:home"))
        return {i.key: i.count for i in response.context["todo"]}, len(queries)

    first, computed = home()
    again, served = home()
    assert again == first and served < computed / 2
    data = member_data(name="周敏", gender="F")
    data.pop("join_date")
    submit_application(tree["EA1"], data)  # a write: counted at once
    assert home()[0]["applications"] == first["applications"] + 1
    # Another role (no signal: an update) is not served from the cache of the roles before.
    RoleAssignment.objects.filter(user=users["a_staff"]).update(role="viewer")
    assert home()[0] == {}  # a viewer decides nothing
