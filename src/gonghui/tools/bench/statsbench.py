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
last, ``stats orgs=… members=… dashboard_p95_ms=… recount_p95_ms=… speedup=…x``. The benchmark process's code is
:mod:`gonghui.tools.bench.statswork`.
"""

import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import django

from .common import (
    BenchFailed,
    bench_database,
    child_env,
    loadavg,
    run_in_process,
    stopping_on_sigterm,
)


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


def run(opts: Options, say=print):
    """Run the benchmark (``say`` prints each line; the last is the summary). Returns the result dict."""
    return stopping_on_sigterm(_run, opts, say)


def _run(opts, say):
    if opts.database not in ("sqlite", "postgres"):
        raise BenchFailed("--database is sqlite or postgres")
    if opts.reuse:  # the kept database says which it is
        opts.database = "postgres" if opts.reuse.startswith(("postgres:", "postgresql:")) else "sqlite"
    workdir = Path(opts.workdir or tempfile.mkdtemp(prefix="gh-bench-stats-", dir="/tmp")).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    load_start = loadavg()
    say(f"bench stats: {opts.orgs:,} organisations, {opts.members:,} members, {opts.database}; "
        f"{os.cpu_count()} CPUs, load average {load_start}; work dir {workdir}")
    env = child_env(workdir)
    task = {"orgs": opts.orgs, "members": opts.members, "repeat": opts.repeat, "recount_repeat": opts.recount_repeat,
            "seed": opts.seed, "workers": opts.workers, "result": str(workdir / "result.json"),
            "reuse": bool(opts.reuse)}
    try:
        with bench_database(opts, "stats", workdir, env, say, load_start):
            result = run_in_process("gonghui.tools.bench.statsbench", task, workdir, env, say)
    finally:
        if not opts.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    if result["problems"]:
        raise BenchFailed("CHECK FAILED: the dashboard and the recount differ: " + "; ".join(result["problems"][:20]))
    say(f"stats orgs={result['orgs']} members={result['members']} dashboard_p95_ms={result['ours_p95_ms']:.1f} "
        f"recount_p95_ms={result['recount_p95_ms']:.1f} "
        f"speedup={result['recount_p95_ms'] / result['ours_p95_ms']:.0f}x")
    return result


if __name__ == "__main__":  # the benchmark process: Django is set up before the code that needs it is imported
    django.setup()
    from gonghui.tools.bench.statswork import work

    work(json.loads(Path(sys.argv[1]).read_text()))
