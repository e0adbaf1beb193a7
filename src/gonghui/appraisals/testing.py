"""Builders of standards and appraisal for tests, the scope matrix and the demo."""

import datetime
from decimal import Decimal

from gonghui.core.testing import make_credit_code, register_scope_builder
from gonghui.members.services import create_member
from gonghui.members.testing import member_data
from gonghui.orgs.services import create_unit

from . import services

YEAR = 2025
DAY = datetime.date(2025, 3, 1)

# 六好 township unions (乡镇街道工会): six sections, 100 points.
SIX_GOOD = (
    ("党委政府支持好", "工会工作纳入党委政府工作议程", 15, "会议纪要、文件"),
    ("组织网络健全好", "辖区企业建会、职工入会，组织网络健全", 20, "建会台账"),
    ("履行基本职责好", "职代会、集体协商、劳动法律监督等制度落实", 20, "职代会决议、集体合同"),
    ("指导帮助基层好", "指导基层工会规范化建设", 15, "指导记录"),
    ("服务职工群众好", "困难帮扶、普惠服务", 15, "帮扶台账"),
    ("围绕中心工作好", "劳动竞赛、技能提升", 15, "竞赛方案"),
)


def employer(actor, union, marker, employees=120):
    """An employer covered by ``union`` (in the census of the union above it): what 参创率 counts."""
    return create_unit(actor, name=f"{marker}有限公司", credit_code=make_credit_code(), ownership="private",
                       industry="C", employee_count=employees, address=f"{marker}路1号",
                       area_org=union.get_parent() or union, union=union)


def scheme(actor, org, name="六好乡镇（街道）工会", kind="six_good", criteria=SIX_GOOD, publish=True, **kw):
    data = {"org": org, "name": name, "kind": kind, "level": "county", "grades": "合格,先进,模范",
            "pass_score": Decimal("60"), "eligible_types": "", "valid_years": 3, "recheck_months": 12, **kw}
    s = services.save_scheme(actor, None, **data)
    for n, (section, title, weight, evidence) in enumerate(criteria, start=1):
        services.save_criterion(actor, None, scheme=s, section=section, title=title, weight=Decimal(weight),
                                evidence=evidence, source="manual", position=n)
    if publish:
        s = services.publish_scheme(actor, s)
    return s


def appraisal(actor, org, the_scheme=None, year=YEAR, marker=""):
    the_scheme = the_scheme or scheme(actor, org.get_parent() or org, name=f"{marker}六好" if marker else "六好")
    return services.start_appraisal(actor, scheme=the_scheme, org=org, year=year, grade_sought="先进",
                                    note=marker)


def full_marks(appraisal, share=Decimal("0.9")):
    return {s.criterion_id: ((s.criterion.weight * share).quantize(Decimal("0.1")), "台账齐全")
            for s in services.scores_of(appraisal) if not s.criterion.automatic}


def awarded(actor, org, inspector=None, the_scheme=None, awarded_on=DAY, marker=""):
    """An appraisal taken through the whole workflow to an award (``inspector``: the union above's official)."""
    inspector = inspector or actor
    a = appraisal(actor, org, the_scheme, marker=marker)
    a = services.self_check(actor, a, full_marks(a))
    a = services.apply(actor, a)
    a = services.inspect(inspector, a, full_marks(a, Decimal("0.8")), findings="台账规范", inspected_on=awarded_on)
    a = services.accept(inspector, a, accepted_on=awarded_on)
    return services.award(inspector, a, grade="先进", certificate_no=f"证{a.pk}", awarded_on=awarded_on)


def member_scheme(actor, org, name="职工之家"):
    criteria = (("建家", "组织健全", 40, ""), ("建家", "制度落实", 40, ""))
    s = scheme(actor, org, name=name, kind="home", criteria=criteria, publish=False)
    services.save_criterion(actor, None, scheme=s, section="评家", title="会员满意度", weight=Decimal(20),
                            source="member_rating", position=9)
    return services.publish_scheme(actor, s)


def rating_round(actor, org, the_scheme=None, title="2025年会员评家", appraisal=None, opens_on=None,
                 closes_on=None):
    import django.utils.timezone as tz

    today = tz.localdate()
    the_scheme = the_scheme or member_scheme(actor, org.get_parent() or org, name=f"{title}职工之家")
    return services.open_round(actor, None, org=org, scheme=the_scheme, appraisal=appraisal, title=title,
                               opens_on=opens_on or today - datetime.timedelta(days=1),
                               closes_on=closes_on or today + datetime.timedelta(days=14))


@register_scope_builder("appraisals.scheme")
def _build_scheme(org, actor, marker):
    return scheme(actor, org, name=f"{marker}六好", publish=False)


@register_scope_builder("appraisals.criterion")
def _build_criterion(org, actor, marker):
    s = scheme(actor, org, name=f"{marker}方案", criteria=(), publish=False)
    return services.save_criterion(actor, None, scheme=s, section="组织", title=marker, weight=Decimal(10),
                                   source="manual")


@register_scope_builder("appraisals.appraisal")
def _build_appraisal(org, actor, marker):
    return appraisal(actor, org, scheme(actor, org.get_parent() or org, name=f"{marker}六好"), marker=marker)


@register_scope_builder("appraisals.score")
def _build_score(org, actor, marker):
    a = _build_appraisal(org, actor, marker)
    score = a.scores.first()
    score.evidence = marker
    score.save(update_fields=["evidence"])
    return score


@register_scope_builder("appraisals.ratinground")
def _build_round(org, actor, marker):
    return rating_round(actor, org, title=marker)


@register_scope_builder("appraisals.memberrating")
def _build_rating(org, actor, marker):
    r = _build_round(org, actor, marker)
    member = create_member(actor, org, member_data(name=f"{marker}评"))
    marks = {c.pk: 5 for c in services.member_criteria(r.scheme)}
    return services.rate(actor, member, r, marks, comment=marker)
