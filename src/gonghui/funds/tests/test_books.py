"""A union's books for the auditors: the year's ledger entries with fund, kind and category and the totals, as
Excel (page and API), scoped (404 outside the scope) and in the change log as an export."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from gonghui.core.models import AuditLog
from gonghui.funds import services
from gonghui.funds.choices import Category, FundKind

pytestmark = pytest.mark.django_db


def _sheet(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return [list(row) for row in openpyxl.load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True)]


def test_books_export_scoped_and_audited(tree, users, client_for, api_for):
    staff, org = users["a_staff"], tree["EA1"]
    services.record_entry(staff, org, fund_kind=FundKind.UNION_FUNDS, amount="5000", category=Category.INCOME,
                          date=datetime.date(2025, 3, 1), memo="上级补助")
    services.record_entry(staff, org, fund_kind=FundKind.UNION_FUNDS, amount="1200.50",
                          category=Category.ACTIVITIES, date=datetime.date(2025, 4, 1), memo="职工运动会")
    services.record_entry(staff, org, fund_kind=FundKind.DONATIONS, amount="300", category=Category.INCOME,
                          date=datetime.date(2024, 12, 1), memo="上年捐赠")
    client = client_for(staff)
    assert client.get(reverse("funds:books")).status_code == 200
    res = client.get(reverse("funds:books"), {"within": org.code, "year": "2025"})
    assert res.status_code == 200 and "spreadsheetml" in res["Content-Type"]
    rows = _sheet(res)
    memos = [r[8] for r in rows[1:3]]
    assert memos == ["上级补助", "职工运动会"] and not any("上年捐赠" in str(r) for r in rows)
    assert rows[2][3] == "职工活动" and rows[2][1] == "工会经费" and Decimal(str(rows[2][5])) == Decimal("1200.50")
    assert [Decimal(str(v)) for v in rows[-1][4:6]] == [Decimal("5000"), Decimal("1200.50")]
    log = AuditLog.objects.filter(action="export", org=org).latest("id")
    assert log.user == staff and log.count == 2

    assert client_for(users["b_staff"]).get(reverse("funds:books"), {"within": org.code, "year": "2025"}
                                            ).status_code == 404
    assert client.get(reverse("funds:books"), {"within": org.code, "year": "20x5"}).status_code == 404
    api = api_for(staff)
    got = api.get("/api/v1/fund-ledger/books/", {"within": org.code, "year": "2025"})
    assert got.status_code == 200 and _sheet(got)[1][8] == "上级补助"
    assert api_for(users["b_staff"]).get("/api/v1/fund-ledger/books/", {"within": org.code, "year": "2025"}
                                         ).status_code == 404
