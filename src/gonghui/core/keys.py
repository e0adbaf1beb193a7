"""Which keys the data was written with, so that a database never meets keys that cannot read it.

Restoring a database without its keys used to start silently with new keys: every ID number then read empty and
the same person could be registered twice (the lookup hashes no longer matched). The database now keeps:

- ``hash_key``: a fingerprint of the keyed-hash key (an HMAC of a fixed text under the key, not the key);
- ``pii_keys``: the ids (4 bytes, the first of SHA-256 of the key) of every encryption key data may be written
  with: the newest configured key is added whenever the installation migrates or starts, and ``gonghui pii
  rotate`` narrows the list to the newest key once every value is re-encrypted.

``problems()`` compares them with the configured keys; the system check ``gonghui.E001`` (``gonghui check`` and every
management command), the application server and the workers refuse to run when they differ.
"""

import hashlib
import hmac

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, router
from django.utils.translation import gettext as _

from . import pii
from .models import KeyRecord

HASH = "hash_key"
PII = "pii_keys"
_CONTEXT = b"gonghui key fingerprint v1"


def hash_key_fingerprint():
    return hmac.new(settings.HASH_KEY.encode(), _CONTEXT, hashlib.sha256).hexdigest()[:32]


def configured_pii_ids():
    """Ids of the configured encryption keys, newest first."""
    return [key_id.hex() for key_id, _aead in pii._keys()]


def recorded(using=DEFAULT_DB_ALIAS):
    """{name: value} kept in the database; None when it has no such table yet (before ``migrate``)."""
    connection = connections[using]
    try:
        if KeyRecord._meta.db_table not in connection.introspection.table_names():
            return None
        return dict(KeyRecord.objects.using(using).values_list("name", "value"))
    except (DatabaseError, RuntimeError):  # no database to read (yet): it holds no data these keys could miss
        return None


def problems(using=DEFAULT_DB_ALIAS):
    """What keeps the configured keys from reading this database (empty when they can)."""
    kept = recorded(using)
    if not kept:
        return []
    out = []
    if kept.get(HASH) and kept[HASH] != hash_key_fingerprint():
        out.append(_("The hash key (GONGHUI_HASH_KEY) is not the one this database's ID numbers were hashed with: "
                     "members could not be found by ID number and the same person could be registered twice."))
    missing = [k for k in (kept.get(PII) or "").split(",") if k and k not in configured_pii_ids()]
    if missing:
        out.append(_("This database holds personal data encrypted with keys that are not configured "
                     "(key ids %(ids)s): it could not be read. Configure the keys of the installation the data "
                     "comes from (GONGHUI_PII_KEY, or the files in GONGHUI_DATA_DIR/keys) or restore them from the "
                     "backup (gonghui restore --with-keys).") % {"ids": ", ".join(missing)})
    return out


def record(using=DEFAULT_DB_ALIAS, *, only_newest=False):
    """Keep the configured keys' fingerprints: the hash key's, and the newest encryption key added to the ids in
    use (``only_newest``: the newest alone, once nothing else is in use). Call it only when ``problems()`` is empty."""
    if recorded(using) is None or not router.allow_migrate_model(using, KeyRecord):
        return
    newest = configured_pii_ids()[0]
    kept = dict(KeyRecord.objects.using(using).values_list("name", "value"))
    ids = [newest] if only_newest else [newest] + [k for k in (kept.get(PII) or "").split(",") if k and k != newest]
    KeyRecord.objects.using(using).update_or_create(name=HASH, defaults={"value": hash_key_fingerprint()})
    KeyRecord.objects.using(using).update_or_create(name=PII, defaults={"value": ",".join(ids)})


class KeysMismatch(RuntimeError):
    pass


def ensure(using=DEFAULT_DB_ALIAS):
    """At the start of a process that serves or writes: refuse when the keys cannot read the data, else record."""
    found = problems(using)
    if found:
        raise KeysMismatch(" ".join(found))
    record(using)


def record_after_migrate(using=DEFAULT_DB_ALIAS, **_signal):
    """After ``migrate``: a new database learns its keys; an existing one adds a newly configured newest key."""
    if not problems(using):
        record(using)
