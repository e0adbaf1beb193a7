import datetime

import pytest

from gonghui.tools.testing import make_official

DEADLINE = datetime.date(2025, 3, 31)
YEAR = 2024  # the fixture members joined on 2024-03-01


@pytest.fixture
def a1_staff(tree):
    return make_official("a1_staff", tree["A1"], "staff")


@pytest.fixture
def rnd(tree, users, members):
    from gonghui.reports.services import open_round

    return open_round(users["root"], tree["city"], year=YEAR, deadline=DEADLINE)


def report_of(rnd, org):
    return rnd.reports.select_related("org", "round").get(org=org)


ENTERED = {"fulltime_cadres": {"value": 1}, "funds_income": {"value": "12345.50"}, "workers_homes": {"value": 1}}


def fill(user, report, **extra):
    from gonghui.reports.services import update_values

    changes = dict(ENTERED)
    changes.update(extra)
    return update_values(user, report, changes)[0]
