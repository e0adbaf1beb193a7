"""Early warnings: reported to the union above at once, acknowledged by it, escalated one level each time the
period passes unacknowledged (time travel), and their board."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gonghui.core.exceptions import WorkflowConflict
from gonghui.rights import daily, services

pytestmark = pytest.mark.django_db

D = datetime.timedelta


def _raise(user, org, now):
    return services.raise_warning(user, org, {"kind": "group_incident", "title": "员工聚集讨薪",
                                              "description": "约80人在厂门口聚集", "workers_involved": 80}, now=now)


def test_raised_and_reported_to_the_union_above(tree, users, t0, notify_outbox, django_capture_on_commit_callbacks):
    from gonghui.accounts.services import update_official
    from gonghui.tools.testing import make_official

    update_official(users["root"], users["a_staff"], phone="13900000002")
    update_official(users["root"], make_official("a1_staff", tree["A1"], "staff"), phone="13900000004")
    with django_capture_on_commit_callbacks(execute=True):
        w = _raise(users["ea1_staff"], tree["EA1"], t0)
    assert [m[0] for m in notify_outbox] == ["13900000004"]  # told to the staff of the union above (A1)
    assert w.report_to == tree["A1"] and w.report_due_at == t0 + D(hours=24) and w.status == "reported"
    with pytest.raises(PermissionDenied):  # the raising union cannot acknowledge its own warning
        services.acknowledge_warning(users["ea1_staff"], w, now=t0)
    with pytest.raises(PermissionDenied):
        _raise(users["a_viewer"], tree["A"], t0)
    services.acknowledge_warning(users["a_staff"], w, "已派人到场", now=t0 + D(hours=3))
    w.refresh_from_db()
    assert w.status == "acknowledged" and w.acknowledged_org == tree["A1"]
    with pytest.raises(WorkflowConflict):
        services.acknowledge_warning(users["a_staff"], w, now=t0 + D(hours=4))
    assert daily.run(t0 + D(days=3))["warnings_escalated"] == 0


def test_escalates_one_level_each_period_until_acknowledged(tree, users, t0, notify_outbox,
                                                           django_capture_on_commit_callbacks):
    from gonghui.accounts.services import update_official

    def run(now):
        with django_capture_on_commit_callbacks(execute=True):
            return daily.run(now)

    update_official(users["root"], users["city_admin"], phone="13900000003")
    w = _raise(users["ea1_staff"], tree["EA1"], t0)
    assert run(t0 + D(hours=23))["warnings_escalated"] == 0
    assert run(t0 + D(hours=25))["warnings_escalated"] == 1
    w.refresh_from_db()
    assert w.report_to == tree["A"] and w.escalations == 1 and w.report_due_at == t0 + D(hours=49)
    assert run(t0 + D(hours=26))["warnings_escalated"] == 0  # once per period
    notify_outbox.clear()
    assert run(t0 + D(hours=50))["warnings_escalated"] == 1
    w.refresh_from_db()
    assert w.report_to == tree["city"] and w.escalations == 2
    assert [m[0] for m in notify_outbox].count("13900000003") == 1
    services.acknowledge_warning(users["city_admin"], w, "市总已介入", now=t0 + D(hours=51))
    notify_outbox.clear()
    assert run(t0 + D(days=10))["warnings_escalated"] == 0
    assert notify_outbox == []


def test_time_travel_escalation(tree, users):
    import time_machine
    from django.utils import timezone

    with time_machine.travel("2026-06-01 08:00 +0800", tick=False):
        w = _raise(users["ea1_staff"], tree["EA1"], None)
    with time_machine.travel("2026-06-02 08:30 +0800", tick=False):
        daily.run(timezone.now())
    w.refresh_from_db()
    assert w.report_to == tree["A"] and w.escalations == 1


def test_board_and_acknowledge_page(tree, users, client_for, t0):
    w = _raise(users["ea1_staff"], tree["EA1"], t0)
    r = client_for(users["a_staff"]).get(reverse("rights:warning_list"))
    assert w.reference_no in r.content.decode()
    assert client_for(users["b_staff"]).get(w.get_absolute_url()).status_code == 404
    assert client_for(users["ea1_staff"]).post(reverse("rights:warning_acknowledge", args=[w.pk])).status_code == 403
    r = client_for(users["a_staff"]).post(reverse("rights:warning_acknowledge", args=[w.pk]), {"response": "收到"})
    assert r.status_code == 302
    w.refresh_from_db()
    assert w.status == "acknowledged"
    r = client_for(users["ea1_staff"]).post(reverse("rights:warning_resolve", args=[w.pk]), {"response": "已发放工资"})
    assert r.status_code == 302
    w.refresh_from_db()
    assert w.status == "closed"


def test_api_warnings(tree, users, api_for, t0):
    c = api_for(users["ea1_staff"])
    r = c.post(reverse("early-warning-list"), {"raised_by_org": tree["EA1"].pk, "kind": "closure", "title": "拟搬迁",
                                               "description": "企业拟整体搬迁", "workers_involved": 300}, format="json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert c.post(reverse("early-warning-acknowledge", args=[pk]), {}, format="json").status_code == 403
    r = api_for(users["a_staff"]).post(reverse("early-warning-acknowledge", args=[pk]), {"response": "收到"},
                                       format="json")
    assert r.status_code == 200 and r.json()["status"] == "acknowledged"
    assert api_for(users["b_staff"]).get(reverse("early-warning-detail", args=[pk])).status_code == 404
