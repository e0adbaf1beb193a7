"""Concurrent postings on PostgreSQL (real connections, released together): no fund goes below zero."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.core.testing import run_together
from gonghui.funds import services
from gonghui.funds.choices import Category, FundKind
from gonghui.funds.models import Fund, LedgerEntry
from gonghui.tools.testing import build_small_city, make_official

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: real concurrent connections"),
]


def test_concurrent_spending_and_allocations_never_take_a_fund_below_zero():
    tree = build_small_city()
    root = make_official("funds_race_root", superuser=True)
    services.record_entry(root, tree["A"], fund_kind=FundKind.UNION_FUNDS, amount="1000", category=Category.INCOME)
    jobs = [lambda: services.record_entry(root, tree["A"], fund_kind=FundKind.UNION_FUNDS, amount="300",
                                          category=Category.ACTIVITIES) for _ in range(3)]
    jobs += [lambda: services.allocate(root, tree["A"], tree["A1"], fund_kind=FundKind.UNION_FUNDS, amount="300")
             for _ in range(3)]
    outcomes = run_together(jobs)
    errors = [value for kind, value in outcomes if kind == "error"]
    assert sum(kind == "ok" for kind, _v in outcomes) == 3, outcomes
    assert len(errors) == 3 and all(isinstance(e, ValidationError) for e in errors), errors
    fund = Fund.objects.get(org=tree["A"], kind=FundKind.UNION_FUNDS)
    assert fund.balance == Decimal("100")
    entries = LedgerEntry.objects.filter(fund=fund)
    assert sum(e.amount for e in entries) == fund.balance
    assert min(e.balance_after for e in entries) >= 0


def test_concurrent_payments_of_one_remittance_all_add_up():
    tree = build_small_city()
    root = make_official("funds_race_root2", superuser=True)
    rem = services.save_remittance(root, None, org=tree["EA1"], employer="并发机械厂", year=2025,
                                   payroll_base="100000", rate=None)
    outcomes = run_together([lambda: services.record_payment(root, rem, amount="333.33") for _ in range(4)])
    assert all(kind == "ok" for kind, _v in outcomes), outcomes
    rem.refresh_from_db()
    assert rem.received == Decimal("1333.32")
    booked = sum(e.amount for e in LedgerEntry.objects.filter(payment__remittance=rem))
    assert booked == Decimal("1333.32")
    assert sum(f.balance for f in Fund.objects.filter(kind=FundKind.UNION_FUNDS)) == Decimal("1333.32")
