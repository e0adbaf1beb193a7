"""The one registry of indicators (指标) that dashboards, targets and the annual report read.

An indicator has a key, a name in Chinese and English (gettext), a unit, how it is computed and how it rolls
up the tree. Apps register theirs in ``AppConfig.ready()``::

    from gonghui.stats.registry import FlowIndicator, register
    register(FlowIndicator("rights.cases", _("Cases received"), unit=_("cases"), counter="r.case",
                           section="rights", target=True, report_table="rights",
                           drilldown=lambda org, period: ...))

Kinds:
- ``StockIndicator``: a counter now (members, units); rolls up by sum.
- ``FlowIndicator``: a day-bucketed counter summed over the period (new members); rolls up by sum.
- ``DueIndicator``: a day-bucketed counter summed up to the period's end (elections due).
- ``SumIndicator``: the sum of counters whose keys start with a prefix and pass a test (members under 35).
- ``RatioIndicator``: numerator ÷ denominator of two other indicators, in percent; rolls up as the ratio of
  the sums (never an average of rates).
- ``EnteredIndicator``: a figure the records cannot give, entered in the annual report.
- ``QueryIndicator``: any other computation, by a function of (context, organisation ids).
- ``RecordIndicator``: the records of a model counted (or a field summed) for the subtree, declared in a few
  lines with its recount and drill-down: what a new area uses for its figures (see its docstring).

Every indicator computed from records also has a ``recount`` (a direct query over the records) used by the
tests and the benchmark to prove the fast figure exact, and a ``drilldown`` giving the URL of the records.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import functools
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import quote_plus

from django.apps import apps
from django.db import models
from django.db.models import Count, Q, Sum
from django.urls import reverse

from .counters import FAMILIES, flow_counts, monthly_from, own_member_counts
from .models import NO_DAY, OrgCounter
from .periods import Period, bucket_last_day, bucket_of
from .subtree import Records, fold, org_paths

_REGISTRY: dict[str, Indicator] = {}
_SECTIONS: dict[str, object] = {}


@functools.lru_cache(maxsize=128)
def _list_path(name):
    return reverse(name)  # list pages take no arguments: resolve each once (the tree map links thousands)


def list_url(name, **params):
    """The URL of the list page ``name`` filtered by ``params`` (empty ones left out): where a figure opens."""
    # urlencode() written out with each part quoted once per distinct value: a district's dashboard links
    # thousands of figures, whose parameters repeat (the period, the filters) but for the organisation's code.
    return _list_path(name) + "?" + "&".join(f"{_quoted(str(k))}={_quoted(str(v))}" for k, v in params.items()
                                             if v not in (None, ""))


@functools.lru_cache(maxsize=8192)
def _quoted(text):
    return quote_plus(text)


def register(indicator: Indicator) -> Indicator:
    if indicator.key in _REGISTRY and _REGISTRY[indicator.key] is not indicator:
        raise ValueError(f"indicator {indicator.key} registered twice")
    if indicator.target and not indicator.higher_is_better:
        # Completion (actual ÷ target), the ranking and the pace warning all assume a target is reached by
        # going up; a ceiling (at most N overdue cases) would need its own progress rules.
        raise ValueError(f"indicator {indicator.key}: a target must be an indicator where higher is better")
    _REGISTRY[indicator.key] = indicator
    return indicator


def register_section(key: str, label):
    _SECTIONS[key] = label


def section_label(key):
    return _SECTIONS.get(key, key)


def get(key: str) -> Indicator:
    return _REGISTRY[key]


def all_indicators() -> list[Indicator]:
    return list(_REGISTRY.values())


def by_section(section: str) -> list[Indicator]:
    return [i for i in _REGISTRY.values() if i.section == section]


def target_indicators() -> list[Indicator]:
    return [i for i in _REGISTRY.values() if i.target]


def report_indicators() -> list[Indicator]:
    return [i for i in _REGISTRY.values() if i.report_table]


class StatsContext:
    """Counters of some organisations for one period, loaded in three grouped queries and cached.

    ``column`` is ``total`` (the subtree: dashboards, targets) or ``own`` (the records held at the
    organisation itself: the own part of an annual report).
    """

    def __init__(self, period: Period, column: str = "total", stock_keys=None, indicators=None):
        assert column in ("total", "own")
        self.period = period
        self.column = column
        self.stock_keys = list(stock_keys) if stock_keys is not None else None  # only these stocks, no flows
        # Only what these indicators read of the members held at the organisations themselves (counted from the
        # records: the children of a district hold tens of thousands); the counters are read whole either way.
        self.member_keys = counter_keys(indicators) if indicators is not None else None
        self.stock: dict[int, dict[str, int]] = collections.defaultdict(dict)
        self.flow: dict[int, dict[str, int]] = collections.defaultdict(dict)
        self.due: dict[int, dict[str, int]] = collections.defaultdict(dict)
        self.loaded: set[int] = set()
        self.cache: dict = {}
        self.edge_counts: dict[int, collections.Counter] = {}  # flows of the edge days, per organisation

    def load(self, org_ids):
        ids = [i for i in set(org_ids) if i not in self.loaded]
        if not ids:
            return self
        col = self.column
        base = OrgCounter.objects.filter(org_id__in=ids).exclude(**{col: 0})
        stocks = base.filter(day=NO_DAY)
        if self.stock_keys is not None:
            stocks = stocks.filter(key__in=self.stock_keys)
        for org, key, n in stocks.values_list("org_id", "key", col):
            self.stock[org][key] = n
        p = self.period
        since = monthly_from()
        counted, edges = p.counted_range(since)
        # Members are not counted at the union that holds them (counters' docstring): its own from the records,
        # for both columns (``own`` has none stored, ``total`` only the descendants').
        if self.stock_keys is None or any(k.startswith(FAMILIES["members"]) for k in self.stock_keys):
            held = own_member_counts(ids, buckets=counted if self.stock_keys is None else None, keys=self.member_keys)
            for org, counts in held.items():
                for (key, day), n in counts.items():
                    if day != NO_DAY:
                        self.flow[org][key] = self.flow[org].get(key, 0) + n
                    elif self.stock_keys is None or key in self.stock_keys:
                        self.stock[org][key] = self.stock[org].get(key, 0) + n
        self.loaded.update(ids)
        if self.stock_keys is not None:
            return self
        # Flows are kept by bucket (month, or year long ago): the whole buckets of the period from the counters,
        # its edge days (a period that starts or ends inside a bucket) from the records. Up to the last day of
        # the last bucket: a year long ago may still hold the month rows written while it was recent.
        if counted:
            flows = (base.filter(day__gte=counted[0], day__lte=bucket_last_day(counted[1], since)).exclude(day=NO_DAY)
                     .values("org_id", "key").annotate(n=Sum(col)).order_by())
            for r in flows:
                self.flow[r["org_id"]][r["key"]] = self.flow[r["org_id"]].get(r["key"], 0) + r["n"]
        # Due by the end of the period = all that are set (a stock) − those due after it: the buckets after the
        # period's last bucket, and the days of that bucket after its end.
        tail = bucket_last_day(bucket_of(p.end, since), since)
        later = (base.filter(key__in=DUE_KEYS, day__gt=tail)
                 .values("org_id", "key").annotate(n=Sum(col)).order_by())
        after = collections.Counter({(r["org_id"], r["key"]): r["n"] for r in later})
        if edges or tail > p.end:
            paths = org_paths(ids, self.cache)
            if edges:
                for org, counts in flow_counts(edges, paths, col).items():
                    self.edge_counts[org] = counts
                    for key, n in counts.items():
                        self.flow[org][key] = self.flow[org].get(key, 0) + n
            if tail > p.end:
                tail_range = [(p.end + datetime.timedelta(days=1), tail)]
                for org, counts in flow_counts(tail_range, paths, col, keys=DUE_KEYS).items():
                    for key in DUE_KEYS:
                        after[(org, key)] += counts.get(key, 0)
        for org in ids:
            for key, stock_key in DUE_KEYS.items():
                n = self.stock[org].get(stock_key, 0) - after.get((org, key), 0)
                if n:
                    self.due[org][key] = n
        self.loaded.update(ids)
        return self

    def values(self, indicator: Indicator | str, org_ids) -> dict[int, object]:
        indicator = get(indicator) if isinstance(indicator, str) else indicator
        if self.member_keys is not None and not _within(indicator.counter_keys(), self.member_keys):
            # made for some indicators, it read only their part of the members held at the organisations
            raise ValueError(f"this statistics context was not made for {indicator.key}")
        org_ids = list(org_ids)
        key = (indicator.key, tuple(sorted(org_ids)))
        if key not in self.cache:
            self.cache[key] = indicator.compute(self, org_ids)
        return self.cache[key]

    def value(self, indicator, org_id):
        return self.values(indicator, [org_id]).get(org_id)


def counter_keys(indicators) -> set[str] | None:
    """The counter keys (or key prefixes) that ``indicators`` read; None if one of them does not say."""
    keys = set()
    for ind in indicators:
        found = (get(ind) if isinstance(ind, str) else ind).counter_keys()
        if found is None:
            return None
        keys |= found
    return keys


def _within(keys, allowed):
    return keys is not None and keys <= allowed


DUE_KEYS: dict[str, str] = {}  # day-bucketed key → the stock key counting all of them


def percent(numerator, denominator):
    """numerator ÷ denominator in percent, one decimal; None when there is nothing to divide by."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclasses.dataclass(eq=False)
class Indicator:
    key: str
    name: object  # lazy gettext
    unit: object = ""
    section: str = "members"
    rollup: str = "sum"  # sum | ratio | none
    target: bool = False  # may be set as a target handed down (指标下达)
    report_table: str = ""  # the annual report's table it appears in ("" = not in the report)
    derived: bool = True  # computed from records (False: entered in the report)
    help: object = ""
    drilldown: Callable[[object, Period], str] | None = None
    # How many records the drill-down lists, from the dashboard's values, when that is not the figure itself (a
    # rate opening what is still missing: ``lambda v: v["required"] - v["established"]``).
    lists: Callable[[dict], int] | None = None
    recount_fn: Callable[[object, Period], object] | None = None
    higher_is_better: bool = True

    kind = "count"

    def compute(self, ctx: StatsContext, org_ids) -> dict[int, object]:
        raise NotImplementedError

    def recount(self, org, period):
        if self.recount_fn is None:
            raise NotImplementedError(self.key)
        return self.recount_fn(org, period)

    def counter_keys(self) -> set[str] | None:
        """The counter keys (or key prefixes) it reads; None when it does not say (it may read anything)."""
        return None

    def url(self, org, period):
        return self.drilldown(org, period) if self.drilldown else None

    @property
    def is_ratio(self):
        return self.rollup == "ratio"


@dataclasses.dataclass(eq=False)
class _CounterIndicator(Indicator):
    """One counter's value, read from the context's ``counts`` ("stock", "flow" or "due")."""

    counter: str = ""
    counts = "stock"  # not a field: the subclass's source

    def counter_keys(self):
        return {self.counter}

    def compute(self, ctx, org_ids):
        ctx.load(org_ids)
        values = getattr(ctx, self.counts)
        return {o: values[o].get(self.counter, 0) for o in org_ids}


@dataclasses.dataclass(eq=False)
class StockIndicator(_CounterIndicator):
    counts = "stock"


@dataclasses.dataclass(eq=False)
class FlowIndicator(_CounterIndicator):
    counts = "flow"


@dataclasses.dataclass(eq=False)
class DueIndicator(_CounterIndicator):
    all_counter: str = ""  # stock of every record with a due date (due by a date = all − due after it)
    counts = "due"

    def __post_init__(self):
        DUE_KEYS[self.counter] = self.all_counter

    def counter_keys(self):
        return {self.counter, self.all_counter}


@dataclasses.dataclass(eq=False)
class SumIndicator(Indicator):
    """Sum of the stock counters ``prefix + suffix`` for which ``accept(suffix, period)`` holds."""

    prefix: str = ""
    accept: Callable[[str, Period], bool] = lambda suffix, period: True

    def counter_keys(self):
        return {self.prefix}

    def compute(self, ctx, org_ids):
        ctx.load(org_ids)
        out = {}
        for o in org_ids:
            out[o] = sum(n for k, n in ctx.stock[o].items()
                         if k.startswith(self.prefix) and self.accept(k[len(self.prefix):], ctx.period))
        return out


@dataclasses.dataclass(eq=False)
class RatioIndicator(Indicator):
    numerator: str = ""
    denominator: str = ""
    rollup: str = "ratio"
    unit: object = "%"
    kind = "ratio"

    def counter_keys(self):
        return counter_keys([self.numerator, self.denominator])

    def compute(self, ctx, org_ids):
        num = ctx.values(self.numerator, org_ids)
        den = ctx.values(self.denominator, org_ids)
        return {o: percent(num[o], den[o]) for o in org_ids}

    def recount(self, org, period):
        return percent(get(self.numerator).recount(org, period), get(self.denominator).recount(org, period))


@dataclasses.dataclass(eq=False)
class EnteredIndicator(Indicator):
    """Entered by the union in its annual report; dashboards show it from accepted reports only."""

    derived: bool = False

    def counter_keys(self):
        return set()

    def compute(self, ctx, org_ids):
        return dict.fromkeys(org_ids)


@dataclasses.dataclass(eq=False)
class QueryIndicator(Indicator):
    """Computed by ``fn(ctx, org_ids) -> {org id: value}`` (for apps whose figures are not counters)."""

    fn: Callable | None = None

    def compute(self, ctx, org_ids):
        return self.fn(ctx, org_ids)


@dataclasses.dataclass(eq=False)
class RecordIndicator(Indicator):
    """A figure counted (or summed) from an area's records, for any subtree and period: the kit's indicator.

    ::

        register(RecordIndicator(
            "congress_sessions", _("Congress sessions held"), unit=_("sessions"), section="congress",
            model="congress.Session", org_field="org", date_field="held_on", where=Q(status="held"),
            list_url_name="congress:session_list", list_params={"held": "yes"}))

    - ``model`` (``"app_label.Model"``): the records; ``where`` (a Q): the ones that count; ``org_field``: the
      link to the organisation that holds a record (``"org"``, ``"recipient__org"``).
    - ``date_field``: a flow: the records whose date falls in the period. ``None``: a stock, every record that
      counts now, whatever the period.
    - ``sum_field``: the sum of that field (money, people) instead of the number of records; a DecimalField sums
      to a Decimal (``decimal_places`` follows the field: the annual report keeps them).
    - The value: one grouped query per context for all the organisations asked for, folded into the subtree
      totals, or the records held at each organisation itself in the ``own`` column
      (``gonghui.stats.subtree.fold``, as the rights and hardship figures).
    - ``recount(org, period)``: the same records and aggregate filtered straight to the subtree: equal to the
      value by construction (the tests and the benchmarks compare them).
    - The drill-down (``url``): the list page ``list_url_name`` with ``within=<the organisation's code>``, the
      period on the list's date filters (``period_params``, by default ``<date_field without "_on">_from`` and
      ``..._to``: ``held_from``/``held_to``) and ``list_params``: the list must show exactly the records
      counted (its ``within`` filter on ``org_field``'s subtree, its filters matching ``where``).

    - ``distinct`` (a field or path, ``"org"``): the number of distinct values of that field among the records
      that count (``COUNT(DISTINCT org)``: the unions holding an award, not the awards), exact for any subtree
      (a value held under two branches counts once above them). It counts, so not with ``sum_field``. Its
      drill-down must list one record per value: the list's ``OnePerFilter`` (``gonghui.core.filtersets``)
      in ``list_params`` (``{"one_per_org": "yes"}``). Counting the organisation link itself
      (``distinct == org_field``) joins the grouped query of the figures counting the same records.

    A record is counted once per organisation (``COUNT(DISTINCT pk)``) even when ``where`` follows a to-many
    relation; a sum over such a relation adds a record once per related row matched.
    """

    model: str = ""
    org_field: str = "org"
    date_field: str | None = None
    where: Q | None = None
    sum_field: str = ""
    list_url_name: str = ""
    list_params: dict = dataclasses.field(default_factory=dict)
    period_params: tuple | None = None
    distinct: str = ""

    def __post_init__(self):
        if self.distinct and self.sum_field:
            raise ValueError(f"indicator {self.key}: distinct counts values, it cannot sum {self.sum_field}")

    def records(self, period):
        """The records that count for ``period`` (every organisation)."""
        qs = apps.get_model(self.model)._default_manager.all()
        if self.where is not None:
            qs = qs.filter(self.where)
        if self.date_field:
            qs = qs.filter(**{f"{self.date_field}__gte": period.start, f"{self.date_field}__lte": period.end})
        return qs

    def _aggregate(self):
        return Sum(self.sum_field) if self.sum_field else Count(self.distinct or "pk", distinct=True)

    @property
    def _own_group(self):
        """Counting distinct values other than the organisation link: read grouped by them, never added twice."""
        return bool(self.distinct) and self.distinct != self.org_field

    def _summed_field(self):
        model = apps.get_model(self.model)
        field = None
        for part in self.sum_field.split("__"):
            field = model._meta.get_field(part)
            model = field.related_model
        return field

    @property
    def decimal_places(self):
        field = self._summed_field() if self.sum_field else None
        return field.decimal_places if isinstance(field, models.DecimalField) else 0

    def _zero(self):
        return Decimal("0") if self.decimal_places else 0

    def counter_keys(self):
        return set()  # read from the records, never from the counters

    def _counted_together(self):
        """The registered figures that count (not sum) the same records by the same date and organisation link:
        one grouped query answers them all (``COUNT(DISTINCT pk) FILTER (WHERE ...)`` each), so a dashboard's
        queries do not grow with an area's figures. A sum stays alone: another figure's join could repeat its rows."""
        def plain(i):
            return (type(i).records is RecordIndicator.records and type(i).compute is RecordIndicator.compute
                    and not i.sum_field and not i._own_group)

        if not plain(self):
            return [self]
        return [i for i in all_indicators() if isinstance(i, RecordIndicator) and plain(i)
                and (i.model, i.org_field, i.date_field) == (self.model, self.org_field, self.date_field)]

    def compute(self, ctx, org_ids):
        zero = self._zero()
        together = self._counted_together()
        if len(together) > 1:
            return self._compute_together(ctx, org_ids, together)
        if self._own_group:
            def collect(acc, row):
                if row[self.distinct] is not None:
                    acc.add(row[self.distinct])

            def grouped():
                return [Records(self.records(ctx.period), self.org_field, {"n": Count("pk")}, collect,
                                group=(self.distinct,))]

            return fold(ctx, ("record", self.key), list(org_ids), grouped, new=set, finish=len)

        def add(acc, row):
            acc[0] += row["v"] or zero

        def sources():
            return [Records(self.records(ctx.period), self.org_field, {"v": self._aggregate()}, add)]

        return fold(ctx, ("record", self.key), list(org_ids), sources, new=lambda: [zero], finish=lambda acc: acc[0])

    def _compute_together(self, ctx, org_ids, together):
        keys = [i.key for i in together]
        alias = {k: f"n{n}" for n, k in enumerate(keys)}  # never a field's name

        def add(acc, row):
            for k in keys:
                acc[k] += row[alias[k]] or 0

        def sources():
            records = apps.get_model(self.model)._default_manager.all()
            if self.date_field:
                records = records.filter(**{f"{self.date_field}__gte": ctx.period.start,
                                            f"{self.date_field}__lte": ctx.period.end})
            counts = {alias[i.key]: Count(i.distinct or "pk", distinct=True, filter=i.where)
                      if i.where is not None else Count(i.distinct or "pk", distinct=True) for i in together}
            return [Records(records, self.org_field, counts, add)]

        values = fold(ctx, ("records", self.model, self.org_field, self.date_field, tuple(keys)), list(org_ids),
                      sources, new=lambda: dict.fromkeys(keys, 0))
        return {org: acc[self.key] for org, acc in values.items()}

    def recount(self, org, period):
        if self.recount_fn is not None:
            return self.recount_fn(org, period)
        qs = self.records(period).filter(**{f"{self.org_field}__path__startswith": org.path})
        return qs.aggregate(v=self._aggregate())["v"] or self._zero()

    def url(self, org, period):
        if self.drilldown is not None:
            return self.drilldown(org, period)
        if not self.list_url_name:
            return None
        params = {"within": org.code}
        if self.date_field:
            stem = self.date_field.removesuffix("_on")
            since, until = self.period_params or (f"{stem}_from", f"{stem}_to")
            params.update({since: period.start.isoformat(), until: period.end.isoformat()})
        return list_url(self.list_url_name, **params, **self.list_params)


@dataclasses.dataclass
class BreakdownItem:
    label: object
    value: int
    url: str | None = None


@dataclasses.dataclass(eq=False)
class Breakdown:
    """A composition (members by gender, by age band...): items from counters with one key prefix."""

    key: str
    name: object
    prefix: str
    labels: Callable[[], dict]  # suffix -> label, in display order
    group: Callable[[str, Period], str] | None = None  # maps a suffix to an item (e.g. birth year -> age band)
    drilldown: Callable[[object, Period, str], str] | None = None

    def entries(self, ctx: StatsContext, org) -> list[tuple]:
        """``(key, label, count, drill-down URL)`` of each item with a count, in display order (``org``'s
        counters loaded)."""
        counts = collections.Counter()
        for k, n in ctx.stock[org.pk].items():
            if k.startswith(self.prefix):
                suffix = k[len(self.prefix):]
                counts[self.group(suffix, ctx.period) if self.group else suffix] += n
        labels = self.labels()
        order = list(labels) + sorted(k for k in counts if k not in labels)
        return [(k, labels.get(k, k), counts[k], self.drilldown(org, ctx.period, k) if self.drilldown else None)
                for k in order if counts.get(k)]

    def items(self, ctx: StatsContext, org) -> list[BreakdownItem]:
        ctx.load([org.pk])
        return [BreakdownItem(label, n, url) for _k, label, n, url in self.entries(ctx, org)]


_BREAKDOWNS: dict[str, Breakdown] = {}


def register_breakdown(b: Breakdown) -> Breakdown:
    _BREAKDOWNS[b.key] = b
    return b


def breakdowns() -> list[Breakdown]:
    return list(_BREAKDOWNS.values())
