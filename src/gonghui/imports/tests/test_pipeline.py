"""Members are written by a BatchWriter thread, one batch behind the checking, when the import runs outside a
transaction (a worker, the command line): the same records, history, counters, audit and errors as one
thread; an error while writing stops the import with the batches before it committed, and it resumes.

The tests' SQLite database is in memory, where a second connection cannot write beside the first: there the
pipeline is off and these tests skip; ``test_kill`` runs it on a SQLite file (and on PostgreSQL) in a worker
process, killed and resumed."""

import threading

import pytest
from django.db import connection

from gonghui.core.models import AuditAction, AuditLog
from gonghui.imports import services
from gonghui.imports.choices import ImportMode, ImportStatus
from gonghui.imports.engine import driver
from gonghui.imports.models import ImportJob, ImportRowError
from gonghui.members.importers import MemberImporter
from gonghui.members.models import Member, MemberEvent
from gonghui.stats.tests.test_exact import assert_counters_exact

from .sheets import HEADER, member_row, write_xlsx

pytestmark = pytest.mark.django_db(transaction=True)
BATCH, ROWS = 7, 60
BAD_ROWS = (3, 17, 40)


@pytest.fixture(autouse=True)
def _pipeline(settings):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("in-memory SQLite: no pipeline (test_kill runs it on a SQLite file)")
    settings.GONGHUI_IMPORT_BATCH_ROWS = BATCH
    settings.GONGHUI_IMPORT_PIPELINE = True


def _sheet(tmp_path):
    rows = [member_row(k) for k in range(ROWS)]
    for k in BAD_ROWS:
        rows[k][7] = "bad phone"
    return write_xlsx(tmp_path / "members.xlsx", HEADER, rows)


def test_members_are_written_one_batch_behind_the_checking(tree, users, tmp_path, monkeypatch):
    writers = []
    write = driver._write_batch

    def spy(*args):
        writers.append(threading.current_thread().name)
        return write(*args)

    monkeypatch.setattr(driver, "_write_batch", spy)
    job = services.import_file_sync(users["root"], "members", _sheet(tmp_path), tree["EA1"], ImportMode.SKIP_INVALID)
    assert job.status == ImportStatus.DONE, job.message
    batches = -(-ROWS // BATCH)
    assert writers == ["gonghui-import-writer"] * batches
    good = ROWS - len(BAD_ROWS)
    assert (job.created, job.skipped, job.rows_committed) == (good, len(BAD_ROWS), ROWS)
    assert Member.objects.filter(org=tree["EA1"]).count() == good
    assert MemberEvent.objects.filter(kind="joined").count() == good
    assert sorted(ImportRowError.objects.filter(job=job).values_list("row", flat=True)) == [k + 2 for k in BAD_ROWS]
    bulk = AuditLog.objects.filter(action=AuditAction.BULK)
    assert bulk.count() == batches and sum(bulk.values_list("count", flat=True)) == good
    assert_counters_exact()


def test_an_error_while_writing_stops_the_import_and_it_resumes(tree, users, tmp_path, monkeypatch):
    calls = []
    apply = MemberImporter.apply

    def failing(self, rows, note, prepared=None):
        calls.append(len(rows))
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return apply(self, rows, note, prepared)

    monkeypatch.setattr(MemberImporter, "apply", failing)
    job = services.import_file_sync(users["root"], "members", _sheet(tmp_path), tree["EA1"], ImportMode.SKIP_INVALID)
    assert job.status == ImportStatus.FAILED
    assert job.rows_committed == 2 * BATCH  # the two batches before the failing one, whole
    assert f"{2 * BATCH:,}" in job.message
    assert Member.objects.count() == job.created == 2 * BATCH - 1  # row 3 (the 4th) is bad
    assert_counters_exact()

    monkeypatch.setattr(MemberImporter, "apply", apply)
    job = services.run_import(job.pk)
    assert job.status == ImportStatus.DONE, job.message
    assert Member.objects.count() == ROWS - len(BAD_ROWS)
    assert Member.objects.values("id_hash").distinct().count() == ROWS - len(BAD_ROWS)
    assert ImportJob.objects.get(pk=job.pk).rows_committed == ROWS
    assert_counters_exact()


def test_counts_made_ahead_are_counted_again_when_the_tree_changed(tree, users, tmp_path, monkeypatch):
    """The checking thread counts each batch's counter changes ahead; the writer uses them only if the unions'
    places in the tree (and the employers) are still what they were counted with. Here the union moves to
    another district between the count of the third batch and its writing: that batch is counted again, and
    the counters stay exact (they would not with the counts made before the move)."""
    from gonghui.orgs.services import move_org
    from gonghui.stats import counters

    counted_in = []
    rows = counters._member_counter_rows
    prepare = MemberImporter.prepare
    prepared = []

    def spy_rows(*args):
        counted_in.append(threading.current_thread().name)
        return rows(*args)

    def prepare_then_move(self, batch):
        out = prepare(self, batch)
        prepared.append(len(batch))
        if len(prepared) == 3:
            move_org(users["root"], tree["EA1"], tree["B1"])
        return out

    monkeypatch.setattr(counters, "_member_counter_rows", spy_rows)
    monkeypatch.setattr(MemberImporter, "prepare", prepare_then_move)
    job = services.import_file_sync(users["root"], "members", _sheet(tmp_path), tree["EA1"], ImportMode.SKIP_INVALID)
    assert job.status == ImportStatus.DONE, job.message
    batches = -(-ROWS // BATCH)
    # Counted in the checking thread once per batch; again by the writer for the batches counted before the
    # move and written after it: the third for sure, the first two if the move came before their locks.
    assert counted_in.count("MainThread") == batches
    assert 1 <= counted_in.count("gonghui-import-writer") <= 3
    assert_counters_exact()


def _reimport_changing_one_member(tree, users, tmp_path, monkeypatch, change):
    """Import the sheet, then import it again with a new phone and education on every row; ``change(member)``
    runs (as another user) after the fifth batch, which holds the member, was checked and counted, and before
    it is handed to the writer. Returns (the second job, the member, its row number in the sheet)."""
    from gonghui.core import pii
    from gonghui.core.testing import make_phone

    rows = [member_row(k) for k in range(ROWS)]
    first = services.import_file_sync(users["root"], "members", write_xlsx(tmp_path / "a.xlsx", HEADER, rows),
                                      tree["EA1"], ImportMode.SKIP_INVALID)
    assert first.status == ImportStatus.DONE, first.message
    for k, row in enumerate(rows):
        row[5], row[7] = "研究生", make_phone(k + 5000)
    target_row = 4 * BATCH + 2  # in the fifth batch
    target = Member.objects.get(id_hash=pii.id_hash(rows[target_row][1]))
    prepare = MemberImporter.prepare
    prepared = []

    def prepare_then_change(self, batch):
        out = prepare(self, batch)
        prepared.append(len(batch))
        if len(prepared) == 5:
            change(target)
        return out

    monkeypatch.setattr(MemberImporter, "prepare", prepare_then_change)
    job = services.import_file_sync(users["root"], "members", write_xlsx(tmp_path / "b.xlsx", HEADER, rows),
                                    tree["EA1"], ImportMode.SKIP_INVALID)
    assert job.status == ImportStatus.DONE, job.message
    target.refresh_from_db()
    return job, target, target_row


def test_a_member_changed_after_the_check_keeps_the_change(tree, users, tmp_path, monkeypatch):
    """The writer locks and reads again the members a batch updates. Here another user withdraws a member after
    its batch was checked and before it is written: the import changes the phone and education the sheet gives
    and leaves the member withdrawn (with the values checked it would have made it active again), and the
    counters follow what the member is now (a withdrawn member's education counts nowhere), so they stay exact."""
    from gonghui.core.testing import make_phone
    from gonghui.members.services import withdraw_member

    job, target, target_row = _reimport_changing_one_member(
        tree, users, tmp_path, monkeypatch, lambda m: withdraw_member(users["root"], m, "调离本单位"))
    assert job.updated == ROWS
    assert target.status == "withdrawn"
    assert (target.phone, target.education) == (make_phone(target_row + 5000), "postgraduate")
    assert_counters_exact()


def test_a_member_recorded_dead_after_the_check_is_not_written(tree, users, tmp_path, monkeypatch):
    """A member recorded as deceased (or moved to another union) after the check is not updated: its row ends
    in error with a message saying why, the other rows are written, and the counters stay exact."""
    from gonghui.members.services import record_death

    job, target, target_row = _reimport_changing_one_member(
        tree, users, tmp_path, monkeypatch, lambda m: record_death(users["root"], m, "病故"))
    assert (job.updated, job.skipped) == (ROWS - 1, 1)
    assert target.status == "deceased" and target.education != "postgraduate"
    error = ImportRowError.objects.get(job=job)
    assert error.row == target_row + 2 and "另一位用户" in error.message
    assert_counters_exact()
