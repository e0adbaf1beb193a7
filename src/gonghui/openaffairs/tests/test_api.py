"""The API's workflow steps and the pages' steps: posting a due period, rectifying, verifying and reopening a
problem; refusals as 400 with the field; the header's search finds catalogue items."""

import datetime

import pytest
import time_machine

from ..models import Posting
from ..services import save_inspection, save_problem
from ..testing import build_item, build_system

pytestmark = pytest.mark.django_db
D = datetime.date


def test_api_posts_a_due_period_and_refuses_a_bad_period(tree, users, api_for):
    with time_machine.travel("2026-10-10 10:00 +0800", tick=False):
        item = build_item(tree["EA1"], users["root"], "QA1", since=D(2026, 9, 1))
        due = item.postings.get(period="2026-09")
        api = api_for(users["a_staff"])
        r = api.post(f"/api/v1/disclosure-postings/{due.pk}/post/", {"posted_on": "2026-09-28", "place": "公开栏"},
                     format="json")
        assert r.status_code == 200, r.content
        assert r.json()["status"] == "posted" and r.json()["is_overdue"] is False
        r = api.post(f"/api/v1/disclosure-postings/{due.pk}/post/", {"posted_on": "2026-09-28"}, format="json")
        assert r.status_code == 409
        r = api.post("/api/v1/disclosure-postings/", {"item": item.pk, "period": "2026Q3", "posted_on": "2026-10-01"},
                     format="json")
        assert r.status_code == 400 and "period" in r.json()
        r = api.get("/api/v1/disclosure-postings/", {"overdue": "yes"})
        assert r.json()["count"] == 0
        assert api_for(users["a_viewer"]).post(
            f"/api/v1/disclosure-postings/{item.postings.get(period='2026-10').pk}/post/",
            {"posted_on": "2026-10-09"}, format="json").status_code == 403
        assert api_for(users["b_staff"]).post(f"/api/v1/disclosure-postings/{due.pk}/post/",
                                              {"posted_on": "2026-09-28"}, format="json").status_code == 404


def test_api_problem_steps(tree, users, api_for):
    system = build_system(tree["EA1"], users["root"], "QA2")
    inspection = save_inspection(users["root"], None, system=system, inspected_on=D(2026, 1, 10), inspectors="王明")
    problem = save_problem(users["root"], None, inspection=inspection, description="目录不全", deadline=D(2026, 2, 1))
    api, url = api_for(users["a_staff"]), f"/api/v1/open-affairs-problems/{problem.pk}/"
    assert api.get("/api/v1/open-affairs-problems/", {"overdue": "yes"}).json()["count"] == 1
    r = api.post(url + "rectify/", {"rectification": "", "rectified_on": "2026-01-20"}, format="json")
    assert r.status_code == 400
    r = api.post(url + "rectify/", {"rectification": "已补全", "rectified_on": "2026-01-20"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "rectified"
    r = api.post(url + "reopen/", {"reason": "仍不全"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "open"
    api.post(url + "rectify/", {"rectification": "已补全", "rectified_on": "2026-01-21"}, format="json")
    r = api.post(url + "verify/", {}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "verified"
    assert api.post(url + "verify/", {}, format="json").status_code == 409


def test_posting_page_step_and_search(tree, users, client_for):
    item = build_item(tree["EA1"], users["root"], "QA3", frequency="yearly", since=D(2025, 1, 1))
    due = item.postings.get(period="2025")
    client = client_for(users["a_staff"])
    page = client.get(f"/open-affairs/postings/{due.pk}/")
    assert page.status_code == 200 and "/post/" in page.content.decode()
    r = client.post(f"/open-affairs/postings/{due.pk}/post/", {"posted_on": "2099-01-01", "form": "board"})
    assert r.status_code == 200 and "不能" in r.content.decode()  # the refusal next to the field
    r = client.post(f"/open-affairs/postings/{due.pk}/post/", {"posted_on": "2025-12-20", "form": "board",
                                                               "place": "公开栏"})
    assert r.status_code == 302 and Posting.objects.get(pk=due.pk).status == "posted"
    listed = client.get("/open-affairs/postings/", {"q": "QA3"}).content.decode()
    assert 'badge text-bg-success">已公开' in listed  # the badge takes the state's style
    found = client.get("/search/", {"q": "QA3工资"})
    assert "QA3工资发放情况" in found.content.decode()
    assert client.get("/").status_code == 200
