"""Recomputing every counter from the records (:func:`rebuild`, after a bulk load or to repair) and comparing the
stored counters with a recount (:func:`differences`, ``gonghui stats verify``)."""

from __future__ import annotations

import collections
import time

from django.db import connection, transaction
from django.db.models import Max

from gonghui.orgs.choices import CommitteeKind
from gonghui.orgs.models import CommitteeMember, EmployerUnit, Organisation

from ..models import NO_DAY, OrgCounter
from .keys import FAMILIES, UNIT_FIELDS, bucket, monthly_from, org_keys, unionisation_threshold, unit_keys
from .records import _member_families, _members_table, _own_counts
from .store import Delta


def rebuild(*, log=None, chunk=500):
    """Recompute every counter from the records (after a bulk load, or to repair). Returns the row count.

    Members are counted in the database, one ``GROUP BY`` per key family (the same keys as
    :func:`member_keys`), into a temporary table; units and organisations, far fewer, through :func:`unit_keys`
    and :func:`org_keys` into own rows (``total = own``). Then one ``INSERT ... SELECT ... GROUP BY`` per depth
    adds both to the totals of each ancestor at that depth (members to their ancestors only, see the module's
    docstring). ``chunk`` is kept for callers; it is no longer used.
    """
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
