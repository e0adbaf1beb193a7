"""Read side of the statistics dashboard: everything the page, the API and the export show.

``dashboard_data`` is pure: it takes an organisation and a period and checks no scope (the views do). It
reads the counters of the organisation, its live children and grandchildren in one :class:`StatsContext`
and the monthly trend in one more query, so the number of queries does not grow with the number of children.
"""

from __future__ import annotations

import collections
import datetime
from decimal import Decimal

from django.db import connection
from django.utils.translation import gettext as _

from gonghui.core import scope
from gonghui.orgs.models import Organisation, subtree_path_range

from .counters import LIVE_ORG_STATUSES, flow_counts, monthly_from, own_member_counts
from .models import NO_DAY, OrgCounter
from .periods import Period, month_last_day
from .registry import StatsContext, all_indicators, breakdowns, get, list_url, percent, section_label

# The figures of the children table (ranked bar chart and table).
CHILD_INDICATORS = ("members", "new_members", "new_migrant_members", "units", "units_covered",
                    "unionisation_rate", "membership_rate", "new_unions")
# The flows of the trend chart.
TREND_INDICATORS = ("new_members", "new_migrant_members", "new_unions")
# The default ranking of the children.
RANK_BY = "members"


def _org_url(org):
    return list_url("stats:dashboard", org=org.code)


def trend_months(period: Period, count: int = 12) -> list[tuple[datetime.date, datetime.date]]:
    """(first day, last day) of the ``count`` calendar months ending with the month of the period's end; the
    last month stops at the period's end."""
    y, m = period.end.year, period.end.month
    out = []
    for _i in range(count):
        first = datetime.date(y, m, 1)
        nxt = datetime.date(y + (m == 12), m % 12 + 1, 1)
        out.append((first, min(nxt - datetime.timedelta(days=1), period.end)))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out[::-1]


def _trend(org, period, ctx=None):
    months = trend_months(period)
    indicators = [get(k) for k in TREND_INDICATORS]
    keys = {i.counter: i.key for i in indicators}
    sums = collections.defaultdict(int)
    since = monthly_from()
    kept = [m for m in months if m[0] >= since]  # months the counters keep (earlier ones are kept by year)
    if kept:
        rows = (OrgCounter.objects.filter(org_id=org.pk, key__in=list(keys), day__gte=kept[0][0], day__lte=kept[-1][1])
                .exclude(day=NO_DAY).exclude(total=0).values_list("key", "day", "total"))
        for key, day, n in rows:
            sums[(keys[key], day.year, day.month)] += n
        # the organisation's own members are not in its counters (see counters): from the records
        held = own_member_counts([org.pk], buckets=(kept[0][0], kept[-1][0]), stocks=False)[org.pk]
        for (key, day), n in held.items():
            if key in keys:
                sums[(keys[key], day.year, day.month)] += n
    # From the records: the months before the window, and a last month that the period ends inside.
    edge = months[-1] if months[-1][1] < month_last_day(months[-1][1]) else None
    _counted, edges = period.counted_range(since)
    for first, last in [m for m in months if m[0] < since or m == edge]:
        if ctx is not None and edges and edges[-1] == (first, last) and org.pk in ctx.edge_counts and len(edges) == 1 \
                and ctx.column == "total":
            counts = ctx.edge_counts[org.pk]  # read already: the period's only edge is this month's days
        else:
            counts = flow_counts([(first, last)], {org.pk: org.path})[org.pk]
        for key, ind_key in keys.items():
            sums[(ind_key, first.year, first.month)] = counts.get(key, 0)
    return {
        "months": [f"{first.year}-{first.month:02d}" for first, _last in months],
        "series": [{"key": i.key, "name": str(i.name),
                    "values": [sums[(i.key, first.year, first.month)] for first, _last in months]}
                   for i in indicators],
    }


def _breakdown_items(b, ctx, org):
    return [{"key": k, "label": str(label), "value": n, "url": url} for k, label, n, url in b.entries(ctx, org)]


COVERAGE_KEYS = ("u.required", "u.covered")
COVERAGE_PER_CHILD = 30


class _OrgRef:
    """The few fields of an organisation that links and tables need (thousands of grandchildren: no models)."""

    __slots__ = ("pk", "code", "name", "path")

    def __init__(self, pk, code, name, path):
        self.pk, self.code, self.name, self.path = pk, code, name, path


def _coverage_of_grandchildren(org, depth, period):
    """The grandchildren of ``org`` (one level below its children) that have employer units to organise, with
    their two coverage stocks, in one query (no list of thousands of ids; the thousands without units are not
    fetched: the tree map leaves them out).

    It walks the counters' small partial index (only the organisations with units, and their ancestors, have
    these rows) and looks each organisation up by id: under a city that is a few hundred rows, where walking
    the grandchildren by path probed the counters for each of ten thousand. The index's condition is written
    as literals (our own constants) so that the planner can prove the query matches it."""
    qn = connection.ops.quote_name
    orgs = qn(Organisation._meta.db_table)
    counters = qn(OrgCounter._meta.db_table)
    live = list(LIVE_ORG_STATUSES)
    placeholders = ", ".join(["%s"] * len(live))
    keys = ", ".join(f"'{k}'" for k in COVERAGE_KEYS)
    # CROSS JOIN: SQLite joins in the order written (PostgreSQL plans it as an inner join either way).
    sql = (f"SELECT o.id, o.code, o.name, o.path, c.{qn('key')}, c.total FROM {counters} c CROSS JOIN {orgs} o "
           f"WHERE c.{qn('day')} = '{NO_DAY.isoformat()}' AND c.{qn('key')} IN ({keys}) AND c.total <> 0 "
           f"AND o.id = c.org_id AND o.path > %s AND o.path <= %s AND o.depth = %s AND o.status IN ({placeholders})")
    ctx = StatsContext(period, stock_keys=COVERAGE_KEYS)
    refs = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*subtree_path_range(org.path), depth + 2, *live])
        for pk, code, name, path, key, total in cursor.fetchall():
            if pk not in refs:
                refs[pk] = _OrgRef(pk, code, name, path)
            ctx.stock[pk][key] = total
    ctx.loaded.update(refs)
    return ctx, refs


def cached_dashboard_data(org: Organisation, period: Period) -> dict:
    """:func:`dashboard_data`, kept in the cache for a large subtree until anything is written (stats.dashcache)."""
    from .dashcache import cached

    return cached(org, period, dashboard_data)


def dashboard_data(org: Organisation, period: Period) -> dict:
    """Every figure of the dashboard of ``org`` for ``period`` (no scope check: callers check it)."""
    d = org.depth
    low, high = subtree_path_range(org.path)
    children = list(Organisation.objects.filter(path__gt=low, path__lte=high, depth=d + 1, status__in=LIVE_ORG_STATUSES)
                    .only("id", "path", "depth", "code", "name", "status", "level").order_by("path"))
    ctx = StatsContext(period)
    ctx.load([org.pk])
    # The children need only the children table's figures: of the members they hold themselves (read from the
    # records: tens of thousands under a district) only those, not every breakdown.
    child_inds = [get(k) for k in CHILD_INDICATORS]
    child_ids = [c.pk for c in children]
    child_ctx = StatsContext(period, indicators=child_inds)
    child_ctx.load(child_ids)
    # The tree map needs two stocks of the grandchildren (thousands under a city): only those, in one query.
    cov_ctx, grand_refs = _coverage_of_grandchildren(org, d, period)
    grandchildren = collections.defaultdict(list)
    for ref in grand_refs.values():
        grandchildren[ref.path[:len(ref.path) - Organisation.steplen]].append(ref)

    figures = []
    for ind in all_indicators():
        figures.append({
            "key": ind.key, "name": str(ind.name), "unit": str(ind.unit), "section": ind.section,
            "section_label": str(section_label(ind.section)), "kind": ind.kind, "rollup": ind.rollup,
            "derived": ind.derived, "help": str(ind.help), "higher_is_better": ind.higher_is_better,
            "value": ctx.value(ind, org.pk), "url": ind.url(org, period),
        })
    sections = []
    for f in figures:
        if not sections or sections[-1]["key"] != f["section"]:
            found = next((s for s in sections if s["key"] == f["section"]), None)
            if found is None:
                found = {"key": f["section"], "label": f["section_label"], "figures": []}
                sections.append(found)
            found["figures"].append(f)
        else:
            sections[-1]["figures"].append(f)

    comps = []
    for b in breakdowns():
        items = _breakdown_items(b, ctx, org)
        comps.append({"key": b.key, "name": str(b.name), "items": items, "total": sum(i["value"] for i in items)})

    cvals = {i.key: child_ctx.values(i, child_ids) for i in child_inds} if child_ids else {}
    rows = []
    for c in children:
        rows.append({
            "id": c.pk, "code": c.code, "name": c.name, "org": c, "dashboard_url": _org_url(c),
            "values": {i.key: cvals[i.key][c.pk] for i in child_inds},
            "urls": {i.key: i.url(c, period) for i in child_inds},
        })
    rows.sort(key=lambda r: (-(r["values"][RANK_BY] or 0), r["code"]))
    for n, r in enumerate(rows, 1):
        r["rank"] = n

    for c in child_ids:  # the children's stocks are in child_ctx already
        cov_ctx.stock[c] = {k: n for k, n in child_ctx.stock[c].items() if k in COVERAGE_KEYS}
    cov_ctx.loaded.update(child_ids)
    cov_ids = child_ids + list(grand_refs)
    req = cov_ctx.values("units_required", cov_ids) if cov_ids else {}
    cov = cov_ctx.values("units_covered", cov_ids) if cov_ids else {}
    rate = cov_ctx.values("unionisation_rate", cov_ids) if cov_ids else {}
    rate_indicator = get("unionisation_rate")

    def cov_node(o):
        return {"id": o.pk, "code": o.code, "name": o.name, "units_required": req[o.pk],
                "units_covered": cov[o.pk], "rate": rate[o.pk], "url": rate_indicator.url(o, period)}

    coverage = []
    for c in children:
        node = cov_node(c)
        # A readable tree map: the largest grandchildren of each child, the rest as one block.
        below_c = sorted(grandchildren.get(c.path, []), key=lambda g: (-req[g.pk], g.path))
        node["children"] = [cov_node(g) for g in below_c[:COVERAGE_PER_CHILD]]
        rest = below_c[COVERAGE_PER_CHILD:]
        if rest:
            r_req, r_cov = sum(req[g.pk] for g in rest), sum(cov[g.pk] for g in rest)
            node["children"].append({
                "id": None, "code": "", "name": _("%(n)d other organisations") % {"n": len(rest)},
                "units_required": r_req, "units_covered": r_cov, "rate": percent(r_cov, r_req), "url": None})
        coverage.append(node)

    return {
        "org": org, "period": period,
        "figures": figures, "values": {f["key"]: f["value"] for f in figures},
        "sections": sections,
        "breakdowns": comps,
        "child_indicators": [{"key": i.key, "name": str(i.name), "unit": str(i.unit), "kind": i.kind}
                             for i in child_inds],
        "children": rows,
        "trend": _trend(org, period, ctx),
        "coverage": coverage,
    }


# --- the organisation a user asks for -------------------------------------------------------------------------


def dashboard_org(user, code: str | None):
    """The organisation of the dashboard: ``code`` looked up in the user's scope (None when it is unknown or
    outside the scope: the views answer 404), or by default the root of the user's scope."""
    qs = scope.orgs_for(user)
    if code:
        return qs.filter(code=code).first()
    if scope.is_unrestricted(user):
        return Organisation.get_root_nodes().first()
    paths = scope.scope_paths(user)
    return qs.filter(path=paths[0]).first() if paths else None


def plain(value):
    """A figure as JSON and spreadsheets take it (Decimal rates as floats)."""
    return float(value) if isinstance(value, Decimal) else value


def sort_children(data: dict, key: str) -> str:
    """Rank the children by one of the children table's indicators (highest first); returns the key used."""
    if key not in CHILD_INDICATORS:
        key = RANK_BY
    data["children"].sort(key=lambda r: (r["values"][key] is None, -(r["values"][key] or 0), r["code"]))
    for n, r in enumerate(data["children"], 1):
        r["rank"] = n
    return key


def chart_data(data: dict) -> dict:
    """What the page's charts read (through json_script)."""
    return {
        "trend": data["trend"],
        "child_indicators": data["child_indicators"],
        "children": [{"name": r["name"], "code": r["code"], "url": r["dashboard_url"],
                      "values": {k: plain(v) for k, v in r["values"].items()}} for r in data["children"]],
        "breakdowns": [{"key": b["key"], "name": b["name"],
                        "items": [{"name": i["label"], "value": i["value"], "url": i["url"]} for i in b["items"]]}
                       for b in data["breakdowns"]],
        "coverage": [{**{k: plain(v) for k, v in n.items() if k != "children"},
                      "children": [{k: plain(v) for k, v in g.items()} for g in n["children"]]}
                     for n in data["coverage"]],
    }
