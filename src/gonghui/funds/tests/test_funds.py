"""Union funds: the split adds up to the fen (Hypothesis), payments booked at three levels, balances never below
zero, reversals, the hardship ledger kept in step and migrated without losing a figure, the API, the pages and
the indicators against their recount."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.core.testing import ModelViewTests
from gonghui.funds import selectors, services
from gonghui.funds.choices import Category, EntryKind, FundKind, Level
from gonghui.funds.hardship_sync import mirror_hardship
from gonghui.funds.models import Fund, LedgerEntry, Remittance, SplitRatio
from gonghui.funds.splits import split_amount

D = datetime.date
LEVELS = [Level.GRASSROOTS, Level.PARENT, Level.HIGHER]


@st.composite
def shares(draw):
    a = draw(st.integers(0, 10000))
    b = draw(st.integers(0, 10000 - a))
    return dict(zip(LEVELS, (Decimal(a) / 100, Decimal(b) / 100, Decimal(10000 - a - b) / 100), strict=True))


@settings(max_examples=300, deadline=None)
@given(fen=st.integers(1, 10**12), ratio=shares(), rounding_to=st.sampled_from(LEVELS))
def test_every_split_adds_up_to_the_fen(fen, ratio, rounding_to):
    amount = Decimal(fen) / 100
    parts = split_amount(amount, ratio, rounding_to)
    assert sum(parts.values()) == amount
    assert all(p >= 0 and p == p.quantize(Decimal("0.01")) for p in parts.values())
    for level, part in parts.items():  # no level gets more than a fen away from its share
        assert abs(part - amount * ratio[level] / 100) < Decimal("0.03")


pytestmark = pytest.mark.django_db


@pytest.fixture
def remittance(tree, users):
    return services.save_remittance(users["a_staff"], None, org=tree["EA1"], employer="东方机械厂", year=2025,
                                    payroll_base="1,234,567.89", rate=None, memo="")


def test_a_payment_is_split_and_booked_at_three_levels(tree, users, remittance):
    assert remittance.rate == Decimal("2") and remittance.amount_due == Decimal("24691.36")
    payment = services.record_payment(users["a_staff"], remittance, amount="10000.01", date=D(2025, 6, 1),
                                      channel="tax")
    entries = {e.level: e for e in payment.entries.all()}
    assert {lvl: e.org for lvl, e in entries.items()} == {
        Level.GRASSROOTS: tree["EA1"], Level.PARENT: tree["A1"], Level.HIGHER: tree["A"]}
    assert entries[Level.PARENT].amount == Decimal("2500.00")
    assert entries[Level.HIGHER].amount == Decimal("1500.00")
    assert entries[Level.GRASSROOTS].amount == Decimal("6000.01")  # the rounding goes to the named level
    assert sum(e.amount for e in entries.values()) == Decimal("10000.01")
    assert Fund.objects.get(org=tree["A1"], kind=FundKind.UNION_FUNDS).balance == Decimal("2500.00")
    remittance.refresh_from_db()
    assert remittance.received == Decimal("10000.01") and remittance.arrears == Decimal("14691.35")
    summary = selectors.remittance_summary(users["a_staff"], 2025)
    assert [block["total"] for _lvl, block in summary["levels"]] == [
        Decimal("6000.01"), Decimal("2500.00"), Decimal("1500.00")]


def test_the_provinces_ratio_and_its_rounding_level(tree, users, remittance):
    with pytest.raises(ValidationError) as err:
        services.save_ratio(users["root"], None, org=tree["city"], year=2025, grassroots_pct=Decimal("60"),
                            parent_pct=Decimal("30"), higher_pct=Decimal("20"), rounding_to="parent")
    assert "100%" in str(err.value)
    services.save_ratio(users["root"], None, org=tree["city"], year=2025, grassroots_pct=Decimal("33.33"),
                        parent_pct=Decimal("33.33"), higher_pct=Decimal("33.34"), rounding_to="parent")
    payment = services.record_payment(users["a_staff"], remittance, amount="0.05", date=D(2025, 6, 1))
    parts = {e.level: e.amount for e in payment.entries.all()}
    # the others round down; the fen left over go to the named level, none is lost
    assert parts == {Level.GRASSROOTS: Decimal("0.01"), Level.PARENT: Decimal("0.03"), Level.HIGHER: Decimal("0.01")}


def test_refusals_are_clear_chinese_messages(tree, users, remittance):
    with pytest.raises(ValidationError) as err:
        services.record_payment(users["a_staff"], remittance, amount="-5", date=D(2025, 6, 1))
    assert "amount" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.record_entry(users["a_staff"], tree["EA1"], fund_kind=FundKind.DUES, amount="1",
                              category=Category.ACTIVITIES)
    assert "低于零" in err.value.message_dict["amount"][0]
    with pytest.raises(ValidationError) as err:
        services.save_remittance(users["a_staff"], None, org=tree["EA1"], employer="东方机械厂", year=2025,
                                 payroll_base="100", rate=None)
    assert "employer" in err.value.message_dict
    with pytest.raises(ValidationError):
        services.allocate(users["a_staff"], tree["A"], tree["B"], fund_kind=FundKind.DUES, amount="1")


def test_spending_reversal_and_allocation(tree, users):
    staff = users["a_staff"]
    services.record_entry(staff, tree["A"], fund_kind=FundKind.DUES, amount="500", category=Category.INCOME)
    spent = services.record_entry(staff, tree["A"], fund_kind=FundKind.DUES, amount="200",
                                  category=Category.ACTIVITIES)
    back = services.reverse_entry(staff, spent, reason="记错")
    assert back.amount == Decimal("200") and back.reverses == spent
    with pytest.raises(ValidationError):
        services.reverse_entry(staff, spent)
    out, into = services.allocate(staff, tree["A"], tree["EA1"], fund_kind=FundKind.DUES, amount="300")
    assert (out.amount, into.amount, out.counterpart, into.counterpart) == (
        Decimal("-300"), Decimal("300"), tree["EA1"], tree["A"])
    assert Fund.objects.get(org=tree["A"], kind=FundKind.DUES).balance == Decimal("200")
    with pytest.raises(PermissionDenied):
        services.record_entry(users["b_staff"], tree["A"], fund_kind=FundKind.DUES, amount="1",
                              category=Category.INCOME)


def test_the_hardship_ledger_is_kept_in_step_and_migrated_without_losing_a_figure(tree, users):
    from gonghui.hardship import services as hardship
    from gonghui.hardship.models import FundBalance

    root = users["root"]
    hardship.record_income(root, tree["A"], amount="1000.10", source="union_funds")
    hardship.allocate_funds(root, tree["A"], tree["A1"], amount="300.05")
    hardship.record_income(root, tree["EB1"], amount="88", source="donation", donor="爱心企业")
    expected = {b.org_id: b.balance for b in FundBalance.objects.all()}
    assert expected == {tree["A"].pk: Decimal("700.05"), tree["A1"].pk: Decimal("300.05"),
                        tree["EB1"].pk: Decimal("88.00")}

    def hardship_funds():
        return {f.org_id: f.balance for f in Fund.objects.filter(kind=FundKind.HARDSHIP)}

    assert hardship_funds() == expected  # kept in step by the receiver
    assert LedgerEntry.objects.filter(kind=EntryKind.HARDSHIP).count() == 4
    # The migration on a database that had the hardship ledger before this area: the same balances.
    LedgerEntry.objects.filter(kind=EntryKind.HARDSHIP).delete()
    Fund.objects.filter(kind=FundKind.HARDSHIP).delete()
    before, after = mirror_hardship(django_apps)
    assert before == after == expected == hardship_funds()
    assert LedgerEntry.objects.filter(kind=EntryKind.HARDSHIP).count() == 4
    mirror_hardship(django_apps)  # again: nothing doubled
    assert LedgerEntry.objects.filter(kind=EntryKind.HARDSHIP).count() == 4
    # A figure that does not add up stops the migration.
    FundBalance.objects.filter(org=tree["EB1"]).update(balance=Decimal("87.99"))
    with pytest.raises(RuntimeError):
        mirror_hardship(django_apps)


def test_api_payment_and_its_refusals(tree, users, api_for, remittance):
    url = f"/api/v1/remittances/{remittance.pk}/pay/"
    res = api_for(users["a_staff"]).post(url, {"amount": "100", "channel": "agent"}, format="json")
    assert res.status_code == 201, res.content
    assert sorted(Decimal(p["amount"]) for p in res.json()["split"]) == [Decimal("15"), Decimal("25"), Decimal("60")]
    assert api_for(users["a_staff"]).post(url, {"amount": "1.001"}, format="json").status_code == 400
    assert api_for(users["a_viewer"]).post(url, {"amount": "1"}, format="json").status_code == 403
    assert api_for(users["b_staff"]).post(url, {"amount": "1"}, format="json").status_code == 404
    rows = api_for(users["a_staff"]).get("/api/v1/fund-ledger/?kind=remittance").json()
    assert (rows.get("count") if isinstance(rows, dict) else len(rows)) == 3


def test_pages_payment_form_and_dashboard(tree, users, client_for, remittance):
    client = client_for(users["a_staff"])
    res = client.post(reverse("funds:remittance_pay", args=[remittance.pk]),
                      {"date": "2025-06-01", "amount": "1,000", "channel": "direct"})
    assert res.status_code == 302
    res = client.post(reverse("funds:remittance_pay", args=[remittance.pk]),
                      {"date": "2025-06-01", "amount": "abc", "channel": "direct"})
    assert res.status_code == 200 and "amount" in res.context["form"].errors
    page = client.get(reverse("funds:remittance_detail", args=[remittance.pk])).content.decode()
    assert "600.00" in page and "250.00" in page and "150.00" in page
    page = client.get(reverse("funds:dashboard")).content.decode()
    assert tree["A1"].name in page and "250.00" in page
    fund = Fund.objects.get(org=tree["EA1"], kind=FundKind.UNION_FUNDS)
    res = client.post(reverse("funds:fund_record", args=[fund.pk]),
                      {"date": "2025-06-02", "amount": "9999", "category": "activities", "memo": "春节慰问"})
    assert res.status_code == 200 and "低于零" in res.content.decode()


def test_indicators_equal_their_recount(tree, users, remittance):
    from gonghui.stats.periods import Period
    from gonghui.stats.registry import StatsContext, get

    services.record_payment(users["a_staff"], remittance, amount="500", date=D(2025, 6, 1))
    services.save_remittance(users["root"], None, org=tree["EB1"], employer="西城商贸", year=2025,
                             payroll_base="10000", rate=Decimal("2.5"))
    period = Period.year(2025)
    ctx = StatsContext(period, "total")
    for key in ("funds_remittance_due", "funds_remittance_received"):
        for org in (tree["city"], tree["A"], tree["EA1"], tree["B"]):
            assert ctx.values(key, [org.pk])[org.pk] == get(key).recount(org, period), (key, org.code)
    city = tree["city"].pk
    assert ctx.values("funds_remittance_due", [city])[city] == Decimal("24941.36")
    assert ctx.values("funds_remittance_received", [city])[city] == Decimal("500.00")


class TestRemittanceViews(ModelViewTests):
    model = Remittance
    list_url_name, detail_url_name, edit_url_name = ("funds:remittance_list", "funds:remittance_detail",
                                                     "funds:remittance_edit")
    api_path = "/api/v1/remittances/"

    def form_data(self, obj, marker):
        return {"employer": marker, "year": obj.year, "payroll_base": "2,000,000", "rate": "", "memo": ""}

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "employer": marker, "year": 2025, "payroll_base": "500000.00"}

    def api_update(self, obj, marker):
        return {"employer": marker}


class TestRatioViews(ModelViewTests):
    model = SplitRatio
    list_url_name, detail_url_name, edit_url_name, delete_url_name = (
        "funds:ratio_list", "funds:ratio_detail", "funds:ratio_edit", "funds:ratio_delete")
    api_path = "/api/v1/remittance-split-ratios/"

    def form_data(self, obj, marker):
        return {"year": obj.year, "grassroots_pct": "50", "parent_pct": "30", "higher_pct": "20",
                "rounding_to": "parent", "basis": marker}

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "year": 2024, "grassroots_pct": "60", "parent_pct": "20",
                "higher_pct": "20", "rounding_to": "grassroots", "basis": marker}

    def api_update(self, obj, marker):
        return {"basis": marker}


class TestFundViews(ModelViewTests):
    model = Fund
    list_url_name, detail_url_name = "funds:fund_list", "funds:fund_detail"
    api_path = ""  # read-only (the scope matrix covers its API)


class TestEntryViews(ModelViewTests):
    model = LedgerEntry
    list_url_name, detail_url_name = "funds:entry_list", "funds:entry_detail"
    api_path = ""  # read-only: entries are written by the services


def test_demo_data_goes_through_the_services(tree, users):
    from django.utils import timezone

    from gonghui.core.testing import make_credit_code
    from gonghui.funds import demo
    from gonghui.orgs.services import create_unit

    for i, union in enumerate((tree["EA1"], tree["EA2"], tree["EB1"])):
        create_unit(users["root"], name=f"示范{i}厂", credit_code=make_credit_code(), ownership="private",
                    industry="C", employee_count=100 + i, address="路1号", area_org=union.get_parent(), union=union)
    made = demo.load({"admin": users["root"], "today": timezone.localdate()})
    assert made == {"remittances": 3, "remittance_payments": 2}
    for fund in Fund.objects.all():
        assert fund.balance == sum(e.amount for e in fund.entries.all()) and fund.balance >= 0
