"""Applying differences to the stored counters: a :class:`Delta` of own counts, the locks that serialise the
writers of an organisation, and the upsert of the rows (own and total, for the organisation and its ancestors)."""

from __future__ import annotations

import collections
from collections.abc import Iterable

from django.db import connection

from gonghui.orgs.models import EmployerUnit, Organisation

from ..models import OrgCounter
from .keys import bucket, monthly_from


class Delta:
    """Differences of own counts, per (organisation id, key, bucket)."""

    def __init__(self):
        self.n = collections.Counter()
        self.since = monthly_from()

    def add(self, org_id, key, day, n=1):
        if n:
            self.n[(org_id, key, bucket(day, self.since))] += n

    def add_keys(self, org_id, keys, sign=1):
        for k in keys:
            self.n[(org_id, k[0], bucket(k[1], self.since))] += sign * (k[2] if len(k) > 2 else 1)

    def __bool__(self):
        return any(self.n.values())


def lock_orgs(org_ids: Iterable[int]):
    """Serialise writers of these organisations' own counts (PostgreSQL; SQLite has one writer).

    ``FOR NO KEY UPDATE``: it conflicts with itself but not with the ``KEY SHARE`` locks that foreign-key
    checks take when members are inserted, so writers queue instead of deadlocking.
    """
    ids = sorted({i for i in org_ids if i is not None})
    if not ids or connection.vendor != "postgresql":
        return
    table = connection.ops.quote_name(Organisation._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE", [ids])


def _ancestor_ids(org_ids):
    """{org id: [ancestor ids, nearest last]} from the materialised paths (two queries)."""
    paths = dict(Organisation.objects.filter(pk__in=org_ids).values_list("pk", "path"))
    step = Organisation.steplen
    prefixes = {p[:i] for p in paths.values() for i in range(step, len(p), step)}
    by_path = dict(Organisation.objects.filter(path__in=prefixes).values_list("path", "pk")) if prefixes else {}
    return {pk: [by_path[p[:i]] for i in range(step, len(p), step)] for pk, p in paths.items()}


def ancestors_of(org_id: int) -> list[int]:
    """Ids of the organisation's ancestors (root first); take it before a move for :func:`subtree_moved`."""
    return _ancestor_ids([org_id]).get(org_id, [])


def apply(delta: Delta, *, lock=True, own=True, ancestors=None):
    """Add ``delta`` to the total counts of its organisations and their ancestors, and (``own``) to their own
    counts. ``ancestors``: :func:`_ancestor_ids` of the delta's organisations, if the caller has them."""
    changes = {k: n for k, n in delta.n.items() if n}
    if not changes:
        return
    orgs = {k[0] for k in changes}
    if lock:
        lock_orgs(orgs)
    if ancestors is None:
        ancestors = _ancestor_ids(orgs)
    _upsert(_counter_rows(changes, ancestors, own))


def _counter_rows(changes, ancestors, own):
    """The upsert rows (org, key, day, own, total) of ``changes`` (own counts) and the totals they make."""
    # Totals level by level, deepest first: each level adds its sums to the parents, so the work is the number
    # of rows at each level (they collapse going up), not the number of changes times the depth.
    parent, depth = {}, {}
    for org, up in ancestors.items():
        chain = up + [org]
        for i, node in enumerate(chain):
            depth[node] = i
            parent[node] = chain[i - 1] if i else None
    levels = collections.defaultdict(collections.Counter)
    for (org, key, day), n in changes.items():
        if org in depth:  # else deleted in this transaction: nothing to count
            levels[depth[org]][(org, key, day)] += n
    total = {}
    for level in range(max(levels, default=-1), -1, -1):  # every level: ancestors may have no own changes
        sums = levels[level]
        if level:
            up = levels[level - 1]
            for (org, key, day), n in sums.items():
                if n:
                    up[(parent[org], key, day)] += n
        total.update(sums)
    if own:
        rows = [(o, k, d, changes.get((o, k, d), 0), n) for (o, k, d), n in total.items()
                if n or changes.get((o, k, d))]
    else:
        rows = [(o, k, d, 0, n) for (o, k, d), n in total.items() if n]
    if connection.vendor == "postgresql":
        rows.sort()  # one lock order for every writer (the upsert's row locks); SQLite has one writer
    return rows


def _parents(holders, *, lock):
    """({union: its parent}, :func:`_ancestor_ids` of those parents) for the unions that hold members."""
    holders = sorted({o for o in holders if o is not None})
    if lock:
        lock_orgs(holders)  # the writers of these unions' members queue here
    return _parent_maps(_ancestor_ids(holders))


def _parent_maps(ancestors):
    """:func:`_ancestor_ids` of member-holding unions → ({union: its parent}, the ancestors of those parents)."""
    return ({o: up[-1] for o, up in ancestors.items() if up},
            {up[-1]: up[:-1] for up in ancestors.values() if up})


def _pg_array(values):
    """A PostgreSQL array literal of numbers or dates (their ``str`` is what PostgreSQL reads)."""
    return "{" + ",".join(map(str, values)) + "}"


def _pg_text_array(values):
    """A PostgreSQL array literal of strings, each quoted (backslash and double quote escaped)."""
    return "{" + ",".join('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values) + "}"


DELTA_TABLE = "gh_counter_delta"  # SQLite: a temporary table of the connection, for _upsert


def _upsert(rows):
    if not rows:
        return
    from gonghui.core.generation import data_changed

    data_changed()  # the counters are written in SQL: no model signal says so
    qn = connection.ops.quote_name
    table = qn(OrgCounter._meta.db_table)
    cols = "org_id, " + qn("key") + ", " + qn("day") + ", own, total"
    sql_head = f"INSERT INTO {table} ({cols}) VALUES "
    sql_tail = (f" ON CONFLICT (org_id, {qn('key')}, {qn('day')}) DO UPDATE SET own = {table}.own + excluded.own, "
                f"total = {table}.total + excluded.total")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement per 50,000 rows: five arrays unnested in the rows' (sorted) order, sent as array
            # literals joined in C (psycopg's list dumper walks each element in Python: a third of the cost).
            chunk = 50_000
            sql = (f"INSERT INTO {table} ({cols}) SELECT * FROM unnest(%s::bigint[], %s::text[], %s::date[], "
                   f"%s::bigint[], %s::bigint[])" + sql_tail)
            for i in range(0, len(rows), chunk):
                orgs, keys, days, owns, totals = zip(*rows[i:i + chunk])
                cursor.execute(sql, [_pg_array(orgs), _pg_text_array(keys), _pg_array(days), _pg_array(owns),
                                     _pg_array(totals)])
        elif connection.vendor == "sqlite":
            # The rows into a temporary table (no index), then one upsert from it: the per-row loop of that
            # statement runs inside SQLite, and in the table's order (a third faster than an upsert per row).
            iso = {d: d.isoformat() for d in {r[2] for r in rows}}
            cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {DELTA_TABLE} "
                           f"(org_id, {qn('key')}, {qn('day')}, own, total)")
            cursor.executemany(f"INSERT INTO {DELTA_TABLE} VALUES (%s, %s, %s, %s, %s)",
                               [(o, k, iso[d], own, total) for o, k, d, own, total in sorted(rows)])
            # "WHERE true": SQLite's grammar needs it between a SELECT and ON CONFLICT.
            cursor.execute(f"INSERT INTO {table} ({cols}) SELECT org_id, {qn('key')}, {qn('day')}, own, total "
                           f"FROM {DELTA_TABLE} WHERE true" + sql_tail)
            cursor.execute(f"DELETE FROM {DELTA_TABLE}")
        else:
            chunk = 150
            for i in range(0, len(rows), chunk):
                part = rows[i:i + chunk]
                params = [v for row in part for v in row]
                cursor.execute(sql_head + ", ".join(["(%s, %s, %s, %s, %s)"] * len(part)) + sql_tail, params)


def unit_attrs(unit_ids, *, lock=False) -> dict:
    """{unit pk: ownership and industry}. ``lock`` (PostgreSQL ``FOR SHARE``) waits for a concurrent change of
    the unit to commit and keeps it from changing until this transaction ends, so a member is counted under
    its employer's final ownership and industry."""
    ids = sorted({u for u in unit_ids if u is not None})
    if not ids:
        return {}
    if lock and connection.vendor == "postgresql":
        table = connection.ops.quote_name(EmployerUnit._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, ownership, industry FROM {table} WHERE id = ANY(%s) ORDER BY id FOR SHARE",
                           [ids])
            return {pk: {"pk": pk, "ownership": o, "industry": i} for pk, o, i in cursor.fetchall()}
    return {u["pk"]: u for u in EmployerUnit.objects.filter(pk__in=ids).values("pk", "ownership", "industry")}

