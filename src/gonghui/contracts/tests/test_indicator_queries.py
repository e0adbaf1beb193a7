"""The two figures that are not counts (average agreed wage rise, 劳动合同签订率) read a fixed number of queries
for any number of organisations shown, and each value still equals its recount."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.contracts import services
from gonghui.contracts.testing import draft_contract, make_unit
from gonghui.stats.periods import Period
from gonghui.stats.registry import StatsContext, get

pytestmark = pytest.mark.django_db
D = datetime.date
KEYS = ("contracts_average_wage_rise", "labour_contract_rate")


def _in_force(user, org, units, **kw):
    c = draft_contract(user, org, units, **kw)
    with time_machine.travel(datetime.datetime(2026, 1, 10, 10, tzinfo=datetime.UTC), tick=False):
        c = services.sign_contract(user, c, D(2026, 1, 10))
        c = services.submit_contract(user, c, D(2026, 1, 10))
    return services.take_effect_if_due(c, D(2026, 2, 10))


def test_fixed_number_of_queries_and_recount(tree, users):
    root = users["root"]
    for code, rise, workers, signed in (("EA1", "6", 300, 270), ("EA2", "3.35", 40, 33), ("EB1", "4", 80, 80)):
        unit = make_unit(root, tree[code], code, employees=workers)
        _in_force(root, tree[code], [unit], wage_rise_pct=rise, workers_covered=workers)
        services.save_labour_coverage(root, None, unit, year=2026, workers=workers, signed=signed)
    period = Period.year(2026)
    counts = {}
    for codes in (("A", "B", "EA1"), ("A", "B", "A1", "EA1", "EA2", "EB1")):
        orgs = [tree[c] for c in codes]
        ctx = StatsContext(period, "total")
        with CaptureQueriesContext(connection) as captured:
            values = {key: ctx.values(key, [o.pk for o in orgs]) for key in KEYS}
        counts[len(codes)] = len(captured.captured_queries)
        for key in KEYS:
            for org in orgs:
                assert values[key][org.pk] == get(key).recount(org, period), (key, org.code)
    assert counts[3] == counts[6], counts
    a = tree["A"].pk
    ctx = StatsContext(period, "total")
    assert str(ctx.value("contracts_average_wage_rise", a)) == "4.7"  # (6 + 3.35) / 2 = 4.675
    assert str(ctx.value("labour_contract_rate", a)) == "89.1"  # 303 / 340
