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
    return {"remittances": made, "remittance_payments": paid}
