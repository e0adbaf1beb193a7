"""The process of ``gonghui bench stats`` (:mod:`.statsbench` starts it and sets Django up first): migrate, seed,
rebuild the counters, then time the dashboard against the recount and write the result (JSON)."""

import json
import math
import time
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from gonghui.members.models import Member
from gonghui.orgs.models import Organisation
from gonghui.stats import counters
from gonghui.stats.counters import LIVE_ORG_STATUSES
from gonghui.stats.indicators import breakdown_recount
from gonghui.stats.models import OrgCounter
from gonghui.stats.periods import Period
from gonghui.stats.registry import all_indicators, breakdowns, get
from gonghui.stats.selectors import CHILD_INDICATORS, dashboard_data
from gonghui.tools.demo.seeder import CitySeeder


def percentile(samples, q):
    """Nearest-rank percentile (q in 0..100) of a list of numbers."""
    s = sorted(samples)
    return s[max(0, math.ceil(q / 100 * len(s)) - 1)]


def _say(line=""):
    print("  " + line, flush=True)


def _ours(city, period):
    """The figures of the dashboard, as the comparison needs them."""
    return dashboard_data(city, period)


def _ours_figures(data):
    figures = {("city", k): v for k, v in data["values"].items() if get(k).derived}
    for b in data["breakdowns"]:
        figures[("breakdown", b["key"])] = {i["key"]: i["value"] for i in b["items"]}
    for r in data["children"]:
        for k, v in r["values"].items():
            figures[("child", r["code"], k)] = v
    return figures


def _recount(city, period, skipped):
    """The same figures straight from the records."""
    figures = {}
    for ind in all_indicators():
        if not ind.derived:
            continue
        try:
            figures[("city", ind.key)] = ind.recount(city, period)
        except NotImplementedError:
            skipped.add(ind.key)
    for b in breakdowns():
        figures[("breakdown", b.key)] = {k: n for k, n in breakdown_recount(b.key, city, period).items() if n}
    children = Organisation.objects.filter(path__startswith=city.path, depth=city.depth + 1,
                                           status__in=LIVE_ORG_STATUSES).order_by("path")
    for child in children:
        for k in CHILD_INDICATORS:
            figures[("child", child.code, k)] = get(k).recount(child, period)
    return figures


def _compare(ours, recount, skipped):
    problems = []
    for key in sorted(set(ours) | set(recount), key=str):
        if key[0] == "city" and key[1] in skipped:
            continue
        a, b = ours.get(key, "absent"), recount.get(key, "absent")
        if a != b:
            problems.append(f"{'/'.join(map(str, key))}: dashboard {a!r}, recount {b!r}")
    return problems


def _timed(fn, n):
    samples = []
    for _i in range(n):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return samples


def work(task):
    if task.get("reuse"):
        _say(f"database: {connection.vendor} {connection.settings_dict['NAME']}, kept by an earlier run: "
             f"no seeding, no rebuild")
        rows, rebuild_s = OrgCounter.objects.count(), None
        city = Organisation.get_root_nodes().first()
    else:
        t = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        _say(f"database: {connection.vendor} {connection.settings_dict['NAME']}, migrated in "
             f"{time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        seeded = CitySeeder(orgs=task["orgs"], members=task["members"], seed=task["seed"], workers=task["workers"],
                            log=lambda msg: _say("seed: " + msg), note="gonghui bench stats").run()
        _say(f"seeded in {time.perf_counter() - t:.1f} s: {seeded.organisations:,} organisations, {seeded.units:,} "
             f"employer units, {seeded.members:,} members (the counters built by rebuild() in "
             f"{seeded.timings.get('counters', 0):.1f} s of it)")
        t = time.perf_counter()
        rows = counters.rebuild()
        rebuild_s = time.perf_counter() - t
        _say(f"counters rebuild() again, on its own: {rows:,} rows in {rebuild_s:.1f} s (ANALYZE included)")
        city = Organisation.objects.get(pk=seeded.root.pk)
    period = Period.year(timezone.localdate().year)
    orgs = Organisation.objects.count()
    members = Member.objects.count()
    _say(f"city {city.code} {city.name}: {orgs:,} organisations, {members:,} members, "
         f"{OrgCounter.objects.count():,} counter rows; period {period.token} ({period.start} to {period.end})")

    # The first run of each gives the figures compared (and warms the caches); it is not timed.
    skipped = set()
    t = time.perf_counter()
    ours = _ours_figures(_ours(city, period))
    first_ours = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    recounted = _recount(city, period, skipped)
    first_recount = (time.perf_counter() - t) * 1000
    problems = _compare(ours, recounted, skipped)
    n_children = len({k[1] for k in ours if k[0] == "child"})
    n_city = len([k for k in ours if k[0] == "city"])
    _say(f"figures: {n_city} indicators of the city, {len([k for k in ours if k[0] == 'breakdown'])} breakdowns, "
         f"{n_children} live children x {len({k[2] for k in ours if k[0] == 'child'})} indicators"
         + (f"; no recount for {', '.join(sorted(skipped))} (not compared)" if skipped else ""))
    if problems:
        _say(f"CHECK FAILED: {len(problems)} figures differ:")
        for p in problems[:20]:
            _say("    " + p)
    else:
        _say(f"check passed: the dashboard equals the recount on all {len(recounted)} figures "
             f"(first runs, untimed: ours {first_ours:.1f} ms, recount {first_recount:.1f} ms)")
    for k in (("city", "members"), ("city", "new_members"), ("city", "unionisation_rate"), ("city", "membership_rate")):
        if k in ours:
            _say(f"    {k[1]} = {ours[k]}")

    ours_ms = _timed(lambda: _ours(city, period), task["repeat"])
    _say(f"ours    (dashboard_data, {task['repeat']} runs): p50 {percentile(ours_ms, 50):9.1f} ms   "
         f"p95 {percentile(ours_ms, 95):9.1f} ms   min {min(ours_ms):.1f}   max {max(ours_ms):.1f}")
    recount_ms = _timed(lambda: _recount(city, period, set()), task["recount_repeat"])
    _say(f"recount ({task['recount_repeat']} runs):                p50 {percentile(recount_ms, 50):9.1f} ms   "
         f"p95 {percentile(recount_ms, 95):9.1f} ms   min {min(recount_ms):.1f}   max {max(recount_ms):.1f}")
    result = {
        "orgs": orgs, "members": members, "period": period.token, "rebuild_s": rebuild_s, "counter_rows": rows,
        "ours_ms": ours_ms, "recount_ms": recount_ms, "ours_p50_ms": percentile(ours_ms, 50),
        "ours_p95_ms": percentile(ours_ms, 95), "recount_p50_ms": percentile(recount_ms, 50),
        "recount_p95_ms": percentile(recount_ms, 95), "problems": problems, "skipped": sorted(skipped),
    }
    _say(f"speed-up at p95: {result['recount_p95_ms'] / result['ours_p95_ms']:.0f}x; at p50: "
         f"{result['recount_p50_ms'] / result['ours_p50_ms']:.0f}x")
    Path(task["result"]).write_text(json.dumps(result))
