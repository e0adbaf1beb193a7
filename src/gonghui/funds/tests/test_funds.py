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
from gonghui.funds.models import (
    BudgetLine,
    CollectiveApproval,
    DuesRecord,
    Fund,
    FundAudit,
    LedgerEntry,
    Remittance,
    SpendingRule,
    SplitRatio,
)
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
    assert {k: made[k] for k in ("remittances", "remittance_payments")} == {"remittances": 3, "remittance_payments": 2}
    assert made["budget_lines"] == 3 and made["fund_audits"] == 1
    for fund in Fund.objects.all():
        assert fund.balance == sum(e.amount for e in fund.entries.all()) and fund.balance >= 0


# --- Dues, budgets, spending rules, audits ---------------------------------------------------------------------

def _member(actor, org, name):
    from gonghui.members.services import create_member
    from gonghui.members.testing import member_data

    return create_member(actor, org, member_data(name=name))


def test_dues_from_the_declared_wage_paid_and_booked_arrears_listed(tree, users, client_for):
    staff = users["a_staff"]
    member = _member(staff, tree["EA1"], "王会费")
    dues = services.save_dues(staff, None, member_no=member.member_no, month=D(2025, 3, 17), basic_wage="6,123.45",
                              rate=None)
    assert (dues.org, dues.month, dues.rate, dues.amount_due) == (tree["EA1"], D(2025, 3, 1), Decimal("0.5"),
                                                                 Decimal("30.62"))
    with pytest.raises(ValidationError) as err:  # one record a member a month
        services.save_dues(staff, None, member=member, month=D(2025, 3, 1), basic_wage="1", rate=None)
    assert "month" in err.value.message_dict
    with pytest.raises(ValidationError) as err:  # another district's member is not found
        services.save_dues(users["b_staff"], None, member_no=member.member_no, month=D(2025, 4, 1),
                           basic_wage="1", rate=None)
    assert "member_no" in err.value.message_dict
    april = services.save_dues(staff, None, member=member, month=D(2025, 4, 1), basic_wage="6000", rate="1")
    paid = services.pay_dues(staff, dues, D(2025, 3, 20))
    assert paid.status == "paid" and paid.entry.amount == Decimal("30.62")
    assert Fund.objects.get(org=tree["EA1"], kind=FundKind.DUES).balance == Decimal("30.62")
    with pytest.raises(ValidationError):
        services.save_dues(staff, paid, basic_wage="7000")  # paid dues are not edited
    page = client_for(staff).get(reverse("funds:dues_list") + "?arrears=yes").content.decode()
    assert "60.00" in page and "30.62" not in page
    assert april.amount_due == Decimal("60.00")


def test_dues_sheet_through_the_services(tree, users):
    from types import SimpleNamespace

    from gonghui.core.importing import Row
    from gonghui.funds.importers import DuesImporter

    staff = users["a_staff"]
    m1, m2 = _member(staff, tree["EA1"], "李一"), _member(staff, tree["EA1"], "李二")
    header = ["会员编号", "姓名", "月份", "基本工资", "费率", "缴纳日期"]
    imp = DuesImporter(SimpleNamespace(org=tree["EA1"]), staff, header)
    rows = imp.classify([Row(i + 2, v) for i, v in enumerate([
        [m1.member_no, "李一", "2025年3月", "5000", "", "2025-03-25"],
        [m2.member_no, "李二", "2025-03", "4000.50", "", ""],
        [m2.member_no, "错名", "2025-04", "4000", "", ""],
        ["NO-SUCH", "某人", "2025-13", "1.001", "", ""]])])
    assert [r.action for r in rows] == ["create", "create", "error", "error"]
    assert imp.apply(rows, "") == (2, 0)
    got = {d.member.name: (d.amount_due, d.status) for d in DuesRecord.objects.all()}
    assert got == {"李一": (Decimal("25.00"), "paid"), "李二": (Decimal("20.00"), "due")}


def test_remittance_sheet_creates_and_pays_through_the_services(tree, users, remittance):
    from types import SimpleNamespace

    from gonghui.core.importing import Row
    from gonghui.funds.importers import RemittanceImporter

    header = ["单位名称", "年度", "工资总额", "拨缴比例", "到账金额", "到账日期", "拨缴方式"]
    imp = RemittanceImporter(SimpleNamespace(org=tree["EA1"]), users["a_staff"], header)
    rows = imp.classify([Row(i + 2, v) for i, v in enumerate([
        ["东方机械厂", 2025, "", "", "1000", "2025-06-01", "地税代收"],
        ["新华印刷厂", 2025, "500,000", "", "", "", ""],
        ["无名厂", 2025, "", "", "", "", ""],
        ["错账厂", 2025, "100", "", "10.001", "2025-06-01", ""]])])
    assert [r.action for r in rows] == ["update", "create", "error", "error"]
    assert imp.apply(rows, "") == (1, 1)
    remittance.refresh_from_db()
    assert remittance.received == Decimal("1000.00")
    assert Remittance.objects.get(employer="新华印刷厂").amount_due == Decimal("10000.00")
    assert LedgerEntry.objects.filter(payment__remittance=remittance, payment__channel="tax").count() == 3


def test_budget_approved_checks_spending_and_final_accounts_close_the_year(tree, users, api_for):
    staff, org = users["a_staff"], tree["EA1"]
    services.record_entry(staff, org, fund_kind=FundKind.UNION_FUNDS, amount="10000", category=Category.INCOME,
                          date=D(2025, 1, 5))
    line = services.save_budget(staff, None, org=org, year=2025, fund_kind=FundKind.UNION_FUNDS,
                                category=Category.ACTIVITIES, amount="3000", note="")
    services.record_entry(staff, org, fund_kind=FundKind.UNION_FUNDS, amount="2500", category=Category.ACTIVITIES,
                          date=D(2025, 1, 6))
    res = api_for(staff).post(f"/api/v1/fund-budgets/{line.pk}/approve/", {"decision": "经审会2025年第1次会议"},
                              format="json")
    assert res.status_code == 200, res.content
    spent = services.record_entry(staff, org, fund_kind=FundKind.UNION_FUNDS, amount="500",
                                  category=Category.ACTIVITIES, date=D(2025, 2, 1))
    assert spent.amount == Decimal("-500")  # the budget is now spent to the fen
    with pytest.raises(ValidationError) as err:
        services.record_entry(staff, org, fund_kind=FundKind.UNION_FUNDS, amount="1", category=Category.ACTIVITIES,
                              date=D(2025, 2, 2))
    assert "预算" in err.value.message_dict["amount"][0]
    row = selectors.budgets_for(staff).get(pk=line.pk)
    assert row.spent == Decimal("3000.00")
    assert selectors.budget_execution(staff, 2025)[0]["rate"] == Decimal("100.0")
    with pytest.raises(ValidationError):
        services.save_budget(staff, row, amount="9000")  # approved lines are not edited
    services.close_budget(staff, row, "2025年度决算经审会审查通过")
    with pytest.raises(ValidationError) as err:
        services.record_entry(staff, org, fund_kind=FundKind.UNION_FUNDS, amount="1", category=Category.INCOME,
                              date=D(2025, 3, 1))
    assert "date" in err.value.message_dict


def test_spending_above_the_threshold_needs_a_collective_decision(tree, users, client_for):
    from gonghui.core.services import save_object
    from gonghui.funds.models import SpendingRule

    root, staff, org = users["root"], users["a_staff"], tree["EA1"]
    for data in ({"org": tree["city"], "name": "重大开支集体审批", "kind": "threshold", "amount": Decimal("5000")},
                 {"org": tree["A"], "name": "节日慰问品标准", "kind": "per_person", "amount": Decimal("300"),
                  "category": "activities"}):
        save_object(root, SpendingRule(), data, fields=list(data))
    services.record_entry(staff, org, fund_kind=FundKind.UNION_FUNDS, amount="20000", category=Category.INCOME)
    with pytest.raises(ValidationError) as err:
        services.record_entry(staff, org, fund_kind=FundKind.UNION_FUNDS, amount="5000.01",
                              category=Category.CAPITAL)
    assert "集体" in err.value.message_dict["approval"][0]
    with pytest.raises(ValidationError) as err:  # no quorum
        services.save_approval(staff, None, org=org, subject="购置设备", meeting="委员会", meeting_date=D(2025, 5, 1),
                               members_total=7, members_present=3, votes_for=3, votes_against=0, amount="8000")
    assert "members_present" in err.value.message_dict
    failed = services.save_approval(staff, None, org=org, subject="购置设备", meeting="委员会第2次会议",
                                    meeting_date=D(2025, 5, 1), members_total=7, members_present=5, votes_for=3,
                                    votes_against=2, amount="8000")
    passed = services.save_approval(staff, None, org=org, subject="购置设备", meeting="委员会第3次会议",
                                    meeting_date=D(2025, 5, 8), members_total=7, members_present=6, votes_for=5,
                                    votes_against=1, amount="8000")
    with pytest.raises(ValidationError):
        services.record_entry(staff, org, fund_kind=FundKind.UNION_FUNDS, amount="6000", category=Category.CAPITAL,
                              approval=failed)
    fund = Fund.objects.get(org=org, kind=FundKind.UNION_FUNDS)
    res = client_for(staff).post(reverse("funds:fund_record", args=[fund.pk]), {
        "date": "2025-05-10", "amount": "6000", "category": "capital", "memo": "设备", "approval": passed.pk})
    assert res.status_code == 302
    passed.refresh_from_db()
    assert passed.entry.amount == Decimal("-6000")
    with pytest.raises(ValidationError) as err:  # used once
        services.record_entry(staff, org, fund_kind=FundKind.UNION_FUNDS, amount="6000", category=Category.CAPITAL,
                              approval=passed)
    assert "approval" in err.value.message_dict
    with pytest.raises(ValidationError) as err:  # the district's cap per person binds the union under it
        services.record_entry(staff, org, fund_kind=FundKind.UNION_FUNDS, amount="3001",
                              category=Category.ACTIVITIES, persons=10)
    assert "300" in err.value.message_dict["amount"][0]


def test_audit_findings_rectified_reminded_then_closed(tree, users, api_for):
    from django.core import mail

    from gonghui.funds import daily

    staff = users["a_staff"]
    res = api_for(staff).post("/api/v1/fund-audits/", {"org": tree["EA1"].pk, "year": 2025, "title": "2025年度经费审计",
                                                       "auditors": "A区经审会", "started_on": "2025-06-01"},
                              format="json")
    assert res.status_code == 201, res.content
    pk = res.json()["id"]
    today = datetime.date.today()
    res = api_for(staff).post(f"/api/v1/fund-audits/{pk}/finding/", {"text": "报销凭证不全",
                                                                       "deadline": today.isoformat()}, format="json")
    assert res.status_code == 200, res.content
    fund_audit = FundAudit.objects.get(pk=pk)
    assert fund_audit.status == "rectifying"
    with pytest.raises(ValidationError):
        services.close_audit(staff, fund_audit)
    fund_audit.findings.update(deadline=today - datetime.timedelta(days=1))
    mail.outbox.clear()
    assert daily.run(timezone_now())["audit_findings_reminded"] == 1
    assert daily.run(timezone_now())["audit_findings_reminded"] == 0  # once a week
    finding = fund_audit.findings.get()
    res = api_for(staff).post(f"/api/v1/fund-audits/{pk}/rectify/", {"finding": finding.pk,
                                                                       "rectification": "已补齐凭证"}, format="json")
    assert res.status_code == 200, res.content
    closed = services.close_audit(staff, FundAudit.objects.get(pk=pk), conclusion="财务管理规范")
    assert closed.status == "closed" and closed.closed_on == today


def timezone_now():
    from django.utils import timezone

    return timezone.now()


def test_new_indicators_equal_their_recount(tree, users):
    from gonghui.stats.periods import Period
    from gonghui.stats.registry import StatsContext, get

    staff = users["a_staff"]
    for i, org in enumerate((tree["EA1"], tree["EA2"])):
        member = _member(staff, org, f"会员{i}")
        dues = services.save_dues(staff, None, member=member, month=D(2025, 2, 1), basic_wage="8000", rate=None)
        services.save_dues(staff, None, member=member, month=D(2024, 12, 1), basic_wage="8000", rate=None)
        if i == 0:
            services.pay_dues(staff, dues, D(2025, 2, 10))
    line = services.save_budget(staff, None, org=tree["EA1"], year=2025, fund_kind=FundKind.UNION_FUNDS,
                                category=Category.ACTIVITIES, amount="1000", note="")
    services.approve_budget(staff, line)
    period, ctx = Period.year(2025), StatsContext(Period.year(2025), "total")
    for key in ("funds_dues_due", "funds_dues_collected", "funds_dues_arrears", "funds_budget_approved",
                "funds_audits_closed"):
        for org in (tree["city"], tree["A"], tree["EA1"], tree["B"]):
            assert ctx.values(key, [org.pk])[org.pk] == get(key).recount(org, period), (key, org.code)
    a = tree["A"].pk
    assert [ctx.values(k, [a])[a] for k in ("funds_dues_due", "funds_dues_collected", "funds_dues_arrears")] == [
        Decimal("80.00"), Decimal("40.00"), Decimal("40.00")]


class TestDuesViews(ModelViewTests):
    model = DuesRecord
    list_url_name, detail_url_name, edit_url_name = "funds:dues_list", "funds:dues_detail", "funds:dues_edit"
    api_path = "/api/v1/union-dues/"

    def form_data(self, obj, marker):
        return {"member_no": obj.member.member_no, "month": "2025-05", "basic_wage": "7,000", "rate": ""}

    def api_payload(self, tree, marker):
        from gonghui.members.models import Member

        member = Member.objects.filter(org=tree["EA1"]).order_by("id").first()  # the built dues' member
        return {"member_no": member.member_no, "month": "2025-06-01", "basic_wage": "5000.00"}

    def api_update(self, obj, marker):
        return {"basic_wage": "5100.00"}


class TestBudgetViews(ModelViewTests):
    model = BudgetLine
    list_url_name, detail_url_name, edit_url_name = "funds:budget_list", "funds:budget_detail", "funds:budget_edit"
    api_path = "/api/v1/fund-budgets/"

    def form_data(self, obj, marker):
        return {"year": obj.year, "fund_kind": obj.fund_kind, "category": obj.category, "amount": "60,000",
                "note": marker}

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "year": 2024, "fund_kind": "union_funds", "category": "rights",
                "amount": "20000.00", "note": marker}

    def api_update(self, obj, marker):
        return {"note": marker}


class TestRuleViews(ModelViewTests):
    model = SpendingRule
    list_url_name, detail_url_name, edit_url_name = "funds:rule_list", "funds:rule_detail", "funds:rule_edit"
    api_path = "/api/v1/spending-rules/"

    def form_data(self, obj, marker):
        return {"name": marker, "kind": "per_person", "category": "activities", "amount": "500", "basis": "",
                "active": "on"}

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "name": marker, "kind": "threshold", "amount": "30000.00"}

    def api_update(self, obj, marker):
        return {"name": marker}


class TestApprovalViews(ModelViewTests):
    model = CollectiveApproval
    list_url_name, detail_url_name, edit_url_name = ("funds:approval_list", "funds:approval_detail",
                                                     "funds:approval_edit")
    api_path = "/api/v1/collective-approvals/"

    def form_data(self, obj, marker):
        return {"subject": marker, "meeting": "委员会", "meeting_date": "2025-04-02", "members_total": 9,
                "members_present": 7, "votes_for": 6, "votes_against": 1, "amount": "90,000"}

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "subject": marker, "meeting": "委员会", "meeting_date": "2025-04-02",
                "members_total": 5, "members_present": 5, "votes_for": 4, "votes_against": 1, "amount": "1000.00"}

    def api_update(self, obj, marker):
        return {"subject": marker}


class TestAuditViews(ModelViewTests):
    model = FundAudit
    list_url_name, detail_url_name, edit_url_name = "funds:audit_list", "funds:audit_detail", "funds:audit_edit"
    api_path = "/api/v1/fund-audits/"

    def form_data(self, obj, marker):
        return {"year": 2025, "title": marker, "auditors": "经审会", "started_on": "2025-05-02"}

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "year": 2024, "title": marker, "auditors": "经审会",
                "started_on": "2025-01-10"}

    def api_update(self, obj, marker):
        return {"title": marker}
