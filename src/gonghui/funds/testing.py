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
