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
    return {"inspections": inspections, "inspection_findings": findings, "hazards_escalated": escalated}
