"""The labour protection figures equal their recount, in a fixed number of queries for any number of
organisations, and each opens the records it counts."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.protection import daily, services
from gonghui.protection.testing import make_finding, make_inspection
from gonghui.stats.periods import Period
from gonghui.stats.registry import StatsContext, all_indicators, get

pytestmark = pytest.mark.django_db
D = datetime.date


def keys():
    return [i.key for i in all_indicators() if i.key.startswith("protection_")]


def test_figures_equal_their_recount_in_fixed_queries(tree, users, client_for):
    root = users["root"]
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC), tick=False):
        for code, kind in (("EA1", "labour_law"), ("EA2", "safety"), ("EB1", "labour_law")):
            insp = make_inspection(root, tree[code], marker=code, kind=kind, inspected_on=D(2026, 3, 1))
            if kind == "labour_law":
                f = make_finding(root, insp, arrears_workers=4, arrears_amount="12000", arrears_names="张三 3000")
                services.record_recovery(root, f, 2, "6000")
                make_finding(root, insp, item="union_funds", severity="major", deadline=D(2026, 3, 10),
                             description=f"{code}未缴经费")
            else:
                make_finding(root, insp, item="fire", fix_mode="at_once")
                make_finding(root, insp, item="equipment", deadline=D(2026, 3, 5), description=f"{code}电线老化")
        daily.run(datetime.datetime(2026, 3, 20, 6, tzinfo=datetime.UTC))
    period = Period.year(2026)
    counts = {}
    for codes in (("A", "B", "EA1"), ("city", "A", "B", "A1", "EA1", "EA2", "EB1")):
        orgs = [tree[c] for c in codes]
        ctx = StatsContext(period, "total")
        with CaptureQueriesContext(connection) as captured:
            values = {key: ctx.values(key, [o.pk for o in orgs]) for key in keys()}
        counts[len(codes)] = len(captured.captured_queries)
        for key in keys():
            for org in orgs:
                assert values[key][org.pk] == get(key).recount(org, period), (key, org.code)
    assert counts[3] == counts[7], counts
    ctx = StatsContext(period, "total")
    a = tree["A"].pk
    assert ctx.value("protection_inspections", a) == 2
    assert ctx.value("protection_hazards_found", a) == 4
    assert ctx.value("protection_hazards_fixed", a) == 1
    assert str(ctx.value("protection_fix_rate", a)) == "25.0"
    assert ctx.value("protection_hazards_overdue", a) == 2
    assert ctx.value("protection_hazards_overdue", tree["city"].pk) == 3
    assert ctx.value("protection_arrears_amount", a) == 12000 and ctx.value("protection_arrears_recovered", a) == 6000
    assert ctx.value("protection_arrears_workers", tree["city"].pk) == 8
    # the drill-down lists exactly what the figure counts
    page = client_for(root).get(get("protection_hazards_overdue").url(tree["A"], period))
    text = page.content.decode()
    assert page.status_code == 200 and "EA1未缴经费" in text and "EA2电线老化" in text
    assert "EB1未缴经费" not in text and "未按时足额支付工资" not in text
