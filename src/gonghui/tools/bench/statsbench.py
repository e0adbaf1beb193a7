"""``gonghui bench stats``: the city dashboard from gonghui's counters against the direct recount.

One run: a fresh database (SQLite: a new file in the work dir; PostgreSQL: ``gh_bench_stats_<pid>``), in a
process of its own: migrated, seeded with ``gonghui seed``'s generator (which builds the counters with
``counters.rebuild()`` at its end, timed on its own), then the full dashboard of the city for the current
year, each way:

- **ours**: ``gonghui.stats.selectors.dashboard_data(city, period)``: every indicator of the registry, every
  breakdown, the breakdown by live children, the trend and the coverage tree, from the per-organisation
  counters (a fresh :class:`~gonghui.stats.registry.StatsContext` each call, nothing cached between runs);
- **recount**: the same figures straight from the records: ``indicator.recount(org, period)`` for every
  derived indicator of the city and every children-table indicator of each live child, and
  ``indicators.breakdown_recount`` for every breakdown.

The first run of each (untimed: it also warms the caches) gives the figures compared; any difference fails
the run. Then ``--repeat`` timed runs of ours and ``--recount-repeat`` of the recount; the p50/p95 of each and,
last, ``stats orgs=… members=… dashboard_p95_ms=… recount_p95_ms=… speedup=…x``.
"""

import base64
import json
import math
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .importbench import BenchFailed, _loadavg, _pg_url, _terminate_as_exit, _with_db


@dataclass
class Options:
    orgs: int = 3000
    members: int = 100_000
    database: str = "sqlite"
    repeat: int = 20
    recount_repeat: int = 5
    keep: bool = False
    workdir: str | None = None
    pg_url: str | None = None
    seed: int = 1
    workers: int = 2
    reuse: str | None = None  # DATABASE_URL of a database a run kept (--keep): time it again, no seeding


def percentile(samples, q):
    """Nearest-rank percentile (q in 0..100) of a list of numbers."""
    s = sorted(samples)
    return s[max(0, math.ceil(q / 100 * len(s)) - 1)]


def run(opts: Options, say=print):
    """Run the benchmark (``say`` prints each line; the last is the summary). Returns the result dict."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return _run(opts, say)
    previous = signal.signal(signal.SIGTERM, _terminate_as_exit)
    try:
        return _run(opts, say)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(opts, say):
    if opts.database not in ("sqlite", "postgres"):
        raise BenchFailed("--database is sqlite or postgres")
    if opts.reuse:  # the kept database says which it is
        opts.database = "postgres" if opts.reuse.startswith(("postgres:", "postgresql:")) else "sqlite"
    workdir = Path(opts.workdir or tempfile.mkdtemp(prefix="gh-bench-stats-", dir="/tmp")).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    load_start = _loadavg()
    say(f"bench stats: {opts.orgs:,} organisations, {opts.members:,} members, {opts.database}; "
        f"{os.cpu_count()} CPUs, load average {load_start}; work dir {workdir}")
    env = dict(os.environ)
    env.update({
        "GONGHUI_DATA_DIR": str(workdir / "data"),
        "GONGHUI_PII_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "GONGHUI_HASH_KEY": secrets.token_urlsafe(32),
        "GONGHUI_SECRET_KEY": secrets.token_urlsafe(40),
        "GONGHUI_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "gonghui.settings",
        "PYTHONUNBUFFERED": "1",
    })
    admin = None
    db_name = f"gh_bench_stats_{os.getpid()}"
    if opts.reuse:
        env["DATABASE_URL"] = opts.reuse
    elif opts.database == "postgres":
        import psycopg

        base = _pg_url(opts)
        admin = psycopg.connect(_with_db(base, "postgres").replace("postgres://", "postgresql://", 1), autocommit=True)
        admin.execute(f'DROP DATABASE IF EXISTS "{db_name}"')
        admin.execute(f'CREATE DATABASE "{db_name}"')
        env["DATABASE_URL"] = _with_db(base, db_name)
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'stats.sqlite3'}"
    task = {"orgs": opts.orgs, "members": opts.members, "repeat": opts.repeat, "recount_repeat": opts.recount_repeat,
            "seed": opts.seed, "workers": opts.workers, "result": str(workdir / "result.json"), "reuse": bool(opts.reuse)}
    task_path = workdir / "task.json"
    task_path.write_text(json.dumps(task))
    try:
        proc = subprocess.Popen([sys.executable, "-m", "gonghui.tools.bench.statsbench", str(task_path)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=str(workdir))
        tail = []
        try:
            for line in proc.stdout:
                line = line.rstrip("\n")
                tail = (tail + [line])[-25:]
                if line.startswith("  "):
                    say(line[2:])
        finally:
            proc.wait()
        result_path = Path(task["result"])
        if proc.returncode != 0 or not result_path.exists():
            raise BenchFailed(f"the benchmark process failed (exit {proc.returncode}):\n" + "\n".join(tail))
        result = json.loads(result_path.read_text())
    finally:
        if admin is not None:
            if not opts.keep:
                admin.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
            admin.close()
        if not opts.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    say(f"load average at the end {_loadavg()} (at the start {load_start})"
        + (f"; kept {workdir}" + (f" and database {db_name}" if admin is not None else "") if opts.keep else ""))
    if result["problems"]:
        raise BenchFailed("CHECK FAILED: the dashboard and the recount differ: " + "; ".join(result["problems"][:20]))
    say(f"stats orgs={result['orgs']} members={result['members']} dashboard_p95_ms={result['ours_p95_ms']:.1f} "
        f"recount_p95_ms={result['recount_p95_ms']:.1f} speedup={result['recount_p95_ms'] / result['ours_p95_ms']:.0f}x")
    return result


# --- the benchmark process ----------------------------------------------------------------------------------


def _say(line=""):
    print("  " + line, flush=True)


def _ours(city, period):
    """The figures of the dashboard, as the comparison needs them."""
    from gonghui.stats.selectors import dashboard_data

    data = dashboard_data(city, period)
    return data


def _ours_figures(data):
    from gonghui.stats.registry import get

    figures = {("city", k): v for k, v in data["values"].items() if get(k).derived}
    for b in data["breakdowns"]:
        figures[("breakdown", b["key"])] = {i["key"]: i["value"] for i in b["items"]}
    for r in data["children"]:
        for k, v in r["values"].items():
            figures[("child", r["code"], k)] = v
    return figures


def _recount(city, period, skipped):
    """The same figures straight from the records."""
    from gonghui.orgs.models import Organisation
    from gonghui.stats.counters import LIVE_ORG_STATUSES
    from gonghui.stats.indicators import breakdown_recount
    from gonghui.stats.registry import all_indicators, breakdowns, get
    from gonghui.stats.selectors import CHILD_INDICATORS

    figures = {}
    for ind in all_indicators():
        if not ind.derived:
            continue
        try:
            figures[("city", ind.key)] = ind.recount(city, period)
        except NotImplementedError:
            skipped.add(ind.key)
    for b in breakdowns():
        figures[("breakdown", b.key)] = {k: n for k, n in breakdown_recount(b.key, city, period).items() if n}
    children = Organisation.objects.filter(path__startswith=city.path, depth=city.depth + 1,
                                           status__in=LIVE_ORG_STATUSES).order_by("path")
    for child in children:
        for k in CHILD_INDICATORS:
            figures[("child", child.code, k)] = get(k).recount(child, period)
    return figures


def _compare(ours, recount, skipped):
    problems = []
    for key in sorted(set(ours) | set(recount), key=str):
        if key[0] == "city" and key[1] in skipped:
            continue
        a, b = ours.get(key, "absent"), recount.get(key, "absent")
        if a != b:
            problems.append(f"{'/'.join(map(str, key))}: dashboard {a!r}, recount {b!r}")
    return problems


def _timed(fn, n):
    samples = []
    for _i in range(n):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return samples


def work(task):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from gonghui.members.models import Member
    from gonghui.orgs.models import Organisation
    from gonghui.stats import counters
    from gonghui.stats.models import OrgCounter
    from gonghui.stats.periods import Period
    from gonghui.tools.demo.seeder import CitySeeder

    if task.get("reuse"):
        _say(f"database: {connection.vendor} {connection.settings_dict['NAME']}, kept by an earlier run: "
             f"no seeding, no rebuild")
        rows, rebuild_s = OrgCounter.objects.count(), None
        city = Organisation.get_root_nodes().first()
    else:
        t = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        _say(f"database: {connection.vendor} {connection.settings_dict['NAME']}, migrated in "
             f"{time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        seeded = CitySeeder(orgs=task["orgs"], members=task["members"], seed=task["seed"], workers=task["workers"],
                            log=lambda msg: _say("seed: " + msg), note="gonghui bench stats").run()
        _say(f"seeded in {time.perf_counter() - t:.1f} s: {seeded.organisations:,} organisations, {seeded.units:,} "
             f"employer units, {seeded.members:,} members (the counters built by rebuild() in "
             f"{seeded.timings.get('counters', 0):.1f} s of it)")
        t = time.perf_counter()
        rows = counters.rebuild()
        rebuild_s = time.perf_counter() - t
        _say(f"counters rebuild() again, on its own: {rows:,} rows in {rebuild_s:.1f} s (ANALYZE included)")
        city = Organisation.objects.get(pk=seeded.root.pk)
    period = Period.year(timezone.localdate().year)
    orgs = Organisation.objects.count()
    members = Member.objects.count()
    _say(f"city {city.code} {city.name}: {orgs:,} organisations, {members:,} members, "
         f"{OrgCounter.objects.count():,} counter rows; period {period.token} ({period.start} to {period.end})")

    # The first run of each gives the figures compared (and warms the caches); it is not timed.
    skipped = set()
    t = time.perf_counter()
    ours = _ours_figures(_ours(city, period))
    first_ours = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    recounted = _recount(city, period, skipped)
    first_recount = (time.perf_counter() - t) * 1000
    problems = _compare(ours, recounted, skipped)
    n_children = len({k[1] for k in ours if k[0] == "child"})
    n_city = len([k for k in ours if k[0] == "city"])
    _say(f"figures: {n_city} indicators of the city, {len([k for k in ours if k[0] == 'breakdown'])} breakdowns, "
         f"{n_children} live children x {len({k[2] for k in ours if k[0] == 'child'})} indicators"
         + (f"; no recount for {', '.join(sorted(skipped))} (not compared)" if skipped else ""))
    if problems:
        _say(f"CHECK FAILED: {len(problems)} figures differ:")
        for p in problems[:20]:
            _say("    " + p)
    else:
        _say(f"check passed: the dashboard equals the recount on all {len(recounted)} figures "
             f"(first runs, untimed: ours {first_ours:.1f} ms, recount {first_recount:.1f} ms)")
    for k in (("city", "members"), ("city", "new_members"), ("city", "unionisation_rate"), ("city", "membership_rate")):
        if k in ours:
            _say(f"    {k[1]} = {ours[k]}")

    ours_ms = _timed(lambda: _ours(city, period), task["repeat"])
    _say(f"ours    (dashboard_data, {task['repeat']} runs): p50 {percentile(ours_ms, 50):9.1f} ms   "
         f"p95 {percentile(ours_ms, 95):9.1f} ms   min {min(ours_ms):.1f}   max {max(ours_ms):.1f}")
    recount_ms = _timed(lambda: _recount(city, period, set()), task["recount_repeat"])
    _say(f"recount ({task['recount_repeat']} runs):                p50 {percentile(recount_ms, 50):9.1f} ms   "
         f"p95 {percentile(recount_ms, 95):9.1f} ms   min {min(recount_ms):.1f}   max {max(recount_ms):.1f}")
    result = {
        "orgs": orgs, "members": members, "period": period.token, "rebuild_s": rebuild_s, "counter_rows": rows,
        "ours_ms": ours_ms, "recount_ms": recount_ms, "ours_p50_ms": percentile(ours_ms, 50),
        "ours_p95_ms": percentile(ours_ms, 95), "recount_p50_ms": percentile(recount_ms, 50),
        "recount_p95_ms": percentile(recount_ms, 95), "problems": problems, "skipped": sorted(skipped),
    }
    _say(f"speed-up at p95: {result['recount_p95_ms'] / result['ours_p95_ms']:.0f}x; at p50: "
         f"{result['recount_p50_ms'] / result['ours_p50_ms']:.0f}x")
    Path(task["result"]).write_text(json.dumps(result))


if __name__ == "__main__":
    work(json.loads(Path(sys.argv[1]).read_text()))
