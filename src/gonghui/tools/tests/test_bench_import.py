"""`gonghui bench import`: a tiny run (300 rows) prints the figures and the summary line, and the check passes.

The benchmark makes its own databases (a SQLite file, or gh_bench_* databases on the PostgreSQL server the
suite runs on) in processes of its own; this test only runs the command. django-import-export is optional
(the ``bench`` extra): without it the run compares ours with raw only.
"""

import importlib.util
import io
import os
import re

from django.core.management import call_command

DATABASE = "postgres" if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")) else "sqlite"

SUMMARY = re.compile(
    r"^import N=300 ours=(\d+)rows/s import_export=(\d+rows/s|n/a) raw=(\d+)rows/s "
    r"vs_import_export=(\d+\.\dx|n/a) of_raw=(\d+\.\d\d)$"
)


def test_bench_import_smoke():
    has_ie = importlib.util.find_spec("import_export") is not None
    methods = "ours,import_export,raw" if has_ie else "ours,raw"
    out = io.StringIO()
    call_command("bench", "import", "--rows", "300", "--database", DATABASE, "--methods", methods, stdout=out)
    lines = out.getvalue().strip().splitlines()

    match = SUMMARY.match(lines[-1])
    assert match, lines[-1]
    ours, ie, raw, vs_ie, of_raw = match.groups()
    assert int(ours) > 0 and int(raw) > 0
    assert (ie != "n/a") == has_ie and (vs_ie != "n/a") == has_ie
    assert abs(float(of_raw) - int(ours) / int(raw)) < 0.01

    assert not [line for line in lines if "CHECK FAILED" in line], lines
    check = [line for line in lines if line.startswith("check passed")]
    assert check and "refused exactly its 15 bad rows" in check[0], lines
    for method in methods.split(","):
        figures = re.compile(rf"^{method}\s+\d+\.\d\d s\s+[\d,]+ rows/s\s+peak memory\s+\d+ MB")
        assert any(figures.match(line) for line in lines), lines
    assert any(line.startswith("sheet: 300 rows, 15 bad") for line in lines)


def test_bench_import_measures_what_the_counters_cost():
    """``ours_no_counters`` runs the same import without the statistics counters (no counting, no upserts, no
    join-date index) and stores the same members; the run prints what the counters cost, from the medians of
    alternated rounds."""
    out = io.StringIO()
    call_command("bench", "import", "--rows", "300", "--database", DATABASE, "--methods", "ours,ours_no_counters",
                 "--repeat", "3", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert not [line for line in lines if "CHECK FAILED" in line], lines
    assert any(line.startswith("check passed: ours and ours_no_counters each") for line in lines), lines
    rounds = [line.split()[0] for line in lines if re.search(r"\(round \d of 3\)$", line)]
    assert rounds == ["ours", "ours_no_counters"] * 3, lines
    medians = [line for line in lines if line.startswith("medians of 3 alternated rounds: ")]
    assert medians, lines
    found = {m: (float(median), sorted(map(float, runs.split())))
             for m, median, runs in re.findall(r"(\w+) (\d+\.\d\d) s \(([\d. ]+)\)", medians[0])}
    assert set(found) == {"ours", "ours_no_counters"}, medians
    for median, runs in found.values():
        assert median == runs[1]  # the middle of three
    cost = [line for line in lines if line.startswith("statistics counters: ")]
    assert cost and re.match(r"^statistics counters: ours \d+\.\d\d s, without them \d+\.\d\d s "
                             r"\(medians of 3 rounds\): [+-]\d+\.\d% of the time$", cost[0]), lines
    assert f"ours {found['ours'][0]:.2f} s, without them {found['ours_no_counters'][0]:.2f} s" in cost[0]
    assert lines[-1].startswith("import N=300 ours=")
