"""Motions from filing to the filer's rating, and the daily reminders before and after the reply date (time
travel: the daily round runs on the days it would)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.core.workflow import available
from gonghui.democracy import daily, selectors, services
from gonghui.democracy import testing as dt

pytestmark = pytest.mark.django_db


def _at(day):
    return time_machine.travel(f"{day} 08:00 +0800", tick=False)


def test_motion_from_filing_to_rating(root, congress, nine):
    m = dt.motion(root, congress, nine[0])
    assert m.number == 1 and m.filer_name == nine[0].member.name
    assert dt.motion(root, congress, nine[1], title="第二件").number == 2
    m = services.accept_motion(root, m)
    with pytest.raises(ValidationError) as e:
        services.assign_motion(root, m, department="", reply_due=None)
    assert {"department", "reply_due"} <= set(e.value.message_dict)
    m = services.assign_motion(root, m, department="后勤处", reply_due=datetime.date(2025, 4, 1))
    with pytest.raises(ValidationError):
        services.answer_motion(root, m, reply="已办", replied_on=timezone.localdate() + datetime.timedelta(days=1))
    m = services.answer_motion(root, m, reply="已增设两个窗口", replied_on=datetime.date(2025, 3, 20))
    m = services.implement_motion(root, m, implemented_on=datetime.date(2025, 3, 25), implementation="窗口已开放")
    m = services.rate_motion(root, m, rating="satisfied")
    assert (m.status, m.rating) == ("implemented", "satisfied")
    with pytest.raises(ValidationError):
        services.file_motion(root, m, title="改")


def test_an_opinion_needs_a_reason(root, congress, nine):
    m = dt.motion(root, congress, nine[0])
    with pytest.raises(ValidationError):
        services.make_opinion(root, m, "  ")
    m = services.make_opinion(root, m, "属于个人诉求，转为意见建议")
    assert m.status == "opinion"
    assert not [t.name for t in available(m, root)]


def test_reminders_before_and_after_the_deadline(tree, root, congress, nine, outbox, users,
                                                 django_capture_on_commit_callbacks):
    type(tree["EA1"]).objects.filter(pk=tree["EA1"].pk).update(contact_phone="13900001111")
    with _at("2026-05-01"):
        m = dt.motion(root, congress, nine[0], filed_on=datetime.date(2026, 5, 1))
        services.accept_motion(root, m)
        services.assign_motion(root, m, department="人力资源部", reply_due=datetime.date(2026, 5, 20))
        assert daily.run(timezone.now()) == {"motion_reminders": 0, "motions_overdue": 0}
    with _at("2026-05-14"), django_capture_on_commit_callbacks(execute=True):
        assert daily.run(timezone.now())["motion_reminders"] == 1
        assert daily.run(timezone.now())["motion_reminders"] == 0  # idempotent
        assert selectors.motions_due(users["a_staff"], timezone.localdate()).count() == 1
    sent = len(outbox)
    assert sent >= 1 and "人力资源部" in outbox[-1][2]
    with _at("2026-05-21"), django_capture_on_commit_callbacks(execute=True):
        today = timezone.localdate()
        assert daily.run(timezone.now()) == {"motion_reminders": 0, "motions_overdue": 1}
        assert daily.run(timezone.now()) == {"motion_reminders": 0, "motions_overdue": 0}
        assert [m.pk for m in selectors.motions_overdue(users["a_staff"], today)] == [m.pk]
        assert not selectors.motions_overdue(users["b_staff"], today).exists()
        todo = {i.key: i.count for i in selectors.workbench_todo(users["a_staff"], today)}
        assert todo["democracy_motions_overdue"] == 1
    assert len(outbox) > sent
    with _at("2026-05-22"):
        m.refresh_from_db()
        services.answer_motion(root, m, reply="已答复", replied_on=timezone.localdate())
        assert daily.run(timezone.now()) == {"motion_reminders": 0, "motions_overdue": 0}


def test_motion_pages_and_api(client_for, api_for, users, root, congress, nine):
    from django.urls import reverse

    m = dt.motion(root, congress, nine[0])
    client = client_for(users["a_staff"])
    assert client.post(reverse("democracy:motion_accept", args=[m.pk])).status_code == 302
    r = client.post(reverse("democracy:motion_assign", args=[m.pk]), {"department": "", "reply_due": "2025-04-01"})
    assert r.status_code == 200 and "invalid-feedback" in r.content.decode()
    api = api_for(users["a_staff"])
    r = api.post(f"/api/v1/congress-motions/{m.pk}/assign/", {"department": "工会办", "reply_due": "2025-04-01"},
                 format="json")
    assert r.status_code == 200 and r.json()["status"] == "assigned"
    assert api.post(f"/api/v1/congress-motions/{m.pk}/assign/", {"department": "工会办", "reply_due": "2025-04-01"},
                    format="json").status_code == 409
    assert api_for(users["a_viewer"]).post(f"/api/v1/congress-motions/{m.pk}/answer/",
                                           {"reply": "x", "replied_on": "2025-03-02"}, format="json").status_code == 403
