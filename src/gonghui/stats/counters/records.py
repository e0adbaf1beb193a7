"""Counting straight from the records, with the key definitions of :mod:`.keys`: an organisation's own records
(:func:`_own_counts`, for recounts), the members held at the organisations themselves (:func:`own_member_counts`,
whose keys are not stored there) and the flows of the edge days of a period (:func:`flow_counts`)."""

from __future__ import annotations

import collections
import datetime
from collections.abc import Mapping

from django.db import connection
from django.db.models import Q

from gonghui.members.hooks import MEMBER_FIELDS
from gonghui.members.models import Member
from gonghui.orgs.choices import CommitteeKind
from gonghui.orgs.models import CommitteeMember, EmployerUnit, Organisation, subtree_path_range

from ..models import NO_DAY
from ..periods import bucket_last_day
from .keys import (
    COUNTED_MEMBER_STATUSES,
    FAMILIES,
    MEMBER_STOCKS,
    UNIT_FIELDS,
    member_keys,
    monthly_from,
    org_keys,
    unionisation_threshold,
    unit_keys,
)
from .store import Delta, unit_attrs


def _own_counts(org_ids, family) -> collections.Counter:
    """Recount the own keys of a family for these organisations straight from the records."""
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


def own_member_counts(org_ids, buckets=None, stocks=True, keys=None) -> dict[int, collections.Counter]:
    """{org id: Counter((key, day): n)} of the members held at these organisations themselves, from the
    records (their ``m.`` keys are not stored at the organisation, see the package's docstring): the stocks
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
                part_params += [d.isoformat() if sqlite else d
                                for d in (buckets[0], bucket_last_day(buckets[1], since))]
            parts.append(f"SELECT m.org_id, {key}, {'%s' if not flow else day}, COUNT(*) "
                         f"FROM {_members_table()} m{join} WHERE {' AND '.join(where)} GROUP BY 1, 2, 3")
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
    return connection.ops.quote_name(Member._meta.db_table)


def _member_families(by_unit=False):
    """The ``m.`` keys of :func:`member_keys` as SQL over members ``m`` (and their unit ``u``): (key
    expression, day expression, join, condition, is a flow, parameters of the condition, the key prefixes it
    gives). ``by_unit``: one family ``m.unit.<unit id>`` instead of the two read through the employer
    (ownership, industry)."""
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


def flow_counts(ranges, org_paths: Mapping[int, str], column: str = "total",
                keys=None) -> dict[int, collections.Counter]:
    """{org id: Counter(flow key: n)} of the records whose flow date falls in one of ``ranges`` ((first, last)
    day pairs), for the organisations of ``org_paths`` ({id: path}): their subtrees (``total``) or themselves
    (``own``). Read from the records with the key definitions of the counters (:func:`member_keys`,
    :func:`org_keys`), for the days of a period that do not fill a whole month. ``keys``: only these (then
    only the families they belong to are read)."""
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


