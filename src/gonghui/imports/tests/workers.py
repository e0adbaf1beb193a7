"""Real Celery workers for tests: `gonghui worker --pool=solo` subprocesses on their own queue of a test Redis
database (not collected as tests; the fixtures are in conftest.py)."""

import os
import socket
import subprocess
import sys
import time
import uuid

import pytest
from django.db import connection

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
REDIS_DB = 13  # tests only; every test uses its own queue, so parallel runs do not take each other's jobs


def wait_for(predicate, timeout=60.0, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def redis_reachable():
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


needs_redis = pytest.mark.skipif(not redis_reachable(), reason="Redis is not reachable on 127.0.0.1:6379")


def database_url_for_subprocess():
    """The test database as a DATABASE_URL another process can open, or None (SQLite in memory)."""
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
        return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    name = str(s["NAME"])
    if connection.vendor == "sqlite" and "memory" not in name and name != ":memory:":
        return f"sqlite:///{name}"
    return None


class Workers:
    """N worker processes named ``w1-<queue>@host``, ``w2-<queue>@host``... on one fresh queue."""

    def __init__(self, settings, tmp_path):
        self.broker = f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}"
        self.queue = f"gonghui-test-{uuid.uuid4().hex[:12]}"
        self.tmp_path = tmp_path
        self.procs, self.logs, self._files = [], [], []
        settings.GONGHUI_JOB_BACKEND = "celery"
        settings.CELERY_BROKER_URL = self.broker
        settings.CELERY_TASK_DEFAULT_QUEUE = self.queue
        self.url = database_url_for_subprocess()
        self.has_db = bool(self.url)

    def name(self, i):
        return f"w{i}-{self.queue}"

    def start(self, n=1):
        env = {**os.environ, "CELERY_BROKER_URL": self.broker, "GONGHUI_CELERY_QUEUE": self.queue,
               "DJANGO_SETTINGS_MODULE": "gonghui.settings"}
        if self.url:
            env["DATABASE_URL"] = self.url
        for i in range(len(self.procs) + 1, len(self.procs) + n + 1):
            log_path = self.tmp_path / f"worker{i}.log"
            log = open(log_path, "wb")
            self._files.append(log)
            self.logs.append(log_path)
            self.procs.append(subprocess.Popen(
                [sys.executable, "-m", "gonghui.cli", "worker", "--pool=solo", "--concurrency=1",
                 f"--queues={self.queue}", "--loglevel=INFO", f"--hostname={self.name(i)}@%h", "--",
                 "--without-heartbeat", "--without-mingle", "--without-gossip"],
                env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            ))
        return self

    def log_text(self, i=None):
        paths = self.logs if i is None else [self.logs[i]]
        return "\n".join(p.read_text(errors="replace") for p in paths)

    def wait_ready(self, timeout=60):
        """Every worker is consuming (Celery prints "ready." once it listens)."""
        return wait_for(lambda: all(" ready." in p.read_text(errors="replace") for p in self.logs), timeout, 0.2)

    def stop(self):
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for f in self._files:
            f.close()
        import redis

        redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB).delete(self.queue)
