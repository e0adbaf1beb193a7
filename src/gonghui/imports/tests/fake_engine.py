"""A stand-in for ``gonghui.imports.services`` with the engine's interface, for tests of the pages and API
that must not depend on what the engine finds in a file. The ``engine`` fixture uses the real one.

The uploaded file's first line says what the check "finds": ``errors=N updates=M rows=R``.
"""

import io
import types

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.core import scope
from gonghui.core.exceptions import WorkflowConflict
from gonghui.imports.choices import ImportMode, ImportStatus
from gonghui.imports.models import ImportJob, ImportRowError

calls = []


def _spec(job):
    spec = {"errors": 0, "updates": 0, "rows": 5}
    for part in job.message.split():
        key, _, value = part.partition("=")
        if key in spec:
            spec[key] = int(value)
    return spec


def create_job(user, kind, uploaded_file, org, mode):
    calls.append(("create_job", kind))
    if not scope.can(user, "change", org):
        raise ValidationError({"org": "not allowed"})
    head = uploaded_file.read(200)
    if not head.startswith(b"rows="):
        raise ValidationError({"file": "This file is not a spreadsheet."})
    return ImportJob.objects.create(
        kind=kind, user=user, org=org, mode=mode, original_name=uploaded_file.name, file_size=uploaded_file.size,
        file_path="/nonexistent", file_format="csv", message=head.decode().strip(),
    )


def check_job(job_pk):
    calls.append(("check_job", job_pk))
    job = ImportJob.objects.get(pk=job_pk)
    spec = _spec(job)
    errors = [{"row": 2 + i, "column": "身份证号", "message": "身份证号校验码错误"} for i in range(spec["errors"])]
    updates = [{"row": 10 + i, "label": f"张三{i}", "changes": {"手机号": ["139****0001", "139****0002"]}}
               for i in range(spec["updates"])]
    ImportRowError.objects.bulk_create(ImportRowError(job=job, row=e["row"], column=e["column"], message=e["message"])
                                       for e in errors)
    ImportJob.objects.filter(pk=job_pk).update(
        status=ImportStatus.VALIDATED, rows_total=spec["rows"], rows_done=spec["rows"], error_rows=spec["errors"],
        to_update=spec["updates"], to_create=spec["rows"] - spec["errors"] - spec["updates"],
        preview={"errors": errors, "updates": updates, "unknown_columns": ["备注X"]}, message="",
        phase_started_at=timezone.now(),
    )


def start_import(user, job):
    calls.append(("start_import", job.pk))
    if job.mode == ImportMode.ALL_OR_NOTHING and job.error_rows:
        raise ValidationError({"mode": "The file has rows with errors."})
    with transaction.atomic():
        n = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.VALIDATED).update(
            status=ImportStatus.IMPORTING, rows_done=0, phase_started_at=timezone.now())
    if not n:
        raise WorkflowConflict("The job is not waiting for confirmation.")
    job.refresh_from_db()
    return job


def run_import(job_pk):
    calls.append(("run_import", job_pk))
    job = ImportJob.objects.get(pk=job_pk)
    if job.status != ImportStatus.IMPORTING:
        return
    if job.cancel_requested:
        ImportJob.objects.filter(pk=job_pk).update(status=ImportStatus.CANCELLED, finished_at=timezone.now())
        return
    ImportJob.objects.filter(pk=job_pk).update(
        status=ImportStatus.DONE, rows_done=job.rows_total, rows_committed=job.rows_total,
        created=job.to_create, updated=job.to_update, skipped=job.error_rows, finished_at=timezone.now())


def request_cancel(user, job):
    calls.append(("request_cancel", job.pk))
    ImportJob.objects.filter(pk=job.pk, status=ImportStatus.VALIDATED).update(
        status=ImportStatus.CANCELLED, cancel_requested=True, finished_at=timezone.now())
    running = (ImportStatus.UPLOADED, ImportStatus.VALIDATING, ImportStatus.IMPORTING)
    ImportJob.objects.filter(pk=job.pk, status__in=running).update(cancel_requested=True)
    job.refresh_from_db()
    return job


def mark_stale_jobs_failed():
    calls.append(("mark_stale_jobs_failed",))
    return 0


def purge_expired_files():
    calls.append(("purge_expired_files",))
    return 0


def _xlsx(rows):
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def error_report(job):
    return _xlsx([["row", "error"]] + [[e.row, e.message] for e in job.row_errors.all()])


def template_workbook(kind, language):
    return _xlsx([[f"{kind}:{language}"]])


def as_module():
    module = types.ModuleType("gonghui.imports.services")
    for name in ("create_job", "check_job", "start_import", "run_import", "request_cancel", "mark_stale_jobs_failed",
                 "purge_expired_files", "error_report", "template_workbook"):
        setattr(module, name, globals()[name])
    module.FAKE = True
    return module
