"""Demo records of open affairs: employers of the demo district with their system (厂务公开, 校务公开 at schools,
院务公开 at hospitals), a catalogue at the larger ones, this year's postings with a few missed, and the monthly
inspections with problems at every step."""

import datetime

from gonghui.orgs.models import EmployerUnit

from . import services
from .choices import PostingStatus
from .models import Posting

KINDS = {"P": "school", "Q": "hospital"}
GROUP = "组长：党委书记；副组长：总经理、工会主席；成员：纪检、人事、财务负责人"
CATALOGUE = [
    ("职工工资发放及奖金分配情况", "wages", "人力资源部", "monthly", "board"),
    ("职工社会保险及住房公积金缴纳情况", "welfare", "人力资源部", "quarterly", "board"),
    ("安全生产责任制落实及隐患整改情况", "safety", "安全环保部", "quarterly", "meeting"),
    ("职工招聘、录用及岗位调整", "hiring", "人力资源部", "as_needed", "intranet"),
    ("企业年度经营目标及重大决策事项", "decisions", "总经理办公室", "yearly", "meeting"),
    ("业务招待费及物资采购情况", "business", "财务部", "quarterly", "board"),
]


def load(ctx):
    admin, district, today, rng = ctx["admin"], ctx["district"], ctx["today"], ctx["rng"]
    units = list(EmployerUnit.objects.filter(union__path__startswith=district.path).order_by("-employee_count",
                                                                                            "id")[:16])
    start = datetime.date(today.year, 1, 1)
    for n, unit in enumerate(units):
        established = n % 5 != 4  # about one in five has not set it up yet
        system = services.save_system(
            admin, None, unit=unit, kind=KINDS.get(unit.industry, "factory"), established=established,
            established_on=datetime.date(today.year - 1 - n % 4, 3 + n % 6, 1) if established else None,
            leading_group=GROUP if established else "",
            notes="")
        if not established or n >= 6:
            continue
        items = [services.save_item(admin, None, system=system, title=title, category=category, department=dept,
                                    frequency=frequency, form=form, since=start, active=True, notes="")
                 for title, category, dept, frequency, form in CATALOGUE]
        for posting in Posting.objects.filter(item__in=items, status=PostingStatus.DUE, period_end__lt=today):
            if rng.random() < 0.15:
                continue  # missed: overdue
            day = min(posting.period_end - datetime.timedelta(days=rng.randint(0, 6)), today)
            if rng.random() < 0.1:
                day = min(posting.period_end + datetime.timedelta(days=rng.randint(3, 12)), today)  # late
            services.post(admin, posting, posted_on=day, form=posting.item.form, place="厂区一楼厂务公开栏")
        services.record_posting(admin, items[3], posted_on=min(today, datetime.date(today.year, 3, 18)),
                                form="intranet", place="公司内网“厂务公开”专栏", note="新招录一线操作工12名")
        for month in range(max(1, today.month - 2), today.month + 1):
            day = min(datetime.date(today.year, month, 25), today)
            inspection = services.save_inspection(admin, None, system=system, inspected_on=day,
                                                  inspectors="工会主席、纪检监察室主任、职工代表2名",
                                                  summary="按公开目录逐项检查公开栏和内网专栏。")
            if month == today.month:
                services.save_problem(admin, None, inspection=inspection, item=items[1],
                                      description="社会保险缴纳情况未按季度更新",
                                      deadline=today + datetime.timedelta(days=10))
            elif month == today.month - 1:
                problem = services.save_problem(admin, None, inspection=inspection, item=items[5],
                                                description="业务招待费公开内容过于笼统",
                                                deadline=day + datetime.timedelta(days=15))
                if n % 2 == 0:
                    problem = services.rectify(admin, problem, rectification="已按明细补充公开",
                                               rectified_on=min(day + datetime.timedelta(days=7), today))
                    services.verify(admin, problem)
