"""Read replicas (gonghui.core.dbrouting) against a real PostgreSQL streaming replica of the test cluster, made with
pg_basebackup for this session: list pages and the dashboard read from it, a browser that wrote reads the primary,
a lagging replica is skipped, and a replica stopped mid-test still gives pages (from the primary)."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.core import dbrouting

PG_BIN = Path(os.environ.get("GONGHUI_PG_BIN", "/usr/lib/postgresql/15/bin"))
ALIAS = "replica1"
MIDDLEWARE = "gonghui.core.dbrouting.ReplicaMiddleware"

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True, databases=["default", ALIAS]),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: a streaming replica"),
]


def _as_postgres(*args):
    done = subprocess.run(["runuser", "-u", "postgres", "--", *map(str, args)], capture_output=True, text=True,
                          timeout=600)
    if done.returncode:
        log = Path(args[args.index("-l") + 1]) if "-l" in args else None
        tail = log.read_text()[-2000:] if log and log.exists() else ""
        raise AssertionError(f"{Path(args[0]).name} failed ({done.returncode}): {done.stderr or done.stdout}{tail}")
    return done


_AT_LEAST_THE_PRIMARYS = ("max_connections", "max_locks_per_transaction", "max_worker_processes", "max_wal_senders",
                          "max_prepared_transactions")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def replica(django_db_setup, django_db_blocker):
    """A streaming replica of the test cluster (the test database included), as the alias ``replica1``."""
    if not (PG_BIN / "pg_basebackup").exists() or os.geteuid() != 0 or not shutil.which("runuser"):
        pytest.skip(f"needs root and PostgreSQL's programs in {PG_BIN} to make a replica")
    primary = connections["default"].settings_dict
    root = Path(tempfile.mkdtemp(prefix="gh-replica-"))
    data, port = root / "data", _free_port()
    shutil.chown(root, "postgres", "postgres")
    root.chmod(0o700)
    pg_ctl = [PG_BIN / "pg_ctl", "-D", data, "-l", root / "log"]
    try:
        # -N and fsync=off: a throwaway copy, not worth flushing to disk (seconds on a busy machine).
        _as_postgres(PG_BIN / "pg_basebackup", "-h", primary["HOST"] or "127.0.0.1", "-p", primary["PORT"] or 5432,
                     "-U", primary["USER"] or "postgres", "-D", data, "-R", "-X", "stream", "-c", "fast", "-N")
        # Debian keeps the configuration outside the data directory: the copy gets its own.
        conf = (f"listen_addresses = '127.0.0.1'\nport = {port}\nunix_socket_directories = '{root}'\n"
                "shared_buffers = 32MB\nfsync = off\n")
        with django_db_blocker.unblock(), connections["default"].cursor() as cursor:
            for name in _AT_LEAST_THE_PRIMARYS:  # a standby refuses to start with less
                cursor.execute(f"SHOW {name}")
                conf += f"{name} = {cursor.fetchone()[0]}\n"
        for name, text in (("postgresql.conf", conf), ("pg_hba.conf", "local all all trust\n"
                                                         "host all all 127.0.0.1/32 trust\n"), ("pg_ident.conf", "")):
            (data / name).write_text(text)
            shutil.chown(data / name, "postgres", "postgres")
        _as_postgres(*pg_ctl, "-w", "-t", "300", "start")
        alias_settings = {**primary, "HOST": "127.0.0.1", "PORT": str(port), "CONN_MAX_AGE": 0,
                          "OPTIONS": {**primary.get("OPTIONS", {}), "connect_timeout": 3},
                          "TEST": {**primary["TEST"], "MIRROR": "default"}}
        connections.settings[ALIAS] = alias_settings
        with django_db_blocker.unblock():
            _wait_caught_up(timeout=30)
        yield {"pg_ctl": pg_ctl, "pid_file": data / "postmaster.pid"}
    finally:
        if ALIAS in connections.settings:
            connections[ALIAS].close()
            del connections[ALIAS]
            del connections.settings[ALIAS]
        if (data / "postmaster.pid").exists():
            _as_postgres(*pg_ctl, "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)


def _wait_caught_up(timeout=30):
    """Until the replica has replayed everything the primary has written (the test's data)."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        lsn = cursor.fetchone()[0]
    deadline = time.monotonic() + timeout
    while True:
        try:
            with connections[ALIAS].cursor() as cursor:
                cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
                if cursor.fetchone()[0]:
                    return
        except Exception:  # still starting
            connections[ALIAS].close()
            if time.monotonic() > deadline:
                raise
        if time.monotonic() > deadline:
            raise AssertionError("the replica did not catch up")
        time.sleep(0.05)


@pytest.fixture
def routed(settings, replica):
    """The settings DATABASE_REPLICA_URLS makes, with the session's replica."""
    settings.GONGHUI_REPLICAS = [ALIAS]
    settings.DATABASE_ROUTERS = ["gonghui.core.dbrouting.ReplicaRouter"]
    settings.MIDDLEWARE = [*django_settings.MIDDLEWARE, MIDDLEWARE]
    settings.GONGHUI_REPLICA_CHECK_SECONDS = 60  # the tests say when to look again
    settings.GONGHUI_REPLICA_MAX_LAG_SECONDS = 30  # a machine busy with other work is not a lagging replica
    dbrouting._health.clear()
    if not replica["pid_file"].exists():  # stopped by an earlier test
        _as_postgres(*replica["pg_ctl"], "-w", "-t", "300", "start")
    yield replica
    dbrouting._health.clear()


def _get(client, url):
    """The response, the number of queries the primary ran for it and the queries the replica ran (its health
    check aside)."""
    with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(connections[ALIAS]) as rep:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert dbrouting.STICKY_COOKIE not in response.cookies, url  # a read wrote nothing
    return response, len(primary.captured_queries), [q["sql"] for q in rep.captured_queries
                                                     if "pg_last_wal_replay_lsn" not in q["sql"]]


# Two tests only: each costs a flush of every table afterwards (transaction=True: the replica sees only what the
# primary committed).
def test_reads_from_the_replica_unless_the_browser_wrote_or_it_lags(routed, settings, tree, users, members,
                                                                      client_for, api_for):
    _wait_caught_up()
    client = client_for(users["a_admin"])
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True  # a real standby
    response, _, on_replica = _get(client, reverse("members:member_list"))
    assert "李明" in response.content.decode() and any("members_member" in q for q in on_replica)
    assert _get(client, reverse("stats:dashboard"))[2]
    assert _get(api_for(users["a_admin"]), "/api/v1/members/")[2]
    assert _get(api_for(users["a_admin"]), f"/api/v1/members/{members['ea1_a'].pk}/")[2] == []  # a detail: no
    with CaptureQueriesContext(connections[ALIAS]) as rep:  # a streamed export reads as it is sent
        csv = b"".join(client.get(reverse("members:member_list") + "?export=csv").streaming_content).decode()
    assert "李明" in csv and any("members_member" in q["sql"] for q in rep.captured_queries)
    # A detail page (a form's neighbour) stays on the primary.
    assert _get(client, reverse("orgs:org_detail", args=[tree["EA1"].pk]))[2] == []

    # The browser writes: its next reads go to the primary, and it sees what it wrote.
    response = client.post(reverse("orgs:org_edit", args=[tree["EA1"].pk]), {
        "name": "EA1公司工会（新）", "code": "C01EA1", "org_type": "enterprise", "level": "6",
    })
    assert response.status_code == 302 and dbrouting.STICKY_COOKIE in response.cookies
    response, on_primary, on_replica = _get(client, reverse("orgs:org_list"))
    assert "EA1公司工会（新）" in response.content.decode() and on_replica == [] and on_primary
    # Another official's browser did not write: the replica, once it has the change.
    _wait_caught_up()
    other = Client()
    other.force_login(users["city_admin"], backend="django.contrib.auth.backends.ModelBackend")
    response, _, on_replica = _get(other, reverse("orgs:org_list"))
    assert "EA1公司工会（新）" in response.content.decode() and on_replica

    # Lag: a replica that has replayed what the primary had written is not behind, however old its last replayed
    # transaction (an idle primary); a paused one is, by the age of its last replayed transaction.
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        lsn = cursor.fetchone()[0]
    _wait_caught_up()
    time.sleep(0.6)
    assert dbrouting._lag_seconds(ALIAS, lsn) == 0.0
    settings.GONGHUI_REPLICA_CHECK_SECONDS = 0  # look before every request
    settings.GONGHUI_REPLICA_MAX_LAG_SECONDS = 0.5
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        tree["EA2"].__class__.objects.filter(pk=tree["EA2"].pk).update(name="EA2（改）")
        time.sleep(0.6)
        response, _, on_replica = _get(other, reverse("orgs:org_list"))
        assert on_replica == [] and "EA2（改）" in response.content.decode()  # behind: the primary answers
    finally:
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
    _wait_caught_up()
    settings.GONGHUI_REPLICA_MAX_LAG_SECONDS = 30
    assert _get(other, reverse("orgs:org_list"))[2]


def test_a_replica_stopped_mid_test_gives_pages_from_the_primary(routed, tree, users, members, client_for, caplog):
    _wait_caught_up()
    client = client_for(users["a_admin"])
    assert _get(client, reverse("members:member_list"))[2]  # checked and in use (for the next 60 s)
    _as_postgres(*routed["pg_ctl"], "-m", "immediate", "stop")
    try:
        for url in (reverse("members:member_list"), reverse("stats:dashboard"), reverse("core:home"),
                    "/api/v1/members/", reverse("members:member_list")):
            with CaptureQueriesContext(connections["default"]) as primary:
                response = client.get(url)
            assert response.status_code == 200 and primary.captured_queries, url
        assert "李明" in client.get(reverse("members:member_list")).content.decode()
        assert "replica replica1 not used" in caplog.text
    finally:
        connections[ALIAS].close()  # the next test that needs the replica starts it again (``routed``)
