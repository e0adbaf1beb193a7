import importlib
import sys

import pytest


@pytest.fixture
def inline_jobs(settings):
    settings.GONGHUI_JOB_BACKEND = "inline"


@pytest.fixture
def fake_engine(monkeypatch, inline_jobs):
    """The pages and API against a stand-in engine (see fake_engine.py); jobs run inline."""
    import gonghui.imports

    from . import fake_engine as fake

    module = fake.as_module()
    monkeypatch.setitem(sys.modules, "gonghui.imports.services", module)
    monkeypatch.setattr(gonghui.imports, "services", module, raising=False)
    fake.calls.clear()
    return fake


def real_engine():
    try:
        return importlib.import_module("gonghui.imports.services")
    except ImportError:
        return None


@pytest.fixture
def engine(inline_jobs):
    """The real import engine (skips until gonghui.imports.services exists)."""
    services = real_engine()
    if services is None or getattr(services, "FAKE", False):
        pytest.skip("the import engine (gonghui.imports.services) is not there yet")
    return services


@pytest.fixture
def celery_workers(settings, tmp_path):
    """Real `gonghui worker --pool=solo` subprocesses on one fresh queue of a test Redis database:
    ``celery_workers.start(n)``; stopped (and the queue removed) at the end of the test."""
    from .workers import Workers

    workers = Workers(settings, tmp_path)
    yield workers
    workers.stop()


@pytest.fixture
def celery_worker(celery_workers):
    """One worker (see ``celery_workers``)."""
    w = celery_workers.start(1)
    return {"proc": w.procs[0], "queue": w.queue, "log": w.logs[0], "has_db": w.has_db}
