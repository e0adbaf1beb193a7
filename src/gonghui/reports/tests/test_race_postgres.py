"""Two reviewers accepting one report at the same moment on PostgreSQL (two real connections): one wins."""

import datetime

import pytest
from django.db import connection

from gonghui.core.exceptions import WorkflowConflict
from gonghui.members.tests.test_race_postgres import _race
from gonghui.tools.testing import build_small_city, make_official

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: two real connections racing"),
]


def test_two_concurrent_accepts_one_conflict():
    from gonghui.core.models import AuditLog
    from gonghui.reports import services
    from gonghui.reports.models import Report

    tree = build_small_city()
    root = make_official("race_rep_root", superuser=True)
    a_staff = make_official("race_rep_a", tree["A"], "staff")
    a1_staff = make_official("race_rep_a1", tree["A1"], "staff")
    rnd = services.open_round(root, tree["city"], year=2024, deadline=datetime.date(2025, 3, 31))
    report = rnd.reports.get(org=tree["EA1"])
    services.update_values(root, report, {"fulltime_cadres": {"value": 1}, "funds_income": {"value": "1"},
                                          "workers_homes": {"value": 0}})
    services.submit_report(root, report)

    def accept(user):
        return services.accept_report(user, Report.objects.select_related("org", "round").get(pk=report.pk))

    results = _race(accept, [(a_staff,), (a1_staff,)])
    outcomes = sorted(r[0] for r in results)
    assert outcomes == ["error", "ok"], results
    assert isinstance(next(r[1] for r in results if r[0] == "error"), WorkflowConflict)
    assert AuditLog.objects.filter(object_id=str(report.pk), transition="accept").count() == 1
