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
:func:`subtree_moved`. :func:`rebuild` recomputes everything (after a bulk seed, or to repair). The union tree
announces those writes through ``gonghui.orgs.hooks`` and the members area through ``gonghui.members.hooks``;
``StatsConfig.ready`` connects the receivers here.

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

The package: :mod:`.keys` (what a record counts for, the buckets), :mod:`.store` (differences applied to the
stored rows: deltas, locks, upserts), :mod:`.records` (counting from the records: recounts, the members held at
an organisation, the edge days of a period), :mod:`.rebuild` (everything again, and the check); the writes that
follow changes (members, an organisation's own records, a moved subtree) are here, and every name is
re-exported here (``from gonghui.stats import counters``; ``counters.<name>``).
"""


from __future__ import annotations

import collections
import contextlib
from collections.abc import Iterable, Mapping

from django.db import transaction

from gonghui.members.hooks import MEMBER_FIELDS, member_values  # noqa: F401  (the announced fields, for importers)

from ..models import OrgCounter
from .keys import (  # noqa: F401  (re-exported)
    COUNTED_MEMBER_STATUSES,
    COUNTED_MEMBER_STATUSES_SET,
    FAMILIES,
    GRASSROOTS_LEVEL,
    LIVE_ORG_STATUSES,
    MEMBER_STOCKS,
    UNIT_FIELDS,
    _count_member_keys,
    bucket,
    member_keys,
    monthly_from,
    org_keys,
    unionisation_threshold,
    unit_keys,
)
from .rebuild import MEMBER_OWN_TABLE, differences, rebuild  # noqa: F401  (re-exported)
from .records import (  # noqa: F401  (re-exported)
    _member_families,
    _members_table,
    _own_counts,
    flow_counts,
    own_member_counts,
)
from .store import (  # noqa: F401  (re-exported)
    DELTA_TABLE,
    Delta,
    _ancestor_ids,
    _counter_rows,
    _parent_maps,
    _parents,
    _upsert,
    ancestors_of,
    apply,
    lock_orgs,
    unit_attrs,
)

# --- members ---------------------------------------------------------------------------------------------------
# The import engine calls these for every batch (``CountedMembers`` in its checking thread, ``members_changed``
# in its writer); they stay in the package itself, where ``counters.<name>`` finds them.


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


# --- an organisation's own records, a moved subtree ---------------------------------------------------------------


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
    stored = OrgCounter.objects.filter(org_id=root_id).exclude(total=0)
    for key, day, total in stored.values_list("key", "day", "total"):
        moved[(key, day)] += total
    for (_org, key, day), n in _own_counts([root_id], "members").items():  # not in the root's own rows
        moved[(key, day)] += n
    for (key, day), total in moved.items():
        for a in gone:
            rows[(a, key, day)][1] -= total
        for a in came:
            rows[(a, key, day)][1] += total
    _upsert(sorted((o, k, d, v[0], v[1]) for (o, k, d), v in rows.items()))


@contextlib.contextmanager
def moving_subtree(root_id: int):
    """Around the move of the subtree under ``root_id`` (``gonghui.orgs.hooks.subtree_moved``): its ancestors
    taken before, its totals moved from the old ancestors to the new ones after (:func:`subtree_moved`)."""
    old_ancestors = ancestors_of(root_id)
    yield
    subtree_moved(root_id, old_ancestors)
