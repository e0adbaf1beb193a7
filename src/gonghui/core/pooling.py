"""Running behind PgBouncer in transaction mode (``DATABASE_POOL=pgbouncer``, see docs/operator/pgbouncer.md).

In transaction mode a client holds a server connection only for the length of a transaction: anything kept in
the session between transactions (a ``WITH HOLD`` cursor, a session ``SET``, a prepared statement, an advisory
lock, a temporary table) may be on another server connection at the next statement, or be left to another
client. Settings therefore turn off Django's server-side cursors and psycopg's prepared statements for a pooled
database (:func:`configure`), and the few long reads that must not be held in memory go through :func:`stream`.
"""

from django.db import connections, transaction

POOLERS = ("pgbouncer",)


def configure(db, pool):
    """Adjust one ``DATABASES`` entry for ``pool`` ("pgbouncer" or empty) and return it."""
    pool = (pool or "").strip().lower()
    if not pool:
        return db
    if pool not in POOLERS:
        raise ValueError(f"DATABASE_POOL={pool!r}: only 'pgbouncer' (transaction mode) is known")
    if "postgresql" not in db.get("ENGINE", ""):
        return db  # SQLite has no pooler
    db["GONGHUI_POOL"] = pool
    # Django would otherwise read .iterator() through WITH HOLD cursors, which outlive the transaction.
    db["DISABLE_SERVER_SIDE_CURSORS"] = True
    # Django's default already; said here so that no OPTIONS turns psycopg's prepared statements on (PgBouncer
    # before 1.21, Debian 12's 1.18, cannot follow them from one server connection to the next).
    db.setdefault("OPTIONS", {})["prepare_threshold"] = None
    # Persistent connections to the pooler are cheap; checking them survives a restart of the pooler.
    db["CONN_HEALTH_CHECKS"] = True
    return db


def pooled(using="default"):
    return bool(connections[using].settings_dict.get("GONGHUI_POOL"))


def stream(queryset, chunk_size):
    """``queryset.iterator(chunk_size)``, memory-bounded behind a pooler too.

    Without a pooler this is Django's server-side cursor. Behind one, the same cursor is declared inside a
    transaction (without ``WITH HOLD``): the transaction keeps the one server connection the cursor lives on,
    and the rows stream in the query's own order, however it sorts (a keyset walk would need every order's
    key). The transaction is read-only work, so leaving the loop early rolls it back harmlessly.
    """
    if not pooled(queryset.db):
        yield from queryset.iterator(chunk_size=chunk_size)
        return
    with transaction.atomic(using=queryset.db):
        # iterator() would refuse the server-side cursor (DISABLE_SERVER_SIDE_CURSORS); its inner form takes it.
        yield from queryset._iterator(True, chunk_size)
