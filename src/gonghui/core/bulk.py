"""Fast inserts that bypass model instances: ``executemany`` on SQLite, ``COPY`` on PostgreSQL.

A :class:`FastTable` is built from the model, so columns other developers add later are filled with
their defaults (``auto_now`` fields with the current time) and the generators only produce the
columns they care about.
"""

import contextlib
import datetime
import decimal
import json

from django.db import NotSupportedError, connection, transaction
from django.db.models import NOT_PROVIDED
from django.utils import timezone


def copy_text(value):
    """A value in PostgreSQL COPY text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (int, float, decimal.Decimal)):
        return str(value)
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    elif not isinstance(value, str):
        adapted = getattr(value, "obj", value)  # psycopg's Jsonb wrapper and the like
        value = json.dumps(adapted, ensure_ascii=False) if isinstance(adapted, (dict, list)) else str(adapted)
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def copy_line(row):
    r"""One row in COPY text format, without the newline: the same as ``"\t".join(map(copy_text, row))``.

    Plain ``str`` values are joined as they are and the row is escaped value by value only when a string
    holds a backslash, tab, newline or carriage return (non-strings go through :func:`copy_text`, whose
    output never holds a raw tab, newline or carriage return; ``None`` gives ``\N``).
    """
    parts = [v if v.__class__ is str else "\\N" if v is None else copy_text(v) for v in row]
    line = "\t".join(parts)
    if ("\n" in line or "\r" in line or line.count("\t") != len(parts) - 1
            or ("\\" in line and any("\\" in v for v in row if v.__class__ is str))):
        return "\t".join([copy_text(v) for v in row])
    return line


def _default_for(field, now):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now if field.get_internal_type() == "DateTimeField" else timezone.localdate()
    return field.get_default()


def constant_select(field, value, connection):
    """(SQL, params) that SELECT a constant ``value`` for ``field`` in an INSERT ... SELECT.

    PostgreSQL needs the parameter's type spelled out; SQLite takes it as is.
    """
    value = field.get_db_prep_save(value, connection)
    if value is None:
        return "NULL", []
    if connection.vendor == "postgresql":
        return f"CAST(%s AS {field.db_type(connection)})", [value]
    return "%s", [value]



def insert_select(model, source, params=(), *, exprs, constants=None, now=None):
    """``INSERT INTO <model's table> (...) SELECT ... <source>`` inside the database; returns the rows inserted.

    Every concrete column of ``model`` but the primary key and those with a database default is filled: from
    ``exprs[attname]`` (SQL over ``source``, e.g. ``m."join_date"``), else the constant ``constants[attname]``,
    else the field's default (``auto_now`` fields: ``now``, the current time by default). ``source`` is the rest
    of the statement (``FROM ... WHERE ... ORDER BY ...``) with its own ``params``.
    """
    constants = constants or {}
    now = now or timezone.now()
    qn = connection.ops.quote_name
    columns, selects, select_params = [], [], []
    for f in model._meta.concrete_fields:
        if f.primary_key or getattr(f, "db_default", NOT_PROVIDED) is not NOT_PROVIDED:
            continue
        columns.append(qn(f.column))
        if f.attname in exprs:
            selects.append(exprs[f.attname])
            continue
        value = constants[f.attname] if f.attname in constants else _default_for(f, now)
        sql, values = constant_select(f, value, connection)
        selects.append(sql)
        select_params.extend(values)
    sql = f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(columns)}) SELECT {', '.join(selects)} {source}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*select_params, *params])
        return cursor.rowcount

class FastTable:
    """Insert rows given as tuples of ``attnames`` values (already in database form: dates as ISO text)."""

    def __init__(self, model, attnames):
        by_name = {f.attname: f for f in model._meta.concrete_fields}
        missing = [a for a in attnames if a not in by_name]
        if missing:
            raise ValueError(f"{model.__name__} has no fields {missing}")
        self.model = model
        self.given = [by_name[a] for a in attnames]
        now = timezone.now()
        self.rest = [
            f for f in model._meta.concrete_fields
            if f.attname not in attnames and not f.primary_key
            and getattr(f, "db_default", NOT_PROVIDED) is NOT_PROVIDED
        ]
        self.tail = tuple(f.get_db_prep_save(_default_for(f, now), connection) for f in self.rest)
        self.tail_text = "".join("\t" + copy_text(v) for v in self.tail)
        self.columns = [f.column for f in self.given + self.rest]
        qn = connection.ops.quote_name
        self.table = qn(model._meta.db_table)
        self.column_sql = ", ".join(qn(c) for c in self.columns)

    @property
    def vendor(self):
        return connection.vendor

    def insert(self, rows):
        """Insert rows (tuples of the given columns); returns the count."""
        if not rows:
            return 0
        tail = self.tail
        if connection.vendor == "postgresql":
            end = self.tail_text + "\n"
            return self.copy_text("".join([copy_line(row) + end for row in rows]))
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            marks = ", ".join("?" * len(self.columns))
            connection.connection.executemany(
                f"INSERT INTO {self.table} ({self.column_sql}) VALUES ({marks})", [row + tail for row in rows]
            )
        else:
            marks = ", ".join(["%s"] * len(self.columns))
            with connection.cursor() as cursor:
                cursor.executemany(f"INSERT INTO {self.table} ({self.column_sql}) VALUES ({marks})",
                                   [row + tail for row in rows])
        return len(rows)

    def copy_text(self, text):
        """PostgreSQL only: load rows already written in COPY text format (each line ends with ``tail_text``)."""
        if connection.vendor != "postgresql":
            raise NotSupportedError("COPY needs PostgreSQL")
        connection.ensure_connection()
        with connection.connection.cursor() as cursor:
            with cursor.copy(f"COPY {self.table} ({self.column_sql}) FROM STDIN") as copy:
                copy.write(text)
        return text.count("\n")


@contextlib.contextmanager
def fast_load():
    """Session settings for a bulk load, restored afterwards.

    SQLite (outside a transaction only): ``synchronous=OFF``, WAL, a large page cache, no per-row
    foreign-key checks (the generator writes consistent keys). PostgreSQL: no synchronous commit and,
    when the role may (superuser), no foreign-key triggers (``session_replication_role = replica``).
    """
    vendor = connection.vendor
    connection.ensure_connection()
    restore = []
    if vendor == "sqlite" and not connection.in_atomic_block:
        raw = connection.connection
        raw.execute("PRAGMA journal_mode=WAL")
        for pragma, temp in (("synchronous", "OFF"), ("foreign_keys", "OFF"), ("cache_size", "-400000"),
                             ("temp_store", "MEMORY")):
            old = raw.execute(f"PRAGMA {pragma}").fetchone()[0]
            raw.execute(f"PRAGMA {pragma}={temp}")
            restore.append(f"PRAGMA {pragma}={old}")
    elif vendor == "postgresql" and not connection.settings_dict.get("GONGHUI_POOL"):
        # Behind PgBouncer in transaction mode a session SET would stay on a pooled server connection, for
        # other clients: there the load runs with the server's settings (slower, as safe).
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit = off")
            restore.append("SET synchronous_commit = DEFAULT")
            try:
                with transaction.atomic():
                    cursor.execute("SET session_replication_role = replica")
                restore.append("SET session_replication_role = DEFAULT")
            except Exception:  # not a superuser: foreign keys are checked, which is only slower
                pass
    try:
        yield
    finally:
        if restore and connection.connection is not None:
            if vendor == "sqlite":
                for stmt in restore:
                    connection.connection.execute(stmt)
                connection.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # fold the load into the file
            else:
                with connection.cursor() as cursor:
                    for stmt in restore:
                        cursor.execute(stmt)


def drop_secondary_indexes(model):
    """Drop the table's indexes that back no constraint and return the SQL that recreates them.

    Building an index once after a bulk load is several times cheaper than updating it row by row.
    Call inside the same transaction as the load and :func:`create_indexes` (DDL is transactional on
    SQLite and PostgreSQL), so a failed load leaves the schema as it was.
    """
    table = model._meta.db_table
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                           "AND sql IS NOT NULL", [table])
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
                "WHERE t.oid = %s::regclass AND NOT x.indisprimary AND NOT x.indisunique "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)", [qn(table)])
        else:
            return []
        found = cursor.fetchall()
        for name, _sql in found:
            cursor.execute(f"DROP INDEX {qn(name)}")
    return [sql for _name, sql in found]


def create_indexes(statements):
    if not statements:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for sql in statements:
            cursor.execute(sql)


def analyze(tables):
    """Refresh the planner's statistics after a bulk load (sampled, so cheap)."""
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Every row: a sample of 1,000 of 2.4 million members took 2 members a join date for 179, and SQLite
            # then sorted a city's members for a list page instead of reading its join-date index (2 s, not 20 ms).
            cursor.execute("PRAGMA analysis_limit=0")
            for table in tables:
                cursor.execute(f"ANALYZE {qn(table)}")
        elif connection.vendor == "postgresql":
            for table in tables:
                cursor.execute(f"ANALYZE {qn(table)}")
