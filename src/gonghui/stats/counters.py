"""Per-organisation counters that keep the statistics current (see :class:`~gonghui.stats.models.OrgCounter`).

Each record contributes a set of keys to the organisation that holds it (``member_keys``, ``unit_keys``,
``org_keys``: the one definition of what a record counts for). A write changes the counters by the
difference between the record's keys before and after, for the organisation itself (``own`` and ``total``)
and every ancestor (``total``), with atomic ``+=`` upserts in the same transaction as the write.

Members are the exception that makes writes cheap: their keys are added to the **ancestors** of the union
that holds them, never to the union itself. Most members sit in grassroots unions, each with dozens of keys
(birth years, join months) that would not collapse there; one level up they do. So for ``m.`` keys a row's
``total`` counts the members of the organisation's descendants, its ``own`` is always 0, and readers add the
organisation's own members from the records (:func:`own_member_counts`: a few ``GROUP BY`` over an index).

Writes that touch many records at once (merges, unit changes, committee changes) call :func:`refresh`, which
recounts the organisations' own records and applies the difference; moves of a subtree call
:func:`subtree_moved`. :func:`rebuild` recomputes everything (after a bulk seed, or to repair).

Flows (members joined, unions founded, elections due) are kept in buckets (``day`` = the bucket's first day,
:func:`bucket`): calendar months for the recent years (from :func:`monthly_from`: the current year and
``GONGHUI_STATS_MONTHLY_YEARS`` − 1 before it), whole years before that. A member written touches one row per
ancestor and bucket, not per day; members who joined decades ago share a row per year instead of one per
month, which keeps a batch's upserts few. A period that does not cover whole buckets takes its edge days from
the records (:func:`flow_counts`), with the same key definitions. When the year turns, the month rows of the
year that leaves the window stay as they are: readers sum rows over bucket ranges, so they count for their year.

Concurrency: every writer locks the rows of the organisations whose own records it changes (PostgreSQL
``SELECT ... FOR UPDATE``, in id order; SQLite has one writer at a time), so a recount never races an
increment. Key names: ``m.`` members, ``u.`` employer units, ``o.`` organisations; other apps use their own
prefix and the same functions.
"""

from __future__ import annotations

import collections
import contextlib
import datetime
import itertools
import operator
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from gonghui.members.hooks import MEMBER_FIELDS, member_values  # noqa: F401  (the announced fields, for importers)

from .models import NO_DAY, OrgCounter
from .periods import bucket_last_day, bucket_of

COUNTED_MEMBER_STATUSES = ("active", "transferring")
UNIT_FIELDS = ("area_org_id", "union_id", "employee_count", "ownership", "industry")
LIVE_ORG_STATUSES = ("preparing", "active")
GRASSROOTS_LEVEL = 6
FAMILIES = {"members": "m.", "units": "u.", "orgs": "o."}


def monthly_from() -> datetime.date:
    """Flows from this day on are kept by month, earlier ones by year: 1 January of the current year, or of
    ``GONGHUI_STATS_MONTHLY_YEARS`` − 1 years before it. It only moves forward, so a year from it on holds month
    rows only."""
    years = max(1, int(getattr(settings, "GONGHUI_STATS_MONTHLY_YEARS", 3)))
    return datetime.date(timezone.localdate().year - years + 1, 1, 1)


def unionisation_threshold():
    """Employers with at least this many employees should have a union of their own (setting)."""
    return int(getattr(settings, "GONGHUI_UNIONISATION_THRESHOLD", 25))


# --- what a record counts for ------------------------------------------------------------------------------


def _unit_attr(attr):
    return lambda unit_id, units: units[unit_id][attr] if unit_id in units else "none"


# The stock keys of a counted member: (key prefix, the member field it depends on, and the key's suffix for a
# value ``x`` of that field, given ``units`` {pk: ownership and industry}). Birth dates are read by year.
MEMBER_STOCKS = (
    ("m.count", "status", lambda x, units: ""),
    ("m.gender.", "gender", lambda x, units: x),
    ("m.birth.", "birth_date.year", lambda x, units: str(x)),
    ("m.emp.", "employment_type", lambda x, units: x or "none"),
    ("m.edu.", "education", lambda x, units: x or "none"),
    ("m.pol.", "political_status", lambda x, units: x or "none"),
    ("m.own.", "unit_id", _unit_attr("ownership")),
    ("m.ind.", "unit_id", _unit_attr("industry")),
)


def member_keys(v: Mapping, unit: Mapping | None) -> list[tuple[str, datetime.date]]:
    """The keys a member record counts for; ``unit`` holds its employer's ownership and industry."""
    joined = v["join_date"]
    keys = [("m.joined", joined)]
    if v["employment_type"] == "migrant":
        keys.append(("m.joined.migrant", joined))
    if v["status"] in COUNTED_MEMBER_STATUSES:
        units = {v["unit_id"]: unit} if unit else {}
        keys += [(prefix + label(next(_FIELD_GETTERS[field]((v,))), units), NO_DAY)
                 for prefix, field, label in MEMBER_STOCKS]
    return keys


def _field_getter(field):
    """A C-level callable taking member values to the field (and attribute) a stock key depends on."""
    name, _, attr = field.partition(".")
    get = operator.itemgetter(name)
    if not attr:
        return lambda rows: map(get, rows)
    read = operator.attrgetter(attr)
    return lambda rows: map(read, map(get, rows))


def _count_member_keys(counts: collections.Counter, rows, place, units, sign=1):
    """Add the keys of member values ``rows`` (the definition of :func:`member_keys`) to ``counts`` as
    (``place[org]``, key, bucket): family by family, column by column, so that the loops over members run in C
    (``map``, ``compress``, ``Counter``) and Python only names each distinct key."""
    rows = [v for v in rows if v is not None]
    orgs = list(map(_GET_ORG, rows))
    if not place.keys() >= set(orgs):
        rows = [v for v, o in zip(rows, orgs) if o in place]
        orgs = list(map(_GET_ORG, rows))
    if not rows:
        return
    at = list(map(place.__getitem__, orgs))
    since = monthly_from()
    joined = list(map(_GET_JOINED, rows))
    buckets = {d: bucket_of(d, since) for d in set(joined)}  # a batch has far fewer distinct days than members
    joined = list(map(buckets.__getitem__, joined))
    for (o, m), n in collections.Counter(zip(at, joined)).items():
        counts[(o, "m.joined", m)] += sign * n
    migrant = map("migrant".__eq__, map(_GET_EMPLOYMENT, rows))
    for (o, m), n in collections.Counter(itertools.compress(zip(at, joined), migrant)).items():
        counts[(o, "m.joined.migrant", m)] += sign * n
    statuses = set(map(_GET_STATUS, rows))
    if not statuses <= COUNTED_MEMBER_STATUSES_SET:  # (an import's new members are all counted)
        keep = [v["status"] in COUNTED_MEMBER_STATUSES_SET for v in rows]
        rows, at = list(itertools.compress(rows, keep)), list(itertools.compress(at, keep))
        if not rows:
            return
    units = {pk: u for pk, u in units.items() if u}
    # Count the raw field values in C, then name the keys once per distinct value.
    for prefix, field, label in MEMBER_STOCKS:
        for (o, x), n in collections.Counter(zip(at, _FIELD_GETTERS[field](rows))).items():
            counts[(o, prefix + label(x, units), NO_DAY)] += sign * n


_GET_ORG, _GET_JOINED = operator.itemgetter("org_id"), operator.itemgetter("join_date")
_GET_EMPLOYMENT, _GET_STATUS = operator.itemgetter("employment_type"), operator.itemgetter("status")
COUNTED_MEMBER_STATUSES_SET = frozenset(COUNTED_MEMBER_STATUSES)
_FIELD_GETTERS = {field: _field_getter(field) for _prefix, field, _label in MEMBER_STOCKS}


def unit_keys(v: Mapping, threshold: int) -> list[tuple[str, datetime.date, int]]:
    """Keys (with weights) of an employer unit, counted at the union whose census holds it."""
    covered = v["union_id"] is not None
    employees = v["employee_count"] or 0
    keys = [("u.count", NO_DAY, 1), ("u.employees", NO_DAY, employees),
            (f"u.own.{v['ownership']}", NO_DAY, 1), (f"u.ind.{v['industry']}", NO_DAY, 1)]
    if covered or employees >= threshold:
        keys.append(("u.required", NO_DAY, 1))
    if covered:
        keys += [("u.covered", NO_DAY, 1), ("u.covered_employees", NO_DAY, employees),
                 (f"u.cov_own.{v['ownership']}", NO_DAY, 1), (f"u.cov_ind.{v['industry']}", NO_DAY, 1)]
    return keys


def org_keys(v: Mapping, has_women_committee: bool) -> list[tuple[str, datetime.date]]:
    """Keys of an organisation itself: live organisations, grassroots unions, foundings, elections due."""
    keys = []
    grassroots = v["level"] == GRASSROOTS_LEVEL
    if grassroots and v["founded_on"]:
        keys.append(("o.founded", v["founded_on"]))
    if v["status"] in LIVE_ORG_STATUSES:
        keys.append(("o.count", NO_DAY))
        if grassroots:
            keys.append(("o.grassroots", NO_DAY))
            if has_women_committee:
                keys.append(("o.women", NO_DAY))
        if v["next_election_due"]:
            keys.append(("o.election_due", v["next_election_due"]))
            keys.append(("o.election_set", NO_DAY))  # due by a date = set − due after it (few rows to read)
    return keys


# --- applying differences ----------------------------------------------------------------------------------


def bucket(day: datetime.date, since: datetime.date | None = None) -> datetime.date:
    """The stored ``day`` of a key's date: NO_DAY for stocks; for flows the first day of its month, or of its
    year before ``since`` (:func:`monthly_from`)."""
    return day if day == NO_DAY else bucket_of(day, since or monthly_from())


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
    from gonghui.orgs.models import Organisation

    table = connection.ops.quote_name(Organisation._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE", [ids])


def _ancestor_ids(org_ids):
    """{org id: [ancestor ids, nearest last]} from the materialised paths (two queries)."""
    from gonghui.orgs.models import Organisation

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
            cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {DELTA_TABLE} (org_id, {qn('key')}, {qn('day')}, own, total)")
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


# --- members -------------------------------------------------------------------------------------------------


def unit_attrs(unit_ids, *, lock=False) -> dict:
    """{unit pk: ownership and industry}. ``lock`` (PostgreSQL ``FOR SHARE``) waits for a concurrent change of
    the unit to commit and keeps it from changing until this transaction ends, so a member is counted under
    its employer's final ownership and industry."""
    from gonghui.orgs.models import EmployerUnit

    ids = sorted({u for u in unit_ids if u is not None})
    if not ids:
        return {}
    if lock and connection.vendor == "postgresql":
        table = connection.ops.quote_name(EmployerUnit._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, ownership, industry FROM {table} WHERE id = ANY(%s) ORDER BY id FOR SHARE", [ids])
            return {pk: {"pk": pk, "ownership": o, "industry": i} for pk, o, i in cursor.fetchall()}
    return {u["pk"]: u for u in EmployerUnit.objects.filter(pk__in=ids).values("pk", "ownership", "industry")}


def member_changed(before: Mapping | None, after: Mapping | None):
    """Apply the change of one member: pass values from :func:`member_values` (None = absent)."""
    members_changed([(before, after)])


def members_changed(pairs, counted: CountedMembers | None = None):
    """Apply a batch of member changes: ``pairs`` of (values before or None, values after or None).
    ``counted``: the same pairs counted ahead (:class:`CountedMembers`), used if what they were counted with
    (the unions' places in the tree, the employers' ownership and industry) is still so under this
    transaction's locks."""
    pairs = list(pairs)
    holders, unit_ids = _pair_refs(pairs)
    # The employers first, then the unions: the order in which a change of an employer takes them (its row,
    # then the unions whose members it recounts). The other order deadlocked against it.
    units = unit_attrs(unit_ids, lock=True)
    lock_orgs(holders)  # the writers of these unions' members queue here
    ancestors = _ancestor_ids(holders)
    if counted is not None and counted.ancestors == ancestors and counted.units == units:
        rows = counted.rows
    else:
        rows = _member_counter_rows(pairs, ancestors, units)
    _upsert(rows)


class CountedMembers:
    """The counter rows of a batch of member changes, counted before its transaction: an import counts a batch
    in its checking thread while the writer thread writes the one before (:func:`members_changed` checks them)."""

    def __init__(self, pairs):
        pairs = list(pairs)
        holders, unit_ids = _pair_refs(pairs)
        self.ancestors = _ancestor_ids(holders)
        self.units = unit_attrs(unit_ids)
        self.rows = _member_counter_rows(pairs, self.ancestors, self.units)


def _pair_refs(pairs):
    """The unions (sorted) and employers that member change ``pairs`` name."""
    values = [v for pair in pairs for v in pair if v]
    return sorted({v["org_id"] for v in values if v["org_id"] is not None}), {v["unit_id"] for v in values}


def _member_counter_rows(pairs, ancestors, units):
    """Counted at the parent of the holding union; a member of a top organisation (no parent) counts nowhere:
    readers take it from the records."""
    parent, above = _parent_maps(ancestors)
    counts = collections.Counter()
    _count_member_keys(counts, (a for _b, a in pairs), parent, units)
    _count_member_keys(counts, (b for b, _a in pairs), parent, units, sign=-1)
    changes = {k: n for k, n in counts.items() if n}
    return _counter_rows(changes, above, own=False)


def members_snapshot(org_ids) -> collections.Counter:
    """Before a change of many members at once (a merger moves them, an employer changes its ownership): lock
    these organisations and take what their members count for; then :func:`members_recounted`."""
    org_ids = sorted({i for i in org_ids if i is not None})
    lock_orgs(org_ids)
    return _own_counts(org_ids, "members") if org_ids else collections.Counter()


@contextlib.contextmanager
def members_regrouped(org_ids):
    """The members of these unions change in bulk inside the block: counted before and again after it."""
    before = members_snapshot(org_ids)
    yield
    members_recounted(org_ids, before)


def members_recounted(org_ids, before: collections.Counter):
    """After the change: count these organisations' members again and apply the difference to the ancestors."""
    org_ids = sorted({i for i in org_ids if i is not None})
    counts = collections.Counter()
    if org_ids:
        counts.update(_own_counts(org_ids, "members"))
    counts.subtract(before)
    parent, ancestors = _parents(org_ids + [k[0] for k in before], lock=False)
    delta = Delta()
    for (org, key, day), n in counts.items():
        if n and org in parent:
            delta.n[(parent[org], key, day)] += n
    apply(delta, lock=False, own=False, ancestors=ancestors)


def own_member_counts(org_ids, buckets=None, stocks=True, keys=None) -> dict[int, collections.Counter]:
    """{org id: Counter((key, day): n)} of the members held at these organisations themselves, from the
    records (their ``m.`` keys are not stored at the organisation, see the module's docstring): the stocks
    and the flows of the buckets from ``buckets[0]`` to ``buckets[1]`` (first days, :func:`bucket`) if given;
    only the key families that ``keys`` (key prefixes) name, if given.
    Grouped in the database: one statement per 500 organisations. The members are grouped by employer and the
    employers' ownership and industry read after, not joined: the join made PostgreSQL plan the whole
    statement in parallel, whose workers took longer to start than the few rows took to count."""
    out = collections.defaultdict(collections.Counter)
    org_ids = sorted({i for i in org_ids if i is not None})
    families = [f for f in _member_families(by_unit=True) if ((f[4] and buckets) or (not f[4] and stocks))
                and (keys is None or any(p.startswith(k) or k.startswith(p) for p in f[6] for k in keys))]
    if not org_ids or not families:
        return out
    sqlite = connection.vendor == "sqlite"
    no_day = NO_DAY.isoformat() if sqlite else NO_DAY
    since = monthly_from()
    by_unit = collections.defaultdict(collections.Counter)  # {org: Counter(unit id or None: members)}
    for i in range(0, len(org_ids), 500):
        chunk = org_ids[i:i + 500]
        in_orgs = "m.org_id IN (" + ", ".join(["%s"] * len(chunk)) + ")"
        parts, params = [], []
        for key, day, join, cond, flow, cond_params, _prefixes in families:
            where = [in_orgs] + ([cond] if cond else [])
            part_params = [] if flow else [no_day]
            part_params += chunk + list(cond_params)
            if flow:
                where.append("m.join_date BETWEEN %s AND %s")
                part_params += [d.isoformat() if sqlite else d for d in (buckets[0], bucket_last_day(buckets[1], since))]
            parts.append(f"SELECT m.org_id, {key}, {'%s' if not flow else day}, COUNT(*) FROM {_members_table()} m{join} "
                         f"WHERE {' AND '.join(where)} GROUP BY 1, 2, 3")
            params += part_params
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for org, key, day, n in cursor.fetchall():
                if key.startswith(_BY_UNIT):
                    by_unit[org][int(key[len(_BY_UNIT):]) if key != _BY_UNIT else None] += n
                    continue
                if isinstance(day, str):
                    day = datetime.date.fromisoformat(day)
                out[org][(key, day)] += n
    if by_unit:
        units = unit_attrs(u for counts in by_unit.values() for u in counts)
        for org, counts in by_unit.items():
            for prefix, field, label in MEMBER_STOCKS:
                if field == "unit_id":
                    for unit_id, n in counts.items():
                        out[org][(prefix + label(unit_id, units), NO_DAY)] += n
    return out


_BY_UNIT = "m.unit."  # own_member_counts' members by employer (named m.own. and m.ind. in Python)


def _members_table():
    from gonghui.members.models import Member

    return connection.ops.quote_name(Member._meta.db_table)


def _member_families(by_unit=False):
    """The ``m.`` keys of :func:`member_keys` as SQL over members ``m`` (and their unit ``u``): (key
    expression, day expression, join, condition, is a flow, parameters of the condition, the key prefixes it
    gives). ``by_unit``: one family ``m.unit.<unit id>`` instead of the two read through the employer
    (ownership, industry)."""
    from gonghui.orgs.models import EmployerUnit

    qn = connection.ops.quote_name
    sqlite = connection.vendor == "sqlite"
    statuses = list(COUNTED_MEMBER_STATUSES)
    in_counted = "m.status IN (" + ", ".join(["%s"] * len(statuses)) + ")"
    since = monthly_from().isoformat()  # a date we made: safe as a literal (the day expression has no parameters)
    if sqlite:
        year = "CAST(CAST(substr(m.birth_date, 1, 4) AS INTEGER) AS TEXT)"
        joined_bucket = (f"CASE WHEN m.join_date >= '{since}' THEN date(m.join_date, 'start of month') "
                         f"ELSE date(m.join_date, 'start of year') END")
    else:
        year = "CAST(CAST(EXTRACT(YEAR FROM m.birth_date) AS INTEGER) AS TEXT)"
        joined_bucket = (f"CAST(date_trunc(CASE WHEN m.join_date >= DATE '{since}' THEN 'month' ELSE 'year' END, "
                         f"m.join_date) AS date)")

    def none(col):
        return f"COALESCE(NULLIF({col}, ''), 'none')"

    unit_join = f" LEFT JOIN {qn(EmployerUnit._meta.db_table)} u ON u.id = m.unit_id"
    if by_unit:
        employer = [(f"'{_BY_UNIT}' || COALESCE(CAST(m.unit_id AS TEXT), '')", None, "", in_counted, False, statuses,
                     ("m.own.", "m.ind."))]
    else:
        employer = [
            ("'m.own.' || CASE WHEN m.unit_id IS NULL THEN 'none' ELSE u.ownership END", None, unit_join, in_counted,
             False, statuses, ("m.own.",)),
            ("'m.ind.' || CASE WHEN m.unit_id IS NULL THEN 'none' ELSE u.industry END", None, unit_join, in_counted,
             False, statuses, ("m.ind.",)),
        ]
    return [
        ("'m.joined'", joined_bucket, "", "", True, [], ("m.joined",)),  # flows by bucket()
        ("'m.joined.migrant'", joined_bucket, "", "m.employment_type = %s", True, ["migrant"], ("m.joined.migrant",)),
        ("'m.count'", None, "", in_counted, False, statuses, ("m.count",)),
        ("'m.gender.' || m.gender", None, "", in_counted, False, statuses, ("m.gender.",)),
        (f"'m.birth.' || {year}", None, "", in_counted, False, statuses, ("m.birth.",)),
        (f"'m.emp.' || {none('m.employment_type')}", None, "", in_counted, False, statuses, ("m.emp.",)),
        (f"'m.edu.' || {none('m.education')}", None, "", in_counted, False, statuses, ("m.edu.",)),
        (f"'m.pol.' || {none('m.political_status')}", None, "", in_counted, False, statuses, ("m.pol.",)),
    ] + employer


def flow_counts(ranges, org_paths: Mapping[int, str], column: str = "total", keys=None) -> dict[int, collections.Counter]:
    """{org id: Counter(flow key: n)} of the records whose flow date falls in one of ``ranges`` ((first, last)
    day pairs), for the organisations of ``org_paths`` ({id: path}): their subtrees (``total``) or themselves
    (``own``). Read from the records with the key definitions of the counters (:func:`member_keys`,
    :func:`org_keys`), for the days of a period that do not fill a whole month. ``keys``: only these (then
    only the families they belong to are read)."""
    from django.db.models import Q

    from gonghui.orgs.models import Organisation

    out = {o: collections.Counter() for o in org_paths}
    if not ranges or not org_paths:
        return out
    wanted = set(keys) if keys is not None else None

    def read(prefix):
        return wanted is None or any(k.startswith(prefix) for k in wanted)
    step = Organisation.steplen
    by_path = {p: o for o, p in org_paths.items()}

    def within(day):
        return any(a <= day <= b for a, b in ranges)

    def place(org_id, path):
        if column == "own":
            return [org_id] if org_id in out else []
        return [by_path[path[:i]] for i in range(step, len(path) + 1, step) if path[:i] in by_path]

    def dates(field):
        q = Q()
        for a, b in ranges:
            q |= Q(**{f"{field}__range": (a, b)})
        return q

    if read(FAMILIES["members"]):
        _member_flow_counts(ranges, org_paths, column, within, place, out)
    if read(FAMILIES["orgs"]):
        # Organisations: few founded or due on the edge days; the subtree test is done on their paths here.
        orgs = (Organisation.objects.filter(dates("founded_on") | dates("next_election_due"))
                .values("pk", "path", "level", "status", "founded_on", "next_election_due").order_by())
        for r in orgs:
            for key, day in org_keys(r, False):
                if day != NO_DAY and within(day):
                    for o in place(r["pk"], r["path"]):
                        out[o][key] += 1
    if wanted is not None:
        for counts in out.values():
            for k in [k for k in counts if k not in wanted]:
                del counts[k]
    return out


def _member_flow_counts(ranges, org_paths, column, within, place, out):
    from gonghui.members.models import Member
    from gonghui.orgs.models import Organisation, subtree_path_range

    # Members, driven by the join-date index (the edge days hold few joins; a city holds millions of members).
    # Their flow keys depend on the join date and the employment type only (member_keys); SQLite's CROSS JOIN
    # keeps that join order, PostgreSQL's planner finds it.
    qn = connection.ops.quote_name
    sqlite = connection.vendor == "sqlite"
    params = [d.isoformat() if sqlite else d for r in ranges for d in r]
    where = " OR ".join(["m.join_date BETWEEN %s AND %s"] * len(ranges))
    if column == "own":
        where_orgs = "m.org_id IN (" + ", ".join(["%s"] * len(org_paths)) + ")"
        params += list(org_paths)
    else:
        where_orgs = " OR ".join(["o.path BETWEEN %s AND %s"] * len(org_paths))
        params += [p for path in org_paths.values() for p in subtree_path_range(path)]
    sql = (f"SELECT m.org_id, o.path, m.join_date, m.employment_type FROM {qn(Member._meta.db_table)} m "
           f"{'CROSS JOIN' if sqlite else ','} {qn(Organisation._meta.db_table)} o "
           f"WHERE o.id = m.org_id AND ({where}) AND ({where_orgs})")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    not_counted = {"status": "", "gender": "", "birth_date": None, "education": "", "political_status": "",
                   "unit_id": None}  # no stock keys: only the flows are read here
    for org_id, path, joined, employment_type in rows:
        if isinstance(joined, str):
            joined = datetime.date.fromisoformat(joined)
        values = {**not_counted, "org_id": org_id, "join_date": joined, "employment_type": employment_type}
        for key, day in member_keys(values, None):
            if day != NO_DAY and within(day):
                for o in place(org_id, path):
                    out[o][key] += 1


# --- recounting -----------------------------------------------------------------------------------------------


def _own_counts(org_ids, family) -> collections.Counter:
    """Recount the own keys of a family for these organisations straight from the records."""
    from gonghui.members.models import Member
    from gonghui.orgs.choices import CommitteeKind
    from gonghui.orgs.models import CommitteeMember, EmployerUnit, Organisation

    counts = Delta()
    if family == "members":
        rows = list(Member.objects.filter(org_id__in=org_ids).values(*MEMBER_FIELDS).order_by())
        units = unit_attrs(r["unit_id"] for r in rows)
        for r in rows:
            counts.add_keys(r["org_id"], member_keys(r, units.get(r["unit_id"])))
    elif family == "units":
        threshold = unionisation_threshold()
        for r in EmployerUnit.objects.filter(area_org_id__in=org_ids).values(*UNIT_FIELDS).order_by():
            counts.add_keys(r["area_org_id"], unit_keys(r, threshold))
    elif family == "orgs":
        women = set(CommitteeMember.objects.filter(org_id__in=org_ids, committee=CommitteeKind.WOMEN)
                    .values_list("org_id", flat=True).distinct())
        for r in Organisation.objects.filter(pk__in=org_ids).values("pk", "level", "status", "founded_on",
                                                                     "next_election_due").order_by():
            counts.add_keys(r["pk"], org_keys(r, r["pk"] in women))
    else:
        raise ValueError(family)
    return counts.n


def refresh(org_ids: Iterable[int], families: Iterable[str] = ("units", "orgs")):
    """Recount the own records of these organisations and apply the difference (exact, locked). Not for
    members (their own counts are not stored to compare with): :func:`members_snapshot` and
    :func:`members_recounted`."""
    families = tuple(families)
    if "members" in families:
        raise ValueError("members are recounted with members_snapshot() and members_recounted()")
    org_ids = sorted({i for i in org_ids if i is not None})
    if not org_ids:
        return
    with transaction.atomic():
        lock_orgs(org_ids)
        delta = Delta()
        for family in families:
            prefix = FAMILIES[family]
            fresh = _own_counts(org_ids, family)
            stored = OrgCounter.objects.filter(org_id__in=org_ids, key__startswith=prefix).exclude(own=0)
            for org, key, day, own in stored.values_list("org_id", "key", "day", "own"):
                delta.add(org, key, day, -own)
            for k, n in fresh.items():
                delta.add(*k, n)
        apply(delta, lock=False)


def subtree_moved(root_id: int, old_ancestor_ids: list[int]):
    """After moving the subtree under ``root_id``: take its totals off the old ancestors, add to the new."""
    new_ancestor_ids = _ancestor_ids([root_id]).get(root_id, [])
    gone = [a for a in old_ancestor_ids if a not in new_ancestor_ids]
    came = [a for a in new_ancestor_ids if a not in old_ancestor_ids]
    if not gone and not came:
        return
    lock_orgs([root_id])
    rows = collections.defaultdict(lambda: [0, 0])
    moved = collections.Counter()
    for key, day, total in OrgCounter.objects.filter(org_id=root_id).exclude(total=0).values_list("key", "day", "total"):
        moved[(key, day)] += total
    for (_org, key, day), n in _own_counts([root_id], "members").items():  # not in the root's own rows
        moved[(key, day)] += n
    for (key, day), total in moved.items():
        for a in gone:
            rows[(a, key, day)][1] -= total
        for a in came:
            rows[(a, key, day)][1] += total
    _upsert(sorted((o, k, d, v[0], v[1]) for (o, k, d), v in rows.items()))


def rebuild(*, log=None, chunk=500):
    """Recompute every counter from the records (after a bulk load, or to repair). Returns the row count.

    Members are counted in the database, one ``GROUP BY`` per key family (the same keys as
    :func:`member_keys`), into a temporary table; units and organisations, far fewer, through :func:`unit_keys`
    and :func:`org_keys` into own rows (``total = own``). Then one ``INSERT ... SELECT ... GROUP BY`` per depth
    adds both to the totals of each ancestor at that depth (members to their ancestors only, see the module's
    docstring). ``chunk`` is kept for callers; it is no longer used.
    """
    import time

    t0 = time.perf_counter()
    with transaction.atomic():
        OrgCounter.objects.all().delete()
        _rebuild_member_rows()
        if log:
            log(f"counters: members counted ({time.perf_counter() - t0:.1f} s)")
        _rebuild_unit_and_org_rows()
        if log:
            log(f"counters: units and organisations counted ({time.perf_counter() - t0:.1f} s)")
        _rebuild_totals()
        if log:
            log(f"counters: totals of the ancestors ({time.perf_counter() - t0:.1f} s)")
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {MEMBER_OWN_TABLE}")
            cursor.execute("ANALYZE " + connection.ops.quote_name(OrgCounter._meta.db_table))
    return OrgCounter.objects.count()


MEMBER_OWN_TABLE = "gh_rebuild_member_own"  # temporary, for the length of a rebuild


def _rebuild_member_rows():
    """Members' own counts straight from ``GROUP BY`` queries (the keys of :func:`member_keys`, summed per
    organisation), into a temporary table: they are not stored at the organisation itself."""
    qn = connection.ops.quote_name
    no_day = NO_DAY.isoformat() if connection.vendor == "sqlite" else NO_DAY
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {MEMBER_OWN_TABLE}")
        cursor.execute(f"CREATE TEMPORARY TABLE {MEMBER_OWN_TABLE} (org_id bigint NOT NULL, {qn('key')} varchar(64) "
                       f"NOT NULL, {qn('day')} date NOT NULL, own bigint NOT NULL)")
        for key, day, join, cond, flow, params, _prefixes in _member_families():
            # The day goes through GROUP BY by position (PostgreSQL cannot group by a parameter).
            cursor.execute(
                f"INSERT INTO {MEMBER_OWN_TABLE} (org_id, {qn('key')}, {qn('day')}, own) "
                f"SELECT m.org_id, {key}, {day if flow else '%s'}, COUNT(*) "
                f"FROM {_members_table()} m{join} WHERE {cond or '1 = 1'} GROUP BY 1, 2, 3",
                ([] if flow else [no_day]) + list(params))


def _rebuild_unit_and_org_rows():
    """Own rows of employer units and organisations (few records: the Python definitions, all at once)."""
    from gonghui.orgs.choices import CommitteeKind
    from gonghui.orgs.models import CommitteeMember, EmployerUnit, Organisation

    counts = Delta()
    threshold = unionisation_threshold()
    for r in EmployerUnit.objects.filter(area_org__isnull=False).values(*UNIT_FIELDS).order_by().iterator(5000):
        counts.add_keys(r["area_org_id"], unit_keys(r, threshold))
    women = set(CommitteeMember.objects.filter(committee=CommitteeKind.WOMEN).values_list("org_id", flat=True)
                .distinct().order_by())
    for r in Organisation.objects.values("pk", "level", "status", "founded_on", "next_election_due").order_by() \
            .iterator(5000):
        counts.add_keys(r["pk"], org_keys(r, r["pk"] in women))
    rows = [OrgCounter(org_id=o, key=k, day=d, own=n, total=n) for (o, k, d), n in sorted(counts.n.items()) if n]
    OrgCounter.objects.bulk_create(rows, batch_size=5000)


def _rebuild_totals():
    """Add every organisation's own counts to the totals of its ancestors, one depth of ancestor at a time."""
    from django.db.models import Max

    from gonghui.orgs.models import Organisation

    qn = connection.ops.quote_name
    counter = qn(OrgCounter._meta.db_table)
    orgs = qn(Organisation._meta.db_table)
    step = Organisation.steplen
    max_depth = Organisation.objects.aggregate(d=Max("depth"))["d"] or 0
    key, day = qn("key"), qn("day")
    cols = f"org_id, {key}, {day}, own, total"
    with connection.cursor() as cursor:
        for depth in range(1, max_depth):
            # Own rows have own > 0; the ancestor rows written by this loop have own = 0 and are left out.
            for source in (counter, MEMBER_OWN_TABLE):
                cursor.execute(
                    f"INSERT INTO {counter} ({cols}) "
                    f"SELECT a.id, c.{key}, c.{day}, 0, SUM(c.own) FROM {source} c "
                    f"JOIN {orgs} o ON o.id = c.org_id "
                    f"JOIN {orgs} a ON a.path = substr(o.path, 1, %s) "
                    f"WHERE c.own <> 0 AND o.depth > %s "
                    f"GROUP BY a.id, c.{key}, c.{day} HAVING SUM(c.own) <> 0 "
                    f"ON CONFLICT (org_id, {key}, {day}) DO UPDATE SET total = {counter}.total + excluded.total",
                    [depth * step, depth])


def differences(limit=20):
    """Stored counters that differ from a recount of the records: [(org, key, day, stored, expected)]."""
    from gonghui.orgs.models import Organisation

    paths = dict(Organisation.objects.values_list("pk", "path").order_by())
    by_path = {p: pk for pk, p in paths.items()}
    own = collections.Counter()
    ids = sorted(paths)
    for i in range(0, len(ids), 500):
        for family in FAMILIES:
            own.update(_own_counts(ids[i:i + 500], family))
    total = collections.Counter()
    step = Organisation.steplen
    for (org, key, day), n in own.items():
        p = paths[org]
        upto = len(p) + 1 if not key.startswith(FAMILIES["members"]) else len(p)  # members: ancestors only
        for j in range(step, upto, step):
            total[(by_path[p[:j]], key, day)] += n
    for k in [k for k in own if k[1].startswith(FAMILIES["members"])]:
        del own[k]
    expected = {k: (own[k], total[k]) for k in set(own) | set(total) if own[k] or total[k]}
    # Month rows of a year that has left the monthly window (module docstring) count for their year.
    since = monthly_from()
    stored = collections.defaultdict(lambda: (0, 0))
    for o, k, d, a, b in OrgCounter.objects.values_list("org_id", "key", "day", "own", "total").order_by():
        was = stored[(o, k, bucket(d, since))]
        stored[(o, k, bucket(d, since))] = (was[0] + a, was[1] + b)
    stored = {k: v for k, v in stored.items() if v != (0, 0)}
    out = []
    for k in sorted(set(expected) | set(stored)):
        if expected.get(k) != stored.get(k):
            out.append((*k, stored.get(k, (0, 0)), expected.get(k, (0, 0))))
            if len(out) >= limit:
                break
    return out
