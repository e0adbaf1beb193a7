"""The job runner (gonghui.core.jobs): inline, local (a real detached process) and Celery (a real worker
process through a real Redis), plus the runjob and worker commands."""

import os
import socket
import time

import pytest
from django.core.management import call_command

from gonghui.core import jobs

from .workers import database_url_for_subprocess, needs_redis, wait_for

WRITE_FILE = "gonghui.imports.tests.jobfuncs.write_file"
TOUCH_JOB = "gonghui.imports.tests.jobfuncs.touch_job"
def make_job(tree, users):
    from gonghui.imports.models import ImportJob

    return ImportJob.objects.create(kind="members", user=users["a_staff"], org=tree["A"], original_name="x.xlsx",
                                    file_path="/x")


# --- inline and the commands --------------------------------------------------------------------


def test_inline_backend_runs_at_once(settings, tmp_path):
    settings.GONGHUI_JOB_BACKEND = "inline"
    target = tmp_path / "out.txt"
    jobs.enqueue(WRITE_FILE, str(target), "inline")
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "inline"
    assert lines[1] == f"{os.getpid()}@{socket.gethostname()}"


def test_enqueue_refuses_unknown_functions_and_arguments_that_cannot_travel(settings):
    settings.GONGHUI_JOB_BACKEND = "inline"
    with pytest.raises((ImportError, AttributeError)):
        jobs.enqueue("gonghui.imports.tests.jobfuncs.no_such_job")
    with pytest.raises(TypeError):
        jobs.enqueue(WRITE_FILE, object(), "x")
    settings.GONGHUI_JOB_BACKEND = "carrier-pigeon"
    with pytest.raises(ValueError):
        jobs.enqueue(WRITE_FILE, "/tmp/x", "y")


def test_runjob_command_decodes_json_arguments(tmp_path):
    target = tmp_path / "cmd.txt"
    call_command("runjob", WRITE_FILE, f'"{target}"', "plain text")
    assert target.read_text(encoding="utf-8").splitlines()[0] == "plain text"
    assert jobs.decode_arg("42") == 42 and jobs.decode_arg('"42"') == "42" and jobs.decode_arg("abc") == "abc"


def test_local_command_line_round_trips_arguments():
    cmd = jobs.local_command("a.b.c", [7, "7", "中文 text"])
    assert cmd[1:5] == ["-m", "gonghui.cli", "runjob", "a.b.c"]
    assert [jobs.decode_arg(a) for a in cmd[5:]] == [7, "7", "中文 text"]


# --- local: a detached process ------------------------------------------------------------------


def test_local_backend_spawns_a_process_that_completes_the_job(db, settings, tmp_path,
                                                               django_capture_on_commit_callbacks):
    settings.GONGHUI_JOB_BACKEND = "local"
    target = tmp_path / "local.txt"
    with django_capture_on_commit_callbacks(execute=True):
        jobs.enqueue(WRITE_FILE, str(target), "from a detached process")
    assert wait_for(target.exists), "the local job did not finish"
    text, worker, pid = target.read_text(encoding="utf-8").splitlines()
    assert text == "from a detached process"
    assert int(pid) != os.getpid()
    assert worker == f"{pid}@{socket.gethostname()}"


def test_local_backend_sends_nothing_when_the_transaction_rolls_back(db, settings, tmp_path,
                                                                     django_capture_on_commit_callbacks):
    settings.GONGHUI_JOB_BACKEND = "local"
    target = tmp_path / "never.txt"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert jobs.enqueue(WRITE_FILE, str(target), "x") is None
    assert len(callbacks) == 1  # waits for the commit, which never comes
    time.sleep(0.5)
    assert not target.exists()


@pytest.mark.django_db(transaction=True)
def test_local_backend_job_reaches_the_same_database(settings, monkeypatch, tree, users):
    url = database_url_for_subprocess()
    if url is None:
        pytest.skip("the test database is SQLite in memory; another process cannot open it")
    monkeypatch.setenv("DATABASE_URL", url)
    settings.GONGHUI_JOB_BACKEND = "local"
    job = make_job(tree, users)
    jobs.enqueue(TOUCH_JOB, job.pk, "touched by the local worker")  # autocommit: sent at once

    def touched():
        job.refresh_from_db()
        return job.message == "touched by the local worker"

    assert wait_for(touched), "the local job did not update the job row"
    pid, host = job.worker.split("@")
    assert host == socket.gethostname() and int(pid) != os.getpid()


# --- celery: a real worker through a real Redis --------------------------------------------------


@needs_redis
def test_celery_backend_runs_the_job_in_a_worker(db, celery_worker, tmp_path, django_capture_on_commit_callbacks):
    target = tmp_path / "celery.txt"
    with django_capture_on_commit_callbacks(execute=True):
        jobs.enqueue(WRITE_FILE, str(target), "through Redis")
    ok = wait_for(target.exists, timeout=90)
    assert ok, "the Celery worker did not run the job:\n" + celery_worker["log"].read_text(errors="replace")[-3000:]
    text, worker, pid = target.read_text(encoding="utf-8").splitlines()
    assert text == "through Redis"
    assert worker.startswith("celery:") and int(pid) == celery_worker["proc"].pid


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_celery_worker_job_reaches_the_same_database(celery_worker, tree, users):
    if not celery_worker["has_db"]:
        pytest.skip("the test database is SQLite in memory; the worker process cannot open it")
    job = make_job(tree, users)
    jobs.enqueue(TOUCH_JOB, job.pk, "touched by celery")

    def touched():
        job.refresh_from_db()
        return job.message == "touched by celery"

    assert wait_for(touched, timeout=90), celery_worker["log"].read_text(errors="replace")[-3000:]
    assert job.worker.startswith("celery:")


def test_worker_command_builds_the_celery_command_line(monkeypatch, settings):
    from gonghui.celery import app

    seen = {}
    monkeypatch.setattr(app, "worker_main", lambda argv: seen.setdefault("argv", argv))
    settings.CELERY_TASK_DEFAULT_QUEUE = "q1"
    call_command("worker", "--pool", "solo", "--concurrency", "2")
    assert seen["argv"][:3] == ["worker", "--loglevel=INFO", "--queues=q1"]
    assert "--pool=solo" in seen["argv"] and "--concurrency=2" in seen["argv"]


def test_the_celery_task_is_registered():
    from gonghui.celery import app

    app.loader.import_default_modules()
    assert jobs.CELERY_TASK_NAME in app.tasks
