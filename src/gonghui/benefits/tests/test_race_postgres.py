"""Concurrent micro-loan applications on PostgreSQL: the county cap holds when they arrive at the same moment."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.benefits import services
from gonghui.benefits.models import LoanApplication
from gonghui.benefits.testing import make_member
from gonghui.core.testing import run_together
from gonghui.tools.testing import build_small_city, make_official

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: real concurrent connections"),
]


def test_concurrent_applications_cannot_pass_the_county_cap_together():
    tree = build_small_city()
    root = make_official("loan_root", superuser=True)
    a_staff = make_official("loan_a", tree["A"], "staff")
    today = datetime.date.today()
    services.save_quota(root, None, tree["A"], year=today.year, cap="120000")
    applicants = [make_member(root, tree["EA1" if i % 2 else "A1"], f"申请人{i}") for i in range(4)]

    def apply(member):
        return lambda: services.save_loan(a_staff, None, member, applicant_kind="other", purpose="start",
                                          project_kind="shop", registered_unemployed=True, amount="50000",
                                          applied_on=today)

    outcomes = run_together([apply(m) for m in applicants])
    ok = [v for kind, v in outcomes if kind == "ok"]
    errors = [v for kind, v in outcomes if kind == "error"]
    assert len(ok) == 2, outcomes  # 2 × 50,000 fit under 120,000, a third would not
    assert len(errors) == 2 and all(isinstance(e, ValidationError) and "amount" in e.message_dict for e in errors)
    assert sum(x.amount for x in LoanApplication.objects.all()) == 100000
    # one live card per member, also when two officials issue one at the same moment
    member = applicants[0]
    outcomes = run_together([lambda n=n: services.issue_card(root, member, card_number=f"621700000000{n:04d}",
                                                             bank="工商银行", issued_on=today) for n in range(2)])
    assert sorted(kind for kind, _v in outcomes) == ["error", "ok"], outcomes
