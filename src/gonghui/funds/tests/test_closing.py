"""A closed financial year (年度结账) is read-only for its union: posting into it is refused by the service, the page
and the API; closing needs a confirmation and is in the change log; a mistake is corrected in an open year."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gonghui.core.testing import ModelViewTests
from gonghui.funds import services
from gonghui.funds.choices import Category, EntryKind, FundKind
from gonghui.funds.closing import close_year
from gonghui.funds.models import BudgetLine, ClosedYear, Fund, LedgerEntry, Remittance

pytestmark = pytest.mark.django_db
D = datetime.date


def test_posting_into_a_closed_year_is_refused_everywhere(tree, users, client_for, api_for):
    from gonghui.core.models import AuditLog

    staff, org = users["a_staff"], tree["EA1"]
    entry = services.record_entry(staff, org, fund_kind=FundKind.UNION_FUNDS, amount="500",
                                  category=Category.INCOME, date=D(2024, 12, 30))
    with pytest.raises(ValidationError) as err:
        close_year(staff, None, org=org, year=2024)
    assert "confirm" in err.value.message_dict
    with pytest.raises(PermissionDenied):
        close_year(users["a_viewer"], None, org=org, year=2024, confirm=True)
    closed = close_year(staff, None, org=org, year=2024, note="2024年度结账", confirm=True)
    assert AuditLog.objects.filter(object_id=str(closed.pk), action="create").exists()
    with pytest.raises(ValidationError):
        close_year(staff, None, org=org, year=2024, confirm=True)  # once

    with pytest.raises(ValidationError) as err:  # the service
        services.record_entry(staff, org, fund_kind=FundKind.UNION_FUNDS, amount="10", category=Category.INCOME,
                              date=D(2024, 6, 1))
    assert "2024" in err.value.message_dict["date"][0] and "已结账" in err.value.message_dict["date"][0]
    with pytest.raises(ValidationError):
        services.save_budget(staff, None, org=org, year=2024, fund_kind=FundKind.UNION_FUNDS,
                             category=Category.ACTIVITIES, amount="100")
    remittance = services.save_remittance(staff, None, org=tree["EA2"], employer="某公司", year=2024,
                                          payroll_base="100000")
    close_year(users["root"], None, org=tree["A"], year=2024, confirm=True)  # the level above: its share refused
    with pytest.raises(ValidationError):
        services.record_payment(staff, remittance, amount="100", date=D(2024, 12, 1))
    assert not Remittance.objects.get(pk=remittance.pk).received

    fund = Fund.objects.get(org=org, kind=FundKind.UNION_FUNDS)
    page = client_for(staff).post(reverse("funds:fund_record", args=[fund.pk]),  # the page: next to the field
                                  {"date": "2024-03-01", "amount": "10", "category": "income"})
    assert page.status_code == 200 and "已结账" in page.text
    res = api_for(staff).post("/api/v1/fund-budgets/", {"org": org.pk, "year": 2024, "fund_kind": "union_funds",
                                                         "category": "activities", "amount": "1"}, format="json")
    assert res.status_code == 400 and "year" in res.json(), res.content
    assert not BudgetLine.objects.filter(org=org).exists()
    assert LedgerEntry.objects.filter(org=org).count() == 1

    # an open year still books, and a mistake of the closed year is corrected by a reversal dated today
    out = services.reverse_entry(staff, entry, reason="2024年多记收入")
    assert out.kind == EntryKind.REVERSAL and out.date.year > 2024 and out.amount == Decimal("-500.00")


def test_closing_a_year_on_the_page_and_in_the_api(tree, users, client_for, api_for):
    staff, org = users["a_staff"], tree["EA2"]
    client = client_for(staff)
    url = reverse("funds:closedyear_add")
    page = client.post(url, {"org": org.pk, "year": 2023, "note": "结账"})
    assert page.status_code == 200 and not ClosedYear.objects.exists()  # asks for the confirmation
    page = client.post(url, {"org": org.pk, "year": 2023, "note": "结账", "confirm": "on"})
    assert page.status_code == 302 and ClosedYear.objects.filter(org=org, year=2023).exists()
    api = api_for(staff)
    assert api.post("/api/v1/closed-financial-years/", {"org": org.pk, "year": 2022},
                    format="json").status_code == 400
    res = api.post("/api/v1/closed-financial-years/", {"org": org.pk, "year": 2022, "confirm": True}, format="json")
    assert res.status_code == 201, res.content
    assert api.delete(f"/api/v1/closed-financial-years/{res.json()['id']}/").status_code == 405  # never reopened
    assert api_for(users["b_staff"]).get(f"/api/v1/closed-financial-years/{res.json()['id']}/").status_code == 404
    res = api.post("/api/v1/union-dues/", {"member_no": "X", "month": "2022-05-01", "basic_wage": "1"},
                   format="json")
    assert res.status_code == 400


class TestClosedYearViews(ModelViewTests):
    model = ClosedYear
    list_url_name, detail_url_name = "funds:closedyear_list", "funds:closedyear_detail"
    api_path = ""  # closing is tested above; the scope matrix covers the API
