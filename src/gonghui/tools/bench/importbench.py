"""``gonghui bench import``: gonghui's member import against django-import-export and the raw ceiling.

One run: a fresh template database (migrated, a seeded city: organisation tree and employer units, the
importing superuser), an N-row member sheet with a known share of bad rows, then for each method a fresh
copy of the template (SQLite: a copy of the file; PostgreSQL: ``CREATE DATABASE ... TEMPLATE``) and the
import of the same sheet in a process of its own, so its peak memory is its own. Then the check (the same
members stored, the same rows refused, both as the sheet says) and the figures, the ratio on the last line.
"""

import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .common import BenchFailed, admin_connection, child_env, loadavg, pg_url, stopping_on_sigterm, with_db
from .sheet import generate_member_sheet

METHODS = ("ours", "import_export", "raw", "ours_no_counters")
DEFAULT_METHODS = ("ours", "import_export", "raw")


@dataclass
class Options:
    rows: int = 20_000
    database: str = "sqlite"
    bad_share: float = 0.05
    methods: tuple = DEFAULT_METHODS
    keep: bool = False
    workdir: str | None = None
    pg_url: str | None = None
    seed: int = 2026
    orgs: int = 400
    profile: str | None = None  # "pyinstrument" or "cprofile": profile each method (timings are then inflated)
    repeat: int = 1  # rounds of every method, alternated; each method's time is the median of its rounds


@dataclass
class Outcome:
    lines: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    results: dict = field(default_factory=dict)
    workdir: str = ""

    @property
    def ok(self):
        return not self.problems


def _check_same_round(method, first, again, problems, emit):
    """A later round of a method must store and refuse exactly what its first round did (the first is checked
    against the sheet)."""
    if (first.get("stored_digest"), first.get("stored"), set(first["refused"])) != \
            (again.get("stored_digest"), again.get("stored"), set(again["refused"])):
        msg = f"CHECK FAILED: a later round of {method} stored or refused other rows than its first"
        problems.append(msg)
        emit(msg)


class Databases:
    """Fresh databases of one kind: a template, then one copy per method."""

    def __init__(self, kind, workdir, pg_url):
        self.kind = kind
        self.workdir = workdir
        self.tag = f"{os.getpid()}"
        self.created = []
        if kind == "postgres":
            self.base_url = pg_url
            self.admin = admin_connection(pg_url)

    def _pg_name(self, what):
        return f"gh_bench_{what}_{self.tag}"

    def template_url(self):
        if self.kind == "sqlite":
            return f"sqlite:///{self.workdir / 'template.sqlite3'}"
        return self._create_pg("template")

    def _create_pg(self, what, template=None):
        """A new PostgreSQL database (dropped first if it is left over), optionally copied from ``template``."""
        name = self._pg_name(what)
        self.admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        copy = f' TEMPLATE "{self._pg_name(template)}"' if template else ""
        self.admin.execute(f'CREATE DATABASE "{name}"{copy}')
        self.created.append(name)
        return with_db(self.base_url, name)

    def fresh_url(self, method):
        if self.kind == "sqlite":
            target = self._drop_sqlite(method)
            src = self.workdir / "template.sqlite3"
            shutil.copyfile(src, target)
            if Path(f"{src}-wal").exists():
                shutil.copyfile(f"{src}-wal", f"{target}-wal")
            return f"sqlite:///{target}"
        return self._create_pg(method, template="template")

    def _drop_sqlite(self, method):
        """Removes the method's SQLite database with its WAL files; returns its path."""
        target = self.workdir / f"{method}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        return target

    def drop(self, method):
        if self.kind == "sqlite":
            self._drop_sqlite(method)
            return
        name = self._pg_name(method)
        self.admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if name in self.created:
            self.created.remove(name)

    def drop_all(self):
        if self.kind != "postgres":
            return
        for name in reversed(self.created):
            self.admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.created.clear()

    def close(self):
        if self.kind == "postgres":
            self.admin.close()


def _run_worker(task, env, workdir):
    """Run one step in its own process; returns its JSON result."""
    name = task["method"]
    task_path = workdir / f"task-{name}.json"
    task["result"] = str(workdir / f"result-{name}.json")
    task_path.write_text(json.dumps(task, ensure_ascii=False))
    log = workdir / f"stderr-{name}.txt"
    with open(log, "w") as err:
        proc = subprocess.run([sys.executable, "-m", "gonghui.tools.bench.worker", str(task_path)], env=env,
                              stdout=err, stderr=subprocess.STDOUT, cwd=str(workdir))
    if proc.returncode != 0 or not Path(task["result"]).exists():
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-25:])
        raise BenchFailed(f"{name} failed (exit {proc.returncode}):\n{tail}")
    return json.loads(Path(task["result"]).read_text())


def _fmt_rate(rate):
    return f"{rate:.0f}rows/s" if rate else "n/a"


def _compare_stored(name, result, expected_lines, expected_digest, problems, say):
    if result.get("stored_digest") == expected_digest:
        return
    stored = set(Path(result["stored_file"]).read_text(encoding="utf-8").splitlines())
    expected = set(expected_lines)
    missing, extra = expected - stored, stored - expected
    msg = (f"CHECK FAILED: {name} stored {len(stored):,} members, the sheet has {len(expected):,} good rows: "
           f"{len(missing):,} good rows not stored as written, {len(extra):,} stored members not in the sheet as such")
    problems.append(msg)
    say(msg)
    for label, sample in (("expected", sorted(missing)[:3]), ("stored", sorted(extra)[:3])):
        for line in sample:
            say(f"    {label}: {line[:12]}… {line.split(chr(9), 1)[1]}")


def _compare_refused(name, result, bad_rows, problems, say):
    refused = {int(k): v for k, v in result["refused"].items()}
    not_refused = sorted(set(bad_rows) - set(refused))
    wrongly = sorted(set(refused) - set(bad_rows))
    if not (not_refused or wrongly):
        return
    msg = (f"CHECK FAILED: {name} refused {len(refused):,} rows; of the sheet's {len(bad_rows):,} bad rows "
           f"{len(not_refused):,} were not refused, and {len(wrongly):,} good rows were refused")
    problems.append(msg)
    say(msg)
    kinds = {}
    for r in not_refused:
        kinds[bad_rows[r]] = kinds.get(bad_rows[r], 0) + 1
    if kinds:
        say(f"    not refused, by kind: {kinds}; e.g. rows {not_refused[:5]}")
    for r in wrongly[:5]:
        say(f"    row {r} refused: {refused[r]}")


def run(opts: Options, say=print) -> Outcome:
    """Run the benchmark, printing as it goes (``say``); the last line printed is the summary.

    SIGTERM ends it like Ctrl-C: the running step's process is killed, the databases and the work dir removed.
    """
    return stopping_on_sigterm(_run, opts, say)


def _run(opts, say):
    out = Outcome()

    def emit(line=""):
        out.lines.append(line)
        say(line)

    methods = [m for m in METHODS if m in opts.methods]
    if opts.database not in ("sqlite", "postgres"):
        raise BenchFailed("--database is sqlite or postgres")
    workdir = Path(opts.workdir or tempfile.mkdtemp(prefix="gh-bench-", dir="/tmp")).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    out.workdir = str(workdir)
    load_start = loadavg()
    emit(f"bench import: {opts.rows:,} rows, {opts.database}, bad share {opts.bad_share:.1%}, "
         f"methods {','.join(methods)}; {os.cpu_count()} CPUs, load average {load_start}; work dir {workdir}")

    hash_key = secrets.token_urlsafe(32)
    env = child_env(workdir, hash_key)
    env.pop("GONGHUI_FAST_HASHER", None)
    dbs = Databases(opts.database, workdir, pg_url(opts) if opts.database == "postgres" else None)
    try:
        # 1. The template: migrated, a seeded city, the importing user.
        t = time.perf_counter()
        username = "bench"
        manifest = _run_worker({"method": "prepare", "orgs": opts.orgs, "seed": opts.seed, "region": "3203",
                                "username": username}, env | {"DATABASE_URL": dbs.template_url()}, workdir)
        emit(f"template database: {manifest['orgs']:,} organisations, {manifest['units']:,} employer units "
             f"(migrate {manifest['migrate_s']:.1f} s, seed {manifest['seed_s']:.1f} s; "
             f"{time.perf_counter() - t:.1f} s in all)")

        # 2. The sheet.
        t = time.perf_counter()
        sheet_path = workdir / f"members-{opts.rows}.xlsx"
        sheet = generate_member_sheet(sheet_path, opts.rows, holders=list(manifest["holders"]),
                                      outside=manifest["outside"], hash_key=hash_key, bad_share=opts.bad_share,
                                      seed=opts.seed)
        expected_digest = sheet.expected_digest
        kinds = ", ".join(f"{k} {v:,}" for k, v in sorted(sheet.kinds.items()))
        with zipfile.ZipFile(sheet_path) as z:
            unzipped = sum(i.file_size for i in z.infolist())
        emit(f"sheet: {opts.rows:,} rows, {len(sheet.bad_rows):,} bad ({kinds}), "
             f"{sheet_path.stat().st_size / 2**20:.1f} MB ({unzipped / 2**20:.0f} MB unpacked), "
             f"written in {time.perf_counter() - t:.1f} s")

        # 3. Each method on a fresh copy of the template, in its own process.
        base_task = {"sheet": str(sheet_path), "city_code": manifest["city_code"], "username": username,
                     "workdir": str(workdir)}
        settings_for = {"import_export": "gonghui.tools.bench.settings_ie"}
        seconds = {}
        rounds = [(k, method) for k in range(opts.repeat) for method in methods]
        for k, method in rounds:
            if method in seconds and method not in out.results:
                continue  # failed in an earlier round
            url = dbs.fresh_url(method)
            task = base_task | {"method": method}
            if opts.profile:
                task["profile"] = opts.profile
            method_env = env | {"DATABASE_URL": url,
                               "DJANGO_SETTINGS_MODULE": settings_for.get(method, "gonghui.settings")}
            try:
                result = _run_worker(task, method_env, workdir)
            except BenchFailed as exc:
                lines = [line for line in str(exc).splitlines() if line.strip()]
                msg = f"{method} FAILED: {lines[-1].strip() if lines else exc}"
                out.problems.append(msg)
                emit(f"{method:<14} FAILED: {lines[-1].strip() if lines else exc}")
                seconds.setdefault(method, [])
                out.results.pop(method, None)
                if not opts.keep:
                    dbs.drop(method)
                continue
            seconds.setdefault(method, []).append(result["seconds"])
            round_note = f"   (round {k + 1} of {opts.repeat})" if opts.repeat > 1 else ""
            result["rate"] = opts.rows / result["seconds"] if result["seconds"] > 0 else 0
            emit(f"{method:<14} {result['seconds']:9.2f} s {result['rate']:>10,.0f} rows/s   peak memory "
                 f"{result['peak_mb']:6.0f} MB   stored {result['stored']:>9,}   refused {len(result['refused']):>7,}"
                 + round_note)
            if k:  # the first round's result is the one checked; later rounds only time
                _check_same_round(method, out.results[method], result, out.problems, emit)
                out.results[method]["seconds"] = statistics.median(seconds[method])
                out.results[method]["rate"] = opts.rows / out.results[method]["seconds"]
                out.results[method]["rounds"] = list(seconds[method])
                if not opts.keep:
                    dbs.drop(method)
                continue
            out.results[method] = result
            if method == "ours":
                job = result["job"]
                audit = ", ".join(f"{k} {v:,}" for k, v in sorted(result.get("audit", {}).items()))
                if job["status"] != "done":
                    out.problems.append(f"ours: the job ended {job['status']}: {job['message']}")
                    emit(f"{'':<14} CHECK FAILED: the job ended {job['status']}: {job['message']}")
                emit(f"{'':<14} job {job['status']}: created {job['created']:,}, updated {job['updated']:,}, "
                     f"error rows {job['error_rows']:,}; history events {result.get('history_events', 0):,}; "
                     f"audit entries: {audit or 'none'}")
            if result.get("note"):
                emit(f"{'':<14} NOTE: {result['note']}")
            if opts.profile:
                emit(f"{'':<14} profile: {workdir}/profile-{method}.* (timing inflated by the profiler)")
            if result.get("base_errors"):
                emit(f"{'':<14} errors outside rows: {result['base_errors']}")
            if not opts.keep:
                dbs.drop(method)  # what the check needs is in the result files

        # 4. The check.
        problems = out.problems
        bad_rows = sheet.bad_rows
        for method in ("ours", "import_export", "ours_no_counters"):
            if method in out.results:
                result = out.results[method]
                _compare_stored(method, result, sheet.expected, expected_digest, problems, emit)
                _compare_refused(method, result, bad_rows, problems, emit)
                pii_check = result.get("pii", {})
                if any(pii_check.values()):
                    msg = f"CHECK FAILED: {method} stored ID numbers that do not decrypt or hash right: {pii_check}"
                    problems.append(msg)
                    emit(msg)
                statuses = result.get("statuses", {})
                if set(statuses) - {"active"}:
                    msg = f"CHECK FAILED: {method} stored members not active: {statuses}"
                    problems.append(msg)
                    emit(msg)
        if "ours" in out.results and "import_export" in out.results:
            a, b = out.results["ours"], out.results["import_export"]
            if a.get("stored_digest") != b.get("stored_digest") or set(a["refused"]) != set(b["refused"]):
                msg = "CHECK FAILED: ours and import_export differ (members stored or rows refused)"
                problems.append(msg)
                emit(msg)
        if "raw" in out.results and out.results["raw"]["stored"] != opts.rows:
            msg = f"CHECK FAILED: raw stored {out.results['raw']['stored']:,} rows, not {opts.rows:,}"
            problems.append(msg)
            emit(msg)
        if not problems:
            checked = [m for m in ("ours", "import_export", "ours_no_counters") if m in out.results]
            who = " and ".join(checked) + (" each" if len(checked) > 1 else "")
            emit(f"check passed: {who or 'no validating method'} stored exactly the sheet's "
                 f"{len(sheet.expected):,} good rows (names, ID hashes that match the decrypted numbers, unions, "
                 f"units, dates, choices) and refused exactly its {len(bad_rows):,} bad rows"
                 + ("; raw stored every row" if "raw" in out.results else ""))
    finally:
        if not opts.keep:
            dbs.drop_all()
        dbs.close()
        if not opts.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    r = out.results
    rate = {m: r[m]["rate"] if m in r else 0 for m in METHODS}
    vs_ie = f"{rate['ours'] / rate['import_export']:.1f}x" if rate["ours"] and rate["import_export"] else "n/a"
    of_raw = f"{rate['ours'] / rate['raw']:.2f}" if rate["ours"] and rate["raw"] else "n/a"
    emit(f"load average at the end {loadavg()} (at the start {load_start})"
         + (f"; kept {workdir}" + (f" and databases gh_bench_*_{dbs.tag}" if opts.database == "postgres" else "")
            if opts.keep else ""))
    if opts.repeat > 1:
        emit("medians of " + f"{opts.repeat} alternated rounds: " + ", ".join(
            f"{m} {r[m]['seconds']:.2f} s ({' '.join(f'{x:.2f}' for x in r[m].get('rounds', [r[m]['seconds']]))})"
            for m in methods if m in r))
    if rate["ours"] and rate["ours_no_counters"]:
        cost = r["ours"]["seconds"] / r["ours_no_counters"]["seconds"] - 1
        medians = f" (medians of {opts.repeat} rounds)" if opts.repeat > 1 else ""
        emit(f"statistics counters: ours {r['ours']['seconds']:.2f} s, "
             f"without them {r['ours_no_counters']['seconds']:.2f} s{medians}: {cost:+.1%} of the time")
    emit(f"import N={opts.rows} ours={_fmt_rate(rate['ours'])} import_export={_fmt_rate(rate['import_export'])} "
         f"raw={_fmt_rate(rate['raw'])} vs_import_export={vs_ie} of_raw={of_raw}")
    return out
