"""``gonghui bench pages``: our pages and API against the plain Django way, per official, on the same data.

One run: a database of the requested scale (SQLite: a new file in the work dir; PostgreSQL: ``gh_bench_pages_<pid>``;
or ``--reuse`` of one a run kept), migrated and seeded with ``gonghui seed``'s generator, in a process of its own
(:mod:`.pageswork`, with the settings of :mod:`.settings_pages`); ``--scale province`` seeds with ``gonghui seed
--province``'s generator (a province federation above its cities), and ``--reuse`` also takes a database that
command seeded with ``GONGHUI_DATA_DIR=<work dir>/data`` (its key files there). Two officials (staff): one of the
tree's root (the city; the province at province scale) and one of the township holding the most members. For each,
the fixed set of pages (:func:`.pageswork.pages`): the member list, the member search by exact ID number, phone,
member number and name prefix, the organisation tree's expansion of the official's organisation, a member's page,
the dashboard and the API's member list; each is requested as ours and as the plain Django way (:mod:`.plainpages`:
a ``ListView`` with ``COUNT`` and ``OFFSET`` paging and the same filters), alternated, ``--repeat`` times after an
untimed first round that checks them. Last:
``pages scale=… members=… p95_ms=… worst=PAGE:…ms plain_p95_ms=… speedup=…x``.
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

# The scales (organisations, members); ``$GONGHUI_BENCH_PAGES_SCALES`` changes or adds some, e.g.
# ``city=60000:2400000,province=500000:20000000``.
KEYS_FILE = "keys.json"  # a kept run's personal-data keys (its work dir), for --reuse
SEED_KEYS = ("GONGHUI_PII_KEY", "GONGHUI_HASH_KEY")

DEFAULT_SCALES = {"city": (60_000, 2_400_000), "province": (500_000, 20_000_000)}


def scales():
    found = dict(DEFAULT_SCALES)
    for item in filter(None, (s.strip() for s in os.environ.get("GONGHUI_BENCH_PAGES_SCALES", "").split(","))):
        try:
            name, sizes = item.split("=")
            orgs, members = (int(n) for n in sizes.split(":"))
        except ValueError:
            raise BenchFailed(f"GONGHUI_BENCH_PAGES_SCALES: {item!r} is not NAME=ORGS:MEMBERS") from None
        found[name.strip()] = (orgs, members)
    return found


@dataclass
class Options:
    scale: str = "city"
    orgs: int | None = None  # instead of the scale's
    members: int | None = None
    database: str = "sqlite"
    repeat: int = 20
    keep: bool = False
    workdir: str | None = None
    pg_url: str | None = None
    seed: int = 1
    workers: int = 2
    reuse: str | None = None  # DATABASE_URL of a database a run kept (--keep): time it again, no seeding
    plain_timeout: float = 0  # seconds after which a plain request is cut (0: never)


def sizes(opts):
    """The run's organisations and members, and the name the summary gives the scale (``custom`` when they are not
    the scale's)."""
    known = scales()
    if opts.scale not in known:
        raise BenchFailed(f"--scale is one of {', '.join(known)}")
    orgs, members = known[opts.scale]
    orgs = opts.orgs if opts.orgs is not None else orgs
    members = opts.members if opts.members is not None else members
    return orgs, members, opts.scale if (orgs, members) == known[opts.scale] else "custom"


def run(opts: Options, say=print):
    """Run the benchmark (``say`` prints each line; the last is the summary). Returns the result dict."""
    return stopping_on_sigterm(_run, opts, say)


def _run(opts, say):
    if opts.database not in ("sqlite", "postgres"):
        raise BenchFailed("--database is sqlite or postgres")
    orgs, members, scale = sizes(opts)
    if opts.reuse:  # the kept database says which it is
        opts.database = "postgres" if opts.reuse.startswith(("postgres:", "postgresql:")) else "sqlite"
    made_workdir = opts.workdir is None
    workdir = Path(opts.workdir or tempfile.mkdtemp(prefix="gh-bench-pages-", dir="/tmp")).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    load_start = loadavg()
    what = "a kept database (--reuse)" if opts.reuse else f"scale {scale}, {orgs:,} organisations, {members:,} members"
    say(f"bench pages: {what}, {opts.database}; {os.cpu_count()} CPUs, load average {load_start}; work dir {workdir}")
    env = child_env(workdir) | {"DJANGO_SETTINGS_MODULE": "gonghui.tools.bench.settings_pages"}
    keys_path = workdir / KEYS_FILE
    if opts.reuse:  # the ID numbers searched are decrypted with the keys of the run that kept the database
        key_files = workdir / "data" / "keys"
        if keys_path.exists():
            env.update(json.loads(keys_path.read_text()))
        elif all((key_files / name.lower()).exists() for name in SEED_KEYS):
            # a database seeded by ``gonghui seed`` with GONGHUI_DATA_DIR=<work dir>/data: its key files
            for name in SEED_KEYS:
                env[name] = (key_files / name.lower()).read_text().strip()
        else:
            raise BenchFailed(f"--reuse needs the keys of the run that kept the database: pass its work dir with "
                              f"--workdir (no {KEYS_FILE} in {workdir}, nor key files in {key_files})")
    elif opts.keep:
        keys_path.touch(mode=0o600)
        keys_path.write_text(json.dumps({k: env[k] for k in SEED_KEYS}))
    task = {"orgs": orgs, "members": members, "repeat": opts.repeat, "seed": opts.seed, "workers": opts.workers,
            "result": str(workdir / "result.json"), "reuse": bool(opts.reuse), "province": opts.scale == "province",
            "plain_timeout": opts.plain_timeout}
    try:
        with bench_database(opts, "pages", workdir, env, say, load_start):
            result = run_in_process("gonghui.tools.bench.pagesbench", task, workdir, env, say)
    finally:
        if made_workdir and not opts.keep:  # a work dir given (a kept run's, say) is left as it is
            shutil.rmtree(workdir, ignore_errors=True)
    if opts.reuse:  # the scale whose sizes the kept database has
        scale = next((name for name, n in scales().items() if n == (result["orgs"], result["members"])), "custom")
    if result["problems"]:
        raise BenchFailed("CHECK FAILED: " + "; ".join(result["problems"][:20]))
    say(f"pages scale={scale} members={result['members']} p95_ms={result['p95_ms']:.1f} "
        f"worst={result['worst_page']}:{result['worst_ms']:.1f}ms plain_p95_ms={result['plain_p95_ms']:.1f} "
        f"speedup={result['plain_p95_ms'] / result['p95_ms']:.1f}x")
    return result


if __name__ == "__main__":  # the benchmark process: Django is set up before the code that needs it is imported
    django.setup()
    from gonghui.tools.bench.pageswork import work

    work(json.loads(Path(sys.argv[1]).read_text()))
