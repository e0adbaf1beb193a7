"""`gonghui bench load`: a tiny run (60 organisations, 600 members, 3 users for 5 s) serves the database with
gunicorn, drives it with locust, prints a line per request kind and the summary line, and nothing failed.

The benchmark makes its own database (a SQLite file, or a gh_bench_load_* database on the PostgreSQL server the
suite runs on), server and locust process (gevent's patching stays there); this test only runs the command.
"""

import io
import os
import re

from django.core.management import call_command

DATABASE = "postgres" if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")) else "sqlite"
SUMMARY = re.compile(r"^load users=3 rps=\d+\.\d p95_ms=\d+\.\d errors=0$")


def test_bench_load_smoke():
    out = io.StringIO()
    call_command("bench", "load", "--orgs", "60", "--members", "600", "--users", "3", "--seconds", "5",
                 "--think", "0.2:1", "--seed-workers", "0", "--workers", "2", "--threads", "2",
                 "--database", DATABASE, stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert SUMMARY.match(lines[-1]), lines
    assert any(line.startswith("server: gunicorn at http://127.0.0.1:") for line in lines), lines
    # every user signed in: the sign-in page and the sign-in itself, three times each, none failed
    for name in ("login_page", "login"):
        assert any(re.match(rf"^{name}\s+3\s+0\s+(\d+\.\d\s+){{2}}\d+\.\d$", line) for line in lines), (name, lines)
    assert not [line for line in lines if line.startswith("error:")], lines
