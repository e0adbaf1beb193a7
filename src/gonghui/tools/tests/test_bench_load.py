"""`gonghui bench load`: a tiny run (60 organisations, 600 members, 3 users for 5 s) serves the database with
gunicorn, drives it with locust, prints a line per request kind and the summary line, and nothing failed.

The benchmark makes its own database, server and locust process (gevent's patching stays there); this test only
runs the command, on SQLite: the bench's database does not depend on the suite's, and on PostgreSQL the run took
2.5 minutes (migrating a new database); the PostgreSQL database is made by ``bench_database``, which
test_bench_pages runs on PostgreSQL.
"""

import io
import os
import re

import pytest
from django.core.management import call_command

SUMMARY = re.compile(r"^load users=3 rps=\d+\.\d p95_ms=\d+\.\d errors=0$")


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
                    reason="bench load makes its own SQLite database whatever the suite's: the SQLite suite runs it")
def test_bench_load_smoke():
    out = io.StringIO()
    call_command("bench", "load", "--orgs", "60", "--members", "600", "--users", "3", "--seconds", "5",
                 "--think", "0.2:1", "--seed-workers", "0", "--workers", "2", "--threads", "2",
                 "--database", "sqlite", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert SUMMARY.match(lines[-1]), lines
    assert any(line.startswith("server: gunicorn at http://127.0.0.1:") for line in lines), lines
    # every user signed in, then browsed: a line per kind of request (count, errors, p50, p95, max)
    assert any(re.match(r"^sign-in phase: 3 of 3 users signed in within \d+\.\d s; 3 sign-ins .* 0 errors", line)
               for line in lines), lines
    assert any(re.match(r"^[a-z_]+\s+\d+\s+0\s+(\d+\.\d\s+){2}\d+\.\d$", line) for line in lines), lines
    assert not [line for line in lines if line.startswith("error:")], lines
