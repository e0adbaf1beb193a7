"""Import jobs: upload, check (dry run), import in batches, cancel, clean up; error reports and templates.

The state machine (``ImportStatus``): uploaded → validating → validated → importing → done, and failed /
cancelled from the running states. Transitions are conditional UPDATEs (WorkflowConflict when another
worker or official got there first). The engine (:mod:`.engine`) does the reading, validating and writing.
"""

import datetime
import hashlib
import io
import logging
import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gonghui.core import audit, claims, exports, jobs, scope
from gonghui.core.exceptions import WorkflowConflict
from gonghui.core.models import AuditAction
from gonghui.core.spreadsheets import SpreadsheetError, cell_text, detect_format, open_sheet

from . import engine, selectors
from .choices import ImportMode, ImportStatus, is_import_kind
from .models import ImportJob, ImportRowError
from .templates_xlsx import build_template

log = logging.getLogger("gonghui.imports")

__all__ = [
    "create_job", "check_job", "start_import", "run_import", "request_cancel", "mark_stale_jobs_failed",
    "purge_expired_files", "error_report", "template_workbook", "import_file_sync", "export_file", "export_job",
]


def max_bytes():
    return int(getattr(settings, "GONGHUI_IMPORT_MAX_BYTES", 100 * 1024 * 1024))


def retention_days():
    return int(getattr(settings, "GONGHUI_IMPORT_RETENTION_DAYS", 7))


def upload_dir():
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


# --- upload ----------------------------------------------------------------------------------------------


def create_job(user, kind, uploaded_file, org, mode=ImportMode.ALL_OR_NOTHING):
    """Store an upload (a Django UploadedFile, a file object with ``name``, or a path) and create its job."""
    scope.require(user, "change", org)
    if not is_import_kind(kind):
        raise ValidationError({"kind": _("Choose what the file holds from the list.")})
    action = engine.importer_class(kind).required_action  # organisations: organisation administrators only
    if action != "change":
        scope.require(user, action, org)
    if mode not in ImportMode.values:
        raise ValidationError({"mode": _("Choose how rows with errors are handled.")})
    if isinstance(uploaded_file, (str, os.PathLike)):
        name = os.path.basename(os.fspath(uploaded_file))
        size = os.path.getsize(uploaded_file)
        source = open(uploaded_file, "rb")
    else:
        name = os.path.basename(getattr(uploaded_file, "name", "") or "upload")
        size = getattr(uploaded_file, "size", None)
        source = uploaded_file
    limit = max_bytes()
    if size is not None and size > limit:
        raise ValidationError({"file": _("The file is %(size)s MB; at most %(max)s MB can be imported at once. "
                                         "Split it into several files.") % {"size": f"{size / 1048576:.1f}",
                                                                            "max": f"{limit / 1048576:.0f}"}})
    job = ImportJob(user=user, kind=kind, org=org, mode=mode, original_name=name[:255])
    target = upload_dir() / str(job.uid)
    digest = hashlib.sha256()
    written = 0
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            chunks = source.chunks() if hasattr(source, "chunks") else iter(lambda: source.read(1024 * 1024), b"")
            for chunk in chunks:
                written += len(chunk)
                if written > limit:
                    raise ValidationError({"file": _("The file is larger than %(max)s MB; split it into several files.")
                                           % {"max": f"{limit / 1048576:.0f}"}})
                digest.update(chunk)
                out.write(chunk)
        if written == 0:
            raise ValidationError({"file": _("The file is empty.")})
        try:
            fmt, encoding = detect_format(target)
        except SpreadsheetError as e:
            raise ValidationError({"file": str(e)}) from None
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    finally:
        if isinstance(uploaded_file, (str, os.PathLike)):
            source.close()
    job.file_path = str(target)
    job.file_size = written
    job.file_sha256 = digest.hexdigest()
    job.file_format = fmt
    job.encoding = encoding
    job.expires_at = timezone.now() + datetime.timedelta(days=retention_days())
    with transaction.atomic():
        job.save()
        audit.record(AuditAction.CREATE, job, user=user, org=org,
                     after={"kind": kind, "file": job.original_name, "size": written, "sha256": job.file_sha256,
                            "format": fmt, "mode": mode})
    return job


# --- check (dry run) -------------------------------------------------------------------------------------


def _claim(job_pk, sources, target, *, queued=None, **extra):
    """Take the job for this worker: one conditional UPDATE, so of two workers (or two deliveries) one wins.

    ``sources`` are the states it may be taken from; ``queued`` a state it may be taken from only while no worker
    has it (``worker`` empty); and a job in the ``target`` state whose worker has been silent for
    ``GONGHUI_CLAIM_STALE_SECONDS`` (killed, machine lost) is taken over: the job resumes from what it committed.
    """
    now = timezone.now()
    limit = now - datetime.timedelta(seconds=claims.stale_seconds())
    where = Q(status__in=sources) | Q(status=target, heartbeat_at__lt=limit)
    if queued:
        where |= Q(status=queued, worker="")
    changed = ImportJob.objects.filter(where, pk=job_pk).update(
        status=target, phase_started_at=now, heartbeat_at=now, worker=jobs.worker_id(), **extra)
    if not changed:
        raise WorkflowConflict(_("This import job is not in a state that allows this step; reload the page."))
    return ImportJob.objects.select_related("user", "org").get(pk=job_pk)


def _finish(job_pk, owner, status, **fields):
    """End the phase, if the job is still this worker's (``owner``): one taken over meanwhile is left as it is."""
    ImportJob.objects.filter(pk=job_pk, worker=owner).update(status=status, finished_at=timezone.now(),
                                                             heartbeat_at=timezone.now(), **fields)
    return ImportJob.objects.select_related("user", "org").get(pk=job_pk)


def _lost(job):
    log.warning("import job %s: taken over by another worker; %s stops", job.pk, job.worker)
    return ImportJob.objects.select_related("user", "org").get(pk=job.pk)


def _preview(job, outcome, phase):
    return {
        "phase": phase,
        "errors": outcome.errors_preview,
        "updates": outcome.updates_preview,
        "unknown_columns": getattr(outcome, "unknown", []),
        "rejoin": outcome.counts.get("rejoin", 0),
    }


def check_job(job_pk, *, on_progress=None, again=False):
    """The dry run: validate every row exactly as the import would and record what it would do.

    Takes an uploaded job (as queued on upload); ``again`` also a checked or failed one. A second delivery of the
    job finds it checking or checked and ends (WorkflowConflict).
    """
    sources = (ImportStatus.UPLOADED,) + ((ImportStatus.FAILED, ImportStatus.VALIDATED) if again else ())
    job = _claim(job_pk, sources, ImportStatus.VALIDATING,
                 rows_done=0, rows_committed=0, to_create=0, to_update=0, unchanged=0, error_rows=0, created=0,
                 updated=0, skipped=0, message="", cancel_requested=False, finished_at=None)
    ImportRowError.objects.filter(job_id=job.pk).delete()
    owner = job.worker
    try:
        outcome = engine.process(job, write=False, on_progress=on_progress)
    except engine.LostClaim:
        return _lost(job)
    except engine.JobFailed as e:
        return _finish(job.pk, owner, ImportStatus.FAILED, message=str(e))
    except engine.Cancelled:
        return _finish(job.pk, owner, ImportStatus.CANCELLED, message=_("Cancelled during the check."))
    except Exception:
        log.exception("import job %s: check failed", job.pk)
        return _finish(job.pk, owner, ImportStatus.FAILED, message=_(
            "The check stopped because of an internal error; the administrators have been told."))
    c = outcome.counts
    return _finish(job.pk, owner, ImportStatus.VALIDATED, rows_total=outcome.rows, rows_done=outcome.rows,
                   to_create=c["create"], to_update=c["update"] + c["rejoin"], unchanged=c["unchanged"],
                   error_rows=c["error"], preview=_preview(job, outcome, "check"))


# --- import ---------------------------------------------------------------------------------------------


def start_import(user, job):
    """Confirm a checked job: validated → importing (race-safe). The worker then calls :func:`run_import`."""
    scope.require(user, "change", job.org)
    job.refresh_from_db()
    if job.mode == ImportMode.ALL_OR_NOTHING and job.error_rows > 0:
        raise ValidationError({"mode": _(
            "%(n)d rows have errors, and this import was to run only if no row has one. Fix the rows (download the "
            "error report) and upload the file again, or choose to import the valid rows and skip the others.")
            % {"n": job.error_rows}})
    # Importing with no worker yet = queued: the first delivery of run_import takes it (``worker`` set), others end.
    changed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.VALIDATED).update(
        status=ImportStatus.IMPORTING, rows_done=0, rows_committed=0, created=0, updated=0, skipped=0, unchanged=0,
        phase_started_at=timezone.now(), heartbeat_at=timezone.now(), cancel_requested=False, worker="")
    if not changed:
        raise WorkflowConflict(_("This import has already been started, or it has not been checked yet."))
    job.refresh_from_db()
    return job


def run_import(job_pk, *, on_progress=None):
    """Import the rows in batches, each in one transaction; resumes after ``rows_committed`` rows.

    Runs a job that is importing and not yet taken (queued by :func:`start_import`), importing with a silent
    worker (killed: taken over), or that failed during the import: the rows already committed are not imported
    again. A job another worker is importing is left to it (WorkflowConflict).
    """
    job = ImportJob.objects.get(pk=job_pk)
    if job.status == ImportStatus.FAILED and (job.preview or {}).get("phase") != "import":
        raise WorkflowConflict(_("This import job failed during its check; check it again first."))
    job = _claim(job_pk, (ImportStatus.FAILED,), ImportStatus.IMPORTING, queued=ImportStatus.IMPORTING, message="",
                 finished_at=None, preview={**(job.preview or {}), "phase": "import"})
    if job.rows_committed == 0:
        ImportRowError.objects.filter(job_id=job.pk).delete()
    return _run(job, on_progress)


def _run(job, on_progress, scan=False):
    owner = job.worker
    try:
        outcome = engine.process(job, write=True, on_progress=on_progress, scan=scan)
    except engine.LostClaim:
        return _lost(job)
    except engine.JobFailed as e:
        return _finish(job.pk, owner, ImportStatus.FAILED, message=str(e))
    except engine.Cancelled:
        job.refresh_from_db()
        return _finish(job.pk, owner, ImportStatus.CANCELLED, message=_(
            "Cancelled after %(n)d rows; the rows imported before remain.") % {"n": job.rows_committed})
    except Exception:
        log.exception("import job %s: import failed", job.pk)
        job.refresh_from_db()
        return _finish(job.pk, owner, ImportStatus.FAILED, message=_(
            "The import stopped after %(n)d rows because of an internal error; the administrators have been told. "
            "Start it again to continue.") % {"n": job.rows_committed})
    job.refresh_from_db()
    preview = {**(job.preview or {}), "phase": "import", "import_errors": outcome.errors_preview}
    if not preview.get("updates"):
        preview["updates"] = outcome.updates_preview
    if "unknown_columns" not in preview:
        preview["unknown_columns"] = getattr(outcome, "unknown", [])
    error_rows = ImportRowError.objects.filter(job_id=job.pk).values("row").distinct().count()
    return _finish(job.pk, owner, ImportStatus.DONE, rows_total=job.rows_committed, rows_done=job.rows_committed,
                   error_rows=error_rows, preview=preview)


def request_cancel(user, job):
    scope.require(user, "change", job.org)
    changed = ImportJob.objects.filter(pk=job.pk, status__in=(ImportStatus.UPLOADED, ImportStatus.VALIDATED)).update(
        status=ImportStatus.CANCELLED, cancel_requested=True, finished_at=timezone.now())
    if not changed:
        changed = ImportJob.objects.filter(
            pk=job.pk, status__in=(ImportStatus.VALIDATING, ImportStatus.IMPORTING)).update(cancel_requested=True)
    if not changed:
        raise WorkflowConflict(_("This import job has already ended."))
    audit.record(AuditAction.TRANSITION, job, user=user, org=job.org, transition="cancel")
    job.refresh_from_db()
    return job


def mark_stale_jobs_failed(max_silence_seconds=None):
    """Running jobs whose worker has not reported for ``GONGHUI_CLAIM_STALE_SECONDS`` (killed, machine lost) →
    failed. Returns the count."""
    silence = claims.stale_seconds() if max_silence_seconds is None else max_silence_seconds
    limit = timezone.now() - datetime.timedelta(seconds=silence)
    n = 0
    for job in ImportJob.objects.filter(status__in=(ImportStatus.VALIDATING, ImportStatus.IMPORTING),
                                        heartbeat_at__lt=limit):
        if job.status == ImportStatus.IMPORTING:
            message = _("The import stopped after %(n)s of %(total)s rows (the worker stopped responding). The rows "
                        "imported so far are complete; start the import again to continue.") % {
                "n": f"{job.rows_committed:,}", "total": f"{job.rows_total:,}"}
            preview = {**(job.preview or {}), "phase": "import"}
        else:
            message = _("The check stopped after %(n)s of %(total)s rows (the worker stopped responding); check the "
                        "file again.") % {"n": f"{job.rows_done:,}", "total": f"{job.rows_total:,}"}
            preview = job.preview
        n += ImportJob.objects.filter(pk=job.pk, status=job.status, heartbeat_at=job.heartbeat_at).update(
            status=ImportStatus.FAILED, message=message, finished_at=timezone.now(), preview=preview)
    return n


def purge_expired_files(now=None):
    """Delete uploaded files past their retention; returns how many were removed."""
    now = now or timezone.now()
    n = 0
    for job in ImportJob.objects.filter(expires_at__lt=now).exclude(file_path=""):
        if job.status in (ImportStatus.VALIDATING, ImportStatus.IMPORTING):
            continue
        try:
            Path(job.file_path).unlink(missing_ok=True)
        except OSError:
            log.warning("import job %s: could not remove %s", job.pk, job.file_path)
            continue
        ImportJob.objects.filter(pk=job.pk).update(file_path="")
        n += 1
    return n


# --- files for the user -----------------------------------------------------------------------------------


def error_report(job):
    """An xlsx of the rows that had errors, as uploaded, with a last column listing the problems."""
    messages = {}
    for row, column, message in ImportRowError.objects.filter(job_id=job.pk).order_by("row", "id").values_list(
            "row", "column", "message"):
        messages.setdefault(row, []).append(f"{column}: {message}" if column else message)
    buf = io.BytesIO()
    wb = exports.workbook(buf, {"constant_memory": True, "in_memory": True})  # the uploaded values, inert
    ws = wb.add_worksheet(_("Errors")[:31])
    bold = wb.add_format({"bold": True})
    red = wb.add_format({"font_color": "#C00000", "text_wrap": True})
    text = wb.add_format({"num_format": "@"})
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    if not job.file_path or not os.path.exists(job.file_path):
        ws.write(0, 0, _("The uploaded file has been removed after its retention period."))
        wb.close()
        return buf.getvalue()
    sheet = open_sheet(job.file_path, job.file_format or None, job.encoding, scan=False)
    header = sheet.header
    for c, h in enumerate(header):
        ws.write_string(0, c, h, bold)
    err_col = len(header)
    ws.write_string(0, err_col, _("Errors"), bold)
    ws.write_string(0, err_col + 1, _("Row in the uploaded file"), bold)
    ws.set_column(err_col, err_col, 60)
    out = 1
    if messages:
        for number, values in sheet.rows():
            if number not in messages:
                continue
            for c, v in enumerate(values[:len(header)]):
                if v is None or v == "":
                    continue
                if isinstance(v, (datetime.date, datetime.datetime)):
                    if isinstance(v, datetime.date) and not isinstance(v, datetime.datetime):
                        v = datetime.datetime.combine(v, datetime.time())
                    ws.write_datetime(out, c, v, date)
                elif isinstance(v, str):
                    ws.write_string(out, c, v, text)
                else:
                    ws.write_string(out, c, cell_text(v), text)
            ws.write_string(out, err_col, "\n".join(messages[number]), red)
            ws.write_number(out, err_col + 1, number)
            out += 1
            if out > len(messages):
                break
    wb.close()
    return buf.getvalue()


def template_workbook(kind, language="zh-hans"):
    return build_template(kind, language)


# --- all in one (CLI, benchmark) ------------------------------------------------------------------------


def import_file_sync(user, kind, path, org, mode=ImportMode.ALL_OR_NOTHING, *, dry_run=False, on_progress=None):
    """Create a job from a local file and run it inline: check, then import unless ``dry_run``.

    With ``skip_invalid`` and no dry run, check and import are one pass over the file (the import validates
    every row the same way, records the errors, and writes the valid rows); the job's counts are the same.
    """
    job = create_job(user, kind, str(path), org, mode)
    if dry_run or mode == ImportMode.ALL_OR_NOTHING:
        job = check_job(job.pk, on_progress=on_progress)
        if dry_run or job.status != ImportStatus.VALIDATED or job.error_rows:
            return job
        job = start_import(user, job)
        return run_import(job.pk, on_progress=on_progress)
    job = _claim(job.pk, (ImportStatus.UPLOADED,), ImportStatus.IMPORTING, preview={"phase": "import"})
    job = _run(job, on_progress, scan=True)
    if job.status == ImportStatus.DONE:
        errors = job.preview.get("import_errors", [])
        ImportJob.objects.filter(pk=job.pk).update(to_create=job.created, to_update=job.updated,
                                                   preview={**job.preview, "errors": errors})
        job.refresh_from_db()
    return job


# --- export -----------------------------------------------------------------------------------------------


def export_file(user, kind, org, path, *, reveal=False, encoding="utf-8", language=None):
    """Write ``kind`` rows of ``org``'s subtree (in the user's scope) to ``path`` (.xlsx or .csv), streaming.

    ID numbers and phones are masked unless ``reveal`` (the user must be allowed to reveal them at ``org``);
    every export is audited, an unmasked one as such. Returns the number of rows.
    """
    if not is_import_kind(kind):
        raise ValueError(_("Unknown kind %(kind)s.") % {"kind": kind})
    scope.require(user, "view", org)
    if reveal:
        scope.require(user, "reveal_pii", org)
    path = os.fspath(path)
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    header = selectors.export_header(kind, language)
    n = 0
    with translation.override(language):
        rows = selectors.export_rows(kind, user, org, reveal=reveal)

        def counted():
            nonlocal n
            yield header
            for row in rows:
                n += 1
                yield row

        # One writer for every export (gonghui.core.exports): formula-like text is neutralised in both formats.
        if path.lower().endswith(".csv"):
            with open(path, "wb") as f:
                exports.write_csv(counted(), f, encoding)
        elif path.lower().endswith(".xlsx"):
            exports.write_xlsx(counted(), path, "Sheet1", dates_as_text=False)
        else:
            raise ValueError(_("The output file must end in .xlsx or .csv."))
    audit.record(AuditAction.EXPORT, None, user=user, org=org, model=engine.model_for(kind), count=n,
                 note=(_("Unmasked export") if reveal else _("Export")) + f" · {os.path.basename(path)}",
                 after={"kind": kind, "reveal": reveal, "rows": n})
    return n


def export_job(key, user_pk, kind, org_pk, path, reveal=False, encoding="utf-8", language=None):
    """:func:`export_file` as a background job (``gonghui export --background``), claimed as ``export:<key>``: sent
    or delivered twice, the file is written once. Written under a temporary name and renamed, so ``path`` is whole
    or absent; a worker killed mid-way leaves the claim to be taken over (and the file written again)."""
    from django.contrib.auth import get_user_model

    from gonghui.orgs.models import Organisation

    with claims.claimed(f"export:{key}") as claim:
        if claim is None:
            log.info("export %s is done or running elsewhere", key)
            return None
        user = get_user_model().objects.get(pk=user_pk)
        path = os.fspath(path)
        # Written in a folder of its own next to the file (the same name, so the audit log names the file), then
        # moved into place in one step.
        part_dir = tempfile.mkdtemp(prefix=".export-", dir=os.path.dirname(path) or ".")
        part = os.path.join(part_dir, os.path.basename(path))
        try:
            n = export_file(user, kind, Organisation.objects.get(pk=org_pk), part, reveal=reveal, encoding=encoding,
                            language=language)
            os.replace(part, path)
        finally:
            shutil.rmtree(part_dir, ignore_errors=True)
        log.info("export %s: %s rows written to %s by %s", key, n, path, claim.worker)
        return n
