"""Two real Celery workers on one queue of real Redis: imports, exports and the daily round, each sent twice, are
done once (gonghui.core.claims and the import job's own claim). PostgreSQL only: the workers are other processes
and must reach the test database (SQLite in memory cannot be shared)."""

import csv
import time
import uuid

import pytest
from django.utils import timezone

from gonghui.core import jobs

from .sheets import HEADER, member_row, write_csv
from .workers import needs_redis, wait_for

CHECK_JOB = "gonghui.imports.services.check_job"
RUN_IMPORT = "gonghui.imports.services.run_import"
EXPORT_JOB = "gonghui.imports.services.export_job"
IMPORTS, ROWS = 4, 5


def send_daily_round():
    from django.conf import settings

    from gonghui.celery import app

    with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        app.send_task("gonghui.run_daily", queue=settings.CELERY_TASK_DEFAULT_QUEUE, connection=conn)


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_two_workers_do_each_job_once(celery_workers, tree, users, tmp_path):
    from gonghui.core.daily import slot_of
    from gonghui.core.models import AuditAction, AuditLog, JobClaim
    from gonghui.core.registry import ordered_by_area, registry
    from gonghui.imports import services
    from gonghui.imports.choices import ImportMode, ImportStatus
    from gonghui.imports.models import ImportJob
    from gonghui.members.models import Member

    if not celery_workers.has_db:
        pytest.skip("SQLite in memory: the worker processes cannot open the test database (runs on PostgreSQL)")
    workers = celery_workers.start(2)
    org = tree["EA1"]
    before = Member.objects.filter(org=org).count()
    job_pks = []
    for j in range(IMPORTS):
        path = write_csv(tmp_path / f"m{j}.csv", HEADER, [member_row(1000 + j * ROWS + k) for k in range(ROWS)])
        job_pks.append(services.create_job(users["a_staff"], "members", str(path), org, ImportMode.SKIP_INVALID).pk)
    assert workers.wait_ready(), workers.log_text()[-3000:]
    next_slot = 3600 - time.time() % 3600
    if next_slot < 60:  # both daily rounds in one slot
        time.sleep(next_slot + 1)

    # Everything twice: the checks, two exports (each sent twice under one key), two daily rounds at once.
    sent = []  # task ids (autocommit: each message goes at once)
    for pk in job_pks:
        sent += [jobs.enqueue(CHECK_JOB, pk), jobs.enqueue(CHECK_JOB, pk)]
    exports = {uuid.uuid4().hex: tmp_path / f"orgs{i}.{fmt}" for i, fmt in enumerate(("csv", "xlsx"))}
    for key, out in exports.items():
        for _twice in range(2):
            sent.append(jobs.enqueue(EXPORT_JOB, key, users["a_staff"].pk, "orgs", tree["A"].pk, str(out)))
    send_daily_round()
    send_daily_round()
    slot = slot_of(timezone.now())

    def status_of(*statuses):
        return lambda: ImportJob.objects.filter(pk__in=job_pks, status__in=statuses).count() == IMPORTS

    assert wait_for(status_of(ImportStatus.VALIDATED), timeout=40), workers.log_text()[-4000:]
    for pk in job_pks:  # confirmed, then the import sent twice
        services.start_import(users["a_staff"], ImportJob.objects.get(pk=pk))
        sent += [jobs.enqueue(RUN_IMPORT, pk), jobs.enqueue(RUN_IMPORT, pk)]
    assert wait_for(status_of(ImportStatus.DONE), timeout=40), workers.log_text()[-4000:]
    assert len(set(sent)) == IMPORTS * 4 + len(exports) * 2 and None not in sent
    task_keys = [f"task:{task_id}" for task_id in sent]
    areas = [label for label, _step in ordered_by_area(registry.daily)]
    daily_keys = [f"daily:{label}:{slot}" for label in areas]

    def all_finished():
        tasks = JobClaim.objects.filter(key__in=task_keys, status="done").count()
        daily = JobClaim.objects.filter(key__in=daily_keys, status="done").count()
        return tasks == len(task_keys) and daily == len(areas) and all(p.exists() for p in exports.values())

    assert wait_for(all_finished, timeout=30), (
        list(JobClaim.objects.exclude(status="done").values_list("key", "status")), workers.log_text()[-3000:])

    # Imports: each row created once, each job by one worker, one audited batch per job.
    names = {workers.name(1), workers.name(2)}
    for job in ImportJob.objects.filter(pk__in=job_pks):
        assert (job.created, job.updated, job.skipped, job.rows_committed) == (ROWS, 0, 0, ROWS), job.message
        assert job.worker.startswith("celery:") and job.worker.split("@", 1)[1].split("@")[0] in names
    assert Member.objects.filter(org=org).count() == before + IMPORTS * ROWS
    assert AuditLog.objects.filter(action=AuditAction.BULK).count() == IMPORTS
    # Exports: one file each, written once (one audit record each), claimed by one worker.
    for key in exports:
        claim = JobClaim.objects.get(key=f"export:{key}")
        assert claim.status == "done" and claim.takeovers == 0
    assert sorted(a.note.rsplit(" · ", 1)[1] for a in AuditLog.objects.filter(action=AuditAction.EXPORT)) == \
        sorted(p.name for p in exports.values())
    with open(exports[next(iter(exports))], encoding="utf-8-sig") as f:
        assert len(list(csv.reader(f))) > 1
    assert not list(tmp_path.glob(".export-*"))  # no partial files left
    # The daily round: each area's step ran once, by one of the two rounds sent.
    assert sorted(JobClaim.objects.filter(key__startswith="daily:", key__endswith=slot).values_list(
        "key", flat=True)) == sorted(daily_keys)
    assert JobClaim.objects.filter(key__startswith="daily:planner_statistics:").count() == 1  # once a day
    logs = workers.log_text()
    for label in areas:
        assert logs.count(f"gonghui.daily daily step of {label} (slot {slot}) ran") == 1, label
    # Every message ran in one of the two workers; both took some (the queue hands them out in turn).
    claimed_by = {w.split("@", 1)[1].split("@")[0] for w in
                  JobClaim.objects.filter(key__in=task_keys).values_list("worker", flat=True)}
    assert claimed_by == names, claimed_by
