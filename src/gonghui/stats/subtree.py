"""Grouped reads of records held anywhere in a subtree, and the one fold of those rows into the figures of the
organisations asked for: indicators computed from records (rights, hardship, ``registry.RecordIndicator``).

:func:`fold` is what such an indicator calls: ``fold(ctx, key, org_ids, sources, new=..., finish=...)`` reads
each source (:class:`Records`: a queryset of the period's records, the link to their organisation, the grouping
and the aggregates) in one grouped query and adds every row (``source.add(acc, row)``) into the accumulator of
each organisation asked for on the row's path (subtree totals, ``ctx.column == "total"``) or of the row's own
organisation (``"own"``). The result is cached in the context per organisation: asked again, for the same or
other organisations, only those not folded yet are read (one query per source for all of them).

One organisation asked for (a dashboard's) is read as its subtree's totals, summed by the database
(:func:`subtree_rows`), and only from the record tables that hold anything under it (:func:`holds_records`: one
query asks them all).

``grouped_by_org_path(qs, "org", prefix, group, aggregates)`` returns the rows of ``qs`` held by organisations
at or under ``prefix``, grouped by the holding organisation's path (key ``org_path``) and ``group``. Two plans,
chosen by the subtree's size, because neither is cheap everywhere and a planner without statistics (SQLite on a
table that is still empty) picks the wrong one:

- a small subtree (a union and its branches): join the organisations by their path range and probe the records
  by organisation; the cost is the subtree's organisations, whatever the size of the table;
- a large one (a district, a city): read the records of ``qs`` grouped by organisation id, without a join, then
  look up the paths of the organisations found; the cost is the records that ``qs`` selects (a period's), not
  the tens of thousands of organisations of a city.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db.models import Exists, F

from gonghui.orgs.models import Organisation, common_ancestor_path, subtree_path_range

from .models import NO_DAY, OrgCounter

# Subtrees with at least this many organisations are read records first.
LARGE_SUBTREE = 1000
_CHUNK = 500


def org_paths(org_ids, cache: dict | None = None) -> dict[int, str]:
    """{org id: path} of ``org_ids``: one query for those not looked up yet in ``cache`` (a StatsContext's, shared
    by every indicator that reads records by subtree)."""
    known = cache.setdefault("subtree.org_paths", {}) if cache is not None else {}
    missing = [i for i in dict.fromkeys(org_ids) if i not in known]
    for k in range(0, len(missing), _CHUNK):
        known.update(Organisation.objects.filter(pk__in=missing[k:k + _CHUNK]).values_list("pk", "path"))
    return {i: known[i] for i in org_ids if i in known}


def is_large(prefix: str, cache: dict | None = None) -> bool:
    """Does the subtree at ``prefix`` ("" = the whole tree) hold at least LARGE_SUBTREE live organisations?
    Read from its counter ``o.count`` (one row); ``cache`` (a StatsContext's) keeps the answer."""
    if not prefix:
        return True
    key = ("subtree.large", prefix)
    if cache is not None and key in cache:
        return cache[key]
    size = (OrgCounter.objects.filter(org__path=prefix, key="o.count", day=NO_DAY)
            .values_list("total", flat=True).first())
    large = (size or 0) >= LARGE_SUBTREE
    if cache is not None:
        cache[key] = large
    return large


def grouped_by_org_path(qs, org_field: str, prefix: str, group=(), aggregates=None, *, cache=None) -> list[dict]:
    """Rows of ``qs`` (already filtered, e.g. to a period) whose ``org_field`` organisation is at or under
    ``prefix``, grouped by its path (``org_path``) and the fields ``group``, with ``aggregates``."""
    aggregates = aggregates or {}
    large = is_large(prefix, cache)
    if not large:
        rows = (qs.filter(**{f"{org_field}__path__range": subtree_path_range(prefix)})
                .values(*group, org_path=F(f"{org_field}__path")).annotate(**aggregates).order_by())
        return list(rows)
    id_field = f"{org_field}_id"
    # Records of no organisation (an employer no union covers, say) are in no subtree.
    rows = list(qs.filter(**{f"{id_field}__isnull": False}).values(id_field, *group).annotate(**aggregates).order_by())
    paths = org_paths(sorted({r[id_field] for r in rows}), cache)
    out = []
    for r in rows:
        path = paths.get(r.pop(id_field))
        if path is not None and path.startswith(prefix):
            r["org_path"] = path
            out.append(r)
    return out


def subtree_rows(qs, org_field: str, prefix: str, group=(), aggregates=None) -> list[dict]:
    """``aggregates`` of the rows of ``qs`` whose ``org_field`` organisation is at or under ``prefix``, grouped by
    the fields ``group`` only (one row without them): a subtree's totals, summed by the database."""
    qs = qs.filter(**{f"{org_field}__path__range": subtree_path_range(prefix)})
    if group:
        return list(qs.values(*group).annotate(**aggregates).order_by())
    return [qs.aggregate(**aggregates)]


# The record tables (model label, organisation link) that dashboards have read: a subtree's presence in all of them
# is asked in one query (holds_records). Learned as they are read, so nothing has to list them.
_RECORD_TABLES: dict[tuple[str, str], None] = {}


def _present_query(tables, prefix):
    """One row: for each (model label, link) of ``tables``, does any record link an organisation at or under
    ``prefix``?"""
    low_high = subtree_path_range(prefix)
    checks = {f"t{n}": Exists(apps.get_model(label)._base_manager.filter(**{f"{link}__path__range": low_high}))
              for n, (label, link) in enumerate(tables)}
    return Organisation.objects.filter(path=prefix).annotate(**checks).values(*checks)


def holds_records(ctx, source, prefix: str) -> bool:
    """Are there any records of ``source``'s model under the organisation at ``prefix`` (whatever the period or the
    conditions)? A grassroots union's dashboard reads a hundred record figures, most of them of areas it has no
    records in: their presence is asked in one query for all the tables dashboards have read (cached in the
    context), and an empty table's figures are not read at all. A table not seen before is read (and learned)."""
    table = (source.query.model._meta.label, source.org_field)
    known = ctx.cache.setdefault(("subtree.present", prefix), {})
    if table not in known:
        asked = [t for t in list(_RECORD_TABLES) if t not in known]  # a snapshot: other threads may add
        if table in _RECORD_TABLES and asked:
            row = _present_query(asked, prefix).first() or {}
            known.update((t, bool(row.get(f"t{n}"))) for n, t in enumerate(asked))
        else:
            _RECORD_TABLES[table] = None
            return True
    return known[table]


# --- the fold -------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Records:
    """One source of a :func:`fold`: ``query`` (the records of the context's period, any conditions applied), grouped
    by the organisation at ``org_field`` (``"org"``, ``"recipient__org"``) and the fields ``group``, with
    ``aggregates``; ``add(acc, row)`` adds a grouped row into an organisation's accumulator."""

    query: Any
    org_field: str
    aggregates: dict
    add: Callable
    group: tuple = ()


def fold(ctx, key, org_ids, sources, *, new: Callable = dict, finish: Callable | None = None) -> dict:
    """{org id: value} of the organisations ``org_ids``: the rows of ``sources`` (:class:`Records`, or a callable
    returning them, called only when something is read) added into ``new()`` for each organisation, then
    ``finish(acc)`` (the accumulator itself by default).

    ``ctx.column == "total"``: a row counts for every organisation asked for on its organisation's path (the
    subtree totals), read as one grouped query of the subtree of their common ancestor per source
    (:func:`grouped_by_org_path`); ``"own"``: for its own organisation, read as one grouped query of those
    organisations' records per source. ``key`` names the figure(s) in ``ctx.cache``.
    """
    p = ctx.period
    store = ctx.cache.setdefault(("subtree.fold", key, p.start, p.end, ctx.column), {})
    missing = [i for i in dict.fromkeys(org_ids) if i not in store]
    if missing:
        fresh = {i: new() for i in missing}
        if callable(sources):
            sources = sources()
        if ctx.column == "own":
            selection = tuple(sorted(missing))
            for n, source in enumerate(sources):
                group = f"{source.org_field}_id"
                for row in _rows(ctx, key, n, source, selection):
                    source.add(fresh[row[group]], row)
        else:
            by_path = {path: i for i, path in org_paths(missing, ctx.cache).items()}
            if len(by_path) == 1:
                # One organisation (a dashboard's): its subtree's records summed by the database, not grouped by
                # the tens of thousands of organisations under a city and added up here.
                (path, org_id), = by_path.items()
                for n, source in enumerate(sources):
                    for row in _rows(ctx, key, n, source, ("subtree", path)):
                        source.add(fresh[org_id], row)
            elif by_path:
                prefix = common_ancestor_path(list(by_path))
                step = Organisation.steplen
                for n, source in enumerate(sources):
                    for row in _rows(ctx, key, n, source, prefix):
                        path = row["org_path"]
                        for k in range(step, len(path) + 1, step):
                            org_id = by_path.get(path[:k])
                            if org_id is not None:
                                source.add(fresh[org_id], row)
        store.update((i, finish(acc) if finish else acc) for i, acc in fresh.items())
    return {i: store[i] for i in org_ids}


def _rows(ctx, key, n, source, selection):
    """The grouped rows of one source (cached in the context): by the organisations' ids (``selection``, a tuple)
    for ``own``, by the paths under a prefix (``selection``, a string) for ``total``, or one subtree's totals
    (``selection`` ``("subtree", path)``)."""
    p = ctx.period
    cache_key = ("subtree.rows", key, n, p.start, p.end, ctx.column, selection)
    if cache_key not in ctx.cache:
        if isinstance(selection, tuple) and selection[:1] == ("subtree",):
            if holds_records(ctx, source, selection[1]):
                rows = subtree_rows(source.query, source.org_field, selection[1], source.group, source.aggregates)
            else:  # what the database answers for no rows, without asking it
                rows = [] if source.group else [{name: getattr(agg, "empty_result_set_value", None)
                                                 for name, agg in source.aggregates.items()}]
        elif ctx.column == "own":
            group = f"{source.org_field}_id"
            rows = list(source.query.filter(**{f"{group}__in": list(selection)})
                        .values(group, *source.group).annotate(**source.aggregates).order_by())
        else:
            rows = grouped_by_org_path(source.query, source.org_field, selection, source.group, source.aggregates,
                                       cache=ctx.cache)
        ctx.cache[cache_key] = rows
    return ctx.cache[cache_key]
