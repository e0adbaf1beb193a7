"""Behind PgBouncer in transaction mode (issue 27, part 6): a real PgBouncer (Debian's package) in front of the test
database, with a pool smaller than the clients, and the product run through it as an operator would, in
subprocesses with ``DATABASE_POOL=pgbouncer``: an import, a streaming export, then several threads at once reading
list pages, streaming exports in small chunks and writing members. See docs/operator/pgbouncer.md."""

import csv
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connection

from gonghui.imports.tests.sheets import HEADER, member_row, write_csv
from gonghui.members.models import Member
from gonghui.tools.testing import build_small_city, make_official

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PgBouncer pools PostgreSQL connections: the "
                                                                  "suite on SQLite has none to pool"),
]

POOL_SIZE = 4  # server connections: fewer than the clients below, so they queue and share them
IMPORTED = 300


def _binary():
    found = shutil.which("pgbouncer") or ("/usr/sbin/pgbouncer" if os.access("/usr/sbin/pgbouncer", os.X_OK) else None)
    if found is None:
        if os.environ.get("GONGHUI_REQUIRE_PGBOUNCER"):  # scripts/test.sh installs it: CI must not skip
            pytest.fail("pgbouncer is not installed although GONGHUI_REQUIRE_PGBOUNCER is set")
        pytest.skip("pgbouncer is not installed here (scripts/test.sh installs Debian's package)")
    return found


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def pgbouncer(django_db_blocker):
    """A PgBouncer in transaction mode in front of the test server; yields its port, stopped at the end."""
    binary = _binary()
    upstream = connection.settings_dict
    folder = Path(tempfile.mkdtemp(prefix="gh-pgbouncer-"))
    port = _free_port()
    (folder / "userlist.txt").write_text('"postgres" ""\n')
    (folder / "pgbouncer.ini").write_text(f"""[databases]
* = host={upstream['HOST'] or '127.0.0.1'} port={upstream['PORT'] or 5432}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {folder / 'userlist.txt'}
pool_mode = transaction
max_client_conn = 100
default_pool_size = {POOL_SIZE}
ignore_startup_parameters = extra_float_digits,options
""")
    as_user = {}
    if os.geteuid() == 0:  # PgBouncer refuses to run as root
        pw = pwd.getpwnam("postgres")
        for path in (folder, *folder.iterdir()):
            os.chown(path, pw.pw_uid, pw.pw_gid)
        as_user = {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": []}
    log = open(folder / "log", "wb")  # noqa: SIM115 - closed at the end
    proc = subprocess.Popen([binary, str(folder / "pgbouncer.ini")], stdout=log, stderr=subprocess.STDOUT,
                            **as_user)
    try:
        for _ in range(100):
            if proc.poll() is not None:
                pytest.fail(f"pgbouncer did not start: {(folder / 'log').read_text()}")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        shutil.rmtree(folder, ignore_errors=True)
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            for _ in range(50):  # its server connections gone, so that the test database can be dropped
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                               "AND pid <> pg_backend_pid()")
                if not cursor.fetchone()[0]:
                    break
                time.sleep(0.1)


def _gonghui(port, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_", "PYTEST"))}
    env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{port}/{connection.settings_dict['NAME']}"
    env["DATABASE_POOL"] = "pgbouncer"
    env["GONGHUI_LOG_LEVEL"] = "WARNING"
    done = subprocess.run([sys.executable, "-m", "gonghui.cli", *args], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, f"gonghui {' '.join(args)}: {done.stdout}\n{done.stderr}"
    return done.stdout


# Eight threads on a pool of four: streaming reads of 7 rows a fetch, list pages and exports, writes.
CLIENTS = r"""
import json, threading
from django.db import connection, connections
from django.test import Client
from gonghui.accounts.models import User
from gonghui.core import pooling
from gonghui.core.testing import make_id_number, make_phone
from gonghui.members.models import Member
from gonghui.members.services import create_member
from gonghui.members.testing import member_data
from gonghui.orgs.models import Organisation
import datetime

root = User.objects.get(username="root")
ea1, eb1 = Organisation.objects.get(code="C01EA1"), Organisation.objects.get(code="C01EB1")
imported = Member.objects.filter(org=ea1).order_by("-member_no")
expected = list(imported.values_list("member_no", flat=True))
report = {"settings": {k: connection.settings_dict.get(k) for k in ("GONGHUI_POOL", "DISABLE_SERVER_SIDE_CURSORS")},
          "prepare_threshold": connection.settings_dict["OPTIONS"].get("prepare_threshold", "unset"),
          "errors": [], "streams": 0, "pages": 0, "writes": 0}
lock = threading.Lock()

def streams(i):
    for _ in range(3):
        got = list(pooling.stream(imported.values_list("member_no", flat=True), 7))
        assert got == expected, (len(got), len(expected))
        with lock:
            report["streams"] += 1

def pages(i):
    client = Client()
    client.force_login(root, backend="django.contrib.auth.backends.ModelBackend")
    for _ in range(2):
        for url in ("/members/", "/members/?page=2", "/api/v1/members/", "/"):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        response = client.get("/members/?export=csv")
        assert response.status_code == 200
        lines = b"".join(response.streaming_content).decode("utf-8-sig").strip().splitlines()
        assert len(lines) > len(expected), len(lines)
        with lock:
            report["pages"] += 1

def writes(i):
    for k in range(5):
        birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=i * 10 + k)
        create_member(root, eb1, member_data(name="并发" + str(i), id_number=make_id_number(birth, "M", "110101", k),
                                             birth_date=birth, gender="M", phone=make_phone(7000 + i * 10 + k)))
        with lock:
            report["writes"] += 1

def run(fn, i):
    try:
        fn(i)
    except Exception as exc:
        report["errors"].append(f"{fn.__name__} {i}: {exc!r}")
    finally:
        connections.close_all()

threads = [threading.Thread(target=run, args=(fn, i)) for i, fn in enumerate([streams, streams, streams, pages, pages,
                                                                           writes, writes, writes])]
for t in threads:
    t.start()
for t in threads:
    t.join(60)
with connection.cursor() as cursor:
    cursor.execute("SHOW synchronous_commit")
    report["synchronous_commit"] = cursor.fetchone()[0]
print(json.dumps(report))
"""


def test_import_export_and_concurrent_clients_through_pgbouncer(pgbouncer, tmp_path):
    tree = build_small_city()
    make_official("root", superuser=True)
    rows = [member_row(k) for k in range(IMPORTED)]
    sheet = write_csv(tmp_path / "members.csv", HEADER, rows)

    # An import (batches written by a thread of their own, on a second connection) and a streaming export.
    out = _gonghui(pgbouncer, "import", "members", str(sheet), "--org", tree["EA1"].code)
    assert Member.objects.filter(org=tree["EA1"]).count() == IMPORTED, out
    target = tmp_path / "out.csv"
    _gonghui(pgbouncer, "export", "members", "--org", tree["city"].code, "-o", str(target), "--reveal")
    with open(target, encoding="utf-8-sig", newline="") as f:
        exported = list(csv.reader(f))[1:]
    assert sorted(r[1] for r in exported) == sorted(r[1] for r in rows)
    assert [r[13] for r in exported] == list(Member.objects.order_by("org__path", "member_no")
                                              .values_list("member_no", flat=True))

    # Eight clients at once on four server connections.
    report = json.loads(_gonghui(pgbouncer, "shell", "-c", CLIENTS).strip().splitlines()[-1])
    assert report["errors"] == []
    assert report["settings"] == {"GONGHUI_POOL": "pgbouncer", "DISABLE_SERVER_SIDE_CURSORS": True}
    assert report["prepare_threshold"] is None
    assert (report["streams"], report["pages"], report["writes"]) == (9, 4, 15)
    assert report["synchronous_commit"] == "on"  # no session setting left behind on a pooled connection
    assert Member.objects.filter(org=tree["EB1"], name__startswith="并发").count() == 15
