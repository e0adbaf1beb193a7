"""``gonghui bench ...``: benchmarks against the alternative a user would pick, on the same data in one run.

``gonghui bench stats --orgs N --members N [--database sqlite|postgres] [--repeat 20] [--recount-repeat 5]
[--keep]`` seeds a city in a fresh database and times its full dashboard from the counters against the direct
recount, checks they agree and prints
``stats orgs=... members=... dashboard_p95_ms=... recount_p95_ms=... speedup=...x`` last.

``gonghui bench import --rows N [--database sqlite|postgres] [--bad-share 0.05] [--methods ours,import_export,raw]
[--repeat 1] [--keep]`` imports an N-row member sheet with gonghui's importer, with django-import-export and raw (the
ceiling), each into a fresh database in a process of its own, checks the results agree and prints
``import N=... ours=...rows/s import_export=...rows/s raw=...rows/s vs_import_export=...x of_raw=...`` last.

``gonghui bench pages --scale city|province [--orgs N --members N] [--database sqlite|postgres] [--repeat 20]
[--keep] [--reuse DATABASE_URL]`` seeds a database of that scale and times a fixed set of pages and API calls as a
city (or province) official and a township official, ours against the plain Django way (COUNT and OFFSET paging),
and prints ``pages scale=... members=... p95_ms=... worst=PAGE:...ms plain_p95_ms=... speedup=...x`` last.

``gonghui bench load --users 50 --seconds 120 [--scale city] [--orgs N --members N] [--database sqlite|postgres]
[--workers W] [--keep] [--reuse DATABASE_URL --workdir KEPT_DIR]`` seeds a database of that scale, serves it with
gunicorn on the loopback and drives it with locust (officials of four levels signing in and browsing, searching,
exporting and calling the API) for that long, and prints ``load users=... rps=... p95_ms=... errors=...`` last.
See ``benchmarks/README.md``.
"""

import importlib.util

from django.core.management.base import BaseCommand, CommandError

from gonghui.tools.bench import importbench, loadbench, pagesbench, statsbench
from gonghui.tools.bench.common import BenchFailed


def _methods(value):
    methods = tuple(m.strip() for m in value.split(",") if m.strip())
    unknown = [m for m in methods if m not in importbench.METHODS]
    if unknown or not methods:
        raise ValueError(f"unknown methods {unknown}; choose from {', '.join(importbench.METHODS)}")
    return methods


def _share(value):
    share = float(value)
    if not 0 <= share < 1:
        raise ValueError("between 0 and 1")
    return share


def _think(value):
    low, _sep, high = value.partition(":")
    low, high = float(low), float(high or low)
    if not 0 <= low <= high:
        raise ValueError("MIN:MAX seconds, 0 <= MIN <= MAX")
    return (low, high)


def _scaled_database_arguments(parser, kind):
    """The options bench pages and bench load share: the scale of the seeded data, the database, and keeping or
    reusing it."""
    parser.add_argument("--scale", default="city",
                        help="city (60,000 organisations, 2,400,000 members) or province (500,000 and 20,000,000); "
                             "$GONGHUI_BENCH_PAGES_SCALES changes them (city=ORGS:MEMBERS,...)")
    parser.add_argument("--orgs", type=int, default=None, help="organisations instead of the scale's")
    parser.add_argument("--members", type=int, default=None, help="members instead of the scale's")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--keep", action="store_true", help="keep the work dir and the database")
    parser.add_argument("--workdir", default=None,
                        help=f"work dir, left in place (default a new /tmp/gh-bench-{kind}-* dir, removed unless "
                             "--keep)")
    parser.add_argument("--pg-url", default=None,
                        help=f"PostgreSQL server for the gh_bench_{kind}_* database (as for bench import)")
    parser.add_argument("--reuse", default=None, metavar="DATABASE_URL",
                        help="run again on a database an earlier run kept (--keep, bench pages or load, or gonghui "
                             "seed --province), with --workdir its work dir (its keys): no seeding, nothing dropped")


class Command(BaseCommand):
    help = "Benchmarks: each runs our code and the alternative a user would pick, and prints the ratio last."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="bench", required=True, metavar="{import,stats,pages,load}")
        imp = sub.add_parser("import", help="member import: ours vs django-import-export vs raw inserts")
        imp.add_argument("--rows", type=int, default=20_000, help="rows in the member sheet (default 20000)")
        imp.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
        imp.add_argument("--bad-share", type=_share, default=0.05, help="share of bad rows (default 0.05)")
        imp.add_argument("--methods", type=_methods, default=None,
                         help="comma separated: ours,import_export,raw (default all three); ours_no_counters is ours "
                              "without the statistics counters, to measure what they cost")
        imp.add_argument("--repeat", type=int, default=1,
                         help="rounds of every method, alternated (default 1); each method's time is its median")
        imp.add_argument("--keep", action="store_true", help="keep the work dir (sheet, results) and databases")
        imp.add_argument("--workdir", default=None, help="work dir (default a new /tmp/gh-bench-* dir)")
        imp.add_argument("--pg-url", default=None,
                         help="PostgreSQL server to create the gh_bench_* databases on (default $GONGHUI_BENCH_PG_URL, "
                              "else $DATABASE_URL if PostgreSQL, else postgres://postgres@127.0.0.1:5432/postgres)")
        imp.add_argument("--orgs", type=int, default=400, help="organisations in the seeded city (default 400)")
        imp.add_argument("--seed", type=int, default=2026, help="random seed of the sheet and the city")
        imp.add_argument("--profile", choices=("pyinstrument", "cprofile"), default=None,
                         help="profile each method (with --keep to read the profiles; slows them down)")
        st = sub.add_parser("stats", help="city dashboard: ours (per-organisation counters) vs the direct recount")
        st.add_argument("--orgs", type=int, default=3000, help="organisations in the seeded city (default 3000)")
        st.add_argument("--members", type=int, default=100_000, help="members in the seeded city (default 100000)")
        st.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
        st.add_argument("--repeat", type=int, default=20, help="timed runs of our dashboard (default 20)")
        st.add_argument("--recount-repeat", type=int, default=5, help="timed runs of the recount (default 5)")
        st.add_argument("--keep", action="store_true", help="keep the work dir and the database")
        st.add_argument("--workdir", default=None, help="work dir (default a new /tmp/gh-bench-stats-* dir)")
        st.add_argument("--pg-url", default=None, help="PostgreSQL server for the gh_bench_stats_* database "
                                                        "(as for bench import)")
        st.add_argument("--seed", type=int, default=1, help="random seed of the city (default 1)")
        st.add_argument("--workers", type=int, default=2, help="seeding processes (as gonghui seed; default 2)")
        st.add_argument("--reuse", default=None, metavar="DATABASE_URL",
                        help="time again on a database an earlier run kept (--keep): no seeding, nothing dropped")

        pg = sub.add_parser("pages", help="pages and API per official: ours vs the plain Django way (COUNT, OFFSET)")
        _scaled_database_arguments(pg, "pages")
        pg.add_argument("--repeat", type=int, default=20, help="timed rounds of every page, both ways (default 20)")
        pg.add_argument("--seed", type=int, default=1, help="random seed of the data (default 1)")
        pg.add_argument("--workers", type=int, default=2, help="seeding processes (as gonghui seed; default 2)")
        pg.add_argument("--plain-timeout", type=float, default=0, metavar="SECONDS",
                        help="cut a plain request after this long and count it as this long: its figures are then "
                             "lower bounds (SQLite: the whole request; PostgreSQL: each statement; default 0, never)")

        ld = sub.add_parser("load", help="many officials at once: locust drives gunicorn on a seeded city")
        ld.add_argument("--users", type=int, default=50, help="officials browsing at once (default 50)")
        ld.add_argument("--seconds", type=int, default=120, help="how long they browse (default 120)")
        ld.add_argument("--spawn-rate", type=float, default=None,
                        help="users started a second (default: all of them within 10 s)")
        ld.add_argument("--think", type=_think, default=(2.0, 10.0), metavar="MIN:MAX",
                        help="seconds an official reads a page before the next request, uniform (default 2:10; "
                             "0:0 for a stress test)")
        _scaled_database_arguments(ld, "load")
        ld.add_argument("--workers", type=int, default=None,
                        help="gunicorn worker processes (default 2 per CPU + 1)")
        ld.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (default 4)")
        ld.add_argument("--seed", type=int, default=1, help="random seed of the data and the officials (default 1)")
        ld.add_argument("--seed-workers", type=int, default=2, help="seeding processes (as gonghui seed; default 2)")

    def handle(self, *args, **opts):
        if opts["bench"] == "import":
            return self._import(opts)
        if opts["bench"] == "stats":
            return self._stats(opts)
        if opts["bench"] == "pages":
            return self._pages(opts)
        if opts["bench"] == "load":
            return self._load(opts)
        raise CommandError(f"unknown benchmark {opts['bench']}")

    def _import(self, opts):
        opts["methods"] = opts["methods"] or importbench.DEFAULT_METHODS
        if opts["rows"] < 1 or opts["repeat"] < 1:
            raise CommandError("--rows and --repeat must be at least 1")
        if "import_export" in opts["methods"]:
            try:
                import import_export  # noqa: F401
            except ImportError:
                raise CommandError("django-import-export is not installed: pip install 'gonghui[bench]', "
                                   "or leave it out with --methods ours,raw") from None
        options = importbench.Options(rows=opts["rows"], database=opts["database"], bad_share=opts["bad_share"],
                          methods=opts["methods"], keep=opts["keep"], workdir=opts["workdir"], pg_url=opts["pg_url"],
                          seed=opts["seed"], orgs=opts["orgs"], profile=opts["profile"],
                          repeat=opts["repeat"])

        def say(line):
            self.stdout.write(line)
            self.stdout.flush()

        try:
            outcome = importbench.run(options, say=say)
        except BenchFailed as exc:
            raise CommandError(str(exc)) from None
        if not outcome.ok:
            raise CommandError("the methods' results differ: " + "; ".join(outcome.problems))

    def _stats(self, opts):
        if opts["orgs"] < 10 or opts["members"] < 1 or opts["repeat"] < 1 or opts["recount_repeat"] < 1:
            raise CommandError("--orgs must be at least 10, --members, --repeat and --recount-repeat at least 1")
        options = statsbench.Options(orgs=opts["orgs"], members=opts["members"], database=opts["database"],
                                     repeat=opts["repeat"], recount_repeat=opts["recount_repeat"], keep=opts["keep"],
                                     workdir=opts["workdir"], pg_url=opts["pg_url"], seed=opts["seed"],
                                     workers=opts["workers"], reuse=opts["reuse"])

        def say(line):
            self.stdout.write(line)
            self.stdout.flush()

        try:
            statsbench.run(options, say=say)
        except BenchFailed as exc:
            raise CommandError(str(exc)) from None

    def _pages(self, opts):
        if (opts["orgs"] is not None and opts["orgs"] < 10) or (opts["members"] is not None and opts["members"] < 1) \
                or opts["repeat"] < 1 or opts["plain_timeout"] < 0:
            raise CommandError("--orgs must be at least 10, --members and --repeat at least 1, --plain-timeout not "
                               "negative")
        options = pagesbench.Options(scale=opts["scale"], orgs=opts["orgs"], members=opts["members"],
                                     database=opts["database"], repeat=opts["repeat"], keep=opts["keep"],
                                     workdir=opts["workdir"], pg_url=opts["pg_url"], seed=opts["seed"],
                                     workers=opts["workers"], reuse=opts["reuse"],
                                     plain_timeout=opts["plain_timeout"])

        def say(line):
            self.stdout.write(line)
            self.stdout.flush()

        try:
            pagesbench.run(options, say=say)
        except BenchFailed as exc:
            raise CommandError(str(exc)) from None

    def _load(self, opts):
        if (opts["orgs"] is not None and opts["orgs"] < 10) or (opts["members"] is not None and opts["members"] < 1) \
                or opts["users"] < 1 or opts["seconds"] < 1 or (opts["workers"] is not None and opts["workers"] < 1):
            raise CommandError("--orgs must be at least 10, --members, --users, --seconds and --workers at least 1")
        # Looked up, not imported: importing locust patches the process with gevent (the driver's process only).
        if importlib.util.find_spec("locust") is None:
            raise CommandError("locust is not installed: pip install 'gonghui[bench]'")
        options = loadbench.Options(
            users=opts["users"], seconds=opts["seconds"], spawn_rate=opts["spawn_rate"], think=opts["think"],
            scale=opts["scale"], orgs=opts["orgs"], members=opts["members"], database=opts["database"],
            workers=opts["workers"], threads=max(1, opts["threads"]), keep=opts["keep"], workdir=opts["workdir"],
            pg_url=opts["pg_url"], seed=opts["seed"], seed_workers=opts["seed_workers"], reuse=opts["reuse"])

        def say(line):
            self.stdout.write(line)
            self.stdout.flush()

        try:
            result = loadbench.run(options, say=say)
        except BenchFailed as exc:
            raise CommandError(str(exc)) from None
        if result["errors"]:
            raise CommandError(f"{result['errors']} of {result['requests']} requests failed (see the errors above)")
