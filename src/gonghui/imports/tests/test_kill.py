"""kill -9 in the middle of an import leaves whole batches only; the job resumes without duplicates."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from .sheets import HEADER, member_row, write_xlsx

ROWS, BAD, BATCH = 3000, 7, 100


def _subprocess_env(db_url):
    env = dict(os.environ)
    env.update({"DATABASE_URL": db_url, "GONGHUI_DATA_DIR": str(settings.DATA_DIR),
                "GONGHUI_IMPORT_BATCH_ROWS": str(BATCH), "GONGHUI_IMPORT_THROTTLE": "0.05",
                "DJANGO_SETTINGS_MODULE": "gonghui.settings",
                "PYTHONPATH": str(Path(__file__).resolve().parents[3])})
    env.pop("GONGHUI_TEST_SQLITE", None)
    return env


@pytest.mark.django_db(transaction=True)
def test_kill_9_mid_import_then_resume(tmp_path, settings):
    from gonghui.tools.testing import build_small_city

    tree = build_small_city()
    rows = [member_row(k) for k in range(ROWS)]
    for k in range(BAD):
        rows[k * 400 + 5][7] = "bad phone"
    path = write_xlsx(tmp_path / "members.xlsx", HEADER, rows)

    if connection.vendor == "sqlite":
        db_file = tmp_path / "db.sqlite3"
        name = connection.settings_dict["NAME"]
        if connection.is_in_memory_db() if hasattr(connection, "is_in_memory_db") else "memory" in str(name):
            connection.ensure_connection()
            target = sqlite3.connect(db_file)
            connection.connection.backup(target)
            target.close()
        else:
            db_file = Path(name)
        db_url = f"sqlite:///{db_file}"

        def query(sql):
            with sqlite3.connect(db_file, timeout=30) as c:
                return c.execute(sql).fetchall()
    else:
        s = connection.settings_dict
        where = f"{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
        db_url = f"postgres://{s['USER']}@{where}"
        if s.get("PASSWORD"):
            db_url = f"postgres://{s['USER']}:{s['PASSWORD']}@{where}"

        def query(sql):
            with connection.cursor() as c:
                c.execute(sql)
                return c.fetchall()

    env = _subprocess_env(db_url)
    proc = subprocess.Popen([sys.executable, "-m", "gonghui.cli", "import", "members", str(path), "--org",
                             tree["EA1"].code, "--skip-invalid", "--quiet"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 60
        committed = 0
        while time.time() < deadline:
            if proc.poll() is not None:
                pytest.fail("the import ended before it could be killed: " + proc.stderr.read().decode()[-2000:])
            try:
                found = query("SELECT rows_committed FROM imports_importjob")
            except Exception:  # the table is busy a moment
                found = []
            if found and found[0][0] >= 2 * BATCH:
                committed = found[0][0]
                break
            time.sleep(0.02)
        assert committed, "no batch was committed in time"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()

    (job_pk, status, rows_committed, created, skipped), = query(
        "SELECT id, status, rows_committed, created, skipped FROM imports_importjob")
    assert status == "importing" and 0 < rows_committed < ROWS
    assert rows_committed % BATCH == 0  # whole batches only
    members = query("SELECT count(*) FROM members_member")[0][0]
    assert members == created == rows_committed - skipped
    orphans = query("SELECT count(*) FROM members_member m WHERE NOT EXISTS "
                    "(SELECT 1 FROM members_memberevent e WHERE e.member_id = m.id)")[0][0]
    assert orphans == 0

    out = subprocess.run([sys.executable, str(Path(__file__).with_name("killrunner.py")), "resume", str(job_pk)],
                         env=env, capture_output=True, timeout=120)
    assert out.returncode == 0, out.stderr.decode()[-3000:]
    result = json.loads(out.stdout.decode().strip().splitlines()[-1])
    assert result["stale"] == 1 and result["failed_status"] == "failed"
    assert f"{rows_committed:,}" in result["failed_message"]
    assert result["status"] == "done" and result["rows_committed"] == ROWS
    assert query("SELECT count(*) FROM members_member")[0][0] == ROWS - BAD
    assert query("SELECT count(DISTINCT id_hash) FROM members_member")[0][0] == ROWS - BAD
    assert query("SELECT count(*) FROM members_memberevent WHERE kind = 'joined'")[0][0] == ROWS - BAD
    assert query("SELECT count(*) FROM imports_importrowerror")[0][0] == BAD
