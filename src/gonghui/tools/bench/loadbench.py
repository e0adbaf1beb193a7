"""``gonghui bench load``: many officials at once against gunicorn, driven by locust, bounded in time.

One run, three processes of its own beside this one, all on the run's database (SQLite: a new file in the work
dir; PostgreSQL: ``gh_bench_load_<pid>``; or ``--reuse`` of one a run kept, with its keys):

1. :mod:`.loadwork` migrates and seeds it with ``gonghui seed``'s generator at the scale asked for (or reuses it),
   makes the officials of four levels (the city's root, districts, townships, grassroots unions; staff, one
   password, an API token each) and picks the members each searches for; it writes the plan.
2. gunicorn with ``gonghui serve``'s settings (gthread workers; :mod:`.loadserver`) on 127.0.0.1 at a free port,
   its log in the work dir.
3. :mod:`.loaddriver`: locust as a library (no web UI), ``--users`` officials started at ``--spawn-rate`` a
   second, each signing in and browsing with a think time; the timed window of ``--seconds`` starts once all have
   signed in. Locust patches the standard library with gevent: that stays in its process.

Last line: ``load users=… rps=… p95_ms=… errors=…``; the command fails after it when any request failed.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
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
from .pagesbench import KEYS_FILE, scales
from .pagesbench import sizes as scale_sizes

SERVER_START_SECONDS = 120


@dataclass
class Options:
    users: int = 50
    seconds: int = 120
    spawn_rate: float | None = None  # users started a second (default: all within ten seconds)
    think: tuple = (2.0, 10.0)  # seconds an official reads a page before the next request (uniform)
    scale: str = "city"
    orgs: int | None = None
    members: int | None = None
    database: str = "sqlite"
    workers: int | None = None  # gunicorn worker processes (default 2 per CPU + 1)
    threads: int = 4  # threads per worker
    keep: bool = False
    workdir: str | None = None
    pg_url: str | None = None
    seed: int = 1
    seed_workers: int = 2  # seeding processes (as gonghui seed)
    reuse: str | None = None


def run(opts: Options, say=print):
    """Run the benchmark (``say`` prints each line; the last is the summary). Returns the result dict."""
    return stopping_on_sigterm(_run, opts, say)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path, n=25):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return ""


def _start_server(workdir, env, workers, threads, say):
    """gunicorn with ``gonghui serve``'s settings (:mod:`.loadserver`) on a free loopback port, in a session of
    its own (so it is stopped as a whole); returns the process and its base URL once it answers ``/healthz``."""
    port = _free_port()
    log = open(workdir / "server.log", "w")  # noqa: SIM115 (closed when the server is stopped)
    proc = subprocess.Popen(
        [sys.executable, "-m", "gonghui.tools.bench.loadserver", "127.0.0.1", str(port), str(workers), str(threads)],
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=str(workdir), start_new_session=True)
    proc.log = log
    base = f"http://127.0.0.1:{port}"
    t = time.perf_counter()
    while time.perf_counter() - t < SERVER_START_SECONDS:
        if proc.poll() is not None:
            log.close()
            raise BenchFailed(f"the server exited ({proc.returncode}):\n{_tail(workdir / 'server.log')}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                if r.status == 200:
                    say(f"server: gunicorn at {base}, {workers} workers x {threads} threads, up in "
                        f"{time.perf_counter() - t:.1f} s")
                    return proc, base
        except OSError:
            pass
        time.sleep(0.3)
    _stop_server(proc)
    raise BenchFailed(f"the server did not answer within {SERVER_START_SECONDS} s:\n{_tail(workdir / 'server.log')}")


def _stop_server(proc):
    """SIGTERM to the server's session (gunicorn's master and its workers), SIGKILL if it lingers."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        except ProcessLookupError:
            pass
    proc.log.close()


def _run(opts, say):
    if opts.database not in ("sqlite", "postgres"):
        raise BenchFailed("--database is sqlite or postgres")
    if opts.users < 1 or opts.seconds < 1:
        raise BenchFailed("--users and --seconds must be at least 1")
    orgs, members, scale = scale_sizes(opts)
    if opts.reuse:
        opts.database = "postgres" if opts.reuse.startswith(("postgres:", "postgresql:")) else "sqlite"
    workers = opts.workers or 2 * (os.cpu_count() or 1) + 1
    spawn_rate = opts.spawn_rate or max(1.0, opts.users / 10)
    made_workdir = opts.workdir is None
    workdir = Path(opts.workdir or tempfile.mkdtemp(prefix="gh-bench-load-", dir="/tmp")).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    load_start = loadavg()
    what = "a kept database (--reuse)" if opts.reuse else f"scale {scale}, {orgs:,} organisations, {members:,} members"
    say(f"bench load: {what}, {opts.database}; {opts.users} users started at {spawn_rate:g} a second for "
        f"{opts.seconds} s, think time {opts.think[0]:g}-{opts.think[1]:g} s; {os.cpu_count()} CPUs, load average "
        f"{load_start}; work dir {workdir}")
    env = child_env(workdir)
    keys_path = workdir / KEYS_FILE
    if opts.reuse:  # the members' numbers are decrypted with the keys of the run that kept the database
        if not keys_path.exists():
            raise BenchFailed(f"--reuse needs the keys of the run that kept the database: pass its work dir with "
                              f"--workdir (no {KEYS_FILE} in {workdir})")
        env.update(json.loads(keys_path.read_text()))
    elif opts.keep:
        keys_path.touch(mode=0o600)
        keys_path.write_text(json.dumps({k: env[k] for k in ("GONGHUI_PII_KEY", "GONGHUI_HASH_KEY")}))
    plan_path = workdir / "plan.json"
    task = {"orgs": orgs, "members": members, "seed": opts.seed, "workers": opts.seed_workers,
            "result": str(plan_path), "reuse": bool(opts.reuse), "password": secrets.token_urlsafe(16),
            "province": opts.scale == "province"}
    server = None
    try:
        with bench_database(opts, "load", workdir, env, say, load_start):
            plan = run_in_process("gonghui.tools.bench.loadbench", task, workdir, env, say)
            server, base = _start_server(workdir, env, workers, opts.threads, say)
            drive = {"plan": str(plan_path), "host": base, "users": opts.users, "seconds": opts.seconds,
                     "spawn_rate": spawn_rate, "think": list(opts.think), "result": str(workdir / "load.json")}
            result = run_in_process("gonghui.tools.bench.loaddriver", drive, workdir, env, say)
            _stop_server(server)
            server = None
            if result["load_max"] is not None:
                say(f"load average (1 min) during the run: up to {result['load_max']:.2f}")
    finally:
        if server is not None:
            _stop_server(server)
        if made_workdir and not opts.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    if opts.reuse:
        scale = next((name for name, n in scales().items() if n == (plan["orgs"], plan["members"])), "custom")
    result.update(users=opts.users, scale=scale, orgs=plan["orgs"], members=plan["members"])
    say(f"config: scale {scale}, {plan['orgs']:,} organisations, {plan['members']:,} members, {opts.database}; "
        f"{len(plan['officials'])} officials' accounts; gunicorn {workers} x {opts.threads} threads; "
        f"{result['requests']:,} requests in the timed window of {result['seconds']:.1f} s, after a sign-in phase of "
        f"{result['ramp_seconds']:.1f} s ({result['ramp_requests']:,} requests)")
    say(f"load users={opts.users} rps={result['rps']:.1f} p95_ms={result['p95_ms']:.1f} errors={result['errors']}")
    return result


if __name__ == "__main__":  # the preparing process: Django is set up before the code that needs it is imported
    django.setup()
    from gonghui.tools.bench.loadwork import work

    work(json.loads(Path(sys.argv[1]).read_text()))
