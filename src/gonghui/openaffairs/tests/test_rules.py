"""The rules of open affairs: periods, the schedule and overdue postings, postings, inspections, the daily round
(time travel), the workbench and the figures (each equal to its recount)."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core import workbench
from gonghui.core.models import AuditLog
from gonghui.stats.periods import parse_period
from gonghui.stats.registry import StatsContext, by_section

from .. import daily, periods, services
from ..models import Posting
from ..testing import build_item, build_system

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day):
    return time_machine.travel(f"{day} 10:00 +0800", tick=False)


def errors_of(exc):
    return exc.value.message_dict


# --- periods ----------------------------------------------------------------------------------------------------


def test_periods_follow_the_frequency():
    assert periods.token_of("monthly", D(2026, 11, 5)) == "2026-11"
    assert periods.token_of("quarterly", D(2026, 11, 5)) == "2026Q4"
    assert periods.token_of("yearly", D(2026, 11, 5)) == "2026"
    assert periods.bounds("quarterly", "2026q4") == (D(2026, 10, 1), D(2026, 12, 31))
    assert periods.bounds("monthly", "2024-02") == (D(2024, 2, 1), D(2024, 2, 29))
    assert [t for t, _a, _b in periods.periods_between("monthly", D(2026, 10, 20), D(2026, 12, 1))] == [
        "2026-10", "2026-11", "2026-12"]
    assert periods.periods_between("as_needed", D(2026, 1, 1), D(2026, 12, 1)) == []
    for frequency, token in (("monthly", "2026Q4"), ("monthly", "2026-13"), ("quarterly", "2026-11"),
                             ("yearly", "26"), ("quarterly", "2026Q5")):
        with pytest.raises(ValidationError) as e:
            periods.bounds(frequency, token)
        assert "period" in errors_of(e)


# --- the schedule, postings and overdue ---------------------------------------------------------------------------


def test_schedule_posting_and_overdue_with_time_travel(tree, users):
    with at("2026-10-10"):
        item = build_item(tree["EA1"], users["root"], "QS1", since=D(2026, 9, 1))
        assert list(item.postings.order_by("period").values_list("period", "status")) == [
            ("2026-09", "due"), ("2026-10", "due")]
        overdue = item.postings.get(period="2026-09")
        assert overdue.is_overdue and not item.postings.get(period="2026-10").is_overdue
        posted = services.record_posting(users["a_staff"], item, period="2026-10", posted_on=D(2026, 10, 9),
                                         place="一楼公开栏")
        assert posted.status == "posted" and posted.on_time and posted.posted_by == users["a_staff"]
        with pytest.raises(ValidationError) as e:  # one posting per item and period
            services.record_posting(users["a_staff"], item, period="2026-10", posted_on=D(2026, 10, 9))
        assert "period" in errors_of(e)
        with pytest.raises(ValidationError) as e:  # a period of another frequency
            services.record_posting(users["a_staff"], item, period="2026Q4", posted_on=D(2026, 10, 9))
        assert "period" in errors_of(e)
        with pytest.raises(ValidationError) as e:  # not in the future
            services.record_posting(users["a_staff"], item, period="2026-09", posted_on=D(2026, 10, 11))
        assert "posted_on" in errors_of(e)
        with pytest.raises(ValidationError) as e:
            services.record_posting(users["a_staff"], item, period="2026-11", posted_on=D(2026, 10, 9))
        assert "period" in errors_of(e)
    with at("2026-11-02"):
        first = daily.run(datetime.datetime.now(datetime.UTC))
        assert first["postings_scheduled"] == 1 and first["posting_reminders"] == 1
        assert item.postings.filter(period="2026-11", status="due").exists()
        assert AuditLog.objects.filter(note="daily schedule 2026-11-02", count=1).exists()
        sent = len(mail.outbox)
        again = daily.run(datetime.datetime.now(datetime.UTC))
        assert again["postings_scheduled"] == 0 and again["posting_reminders"] == 0  # idempotent
        assert len(mail.outbox) == sent
        late = services.post(users["a_staff"], item.postings.get(period="2026-09"), posted_on=D(2026, 11, 1))
        assert late.status == "posted" and not late.on_time
        assert AuditLog.objects.filter(object_id=str(late.pk), transition="post").exists()


def test_a_posting_is_dated_and_its_evidence_checked(tree, users):
    with at("2026-10-10"):
        item = build_item(tree["EA1"], users["root"], "QS2", frequency="quarterly", since=D(2026, 7, 1))
        due = item.postings.get(period="2026Q3")
        with pytest.raises(ValidationError) as e:
            services.post(users["a_staff"], due, posted_on=None)
        assert "posted_on" in errors_of(e)
        html = SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
        with pytest.raises(ValidationError) as e:
            services.post(users["a_staff"], due, posted_on=D(2026, 9, 30), evidence=html)
        assert "evidence" in errors_of(e)
        assert Posting.objects.get(pk=due.pk).status == "due"


def test_retiring_an_item_drops_its_unposted_periods_not_ended(tree, users):
    with at("2026-10-10"):
        item = build_item(tree["EA1"], users["root"], "QS3", since=D(2026, 9, 1))
        data = {f: getattr(item, f) for f in services.ITEM_FIELDS}
        services.save_item(users["a_staff"], item, **{**data, "active": False})
        assert list(item.postings.values_list("period", flat=True)) == ["2026-09"]  # ended: stays overdue


# --- the set-up ----------------------------------------------------------------------------------------------------


def test_system_rules(tree, users):
    system = build_system(tree["EA1"], users["root"], "QS4")
    with pytest.raises(ValidationError) as e:
        services.save_system(users["a_staff"], system, kind="factory", established=True, established_on=None)
    assert "established_on" in errors_of(e)
    with pytest.raises(ValidationError) as e:
        services.save_system(users["a_staff"], system, kind="factory", established=True,
                             established_on=datetime.date.today() + datetime.timedelta(days=3))
    assert "established_on" in errors_of(e)
    with pytest.raises(ValidationError) as e:
        services.save_system(users["a_staff"], None, unit=system.unit, kind="factory", established=False)
    assert "unit" in errors_of(e)
    bad = SimpleUploadedFile("rules.pdf", b"MZ\x90\x00not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as e:
        services.save_system(users["a_staff"], system, kind="factory", established=True,
                             established_on=D(2024, 3, 1), document=bad)
    assert "document" in errors_of(e)


def test_the_rules_document_downloads_never_inline(tree, users, client_for):
    system = build_system(tree["EA1"], users["root"], "QS5")
    response = client_for(users["a_viewer"]).get(f"/open-affairs/systems/{system.pk}/document/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert client_for(users["b_staff"]).get(f"/open-affairs/systems/{system.pk}/document/").status_code == 404


# --- inspections and problems ---------------------------------------------------------------------------------------


def test_problem_workflow_and_deadline(tree, users):
    with at("2026-10-10"):
        system = build_system(tree["EA1"], users["root"], "QS6")
        inspection = services.save_inspection(users["a_staff"], None, system=system, inspected_on=D(2026, 10, 8),
                                              inspectors="工会 王明")
        with pytest.raises(ValidationError) as e:
            services.save_problem(users["a_staff"], None, inspection=inspection, description="公开栏未更新",
                                  deadline=D(2026, 10, 1))
        assert "deadline" in errors_of(e)
        problem = services.save_problem(users["a_staff"], None, inspection=inspection, description="公开栏未更新",
                                        deadline=D(2026, 10, 9))
        assert problem.is_overdue
        with pytest.raises(ValidationError) as e:
            services.rectify(users["a_staff"], problem, rectification="", rectified_on=D(2026, 10, 10))
        assert "rectification" in errors_of(e)
        problem = services.rectify(users["a_staff"], problem, rectification="已更新", rectified_on=D(2026, 10, 10))
        assert problem.status == "rectified" and not problem.is_overdue
        with pytest.raises(ValidationError) as e:
            services.reopen(users["a_staff"], problem, reason="")
        assert "reason" in errors_of(e)
        problem = services.reopen(users["a_staff"], problem, reason="仍未更新")
        problem = services.rectify(users["a_staff"], problem, rectification="已更新", rectified_on=D(2026, 10, 10))
        problem = services.verify(users["a_staff"], problem)
        assert problem.status == "verified" and problem.verified_by == users["a_staff"]
        steps = list(AuditLog.objects.filter(object_id=str(problem.pk), content_type__model="problem")
                     .exclude(transition="").order_by("id").values_list("transition", flat=True))
        assert steps == ["rectify", "reopen", "rectify", "verify"]


def test_an_inspection_is_not_in_the_future(tree, users):
    system = build_system(tree["EA1"], users["root"], "QS7")
    with pytest.raises(ValidationError) as e:
        services.save_inspection(users["a_staff"], None, system=system, inspectors="王明",
                                 inspected_on=datetime.date.today() + datetime.timedelta(days=1))
    assert "inspected_on" in errors_of(e)


def test_daily_reminds_of_a_problem_past_its_deadline_once(tree, users):
    with at("2026-10-10"):
        system = build_system(tree["EA1"], users["root"], "QS8")
        inspection = services.save_inspection(users["root"], None, system=system, inspected_on=D(2026, 10, 8),
                                              inspectors="王明")
        services.save_problem(users["root"], None, inspection=inspection, description="目录不全",
                              deadline=D(2026, 10, 20))
        assert daily.run(datetime.datetime.now(datetime.UTC))["problem_reminders"] == 0
    with at("2026-10-21"):
        assert daily.run(datetime.datetime.now(datetime.UTC))["problem_reminders"] == 1
        assert daily.run(datetime.datetime.now(datetime.UTC))["problem_reminders"] == 0


# --- workbench and figures ----------------------------------------------------------------------------------------


def test_workbench_lists_overdue_postings_and_problems(tree, users):
    with at("2026-10-10"):
        item = build_item(tree["EA1"], users["root"], "QS9", since=D(2026, 9, 1))
        todo = {i.key: i for i in workbench.todo(users["a_staff"], D(2026, 10, 10))}
        assert todo["openaffairs_postings_overdue"].count == 1
        assert todo["openaffairs_postings_overdue"].urgency == "overdue"
        assert todo["openaffairs_postings_due"].count == 1
        assert "openaffairs_postings_overdue" not in {i.key for i in workbench.todo(users["b_staff"],
                                                                                     D(2026, 10, 10))}
        assert item.pk


def test_figures_equal_their_recount_and_the_rate_moves(tree, users):
    with at("2026-10-10"):
        build_system(tree["EA1"], users["root"], "QF1", ownership="state")
        build_system(tree["EA2"], users["root"], "QF2", established=False, established_on=None)
        item = build_item(tree["EA1"], users["root"], "QF3", since=D(2026, 9, 1))
        period = parse_period("2026")
        orgs = [tree[k] for k in ("city", "A", "A1", "EA1", "EA2", "B")]
        inds = by_section("open_affairs")
        assert len(inds) >= 14

        def values():
            ctx = StatsContext(period)
            return {i.key: ctx.values(i, [o.pk for o in orgs]) for i in inds}

        before = values()
        for ind in inds:
            for org in orgs:
                assert before[ind.key][org.pk] == ind.recount(org, period), (ind.key, org.code)
                assert ind.url(org, period), ind.key
        a = tree["A"].pk
        assert before["openaffairs_required"][a] >= 2 and before["openaffairs_established_public"][a] >= 1
        assert before["openaffairs_postings_due"][a] == 2 and before["openaffairs_postings_overdue"][a] == 1
        services.record_posting(users["a_staff"], item, period="2026-10", posted_on=D(2026, 10, 10))
        after = values()
        assert after["openaffairs_disclosure_rate"][a] > (before["openaffairs_disclosure_rate"][a] or 0)
        assert after["openaffairs_disclosure_rate"][a] == 50


def test_demo_loads_through_the_services(tree, users):
    import random

    from .. import demo

    with at("2026-11-20"):
        from gonghui.core.testing import make_credit_code
        from gonghui.orgs.models import EmployerUnit

        for n in range(3):
            EmployerUnit.objects.create(name=f"演示{n}公司", credit_code=make_credit_code(), ownership="private",
                                        industry="C", employee_count=300 - n, area_org=tree["A1"], union=tree["EA1"])
        demo.load({"admin": users["root"], "district": tree["A"], "today": D(2026, 11, 20),
                   "rng": random.Random(1)})
        assert Posting.objects.filter(status="posted").exists()
        assert Posting.objects.filter(status="due", period_end__lt=D(2026, 11, 20)).exists()


def test_changing_an_items_schedule(tree, users):
    with at("2026-10-10"):
        item = build_item(tree["EA1"], users["root"], "QS10", since=D(2026, 7, 1))
        data = {f: getattr(item, f) for f in services.ITEM_FIELDS}
        item = services.save_item(users["a_staff"], item, **{**data, "since": D(2026, 9, 15)})
        assert sorted(item.postings.values_list("period", flat=True)) == ["2026-09", "2026-10"]
        item = services.save_item(users["a_staff"], item, **{**data, "since": D(2026, 9, 15), "frequency": "quarterly"})
        assert sorted(item.postings.values_list("period", flat=True)) == ["2026Q3", "2026Q4"]
        services.record_posting(users["a_staff"], item, period="2026Q3", posted_on=D(2026, 9, 30))
        with pytest.raises(ValidationError) as e:
            services.save_item(users["a_staff"], item, **{**data, "frequency": "monthly"})
        assert "frequency" in errors_of(e)


def test_the_records_follow_the_employer_to_its_new_union(tree, users):
    with at("2026-10-10"):
        item = build_item(tree["EA1"], users["root"], "QS11", since=D(2026, 10, 1))
        system = item.system
        unit = system.unit
        unit.union = tree["EA2"]
        unit.save()
        data = {f: getattr(system, f) for f in services.SYSTEM_FIELDS}
        services.save_system(users["a_staff"], system, **data)
        assert set(Posting.objects.filter(item=item).values_list("org", flat=True)) == {tree["EA2"].pk}
