"""What a record counts for: the key definitions of members (``member_keys``), employer units (``unit_keys``) and
organisations (``org_keys``), and the buckets flows are kept in (``bucket``). The one definition every writer,
recount and rebuild of the counters follows (see the package's docstring)."""

from __future__ import annotations

import collections
import datetime
import itertools
import operator
from collections.abc import Mapping

from django.conf import settings
from django.utils import timezone

from ..models import NO_DAY
from ..periods import bucket_of

COUNTED_MEMBER_STATUSES = ("active", "transferring")
UNIT_FIELDS = ("area_org_id", "union_id", "employee_count", "ownership", "industry", "should_have_union")
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
    """The default of the census rule's number of employees (setting); the rule in force is
    ``gonghui.orgs.census.current_rule()``, kept on each unit as ``should_have_union``."""
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


def unit_keys(v: Mapping, threshold: int | None = None) -> list[tuple[str, datetime.date, int]]:
    """Keys (with weights) of an employer unit, counted at the union whose census holds it. Whether it should
    have a union is the census rule's flag on the unit (``threshold`` is no longer read)."""
    covered = v["union_id"] is not None
    employees = v["employee_count"] or 0
    keys = [("u.count", NO_DAY, 1), ("u.employees", NO_DAY, employees),
            (f"u.own.{v['ownership']}", NO_DAY, 1), (f"u.ind.{v['industry']}", NO_DAY, 1)]
    if covered or v["should_have_union"]:
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


def bucket(day: datetime.date, since: datetime.date | None = None) -> datetime.date:
    """The stored ``day`` of a key's date: NO_DAY for stocks; for flows the first day of its month, or of its
    year before ``since`` (:func:`monthly_from`)."""
    return day if day == NO_DAY else bucket_of(day, since or monthly_from())
