"""The import engine: one code path for the check (dry run) and the import.

Rows are streamed from :mod:`gonghui.core.spreadsheets` and handled in batches (:mod:`.driver`). For each batch
the importer of the job's kind (found in the registry, :mod:`.kinds`: ``members.importers``, ``orgs.importers``,
built from :mod:`gonghui.core.importing`) converts the cells, looks up what it needs with one query per batch, all
restricted to the user's scope, and classifies every row as ``create``, ``update``, ``unchanged``, ``rejoin`` or
``error``. The check stops there; the import then writes the batch in ONE transaction: the records, their history,
one bulk audit entry, the batch's row errors and the job's progress. A killed worker therefore leaves whole batches
only, and the job resumes from ``rows_committed``. A batch commits only while the job is still this worker's
(``ImportJob.worker``): a worker that was taken over (silent too long) rolls its batch back and stops (LostClaim).
Member batches are written by a thread of their own, one batch behind the checking (:mod:`.pipeline`).
"""

from gonghui.core.importing import CellError, JobFailed, Row

from .driver import PREVIEW_ERRORS, PREVIEW_UPDATES, Cancelled, LostClaim, Outcome, batch_rows, process
from .kinds import columns, importer_class, model_for
from .pipeline import BatchWriter

__all__ = [
    "PREVIEW_ERRORS", "PREVIEW_UPDATES", "BatchWriter", "Cancelled", "CellError", "JobFailed", "LostClaim", "Outcome",
    "Row", "batch_rows", "columns", "importer_class", "model_for", "process",
]
