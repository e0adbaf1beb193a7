"""Background jobs: ``enqueue("package.module.function", *args)`` runs a function outside the request.

The backend is chosen by ``settings.GONGHUI_JOB_BACKEND``:

- ``"local"`` (default, the embedded mode): a detached ``python -m gonghui.cli runjob DOTTED ARGS...``
  process with the same environment (settings, data dir, database). Needs no server.
- ``"celery"`` (production): a message on ``settings.CELERY_BROKER_URL`` (Redis) for the task
  ``gonghui.run_job``; start workers with ``gonghui worker``.
- ``"inline"`` (tests, debugging): the function runs at once in this process.

Job functions take JSON-serialisable arguments (ids, not objects), are idempotent, and record their own
progress: a job may run on another machine, be killed, and be started again. ``worker_id()`` names the
process running a job ("pid@host", or "celery:<task id>@<worker name>") for the job's record.

Several workers at once (``docs/operator/README.md``, "Several workers"): a Celery job message is claimed by its
task id before it runs (:mod:`gonghui.core.claims`), so a message delivered twice (a redelivery after a lost
connection or the visibility timeout, a second beat) runs once; and each job claims its own record with a
conditional UPDATE (an import job: ``status`` and ``worker``), so two messages for the same record do the work
once. A job that finds its record taken or done by another worker (WorkflowConflict) ends quietly.

Local and Celery jobs are sent when the current transaction commits, so the job sees the rows the
request has just written (and is not sent at all when the transaction rolls back).
"""

import contextlib
import importlib
import json
import logging
import os
import socket
import subprocess
import sys
import threading

from django.conf import settings
from django.db import DatabaseError, transaction

logger = logging.getLogger("gonghui.jobs")

BACKENDS = ("local", "celery", "inline")
CELERY_TASK_NAME = "gonghui.run_job"

_local = threading.local()
_children = []  # local-backend processes not yet reaped


def resolve(dotted_path):
    """The callable named by ``package.module.function``."""
    module_name, _, attr = dotted_path.rpartition(".")
    if not module_name:
        raise ValueError(f"not a dotted path: {dotted_path!r}")
    return getattr(importlib.import_module(module_name), attr)


def encode_args(args):
    return [json.dumps(a, ensure_ascii=False) for a in args]


def decode_arg(text):
    """``runjob`` arguments are JSON (``42``, ``"abc"``); anything else is taken as a plain string."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def backend_name():
    name = getattr(settings, "GONGHUI_JOB_BACKEND", "local") or "local"
    if name not in BACKENDS:
        raise ValueError(f"GONGHUI_JOB_BACKEND must be one of {BACKENDS}, not {name!r}")
    return name


def run(dotted_path, *args):
    """Run one job function in this process (what every backend ends up doing)."""
    return resolve(dotted_path)(*args)


def worker_id():
    """Who is running the current job: "pid@host", or "celery:<task id>@<worker name>" inside a Celery task
    (the worker name is ``-n``/``--hostname`` of ``gonghui worker``, e.g. ``w1@host``)."""
    task_id = getattr(_local, "celery_task_id", None)
    if task_id:
        node = getattr(_local, "celery_node", None) or socket.gethostname()
        return f"celery:{task_id}@{node}"[:100]
    return f"{os.getpid()}@{socket.gethostname()}"[:100]


def run_quietly(dotted_path, *args):
    """Run a job from a worker: a job whose record another worker has taken or finished ends without error."""
    from .exceptions import WorkflowConflict

    try:
        return run(dotted_path, *args)
    except WorkflowConflict as exc:
        logger.info("job %s%s not run: %s", dotted_path, tuple(args), exc)
        return None


def enqueue(dotted_path, *args):
    """Run ``dotted_path(*args)`` in the background; returns a handle (pid, task id, or the result inline)."""
    resolve(dotted_path)  # fail here, in the request, if the name is wrong
    json.dumps(list(args))  # and if an argument cannot travel
    backend = backend_name()
    if backend == "inline":
        return run(dotted_path, *args)
    result = {}

    def send():
        if backend == "local":
            result["handle"] = _spawn_local(dotted_path, args)
        else:
            result["handle"] = _send_celery(dotted_path, args)

    transaction.on_commit(send, robust=False)
    return result.get("handle")  # None when the send waits for the commit


# --- local: a detached process -------------------------------------------------------------------


def _reap():
    for proc in list(_children):
        if proc.poll() is not None:
            _children.remove(proc)


def local_command(dotted_path, args):
    return [sys.executable, "-m", "gonghui.cli", "runjob", dotted_path, *encode_args(args)]


def _spawn_local(dotted_path, args):
    _reap()
    env = os.environ.copy()
    env.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    env["GONGHUI_DATA_DIR"] = str(settings.DATA_DIR)
    src_dir = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src_dir, env.get("PYTHONPATH", "")) if p)
    log_dir = settings.DATA_DIR / "logs"
    log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    # The jobs' log is the server account's only (0600), like everything in the data dir.
    with os.fdopen(os.open(log_dir / "jobs.log", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600), "ab") as log:
        proc = subprocess.Popen(
            local_command(dotted_path, args),
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            env=env, cwd=os.getcwd(), close_fds=True,
            start_new_session=True,  # outlives the web server's worker; not killed with its process group
        )
    _children.append(proc)
    logger.info("job %s%s started as pid %s", dotted_path, tuple(args), proc.pid)
    return proc.pid


# --- celery: a message for the workers ----------------------------------------------------------


def _send_celery(dotted_path, args):
    from gonghui.celery import app

    queue = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "gonghui")
    with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        result = app.send_task(CELERY_TASK_NAME, args=[dotted_path, *args], queue=queue, connection=conn)
    logger.info("job %s%s sent to Celery as %s", dotted_path, tuple(args), result.id)
    return result.id


def run_in_celery_task(task_id, dotted_path, args, node=None):
    """Run a job message once: claimed by its task id, so a second delivery of it is dropped."""
    from . import claims

    _local.celery_task_id, _local.celery_node = task_id, node
    try:
        try:
            guard = claims.claimed(f"task:{task_id}")
            claim = guard.__enter__()
        except DatabaseError as exc:
            # No claims table (a worker without the database: a job that needs none) or the database is down (the
            # job fails on its own): run it as it is; the records a job writes are claimed by the job itself.
            logger.warning("job %s (%s): could not claim the message (%s); running it unclaimed", dotted_path, task_id,
                           exc)
            return run_quietly(dotted_path, *args)
        with contextlib.ExitStack() as stack:
            stack.push(guard)
            if claim is None:
                logger.info("job %s%s (%s) is done or running elsewhere; delivery dropped", dotted_path,
                            tuple(args), task_id)
                return None
            return run_quietly(dotted_path, *args)
    finally:
        _local.celery_task_id = _local.celery_node = None
