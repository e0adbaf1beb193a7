"""The data directory, the keys, the SQLite database and stored attachments are private to the server's
account: 0700 directories, 0600 files (issue 15, part 10)."""

import os
import stat
import subprocess
import sys
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.attachments import DataStorage, store_upload

ROOT = Path(__file__).resolve().parents[4]


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


START = """
import django
django.setup()
from django.db import connection
with connection.cursor() as c:
    c.execute("CREATE TABLE t (x integer)")
    c.execute("INSERT INTO t VALUES (1)")
print(connection.settings_dict["NAME"])
"""


def test_a_new_data_dir_its_keys_and_database_are_private(tmp_path):
    data = tmp_path / "new" / "data"
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "GONGHUI_SECRET_KEY", "GONGHUI_PII_KEY", "GONGHUI_HASH_KEY", "REDIS_URL",
                        "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(GONGHUI_DATA_DIR=str(data), DJANGO_SETTINGS_MODULE="gonghui.settings",
               PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run([sys.executable, "-c", START], env=env, cwd=tmp_path, capture_output=True, text=True,
                         timeout=120, preexec_fn=lambda: os.umask(0o022), check=True).stdout
    database = Path(out.strip().splitlines()[-1])
    assert database.parent == data and database.exists()
    assert mode(data) == 0o700 and mode(data / "keys") == 0o700
    keys = list((data / "keys").iterdir())
    assert len(keys) == 3 and all(mode(k) == 0o600 for k in keys)
    assert mode(database) == 0o600
    for extra in (Path(f"{database}-wal"), Path(f"{database}-shm")):
        if extra.exists():
            assert mode(extra) == 0o600, extra


def test_stored_attachments_are_private(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    old = os.umask(0o022)
    try:
        storage = DataStorage("area")
        upload = SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="image/png")
        stored = store_upload(upload, storage=storage, folder="cases/1")
    finally:
        os.umask(old)
    path = Path(storage.path(stored.name))
    assert mode(path) == 0o600
    for directory in (path.parent, path.parent.parent, tmp_path / "uploads" / "area"):
        assert mode(directory) == 0o700, directory
