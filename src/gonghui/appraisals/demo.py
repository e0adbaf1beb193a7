"""Demo records of standards and appraisal: the city's 职工之家 scheme (with a member-rating criterion), the
district's 六好 scheme for township unions and the city's annual 百分制 assessment; townships at each step (one
awarded and due for its re-check soon, one applied and waiting for the district, one returned for rework), the
grassroots union's 职工之家 self-check with an evidence file and an open member rating, and the annual assessment
of the district's unions."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.members.models import Member

from . import services
from . import testing as at
from .models import Scheme

HOME = (
    ("组织建设", "有班子、有章子、有牌子、有房子", 20, "工会委员会选举批复、印章、牌匾照片"),
    ("民主管理", "职代会制度健全，厂务公开规范", 20, "职代会决议、公开栏照片"),
    ("维权服务", "签订集体合同，开展困难帮扶", 20, "集体合同文本、帮扶台账"),
    ("职工之家阵地", "职工书屋、活动室正常开放", 20, "活动记录"),
)
ANNUAL = (
    ("组织建设", "基层工会规范化建设", 30, "建会台账"),
    ("维权服务", "集体协商和劳动法律监督", 30, "协商记录"),
    ("经费管理", "经费收缴与使用规范", 20, "财务报表"),
)


def _scheme(admin, org, name, kind, criteria, **kw):
    s = at.scheme(admin, org, name=name, kind=kind, criteria=criteria, publish=False, **kw)
    return s


def load(ctx):
    admin, root, district, union, today = ctx["admin"], ctx["root"], ctx["district"], ctx["union"], ctx["today"]
    if Scheme.objects.filter(org=root, kind="home").exists():
        return {}  # the demo ran already
    home = _scheme(admin, root, "市级模范职工之家", "home", HOME, level="city", eligible_types="enterprise,"
                   "public_institution,joint_regional,joint_industry,community")
    services.save_criterion(admin, None, scheme=home, section="会员评家", title="会员对工会工作的满意度",
                            weight=Decimal(20), source="member_rating", position=9)
    home = services.publish_scheme(admin, home)
    six = at.scheme(admin, district, name=f"{district.name}“六好”乡镇（街道）工会", eligible_types="township")
    annual = _scheme(admin, root, f"{today.year}年度工会工作百分制目标考核", "annual", ANNUAL, level="city")
    services.save_criterion(admin, None, scheme=annual, section="组织建设", title="新建基层工会",
                            weight=Decimal(20), source="indicator", indicator="new_unions", full_at=Decimal(5),
                            position=9)
    annual = services.publish_scheme(admin, annual)
    made = {"schemes": 3}

    townships = list(district.get_children().filter(org_type="township", status="active").order_by("path")[:3])
    year = today.year
    for i, town in enumerate(townships):
        try:
            a = services.start_appraisal(admin, scheme=six, org=town, year=year, grade_sought="先进")
            a = services.self_check(admin, a, at.full_marks(a, Decimal("0.9") - Decimal(i) / 20))
            a = services.apply(admin, a)
            if i == 0:
                awarded_on = today - datetime.timedelta(days=340)
                a = services.inspect(admin, a, at.full_marks(a, Decimal("0.85")), findings="台账规范，职工满意度高",
                                     inspected_on=awarded_on)
                a = services.accept(admin, a, accepted_on=awarded_on)
                services.award(admin, a, grade="先进", certificate_no=f"六好-{year}-001", awarded_on=awarded_on)
            elif i == 2:
                services.send_back(admin, a, "职代会决议等佐证材料不全，请补充后重新申报。")
        except ValidationError:
            continue
    made["appraisals"] = len(townships)

    try:
        a = services.start_appraisal(admin, scheme=home, org=union, year=year, grade_sought="模范")
        services.self_check(admin, a, at.full_marks(a))
        pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
        services.attach_evidence(admin, a, services.scores_of(a)[0].criterion_id,
                                 SimpleUploadedFile("工会委员会选举批复.pdf", pdf, "application/pdf"))
        made["evidence"] = 1
        r = services.open_round(admin, None, org=union, scheme=home, appraisal=a, title=f"{year}年会员评家",
                                opens_on=today - datetime.timedelta(days=3),
                                closes_on=today + datetime.timedelta(days=20))
        crit = services.member_criteria(home)
        for n, m in enumerate(Member.objects.filter(org=union, status="active").order_by("id")[:12]):
            services.rate(admin, m, r, {c.pk: 5 - n % 3 for c in crit}, comment="工会活动丰富" if n == 0 else "")
        services.self_check(admin, a, {})
        made["ratings"] = r.ratings.count()
    except ValidationError:
        pass
    try:
        made["assessed"] = len(services.start_assessment(admin, annual, district, year))
    except ValidationError:
        pass
    return made
