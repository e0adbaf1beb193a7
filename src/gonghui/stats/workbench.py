"""The figures of a user's scope as the indicators' registry gives them: the workbench's key figures with their
trend, the union tree's counts, and the snapshots that keep the history of the figures the counters hold only
as they are now.

One number, one definition: every count the home page, the tree and the dashboard show is the value of the
indicator of that name for the same organisations, read from the same counters. A scope of several subtrees
adds them up (a rate: the sums of its two parts divided, as the roll-up does).

The trend compares each figure with the same figure at the last month end:
- a figure of the period (new members, cases received since 1 January; archives active on a day) is computed
  again for the period ending that day;
- a figure of now (members, units) cannot be: the counters keep no history. The daily round writes
  :class:`FigureSnapshot` rows for the organisations at the top of some official's scope; the trend reads the
  latest one kept on or before the month end, and says plainly when none was kept.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from gonghui.core.workbench import KeyFigure
from gonghui.orgs.models import Organisation
from gonghui.orgs.selectors import scope_roots

from . import registry
from .counters import LIVE_ORG_STATUSES
from .models import FigureSnapshot
from .periods import Period

NOW, SINCE_JANUARY, ON_DAY = "now", "since_january", "on_day"

# The workbench's key figures, in order: (indicator key, what its value depends on). Indicators that no
# installed area registers are left out.
KEY_FIGURES = (
    ("members", NOW),
    ("membership_rate", NOW),
    ("orgs", NOW),
    ("unionisation_rate", NOW),
    ("units", NOW),
    ("new_members", SINCE_JANUARY),
    ("rights_cases", SINCE_JANUARY),
    ("hardship_active_archives", ON_DAY),
)
SNAPSHOT_CHUNK = 500
NOTES = {SINCE_JANUARY: gettext_lazy("since 1 January"), ON_DAY: gettext_lazy("today")}


def _stock_keys(key):
    ind = registry.get(key)
    return [ind.numerator, ind.denominator] if ind.is_ratio else [key]


def snapshot_keys():
    """The figures of now that the snapshots keep (a rate's two parts, not the rate)."""
    keys = []
    for key, kind in KEY_FIGURES:
        if kind == NOW and _registered(key):
            keys.extend(k for k in _stock_keys(key) if k not in keys)
    return keys


def _registered(key):
    try:
        registry.get(key)
    except KeyError:
        return False
    return True


def _combine(ind, ctx, ids):
    """The value of ``ind`` over the subtrees of ``ids`` together."""
    if ind.is_ratio:
        return registry.percent(_combine(registry.get(ind.numerator), ctx, ids),
                                _combine(registry.get(ind.denominator), ctx, ids))
    values = ctx.values(ind, ids)
    if ind.rollup == "none":
        return values[ids[0]] if len(ids) == 1 else None
    found = [v for v in values.values() if v is not None]
    return sum(found) if found else (None if not ind.derived else 0)


def figures_of(orgs, keys, period):
    """{key: value} of the indicators ``keys`` over the subtrees of ``orgs`` (disjoint) for ``period``."""
    ids = [o.pk for o in orgs]
    ctx = registry.StatsContext(period)
    if not ids:
        return dict.fromkeys(keys)
    return {key: _combine(registry.get(key), ctx, ids) for key in keys}


def scope_figures(user, keys, period=None, today=None):
    """{key: value} of the indicators ``keys`` over the user's scope (the figures of now: period to today)."""
    today = today or timezone.localdate()
    return figures_of(list(scope_roots(user)), keys, period or _year_to(today))


def _year_to(day):
    return Period("custom", day.replace(month=1, day=1), day)


def _url(ind, roots, period):
    """The records behind the figure: the indicator's drill-down for the one root; for several, the same list
    without the organisation filter (list pages show the user's whole scope)."""
    if not roots:
        return None
    url = ind.url(roots[0], period)
    if url is None or len(roots) == 1:
        return url
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "within"]
    return urlunsplit(parts._replace(query=urlencode(query)))


def previous_month_end(today):
    return today.replace(day=1) - datetime.timedelta(days=1)


def _snapshot_values(roots, keys, day):
    """{key: value} summed over ``roots`` from the latest snapshot of each on or before ``day``, and that day
    (the earliest of the roots'); ({}, None) when a root has none."""
    found, days = {}, []
    for root in roots:
        latest = (FigureSnapshot.objects.filter(org=root, key__in=keys, day__lte=day)
                  .order_by("-day").values_list("day", flat=True).first())
        if latest is None:
            return {}, None
        days.append(latest)
        for key, value in FigureSnapshot.objects.filter(org=root, day=latest, key__in=keys).values_list("key", "value"):
            found[key] = found.get(key, 0) + value
    return found, min(days)


def _from_snapshot(ind, values):
    if ind.is_ratio:
        num, den = values.get(ind.numerator), values.get(ind.denominator)
        return registry.percent(num, den) if num is not None and den is not None else None
    value = values.get(ind.key)
    return int(value) if isinstance(value, Decimal) and value == value.to_integral_value() else value


def key_figures(user, today):
    """The workbench's key figures of ``user``'s scope, each with the same figure at the last month end."""
    roots = list(scope_roots(user))
    shown = [(registry.get(k), kind) for k, kind in KEY_FIGURES if _registered(k)]
    if not roots or not shown:
        return []
    now_period = _year_to(today)
    now = figures_of(roots, [i.key for i, _kind in shown], now_period)
    ref = previous_month_end(today)
    # The figures of a period, computed again for the period ending at the month end (none in January for
    # those counted since 1 January: that period has not begun).
    again = [i.key for i, kind in shown if kind == ON_DAY or (kind == SINCE_JANUARY and ref.year == today.year)]
    earlier = figures_of(roots, again, Period("custom", ref.replace(month=1, day=1), ref)) if again else {}
    snapshots, snapshot_day = _snapshot_values(roots, snapshot_keys(), ref)
    out = []
    for ind, kind in shown:
        if kind == NOW:
            previous, previous_on = (_from_snapshot(ind, snapshots), snapshot_day) if snapshot_day else (None, None)
        else:
            previous, previous_on = earlier.get(ind.key), (ref if ind.key in earlier else None)
        out.append(KeyFigure(
            key=ind.key, label=ind.name, value=now[ind.key], url=_url(ind, roots, now_period), unit=ind.unit,
            kind=ind.kind, note=NOTES.get(kind, ""), previous=previous,
            previous_on=previous_on if previous is not None else None, higher_is_better=ind.higher_is_better))
    return out


# --- snapshots ----------------------------------------------------------------------------------------------------


def snapshot_orgs():
    """The organisations whose figures the snapshots keep: the roots of the tree and of every official's scope."""
    assignment = apps.get_model(settings.GONGHUI_ROLE_ASSIGNMENT_MODEL)
    scoped = Q(pk__in=assignment.objects.values("org_id")) | Q(depth=1)
    return list(Organisation.objects.filter(scoped, status__in=LIVE_ORG_STATUSES).only("pk", "path").order_by("path"))


@transaction.atomic
def record_snapshots(day, orgs=None):
    """Keep the figures of now of ``orgs`` (by default :func:`snapshot_orgs`) as they stand on ``day``; run
    again on the same day, it replaces that day's rows. Returns the number of organisations."""
    orgs = snapshot_orgs() if orgs is None else list(orgs)
    keys = snapshot_keys()
    if not orgs or not keys:
        return 0
    inds = [registry.get(k) for k in keys]
    # In chunks: every grassroots union whose staff sign in has a row a day (tens of thousands in a province).
    for start in range(0, len(orgs), SNAPSHOT_CHUNK):
        ids = [o.pk for o in orgs[start:start + SNAPSHOT_CHUNK]]
        ctx = registry.StatsContext(_year_to(day), indicators=inds)
        values = {key: ctx.values(key, ids) for key in keys}
        FigureSnapshot.objects.filter(org_id__in=ids, day=day).delete()
        FigureSnapshot.objects.bulk_create([FigureSnapshot(org_id=pk, key=key, day=day, value=values[key][pk] or 0)
                                            for pk in ids for key in keys])
    return len(orgs)


# --- the union tree's counts --------------------------------------------------------------------------------------

TREE_FIGURES = (("live_orgs", "orgs"), ("members", "members"), ("units", "units"))


def tree_figures(nodes):
    """``orgs.hooks.subtree_figures``: the tree's counts of each node's subtree, from the indicators ``orgs``,
    ``members`` and ``units`` (the same figures as the dashboard of that organisation)."""
    nodes = list(nodes)
    if not nodes:
        return {}
    inds = [registry.get(key) for _name, key in TREE_FIGURES]
    ctx = registry.StatsContext(Period.current_year(), stock_keys=[i.counter for i in inds], indicators=inds)
    ids = [n.pk for n in nodes]
    return {name: ctx.values(key, ids) for name, key in TREE_FIGURES}


