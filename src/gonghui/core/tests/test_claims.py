"""Claims (gonghui.core.claims): of two claims of the same work the second loses; done is never run again; failed
and silent (stale) claims are taken over; the daily round runs each area once per slot; an import job is taken
by one worker. Both databases; the two-worker test against real Redis is imports/tests/test_workers.py."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from gonghui.core import claims
from gonghui.core.exceptions import WorkflowConflict
from gonghui.core.models import JobClaim

pytestmark = pytest.mark.django_db


def test_second_claim_loses_and_done_work_is_never_claimed_again():
    first = claims.claim("task:abc", "w1")
    assert first is not None and first.worker == "w1"
    assert claims.claim("task:abc", "w2") is None  # running, heartbeat fresh
    assert claims.heartbeat(first) == 1
    assert claims.finish(first) is True
    assert claims.claim("task:abc", "w2") is None  # done
    row = JobClaim.objects.get(key="task:abc")
    assert (row.status, row.worker, row.takeovers) == ("done", "w1", 0) and row.finished_at is not None


def test_failed_and_stale_claims_are_taken_over_and_the_old_worker_finds_it_no_longer_its_own():
    failed = claims.claim("export:x", "w1")
    claims.finish(failed, ok=False)
    retry = claims.claim("export:x", "w2")
    assert retry is not None and retry.takeover
    JobClaim.objects.filter(key="export:x").update(heartbeat_at=timezone.now() - datetime.timedelta(minutes=10))
    assert claims.claim("export:x", "w3", stale_after=60) is not None  # w2 silent for 10 minutes: taken over
    assert claims.finish(retry) is False  # w2 comes back: it changes nothing
    assert claims.heartbeat(retry) == 0
    row = JobClaim.objects.get(key="export:x")
    assert (row.status, row.worker, row.takeovers) == ("running", "w3", 2)
    with claims.claimed("export:x", "w4") as c:
        assert c is None


def test_claimed_marks_failed_when_the_work_raises():
    with pytest.raises(RuntimeError), claims.claimed("daily:x:slot", "w1"):
        raise RuntimeError("boom")
    assert JobClaim.objects.get(key="daily:x:slot").status == "failed"
    with claims.claimed("daily:x:slot", "w2") as c:
        assert c is not None
    assert JobClaim.objects.get(key="daily:x:slot").status == "done"


def test_daily_round_runs_each_area_once_per_slot(tree):
    from gonghui.core.daily import run_daily, slot_of
    from gonghui.core.registry import ordered_by_area, registry

    now = timezone.now()
    first = run_daily(now)
    assert first and not any("skipped" in r for label, r in first.items()
                             if isinstance(r, dict) and label != "planner_statistics")  # SQLite only
    second = run_daily(now)  # another beat, another worker: every area is skipped
    assert set(second) == set(first) and all("skipped" in r for r in second.values())
    keys = set(JobClaim.objects.filter(key__startswith="daily:").values_list("key", flat=True))
    assert keys == {f"daily:{label}:{slot_of(now)}" for label, _step in ordered_by_area(registry.daily)} | {
        f"daily:planner_statistics:{now.date().isoformat()}"}  # SQLite's statistics: once a day, not once a slot
    later = now + datetime.timedelta(hours=1)
    third = run_daily(later)
    assert not any("skipped" in r for label, r in third.items()
                   if isinstance(r, dict) and label != "planner_statistics")  # the next slot runs again
    assert ("skipped" in third["planner_statistics"]) == (later.date() == now.date() or connection.vendor != "sqlite")


def test_an_import_job_is_taken_by_one_worker_and_a_silent_one_is_taken_over(tree, users, tmp_path):
    from gonghui.imports import services
    from gonghui.imports.choices import ImportMode, ImportStatus
    from gonghui.imports.models import ImportJob
    from gonghui.imports.tests.sheets import HEADER, member_row, write_csv

    path = write_csv(tmp_path / "m.csv", HEADER, [member_row(k) for k in range(3)])
    job = services.create_job(users["a_staff"], "members", str(path), tree["EA1"], ImportMode.SKIP_INVALID)
    job = services.check_job(job.pk)
    with pytest.raises(WorkflowConflict):
        services.check_job(job.pk)  # a second delivery of the check: already checked
    job = services.start_import(users["a_staff"], job)
    assert job.status == ImportStatus.IMPORTING and job.worker == ""  # queued
    taken = services._claim(job.pk, (ImportStatus.FAILED,), ImportStatus.IMPORTING, queued=ImportStatus.IMPORTING)
    assert taken.worker
    with pytest.raises(WorkflowConflict):  # the same job delivered twice: the second delivery loses
        services.run_import(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(minutes=10),
                                               worker="dead@elsewhere")
    job = services.run_import(job.pk)  # the first worker went silent: taken over, and done once
    assert job.status == ImportStatus.DONE and job.created == 3 and job.worker != "dead@elsewhere"
    with pytest.raises(WorkflowConflict):
        services.run_import(job.pk)


def test_a_worker_taken_over_commits_no_further_batch(tree, users, tmp_path):
    from gonghui.imports import services
    from gonghui.imports.choices import ImportMode, ImportStatus
    from gonghui.imports.models import ImportJob
    from gonghui.imports.tests.sheets import HEADER, member_row, write_csv
    from gonghui.members.models import Member

    path = write_csv(tmp_path / "m.csv", HEADER, [member_row(50 + k) for k in range(3)])
    job = services.create_job(users["a_staff"], "members", str(path), tree["EA1"], ImportMode.SKIP_INVALID)
    job = services.start_import(users["a_staff"], services.check_job(job.pk))
    mine = services._claim(job.pk, (ImportStatus.FAILED,), ImportStatus.IMPORTING, queued=ImportStatus.IMPORTING)
    # This worker was silent too long and another took the job over before the batch commits.
    ImportJob.objects.filter(pk=job.pk).update(worker="celery:other@w2@host")
    before = Member.objects.count()
    job = services._run(mine, None)
    assert Member.objects.count() == before  # the batch rolled back
    assert (job.status, job.rows_committed, job.created, job.worker) == (ImportStatus.IMPORTING, 0, 0,
                                                                         "celery:other@w2@host")  # left to w2
