"""Scope builders of union funds (the scope matrix, ModelViewTests)."""

import datetime
from decimal import Decimal

from gonghui.core.testing import register_scope_builder

from .choices import Category, EntryKind, FundKind


@register_scope_builder("funds.remittance")
def _build_remittance(org, actor, marker):
    from .services import save_remittance

    return save_remittance(actor, None, org=org, employer=f"{marker}有限公司", year=2025, payroll_base="1000000",
                           rate=None, memo="")


_years = [2000]


@register_scope_builder("funds.splitratio")
def _build_ratio(org, actor, marker):
    from .services import save_ratio

    _years[0] += 1
    return save_ratio(actor, None, org=org, year=_years[0] % 100 + 2000, grassroots_pct=Decimal("60"),
                      parent_pct=Decimal("25"), higher_pct=Decimal("15"), rounding_to="grassroots",
                      basis=f"{marker}号文")


@register_scope_builder("funds.fund")
def _build_fund(org, actor, marker):
    from .services import fund_of

    fund = fund_of(org, FundKind.DONATIONS)
    fund.account = f"{marker}账户"
    fund.save(update_fields=["account"])
    return fund


@register_scope_builder("funds.ledgerentry")
def _build_entry(org, actor, marker):
    from django.db import transaction

    from .services import post_entry

    with transaction.atomic():
        return post_entry(org, FundKind.DONATIONS, Decimal("100"), day=datetime.date(2025, 3, 1),
                          entry_kind=EntryKind.INCOME, category=Category.INCOME, user=actor, memo=marker)


@register_scope_builder("funds.duesrecord")
def _build_dues(org, actor, marker):
    from gonghui.members.services import create_member
    from gonghui.members.testing import member_data

    from .services import save_dues

    member = create_member(actor, org, member_data(name=marker))
    return save_dues(actor, None, member=member, month=datetime.date(2025, 3, 1), basic_wage="6000", rate=None)


_budget_years = [2000]


@register_scope_builder("funds.budgetline")
def _build_budget(org, actor, marker):
    from .services import save_budget

    _budget_years[0] += 1
    return save_budget(actor, None, org=org, year=_budget_years[0] % 100 + 2000, fund_kind=FundKind.UNION_FUNDS,
                       category=Category.ACTIVITIES, amount="50000", note=marker)


@register_scope_builder("funds.spendingrule")
def _build_rule(org, actor, marker):
    from gonghui.core.services import save_object

    from .models import SpendingRule

    data = {"org": org, "name": marker, "kind": "threshold", "category": "", "amount": Decimal("50000"),
            "basis": "", "active": True}
    return save_object(actor, SpendingRule(), data, fields=list(data))


@register_scope_builder("funds.collectiveapproval")
def _build_approval(org, actor, marker):
    from .services import save_approval

    return save_approval(actor, None, org=org, subject=marker, meeting="工会委员会第3次会议",
                         meeting_date=datetime.date(2025, 4, 1), members_total=7, members_present=6, votes_for=5,
                         votes_against=1, amount="80000")


@register_scope_builder("funds.fundaudit")
def _build_audit(org, actor, marker):
    from gonghui.core.services import save_object

    from .models import FundAudit

    data = {"org": org, "year": 2025, "title": marker, "auditors": "经费审查委员会",
            "started_on": datetime.date(2025, 5, 1)}
    return save_object(actor, FundAudit(), data, fields=list(data))


@register_scope_builder("funds.bankline")
def _build_bankline(org, actor, marker):
    from .bank import fingerprint, record_line

    day, amount = datetime.date(2025, 3, 1), Decimal("100.00")
    data = {"date": day, "amount": amount, "payer_name": marker, "payer_account": "6222020200112233",
            "reference": marker, "fingerprint": fingerprint(day, amount, marker, "", marker)}
    return record_line(actor, org, data)


@register_scope_builder("funds.spendingrefusal")
def _build_refusal(org, actor, marker):
    from django.core.exceptions import ValidationError

    from gonghui.core.services import save_object

    from .models import SpendingRefusal, SpendingRule
    from .services import record_entry

    data = {"org": org, "name": f"{marker}节日慰问", "kind": "per_person", "category": "activities",
            "amount": Decimal("300")}
    rule = save_object(actor, SpendingRule(), data, fields=list(data))
    try:
        record_entry(actor, org, fund_kind=FundKind.UNION_FUNDS, amount="1000", category=Category.ACTIVITIES,
                     date=datetime.date(2025, 3, 1), memo=marker, persons=2)
    except ValidationError:
        pass
    return SpendingRefusal.objects.get(rule=rule)


@register_scope_builder("funds.closedyear")
def _build_closed_year(org, actor, marker):
    from .closing import close_year

    return close_year(actor, None, org=org, year=2019, note=marker, confirm=True)


@register_scope_builder("funds.auditplan")
def _build_plan(org, actor, marker):
    from .plans import save_plan

    return save_plan(actor, None, org=org, year=2025, title=marker, auditors="经费审查委员会",
                     started_on=datetime.date(2025, 5, 1), unions=[org])
