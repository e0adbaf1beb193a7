"""Grouped reads of records held anywhere in a subtree, for indicators computed from records (rights, hardship).

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

from django.db.models import F

from gonghui.orgs.models import Organisation, subtree_path_range

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
    from .models import NO_DAY, OrgCounter

    size = OrgCounter.objects.filter(org__path=prefix, key="o.count", day=NO_DAY).values_list("total", flat=True).first()
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
    rows = list(qs.values(id_field, *group).annotate(**aggregates).order_by())
    paths = org_paths(sorted({r[id_field] for r in rows}), cache)
    out = []
    for r in rows:
        path = paths.get(r.pop(id_field))
        if path is not None and path.startswith(prefix):
            r["org_path"] = path
            out.append(r)
    return out
