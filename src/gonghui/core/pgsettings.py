"""Settings of gonghui's own PostgreSQL database, kept on the database itself (``ALTER DATABASE ... SET``), so that
every connection has them, through PgBouncer too (a session ``SET`` would leak between its clients).

- ``jit = off``: PostgreSQL compiles a query to machine code when its estimated cost passes ``jit_above_cost``.
  Our grouped counts over a district's 100,000 employer units pass it, and compiling took 0.9 s of CPU for a query
  that runs in 20 ms: a district's dashboard went from 760 ms to 315 ms without it. Our queries are short
  (an index range, a page, a subtree's counts): JIT never pays back here.
"""

from django.db import connection as default_connection

SETTINGS = {"jit": "off"}


def apply(connection=None) -> bool:
    """Set :data:`SETTINGS` on the connection's database (new connections have them); False on SQLite. A role that
    does not own the database is told so in a notice and changes nothing (the operator guide gives the SQL)."""
    connection = connection or default_connection
    if connection.vendor != "postgresql":
        return False
    sets = "; ".join(f"EXECUTE format('ALTER DATABASE %I SET {name} = {value}', current_database())"
                     for name, value in SETTINGS.items())
    with connection.cursor() as cursor:
        cursor.execute(f"DO $$ BEGIN {sets}; EXCEPTION WHEN insufficient_privilege THEN "
                       "RAISE NOTICE 'gonghui: not the owner of the database, its settings are unchanged'; END $$")
    return True


def database_settings(connection=None) -> dict:
    """The settings kept on the connection's database ({} on SQLite)."""
    connection = connection or default_connection
    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT setconfig FROM pg_db_role_setting WHERE setrole = 0 AND setdatabase = "
                       "(SELECT oid FROM pg_database WHERE datname = current_database())")
        row = cursor.fetchone()
    return dict(item.split("=", 1) for item in (row[0] if row else []) or [])
