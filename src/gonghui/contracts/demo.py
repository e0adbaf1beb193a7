"""Demo collective contracts: comprehensive, wage and women workers' contracts of grassroots unions at every step
(draft, signed, submitted late, in force, one expiring soon), a regional contract of a street union covering
small employers, a performance check, and labour-contract coverage for last year."""

import datetime

from django.core.exceptions import ValidationError

from gonghui.orgs.models import EmployerUnit

from . import services
from .testing import pdf_upload

FINDINGS = {False: "工资按时足额发放，女职工“四期”保护落实。", True: "加班工资未按约定标准支付。"}
TITLES = {"comprehensive": "集体合同", "wage": "工资专项集体合同", "women": "女职工权益保护专项集体合同",
          "safety": "劳动安全卫生专项集体合同"}


def _add_years(day, years):
    return day.replace(year=day.year + years, day=min(day.day, 28))


def load(ctx):
    admin, today = ctx["admin"], ctx["today"]
    units = list(EmployerUnit.objects.filter(union__isnull=False, employee_count__gt=0)
                 .select_related("union", "area_org").order_by("id")[:10])
    made = 0
    for i, unit in enumerate(units[:8]):
        kind = ("comprehensive", "wage", "women", "comprehensive")[i % 4]
        start = _add_years(today.replace(day=1), -1 if i % 3 else -2) + datetime.timedelta(days=30 * (i % 5))
        if start > today:
            start = today.replace(day=1)
        end = _add_years(start, 3 if i % 2 else 2) - datetime.timedelta(days=1)
        if i == 3:  # one expiring within 90 days: on the renewal list
            start, end = _add_years(today, -3) + datetime.timedelta(days=45), today + datetime.timedelta(days=44)
        try:
            c = services.save_contract(
                admin, None, unit.union, units=[unit], number=f"JT{today.year}-{i + 1:03d}",
                title=f"{unit.name}{TITLES[kind]}", contract_type=kind, regional=False, starts_on=start, ends_on=end,
                workers_covered=max(1, unit.employee_count * 9 // 10), minimum_wage=str(2400 + 100 * (i % 4)),
                wage_rise_pct=str((3, 5, 6.5, 4)[i % 4]), congress_approved_on=start - datetime.timedelta(days=20),
                congress_session=f"{3 + i % 5}届{1 + i}次")
            made += 1
            if i == 7:
                continue  # a draft
            signed = min(start - datetime.timedelta(days=10), today)
            c = services.sign_contract(admin, c, signed, document=pdf_upload("集体合同文本.pdf"))
            if i == 6:
                continue  # signed, not yet submitted
            late = 14 if i == 5 else 5
            c = services.submit_contract(admin, c, min(signed + datetime.timedelta(days=late), today))
            services.take_effect_if_due(c, today)
            c.refresh_from_db()
            if i % 2 == 0 and c.status == "in_force":
                services.publish_contract(admin, c, min(c.effective_on, today))
            if c.status == "in_force" and c.starts_on.year < today.year:
                services.record_check(admin, c, today - datetime.timedelta(days=20), passed=i != 2,
                                      findings=FINDINGS[i == 2],
                                      fixes="" if i != 2 else "限期一个月补发加班工资差额。")
        except ValidationError:
            continue
    small = list(EmployerUnit.objects.filter(employee_count__lt=50, union__isnull=False).exclude(
        pk__in=[u.pk for u in units]).select_related("area_org", "union").order_by("id")[:4])
    if small:
        area = small[0].area_org
        small = [u for u in small if (u.union or u.area_org).path.startswith(area.path)]
        try:
            c = services.save_contract(
                admin, None, area, units=small, number=f"QY{today.year}-001",
                title=f"{area.name}区域性工资专项集体合同",
                contract_type="wage", regional=True, starts_on=today.replace(month=1, day=1),
                ends_on=today.replace(month=12, day=31), workers_covered=sum(u.employee_count for u in small),
                minimum_wage="2500", wage_rise_pct="4.5", congress_approved_on=today.replace(month=1, day=1)
                - datetime.timedelta(days=15), congress_session="区域职代会二届三次")
            made += 1
            c = services.sign_contract(admin, c, today.replace(month=1, day=1) - datetime.timedelta(days=10))
            services.submit_contract(admin, c, today.replace(month=1, day=1) - datetime.timedelta(days=5))
        except ValidationError:  # the demo city has no such employers
            pass
    figures = 0
    for i, unit in enumerate(units):
        workers = unit.employee_count
        services.save_labour_coverage(admin, None, unit, year=today.year - 1, workers=workers,
                                      signed=workers - (workers * (i % 3)) // 20)
        figures += 1
    return {"collective_contracts": made, "labour_contract_figures": figures}
