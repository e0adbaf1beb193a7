"""What both benchmarks' parent processes share: failure, the server and environment of the child processes,
SIGTERM handled like Ctrl-C, the load average. Imports nothing of Django: the children run before it is set up."""

import base64
import json
import os
import secrets
import signal
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

import gonghui

# The directory the running gonghui package was imported from: the children import the same code, whatever is
# installed (an editable install of another checkout, say).
SOURCE_ROOT = str(Path(gonghui.__file__).resolve().parents[1])

DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/postgres"


class BenchFailed(Exception):
    pass


def loadavg():
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def pg_url(opts):
    """The PostgreSQL server of a run: ``--pg-url``, else ``$GONGHUI_BENCH_PG_URL``, else ``$DATABASE_URL`` when it
    is PostgreSQL, else the local server."""
    url = opts.pg_url or os.environ.get("GONGHUI_BENCH_PG_URL")
    if not url and os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        url = os.environ["DATABASE_URL"]
    return url or DEFAULT_PG_URL


def with_db(url, name):
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def admin_connection(url):
    """An autocommit connection to the server's ``postgres`` database, to create and drop the run's databases."""
    return psycopg.connect(with_db(url, "postgres").replace("postgres://", "postgresql://", 1), autocommit=True)


def child_env(workdir, hash_key=None):
    """The environment of a benchmark's child process: its own data dir and keys, gonghui's settings, and this
    process's gonghui first on the path."""
    env = dict(os.environ)
    env.update({
        "PYTHONPATH": os.pathsep.join([SOURCE_ROOT, *filter(None, [env.get("PYTHONPATH")])]),
        "GONGHUI_DATA_DIR": str(workdir / "data"),
        "GONGHUI_PII_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "GONGHUI_HASH_KEY": hash_key or secrets.token_urlsafe(32),
        "GONGHUI_SECRET_KEY": secrets.token_urlsafe(40),
        "GONGHUI_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "gonghui.settings",
        "PYTHONUNBUFFERED": "1",
    })
    return env


def _terminate_as_exit(signum, frame):
    raise SystemExit(128 + signum)


def stopping_on_sigterm(run, opts, say):
    """``run(opts, say)`` with SIGTERM ending it like Ctrl-C (the running child is killed, the databases and the
    work dir removed by the run's own clean-up); in a thread other than the main one, as it is."""
    if threading.current_thread() is not threading.main_thread():
        return run(opts, say)
    previous = signal.signal(signal.SIGTERM, _terminate_as_exit)
    try:
        return run(opts, say)
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_in_process(module, task, workdir, env, say):
    """Runs ``python -m module task.json`` (the benchmark's own process, on its own database) with ``task`` (which
    names its ``result`` file), relays its lines that start with two spaces, and returns the result it wrote;
    BenchFailed with the last lines it printed when it fails."""
    task_path = Path(workdir) / "task.json"
    task_path.write_text(json.dumps(task))
    proc = subprocess.Popen([sys.executable, "-m", module, str(task_path)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, cwd=str(workdir))
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
    return json.loads(result_path.read_text())


@contextmanager
def bench_database(opts, kind, workdir, env, say, load_start):
    """Sets ``env["DATABASE_URL"]`` to the benchmark's own database: the kept one (``--reuse``), a new PostgreSQL
    database ``gh_bench_<kind>_<pid>`` (dropped at the end unless ``--keep``), or ``<kind>.sqlite3`` in the work
    dir; at the end says the load average and what was kept."""
    name = f"gh_bench_{kind}_{os.getpid()}"
    admin = None
    if opts.reuse:
        env["DATABASE_URL"] = opts.reuse
    elif opts.database == "postgres":
        base = pg_url(opts)
        admin = admin_connection(base)
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = with_db(base, name)
    else:
        env["DATABASE_URL"] = f"sqlite:///{Path(workdir) / (kind + '.sqlite3')}"
    try:
        yield
    finally:
        if admin is not None:
            if not opts.keep:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()
        kept = f"; kept {workdir}" + (f" and database {name}" if admin is not None else "") if opts.keep else ""
        say(f"load average at the end {loadavg()} (at the start {load_start}){kept}")
