"""`gonghui bench pages`: a tiny run (60 organisations, 600 members, 2 rounds) prints a line per page and the
summary line, and every page, ours and the plain Django way, answered 200 for both officials.

The benchmark makes its own database (a SQLite file, or a gh_bench_pages_* database on the PostgreSQL server the
suite runs on) in a process of its own; this test only runs the command.
"""

import io
import os
import re

from django.core.management import call_command

DATABASE = "postgres" if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")) else "sqlite"
SUMMARY = re.compile(r"^pages scale=custom members=600 p95_ms=\d+\.\d worst=(upper|township)/[a-z_]+:\d+\.\dms "
                     r"plain_p95_ms=\d+\.\d speedup=\d+\.\dx$")
PAGES = ("member_list", "search_id", "search_phone", "search_member_no", "search_name", "org_tree", "member_detail",
         "dashboard", "api_members", "api_search_id")


def test_bench_pages_smoke():
    out = io.StringIO()
    call_command("bench", "pages", "--orgs", "60", "--members", "600", "--repeat", "2", "--workers", "0",
                 "--database", DATABASE, stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert SUMMARY.match(lines[-1]), lines
    assert not [line for line in lines if "CHECK FAILED" in line], lines
    assert f"check passed: all {2 * 2 * len(PAGES)} pages answered 200 (ours and plain)" in out.getvalue(), lines
    for role in ("upper", "township"):
        for page in PAGES:
            assert any(re.match(rf"^{role}/{page}\s+(\d+\.\d\s+){{4}}\d+\.\dx$", line) for line in lines), (role, page)


def test_a_plain_request_is_cut_at_the_timeout(db):
    import time

    import pytest
    from django.db import DatabaseError, connection

    from gonghui.tools.bench.pageswork import _deadline

    slow = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000) "
            "SELECT COUNT(*) FROM n")
    started = time.perf_counter()
    with pytest.raises(DatabaseError):
        with _deadline(0.2), connection.cursor() as cursor:
            cursor.execute(slow)
    assert time.perf_counter() - started < 5
    with _deadline(5), connection.cursor() as cursor:  # a quick one is not cut, and nothing is left behind
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 2")
        assert cursor.fetchone() == (2,)
