"""Spending refused above a cap per person (超标准支出被拒): kept when refused (by the page and the service), the
figure equal to its recount, its drill-down listing the refusals it counts."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gonghui.core.services import save_object
from gonghui.core.testing import ModelViewTests
from gonghui.funds import services
from gonghui.funds.choices import Category, FundKind
from gonghui.funds.models import Fund, LedgerEntry, SpendingRefusal, SpendingRule

pytestmark = pytest.mark.django_db


def test_refusals_kept_counted_and_opened(tree, users, client_for):
    from gonghui.stats.periods import Period
    from gonghui.stats.registry import StatsContext, get

    root, staff = users["root"], users["a_staff"]
    rule = save_object(root, SpendingRule(), {"org": tree["A"], "name": "节日慰问品标准", "kind": "per_person",
                                              "category": "activities", "amount": Decimal("300")},
                       fields=["org", "name", "kind", "category", "amount"])
    for org in (tree["EA1"], tree["EA2"], tree["EB1"]):
        services.record_entry(root, org, fund_kind=FundKind.UNION_FUNDS, amount="20000", category=Category.INCOME,
                              date=datetime.date(2025, 1, 2))
    with pytest.raises(ValidationError) as err:
        services.record_entry(staff, tree["EA1"], fund_kind=FundKind.UNION_FUNDS, amount="3001",
                              category=Category.ACTIVITIES, persons=10, date=datetime.date(2025, 2, 1), memo="春节")
    assert "300" in err.value.message_dict["amount"][0]
    fund = Fund.objects.get(org=tree["EA2"], kind=FundKind.UNION_FUNDS)
    page = client_for(staff).post(reverse("funds:fund_record", args=[fund.pk]), {
        "date": "2025-09-20", "amount": "1000", "category": "activities", "memo": "中秋", "persons": "2"})
    assert page.status_code == 200 and "300" in page.text  # refused next to the field
    services.record_entry(staff, tree["EA2"], fund_kind=FundKind.UNION_FUNDS, amount="600",
                          category=Category.ACTIVITIES, persons=2, date=datetime.date(2025, 9, 21))  # within the cap
    refused = {r.memo: r for r in SpendingRefusal.objects.all()}
    assert set(refused) == {"春节", "中秋"}
    assert (refused["春节"].rule, refused["春节"].amount, refused["春节"].cap) == (rule, Decimal("3001.00"),
                                                                               Decimal("3000.00"))
    assert not LedgerEntry.objects.filter(memo__in=("春节", "中秋")).exists()

    period, ctx = Period.year(2025), StatsContext(Period.year(2025), "total")
    expected = {"funds_refused_above_caps": 2, "funds_refused_above_caps_amount": Decimal("4001.00")}
    for key, value in expected.items():
        for org in (tree["city"], tree["A"], tree["EA1"], tree["B"]):
            assert ctx.values(key, [org.pk])[org.pk] == get(key).recount(org, period), (key, org.code)
        assert ctx.values(key, [tree["A"].pk])[tree["A"].pk] == value
    drill = client_for(staff).get(get("funds_refused_above_caps").url(tree["A"], period))
    assert drill.status_code == 200 and "春节" in drill.text and "中秋" in drill.text


class TestRefusalViews(ModelViewTests):
    model = SpendingRefusal
    list_url_name, detail_url_name = "funds:refusal_list", "funds:refusal_detail"
    api_path = ""  # read-only: refusals are kept by the services (the scope matrix covers its API)
