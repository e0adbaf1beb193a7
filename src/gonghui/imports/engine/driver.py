"""The driver: read the sheet, hand its rows to the importer in batches, keep the job's progress, errors, counts
and audit; check (dry run) and import are one code path."""

import gc
import time

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.importing import JobFailed, Row
from gonghui.core.models import AuditAction
from gonghui.core.spreadsheets import SpreadsheetError, open_sheet

from ..models import ImportJob, ImportRowError
from .kinds import importer_class
from .pipeline import BatchWriter, import_connection, pipeline_enabled

PREVIEW_ERRORS = 50
PREVIEW_UPDATES = 20


def batch_rows():
    return int(getattr(settings, "GONGHUI_IMPORT_BATCH_ROWS", 20000))


class Cancelled(Exception):
    pass


class LostClaim(Exception):
    """Another worker took the job over (this one was silent too long): this batch is rolled back, and this worker
    stops and leaves the job to it. Each batch commits only while the job's ``worker`` is still this one."""


class Outcome:
    def __init__(self):
        self.counts = {"create": 0, "update": 0, "unchanged": 0, "error": 0, "rejoin": 0}
        self.errors_preview = []
        self.updates_preview = []
        self.rows = 0


def process(job, *, write, on_progress=None, scan=None):
    """Check (``write=False``) or import (``write=True``) the job's file; returns an :class:`Outcome`.

    Raises JobFailed (message for the user) or Cancelled. Import resumes after ``job.rows_committed`` rows.
    """
    user = job.user
    try:
        sheet = open_sheet(job.file_path, job.file_format or None, job.encoding,
                           scan=(not write) if scan is None else scan)
    except SpreadsheetError as e:
        raise JobFailed(str(e)) from None
    importer = importer_class(job.kind)(job, user, sheet.header)
    pipelined = write and importer.pipelined and not connection.in_atomic_block and pipeline_enabled()
    import_connection(16 if pipelined else 160)
    outcome = Outcome()
    skip = job.rows_committed if write else 0
    size = batch_rows()
    throttle = float(getattr(settings, "GONGHUI_IMPORT_THROTTLE", 0) or 0)
    note = _("Imported from %(file)s") % {"file": job.original_name}
    total = max(sheet.estimated_rows, skip)
    ImportJob.objects.filter(pk=job.pk).update(
        header_map={str(i): c.field for i, c in importer.mapping.items()},
        unknown_columns=[h for _i, h in importer.unknown] + [h for _i, h in importer.duplicates],
        rows_total=total, heartbeat_at=timezone.now(),
    )
    done = 0
    batch = []
    writer = BatchWriter(lambda *a: _write_batch(*a)) if pipelined else None
    # What an import keeps (the rows read so far, the keys seen) grows to millions of long-lived objects: they
    # are frozen out of the cyclic collector after each batch (an O(1) move), which would otherwise walk them
    # all again and again while the next batches allocate (~10% of an import's time). Freed as usual by their
    # reference counts; unfrozen at the end.
    gc.freeze()
    try:
        rows = sheet.rows()
        for number, values in rows:
            if done < skip:
                importer.remember(values)
                done += 1
                continue
            batch.append(Row(number, values))
            if len(batch) >= size:
                _handle_batch(job, importer, batch, outcome, write, note, done + len(batch), total, writer)
                done += len(batch)
                batch = []
                gc.freeze()
                if on_progress:
                    on_progress(done, total)
                if throttle:
                    time.sleep(throttle)
        if batch:
            _handle_batch(job, importer, batch, outcome, write, note, done + len(batch), total, writer)
            done += len(batch)
            if on_progress:
                on_progress(done, total)
        if writer is not None:
            writer, w = None, writer
            w.close()  # waits for the last batch; raises what the writer raised
    except SpreadsheetError as e:
        raise JobFailed(str(e)) from None
    finally:
        if writer is not None:
            writer.close(raise_error=False)  # the batch being written commits or rolls back whole
        gc.unfreeze()
    outcome.rows = done
    outcome.unknown = [h for _i, h in importer.unknown]
    return outcome


def _handle_batch(job, importer, batch, outcome, write, note, done, total, writer=None):
    flags = ImportJob.objects.filter(pk=job.pk).values_list("cancel_requested", flat=True).first()
    if flags:
        raise Cancelled()
    importer.classify(batch)
    if write and writer is not None:
        # What the batch changes in the statistics counters is counted here, while the writer writes the one
        # before (and checked again under the writer's locks).
        writer.put(job, importer, batch, outcome, note, done, total, importer.prepare(batch))
    elif write:
        _write_batch(job, importer, batch, outcome, note, done, total)
    else:
        errors = _row_errors(job, importer, batch, outcome)
        _tally(importer, batch, outcome)
        with transaction.atomic():
            ImportRowError.objects.bulk_create(errors, batch_size=2000)
            if not ImportJob.objects.filter(pk=job.pk, worker=job.worker).update(
                    rows_done=done, rows_total=max(total, done), heartbeat_at=timezone.now()):
                raise LostClaim()


def _write_batch(job, importer, batch, outcome, note, done, total, prepared=None):
    """Write one checked batch in one transaction: records, history, counters, audit, errors, progress."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # The batch and its progress counter commit together, so a crash loses whole batches consistently.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        created, updated = importer.apply(batch, note, prepared)
        errors = _row_errors(job, importer, batch, outcome)
        _tally(importer, batch, outcome)
        skipped = sum(1 for r in batch if r.action == "error")
        unchanged = sum(1 for r in batch if r.action == "unchanged")
        if created or updated:
            audit.record(
                AuditAction.BULK, None, user=job.user, org=job.org, model=importer.model, count=created + updated,
                after={"job": str(job.uid), "rows": [batch[0].number, batch[-1].number], "created": created,
                       "updated": updated, "unchanged": unchanged, "skipped": skipped},
                note=_("%(note)s: rows %(first)d–%(last)d, %(created)d created, %(updated)d updated, %(skipped)d "
                       "skipped") % {"note": note, "first": batch[0].number, "last": batch[-1].number,
                                     "created": created, "updated": updated, "skipped": skipped},
            )
        ImportRowError.objects.bulk_create(errors, batch_size=2000)
        if not ImportJob.objects.filter(pk=job.pk, worker=job.worker).update(
            rows_committed=F("rows_committed") + len(batch), rows_done=done, rows_total=max(total, done),
            created=F("created") + created, updated=F("updated") + updated, skipped=F("skipped") + skipped,
            unchanged=F("unchanged") + unchanged, heartbeat_at=timezone.now(),
        ):
            raise LostClaim()  # the whole batch rolls back: the worker that took the job over writes it


def _row_errors(job, importer, batch, outcome):
    out = []
    preview = outcome.errors_preview
    for r in batch:
        if r.errors:
            r.action = "error"
            for index, field, message in r.errors:
                column = importer.column_name(index, field)
                out.append(ImportRowError(job_id=job.pk, row=r.number, column=column[:100], field=field[:50],
                                          message=message))
                if len(preview) < PREVIEW_ERRORS:
                    preview.append({"row": r.number, "column": column, "message": message})
    return out


def _tally(importer, batch, outcome):
    counts = outcome.counts
    sample = outcome.updates_preview
    for r in batch:
        action = r.action or "error"
        counts[action] = counts.get(action, 0) + 1
        if action in ("update", "rejoin") and len(sample) < PREVIEW_UPDATES:
            sample.append({"row": r.number, "name": str(r.data.get("name", "") or r.data.get("code", "")),
                           "changes": importer.describe_changes(r)})
