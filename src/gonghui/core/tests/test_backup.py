"""``gonghui backup`` and ``gonghui restore`` (issue 15, part 11), run as an operator would: in subprocesses with a
data directory of their own, on SQLite and on PostgreSQL. The restored system has the same members, its ID numbers
decrypt, ``gonghui check`` and ``gonghui stats verify`` pass; a restore without the keys is refused by the key
fingerprint check, and one into a non-empty installation unless ``--force``."""

import json
import os
import stat
import subprocess
import sys
import tarfile
import uuid

import pytest

PG_SERVER = os.environ.get("GONGHUI_BACKUP_TEST_PG", "postgres://postgres@127.0.0.1:5432")
# Each round trip migrates three databases in subprocesses (two minutes): the suite on SQLite runs the SQLite one,
# the suite on PostgreSQL the PostgreSQL one, so ./scripts/test.sh runs both once.
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))

SEED = """
from django.conf import settings
from gonghui.members.services import create_member
from gonghui.members.testing import member_data
from gonghui.tools.testing import build_small_city, make_official

tree = build_small_city()
root = make_official("root", superuser=True)
for i in range(6):
    create_member(root, tree["EA1" if i % 2 else "EB1"], member_data(name="成员" + "甲乙丙丁戊己"[i]))
folder = settings.MEDIA_ROOT / "letters" / "2026"
folder.mkdir(parents=True, exist_ok=True)
(folder / "letter.pdf").write_bytes(b"%PDF-1.4 a letter")
"""

DUMP = """
import json
from gonghui.members.models import Member
print(json.dumps(sorted([m.member_no, m.name, m.id_number] for m in Member.objects.all())))
"""


def _env(data_dir, database_url=None, **extra):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GONGHUI_", "DATABASE_URL", "DJANGO_", "PYTEST"))}
    env["GONGHUI_DATA_DIR"] = str(data_dir)
    env["GONGHUI_FAST_HASHER"] = "1"
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(extra)
    return env


def _gonghui(env, *args, ok=True):
    done = subprocess.run([sys.executable, "-m", "gonghui.cli", *args], env=env, capture_output=True, text=True,
                          timeout=600)
    if ok:
        assert done.returncode == 0, f"gonghui {' '.join(args)}: {done.stdout}\n{done.stderr}"
    return done


def _members(env):
    return json.loads(_gonghui(env, "shell", "-c", DUMP).stdout.strip().splitlines()[-1])


def _roundtrip(tmp_path, src_url=None, dst_url=None, dst2_url=None):
    src = _env(tmp_path / "src", src_url)
    _gonghui(src, "migrate", "-v", "0")
    _gonghui(src, "shell", "-c", SEED)
    expected = _members(src)
    assert len(expected) == 6 and all(len(number) == 18 for _no, _name, number in expected)

    plain, with_keys = tmp_path / "plain.tar.gz", tmp_path / "keys.tar.gz"
    _gonghui(src, "backup", "-o", str(plain))
    _gonghui(src, "backup", "-o", str(with_keys), "--with-keys")
    for archive in (plain, with_keys):
        assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(plain) as tar:
        names = tar.getnames()
        assert "uploads/letters/2026/letter.pdf" in names and not any(n.startswith("keys/") for n in names)
    with tarfile.open(with_keys) as tar:
        assert {"keys/gonghui_pii_key", "keys/gonghui_hash_key", "keys/gonghui_secret_key"} <= set(tar.getnames())

    # Without the keys (a fresh data directory makes new ones): refused by the fingerprint check, nothing written.
    dst = _env(tmp_path / "dst", dst_url)
    refused = _gonghui(dst, "restore", str(plain), ok=False)
    assert refused.returncode != 0 and "GONGHUI_PII_KEY" in refused.stderr and "GONGHUI_HASH_KEY" in refused.stderr
    refused = _gonghui(dst, "restore", str(with_keys), ok=False)  # the keys are in it, but not asked for
    assert refused.returncode != 0 and "GONGHUI_PII_KEY" in refused.stderr
    assert not (tmp_path / "dst" / "uploads").exists()

    # With the keys restored from the archive.
    _gonghui(dst, "restore", str(with_keys), "--with-keys")
    assert _members(dst) == expected  # the same members, their ID numbers decrypt
    _gonghui(dst, "stats", "verify")  # like every command, it runs the checks first (gonghui.E001: the keys)
    assert (tmp_path / "dst" / "uploads" / "letters" / "2026" / "letter.pdf").read_bytes() == b"%PDF-1.4 a letter"
    for name in ("gonghui_pii_key", "gonghui_hash_key"):
        assert (tmp_path / "dst" / "keys" / name).read_text() == (tmp_path / "src" / "keys" / name).read_text()

    # A non-empty installation: refused with a clear message, replaced with --force.
    again = _gonghui(dst, "restore", str(with_keys), "--with-keys", ok=False)
    assert again.returncode != 0 and "--force" in again.stderr
    _gonghui(dst, "restore", str(with_keys), "--with-keys", "--force")
    assert _members(dst) == expected

    # Keys provided by the operator (kept apart from the backups): the archive without keys restores.
    provided = {name.upper(): (tmp_path / "src" / "keys" / name).read_text()
                for name in ("gonghui_pii_key", "gonghui_hash_key")}
    dst2 = _env(tmp_path / "dst2", dst2_url, **provided)
    _gonghui(dst2, "restore", str(plain))
    assert _members(dst2) == expected


@pytest.mark.skipif(ON_POSTGRES, reason="run by the suite on SQLite")
def test_backup_and_restore_on_sqlite(tmp_path):
    _roundtrip(tmp_path)


def _pg_admin():
    try:
        import psycopg

        return psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3)
    except Exception:  # no server to test against
        return None


@pytest.mark.skipif(not ON_POSTGRES, reason="run by the suite on PostgreSQL")
def test_backup_and_restore_on_postgresql(tmp_path):
    admin = _pg_admin()
    if admin is None:
        pytest.skip(f"no PostgreSQL server at {PG_SERVER}")
    names = [f"gh_backup_{uuid.uuid4().hex[:8]}_{role}" for role in ("src", "dst", "dst2")]
    try:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
        _roundtrip(tmp_path, *(f"{PG_SERVER}/{name}" for name in names))
    finally:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_an_archive_that_is_not_a_backup_is_refused(tmp_path):
    bogus = tmp_path / "evil.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        (tmp_path / "x").write_text("x")
        tar.add(tmp_path / "x", arcname="../../etc/x")
    done = _gonghui(_env(tmp_path / "dst"), "restore", str(bogus), ok=False)
    assert done.returncode != 0 and "../../etc/x" in done.stderr
