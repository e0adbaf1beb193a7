"""Demo labour protection: a migrant workers' wage campaign (农民工工资支付专项检查) over several employers with
arrears found, one turned into a rights case and part recovered; safety and occupational-health inspections with
hazards fixed on the spot, fixed on re-inspection, waiting for the employer's response and overdue (escalated)."""

import datetime

from django.core.exceptions import ValidationError

from gonghui.orgs.models import EmployerUnit

from . import services
from .models import Inspection

CAMPAIGN = "农民工工资支付专项检查"
INSPECTORS = ("王建国、李红", "张伟、刘芳", "陈志强、赵敏")
SAFETY = (("equipment", "配电箱未上锁，电线私拉乱接", "major"), ("fire", "安全出口堆放杂物", "general"),
          ("protective_gear", "焊工未佩戴防护面罩", "general"), ("training", "新员工未开展“一法三卡”培训", "general"))
HEALTH = (("exposure", "打磨车间粉尘浓度超标，未设除尘设施", "major"),
          ("health_checks", "接触噪声岗位职工未做职业健康检查", "general"))


def load(ctx):
    admin, district, today = ctx["admin"], ctx["district"], ctx["today"]
    if Inspection.objects.exists():
        return {}  # the demo ran already
    units = list(EmployerUnit.objects.filter(area_org__path__startswith=district.path, union__isnull=False)
                 .select_related("union", "area_org").order_by("-employee_count")[:8])
    inspections = findings = 0
    for i, unit in enumerate(units):
        org = unit.area_org if unit.area_org.path.startswith(district.path) else district
        kind = ("labour_law", "safety", "health", "safety")[i % 4] if i >= 3 else "labour_law"
        day = today - datetime.timedelta(days=10 + 12 * i)
        try:
            insp = services.save_inspection(admin, None, org, unit=unit, kind=kind,
                                            campaign=CAMPAIGN if kind == "labour_law" else "", inspected_on=day,
                                            inspectors=INSPECTORS[i % 3], summary="")
            inspections += 1
            if kind == "labour_law":
                names = "\n".join(f"{n} {3000 + 400 * k}" for k, n in enumerate(("张立军", "李秀英", "王德明")[:1 + i]))
                f = services.save_finding(
                    admin, None, insp, item="wages_on_time", description="农民工工资拖欠两个月", severity="major",
                    deadline=day + datetime.timedelta(days=20), arrears_workers=3 + 5 * i,
                    arrears_amount=str((3 + 5 * i) * 3400), arrears_names=names)
                services.save_finding(admin, None, insp, item="union_funds", description="工会经费未按月足额拨缴",
                                      severity="general", fix_mode="at_once")
                findings += 2
                if i == 0:
                    services.open_rights_case(admin, f)
                    services.record_recovery(admin, f, 2, "6800")
                elif i == 1:
                    services.respond(admin, f, day + datetime.timedelta(days=5), "已筹措资金，分两次补发")
                    services.record_recovery(admin, f, f.arrears_workers, str(f.arrears_amount))
                    services.fix(admin, f, day + datetime.timedelta(days=12), "工资已全部补发")
                continue
            for k, (item, text, severity) in enumerate(SAFETY if kind == "safety" else HEALTH):
                f = services.save_finding(admin, None, insp, item=item, description=text, severity=severity,
                                          fix_mode="at_once" if k == 1 else "by_deadline",
                                          deadline=day + datetime.timedelta(days=7 + 7 * k))
                findings += 1
                if k == 2:
                    services.respond(admin, f, day + datetime.timedelta(days=3), "已采购防护用品并发放")
                elif k == 0 and i % 2:
                    services.fix(admin, f, min(day + datetime.timedelta(days=6), today), "已整改到位")
        except ValidationError:
            continue
    escalated = services.escalate_overdue(today)
    made = {"inspections": inspections, "inspection_findings": findings, "hazards_escalated": escalated}
    made.update(_ankang(admin, district, today, units))
    made.update(_supervision(admin, district, today, units))
    return made


CRITERIA = "安全生产责任制落实 20\n隐患排查治理 30\n群监员队伍建设 20\n职工安全培训 15\n劳动防护用品 15"


def _ankang(admin, district, today, units):
    """A 安康杯 round of the district: its employers enrolled, most scored, a winner and an organising unit."""
    try:
        rnd = services.save_round(admin, None, district, year=today.year, title=f"{today.year}年“安康杯”竞赛",
                                  criteria=CRITERIA, quota_enterprise=2, quota_organiser=1, quota_team=2,
                                  quota_individual=3)
    except ValidationError:
        return {}
    enrolments = []
    for i, unit in enumerate(units):
        try:
            e = services.save_enrolment(admin, None, rnd, unit=unit, enrolled_on=today.replace(month=1, day=1)
                                        if today.month > 1 else today, workers=unit.employee_count or 50)
        except ValidationError:
            continue
        if i % 3 != 2:
            e = services.score_enrolment(admin, e, {"安全生产责任制落实": 18 - i % 3, "隐患排查治理": 27 - i,
                                                    "群监员队伍建设": 17, "职工安全培训": 14, "劳动防护用品": 13})
        enrolments.append(e)
    scored = sorted((e for e in enrolments if e.score is not None), key=lambda e: -e.score)
    awards = 0
    if scored:
        services.give_award(admin, rnd, "enterprise", enrolment=scored[0])
        services.give_award(admin, rnd, "individual", enrolment=scored[0], name="张安全")
        awards = 2
    services.give_award(admin, rnd, "organiser", org=scored[0].org if scored else district)
    return {"ankang_enrolments": len(enrolments), "ankang_awards": awards + 1}


def _supervision(admin, district, today, units):
    """Safety inspectors at the first employers' unions with a report each, an accident under investigation, two
    rest stations."""
    from gonghui.core.services import save_object
    from gonghui.members.models import Member

    from .models import RestStation

    inspectors = 0
    for unit in units[:3]:
        for member in Member.objects.filter(org=unit.union).order_by("id")[:2]:
            try:
                ins = services.save_inspector(admin, None, member, trained_on=today - datetime.timedelta(days=200),
                                              certificate_no=f"QJ{today.year}{member.pk:05d}", active=True)
            except ValidationError:
                continue
            services.record_report(admin, ins, today - datetime.timedelta(days=20), 2, 1,
                                   "发现消防通道堵塞两处，制止一名职工违章动火作业")
            inspectors += 1
    accidents = 0
    if units:
        services.save_accident(admin, None, units[-1].area_org if units[-1].area_org.path.startswith(district.path)
                               else district, unit=units[-1], occurred_on=today - datetime.timedelta(days=15),
                               description="职工在搬运作业中被叉车碰伤腿部", injuries=1,
                               cause="叉车司机未按规定鸣笛减速，作业区未设隔离", measures="划定叉车通道并设置隔离护栏",
                               union_findings="工会参加调查，督促企业落实整改并为受伤职工申报工伤")
        accidents = 1
    for name, address in (("解放路环卫安康驿站", "解放路18号"), ("高新区快递小哥安康驿站", "科技大道66号")):
        save_object(admin, RestStation(), {
            "org": district, "name": name, "address": address, "services": "饮水、休息、热饭、充电、急救药箱",
            "opening_hours": "7:00-21:00", "map_url": "", "opened_on": today - datetime.timedelta(days=90),
            "active": True}, fields=["org", "name", "address", "services", "opening_hours", "map_url", "opened_on",
                                     "active"])
    return {"safety_inspectors": inspectors, "accident_investigations": accidents, "rest_stations": 2}
