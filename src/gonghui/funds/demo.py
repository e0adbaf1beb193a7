"""Demo union funds: the city's split ratio for last year, remittances of employers with unions (some paid in
full, some in part, some in arrears), their payments split to three levels, and some spending of the grassroots
unions' union funds."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

from gonghui.orgs.models import EmployerUnit

from . import services
from .choices import Category, FundKind


def load(ctx):
    admin, today = ctx["admin"], ctx["today"]
    year = today.year - 1
    units = list(EmployerUnit.objects.filter(union__isnull=False, employee_count__gt=0)
                 .select_related("union").order_by("id")[:12])
    top = units[0].union.get_root() if units else None
    if top is not None:
        try:
            services.save_ratio(admin, None, org=top, year=year, grassroots_pct=Decimal("60"),
                                parent_pct=Decimal("25"), higher_pct=Decimal("15"), rounding_to="grassroots",
                                basis="市总工会关于工会经费分成比例的通知")
        except ValidationError:
            pass
    made = paid = 0
    channels = ("tax", "direct", "agent")
    for i, unit in enumerate(units):
        payroll = Decimal(unit.employee_count) * Decimal("78000") + Decimal(i * 137) / 100
        try:
            rem = services.save_remittance(admin, None, org=unit.union, employer=unit.name, year=year,
                                           payroll_base=str(payroll), rate=None, memo="")
        except ValidationError:
            continue
        made += 1
        share = (Decimal("1"), Decimal("0.5"), Decimal("0"))[i % 3]
        if share:
            day = datetime.date(year, 3 + i % 9, 15)
            services.record_payment(admin, rem, amount=str((rem.amount_due * share).quantize(Decimal("0.01"))),
                                    date=day, channel=channels[i % 3])
            paid += 1
            try:
                services.record_entry(admin, unit.union, fund_kind=FundKind.UNION_FUNDS,
                                      amount=str((rem.amount_due * share / 5).quantize(Decimal("0.01"))),
                                      category=Category.ACTIVITIES, date=day + datetime.timedelta(days=20),
                                      memo="职工文体活动")
            except ValidationError:
                pass
    extra = _dues_budgets_audits(admin, today, [u.union for u in units[:4]], top)
    return {"remittances": made, "remittance_payments": paid, **extra}


def _dues_budgets_audits(admin, today, unions, top):
    """Three months of dues of a few members of each union (the last month partly in arrears), an approved budget
    of workers' activities, the city's collective-approval threshold with one decision, and an audit with a
    finding being rectified."""
    from gonghui.core.services import save_object
    from gonghui.members.models import Member

    from .models import FundAudit, SpendingRule

    dues = budgets = audits = 0
    if top is not None and not SpendingRule.objects.filter(org=top).exists():
        for data in ({"org": top, "name": "重大开支集体审批制度", "kind": "threshold", "amount": Decimal("50000"),
                      "basis": "基层工会经费收支管理办法"},
                     {"org": top, "name": "节日慰问品标准", "kind": "per_person", "category": Category.ACTIVITIES,
                      "amount": Decimal("500"), "basis": "基层工会经费收支管理办法"}):
            save_object(admin, SpendingRule(), data, fields=list(data))
    first = today.replace(day=1)
    months = [(first - datetime.timedelta(days=31 * k)).replace(day=1) for k in (3, 2, 1)]
    for n, union in enumerate(unions):
        for m in Member.objects.filter(org=union, status="active").order_by("id")[:5]:
            wage = Decimal(4000 + (m.pk % 7) * 500)
            for k, month in enumerate(months):
                try:
                    record = services.save_dues(admin, None, member=m, month=month, basic_wage=str(wage), rate=None)
                    dues += 1
                    if k < 2 or m.pk % 2:
                        services.pay_dues(admin, record, month + datetime.timedelta(days=9))
                except ValidationError:
                    pass
        try:
            line = services.save_budget(admin, None, org=union, year=today.year, fund_kind=FundKind.UNION_FUNDS,
                                        category=Category.ACTIVITIES, amount=str(20000 + n * 5000),
                                        note="职工文体活动")
            services.approve_budget(admin, line, "经审会审查同意")
            budgets += 1
        except ValidationError:
            pass
    if unions:
        try:
            services.save_approval(admin, None, org=unions[0], subject="购置职工书屋设备",
                                   meeting="工会委员会第5次会议", meeting_date=first, members_total=9,
                                   members_present=8, votes_for=7, votes_against=1, amount="60000")
            data = {"org": unions[0], "year": today.year - 1, "title": f"{today.year - 1}年度经费收支审查",
                    "auditors": "上级工会经费审查委员会", "started_on": first}
            fund_audit = save_object(admin, FundAudit(), data, fields=list(data))
            services.add_finding(admin, fund_audit, text="部分活动支出报销凭证不全",
                                 deadline=today + datetime.timedelta(days=30))
            audits += 1
        except ValidationError:
            pass
    return {"dues": dues, "budget_lines": budgets, "fund_audits": audits}
