"""`gonghui bench stats`: a tiny run (100 organisations, 1,000 members) prints the figures and the summary line, and
the dashboard equals the recount.

The benchmark makes its own database (a SQLite file, or a gh_bench_stats_* database on the PostgreSQL server the
suite runs on) in a process of its own; this test only runs the command.
"""

import io
import os
import re

from django.core.management import call_command

DATABASE = "postgres" if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")) else "sqlite"
SUMMARY = re.compile(r"^stats orgs=100 members=1000 dashboard_p95_ms=\d+\.\d recount_p95_ms=\d+\.\d speedup=\d+x$")


def test_bench_stats_smoke():
    out = io.StringIO()
    call_command("bench", "stats", "--orgs", "100", "--members", "1000", "--repeat", "2", "--recount-repeat", "1",
                 "--workers", "0", "--database", DATABASE, stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert SUMMARY.match(lines[-1]), lines
    assert not [line for line in lines if "CHECK FAILED" in line], lines
    assert any(line.startswith("check passed: the dashboard equals the recount on all ") for line in lines), lines
    assert any(line.startswith("seeded in ") and "100 organisations" in line and "1,000 members" in line
               for line in lines), lines
