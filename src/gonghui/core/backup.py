"""Back up and restore an installation: the database, the uploads and (only when asked) the keys, in one archive.

The archive is a tar.gz written 0600 that holds:

- ``manifest.json``: the format, the time, the database engine, and the fingerprints of the keys the data was
  written with (``core.keys``: never a key);
- ``database.sqlite3`` (SQLite, taken with the online backup API: safe while the server runs) or
  ``database.pgdump`` (PostgreSQL, ``pg_dump`` custom format);
- ``uploads/``: the stored attachments (``MEDIA_ROOT``);
- ``keys/``: the three secrets as the data directory keeps them, only with ``--with-keys`` (and restored only with
  ``gonghui restore --with-keys``).

A restore goes into an empty data directory or an empty database (``force`` replaces a non-empty one), and is
refused before anything is written when the keys it would run with (the environment's, else those in the archive,
else the data directory's) cannot read the data: the fingerprint check of ``core.keys`` (``gonghui.E001``).
"""

import base64
import datetime
import hashlib
import hmac
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _

from . import keys

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"
KEY_NAMES = ("GONGHUI_SECRET_KEY", "GONGHUI_PII_KEY", "GONGHUI_HASH_KEY")


class BackupError(Exception):
    """A backup or restore that cannot be made; the message says why and what to do."""


# --- where things are ---------------------------------------------------------------------------------------------


def _db(using=DEFAULT_DB_ALIAS):
    return connections[using].settings_dict


def engine(using=DEFAULT_DB_ALIAS):
    vendor = connections[using].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(_("Backups are made of SQLite and PostgreSQL databases only (this one is %(vendor)s).")
                          % {"vendor": vendor})
    if _db(using).get("GONGHUI_POOL"):  # pg_dump and pg_restore keep session settings between transactions
        raise BackupError(_("Backups and restores go directly to PostgreSQL, not through PgBouncer: point "
                            "DATABASE_URL at PostgreSQL itself and unset DATABASE_POOL for this command."))
    return vendor


def uploads_dir():
    return Path(settings.MEDIA_ROOT)


def keys_dir():
    return Path(settings.DATA_DIR) / "keys"


def _key_values():
    """{setting name: value} of the secrets this process runs with (from the environment or the key files)."""
    return {"GONGHUI_SECRET_KEY": settings.SECRET_KEY, "GONGHUI_PII_KEY": ",".join(settings.PII_KEYS),
            "GONGHUI_HASH_KEY": settings.HASH_KEY}


def _pg_command(program, using=DEFAULT_DB_ALIAS):
    """(argv, env) to run a PostgreSQL client against the configured database; the password goes in the
    environment, never on the command line."""
    db = _db(using)
    argv = [program]
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if db.get(key):
            argv += [flag, str(db[key])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return argv, env


def _run(argv, env, what):
    try:
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(_("%(program)s was not found: install the PostgreSQL client programs (the server's "
                            "version or newer).") % {"program": argv[0]}) from None
    if done.returncode != 0:
        raise BackupError(_("%(what)s failed: %(error)s") % {"what": what, "error": done.stderr.strip()[-2000:]})
    return done


# --- key fingerprints (the same as core.keys, computed from values instead of the running settings) -------------


def hash_fingerprint(hash_key):
    return hmac.new(hash_key.encode(), keys._CONTEXT, hashlib.sha256).hexdigest()[:32]


def pii_ids(pii_keys):
    out = []
    for encoded in (k.strip() for k in pii_keys.split(",")):
        if encoded:
            try:
                out.append(hashlib.sha256(base64.urlsafe_b64decode(encoded.encode())).digest()[:4].hex())
            except ValueError:
                continue
    return out


def key_problems(recorded, values):
    """What keeps the keys ``values`` ({setting name: value}) from reading data whose fingerprints are
    ``recorded`` (``core.keys.recorded()``, kept in the manifest): the messages of ``core.keys.problems``."""
    if not recorded:
        return []
    out = []
    if recorded.get(keys.HASH) and recorded[keys.HASH] != hash_fingerprint(values.get("GONGHUI_HASH_KEY") or ""):
        out.append(_("The hash key (GONGHUI_HASH_KEY) is not the one this database's ID numbers were hashed with: "
                     "members could not be found by ID number and the same person could be registered twice."))
    configured = pii_ids(values.get("GONGHUI_PII_KEY") or "")
    missing = [k for k in (recorded.get(keys.PII) or "").split(",") if k and k not in configured]
    if missing:
        out.append(_("This database holds personal data encrypted with keys that are not configured "
                     "(key ids %(ids)s): it could not be read. Configure the keys of the installation the data "
                     "comes from (GONGHUI_PII_KEY, or the files in GONGHUI_DATA_DIR/keys) or restore them from the "
                     "backup (gonghui restore --with-keys).") % {"ids": ", ".join(missing)})
    return out


# --- backup -------------------------------------------------------------------------------------------------------


def _sqlite_copy(dest, using=DEFAULT_DB_ALIAS):
    """A consistent copy of the live SQLite database (the online backup API: readers and the writer go on)."""
    source = sqlite3.connect(str(_db(using)["NAME"]))
    target = sqlite3.connect(str(dest))
    try:
        with target:
            source.backup(target)
    finally:
        target.close()
        source.close()


def _pg_dump(dest, using=DEFAULT_DB_ALIAS):
    argv, env = _pg_command("pg_dump", using)
    _run(argv + ["-Fc", "--no-owner", "--no-acl", "-f", str(dest), str(_db(using)["NAME"])], env, "pg_dump")


def _open_private(path):
    """A file created (or truncated) with mode 0600 from the start: the archive may hold personal data and keys."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, "wb")


def _add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size, info.mode = len(data), 0o600
    info.mtime = int(datetime.datetime.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


def backup(path, *, with_keys=False, using=DEFAULT_DB_ALIAS):
    """Write the archive to ``path`` (mode 0600) and return its manifest."""
    vendor = engine(using)
    path = Path(path)
    manifest = {
        "format": FORMAT, "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "engine": vendor, "database": SQLITE_MEMBER if vendor == "sqlite" else PG_MEMBER,
        "keys_recorded": keys.recorded(using) or {}, "with_keys": bool(with_keys), "uploads": 0,
    }
    with tempfile.TemporaryDirectory(prefix="gonghui-backup-") as tmp:
        os.chmod(tmp, 0o700)
        dump = Path(tmp) / manifest["database"]
        if vendor == "sqlite":
            _sqlite_copy(dump, using)
        else:
            _pg_dump(dump, using)
        partial = path.with_name(f".{path.name}.partial")
        try:
            with _open_private(partial) as out, tarfile.open(fileobj=out, mode="w:gz") as tar:
                tar.add(dump, arcname=manifest["database"])
                uploads = uploads_dir()
                if uploads.is_dir():
                    for file in sorted(p for p in uploads.rglob("*") if p.is_file()):
                        tar.add(file, arcname=str(PurePosixPath("uploads", *file.relative_to(uploads).parts)))
                        manifest["uploads"] += 1
                if with_keys:
                    for name, value in _key_values().items():
                        _add_bytes(tar, f"keys/{name.lower()}", value.encode())
                _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2).encode())
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


# --- restore ------------------------------------------------------------------------------------------------------


def _read_archive(path):
    """(manifest, tar) of an archive, its member names checked: nothing outside the known places, no links."""
    try:
        tar = tarfile.open(path, mode="r:gz")
    except (OSError, tarfile.TarError) as e:
        raise BackupError(_("%(path)s is not a gonghui backup (%(error)s).") % {"path": path, "error": e}) from None
    for member in tar.getmembers():
        parts = PurePosixPath(member.name).parts
        allowed = (member.name in (MANIFEST, SQLITE_MEMBER, PG_MEMBER)
                   or (parts and parts[0] in ("uploads", "keys") and len(parts) > 1))
        if not allowed or ".." in parts or member.name.startswith("/") or not (member.isfile() or member.isdir()):
            tar.close()
            raise BackupError(_("%(path)s holds an unexpected entry (%(name)s): it is not a gonghui backup.")
                              % {"path": path, "name": member.name})
    try:
        manifest = json.load(tar.extractfile(MANIFEST))
    except (KeyError, ValueError, TypeError):
        tar.close()
        raise BackupError(_("%(path)s is not a gonghui backup (no manifest).") % {"path": path}) from None
    if manifest.get("format") != FORMAT:
        tar.close()
        raise BackupError(_("%(path)s was written in a format this version does not read.") % {"path": path})
    return manifest, tar


def _archived_keys(tar):
    out = {}
    for name in KEY_NAMES:
        try:
            out[name] = tar.extractfile(f"keys/{name.lower()}").read().decode().strip()
        except KeyError:
            continue
    return out


def keys_after_restore(archived):
    """The secrets the restored installation will run with: the environment's first (settings read it before
    the key files), then the archive's, then the data directory's files."""
    values = {}
    for name in KEY_NAMES:
        file = keys_dir() / name.lower()
        values[name] = (os.environ.get(name) or archived.get(name)
                        or (file.read_text().strip() if file.exists() else ""))
    return values


def database_is_empty(using=DEFAULT_DB_ALIAS):
    connection = connections[using]
    if connection.vendor == "sqlite":
        name = Path(str(_db(using)["NAME"]))
        if not name.exists() or name.stat().st_size == 0:
            return True
    return not connection.introspection.table_names()


def _uploads_are_empty():
    folder = uploads_dir()
    return not folder.exists() or not any(p.is_file() for p in folder.rglob("*"))


def _restore_sqlite(source, using=DEFAULT_DB_ALIAS):
    connections[using].close()
    target_path = Path(str(_db(using)["NAME"]))
    target_path.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(str(source))
    dst = sqlite3.connect(str(target_path))
    try:
        with dst:
            src.backup(dst)  # replaces every page, WAL included
    finally:
        dst.close()
        src.close()
    os.chmod(target_path, 0o600)


def _clear_pg(using=DEFAULT_DB_ALIAS):
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    connection.close()


def _restore_pg(source, using=DEFAULT_DB_ALIAS):
    connections[using].close()
    argv, env = _pg_command("pg_restore", using)
    _run(argv + ["--no-owner", "--no-acl", "--single-transaction", "--exit-on-error", "-d",
                 str(_db(using)["NAME"]), str(source)], env, "pg_restore")


def _write_private(path, data):
    with _open_private(path) as out:
        out.write(data)


def restore(path, *, force=False, with_keys=False, using=DEFAULT_DB_ALIAS, log=None):
    """Restore the archive at ``path`` into this installation's database and uploads, and its keys with
    ``with_keys`` (else the installation's own keys, from the environment or the data directory, must read it).
    Refused, before anything is written, when the target is not empty (unless ``force``), when the archive comes
    from the other database engine, or when the keys could not read the data. Returns the manifest."""
    log = log or (lambda message: None)
    vendor = engine(using)
    manifest, tar = _read_archive(path)
    with tar:
        if manifest.get("engine") != vendor:
            raise BackupError(_("This backup holds a %(archived)s database; this installation uses %(engine)s.")
                              % {"archived": manifest.get("engine"), "engine": vendor})
        archived = _archived_keys(tar) if with_keys else {}
        if with_keys and not archived:
            raise BackupError(_("This backup holds no keys (it was made without --with-keys): provide the keys "
                                "(GONGHUI_PII_KEY, GONGHUI_HASH_KEY, or the files in GONGHUI_DATA_DIR/keys) and "
                                "restore without --with-keys."))
        problems = key_problems(manifest.get("keys_recorded"), keys_after_restore(archived))
        if problems:
            raise BackupError(" ".join([_("Restore refused: the keys could not read the restored data."),
                                        *problems]))
        if not force and not (database_is_empty(using) and _uploads_are_empty()):
            raise BackupError(_("The database or the uploads folder (%(uploads)s) is not empty: restore into an "
                                "empty installation, or add --force to replace what is there.")
                              % {"uploads": uploads_dir()})
        with tempfile.TemporaryDirectory(prefix="gonghui-restore-") as tmp:
            os.chmod(tmp, 0o700)
            member = manifest["database"]
            dump = Path(tmp) / member
            with open(dump, "wb") as out:
                shutil.copyfileobj(tar.extractfile(member), out)
            if vendor == "sqlite":
                _restore_sqlite(dump, using)
            else:
                if not database_is_empty(using):
                    _clear_pg(using)
                _restore_pg(dump, using)
        log(_("Database restored."))
        uploads = uploads_dir()
        if force and uploads.exists():
            shutil.rmtree(uploads)
        count = 0
        for member in tar.getmembers():
            parts = PurePosixPath(member.name).parts
            if parts[0] != "uploads" or not member.isfile():
                continue
            target = uploads.joinpath(*parts[1:])
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            _write_private(target, tar.extractfile(member).read())
            count += 1
        log(_("Uploads restored: %(n)d files.") % {"n": count})
        if archived:
            folder = keys_dir()
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            for name, value in archived.items():
                _write_private(folder / name.lower(), value.encode())
            log(_("Keys restored into %(folder)s.") % {"folder": folder})
    return manifest
