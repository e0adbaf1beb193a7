"""Demo records of rights protection: a handful of cases at every stage, a portal complaint of the demo member,
an anonymous one, legal aid and early warnings (one acknowledged, one escalated). All through the services."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.orgs.models import EmployerUnit

from . import services

# What workers say, by case type (Chinese data, like the demo's names: not interface text). A case's facts are
# always drawn from its own type's list.
FACTS = {
    "wage_arrears": ("用人单位已连续三个月未发放工资，多次催要未果。",
                     "项目完工后，劳务公司以工程款未结算为由拖欠班组工人工资。",
                     "公司停产后拖欠职工两个月工资，负责人称资金周转困难。"),
    "labour_contract": ("入职一年多，用人单位仍未签订书面劳动合同，要求支付二倍工资差额。",
                        "用人单位单方面调整工作岗位并降低工资，未与本人协商一致。"),
    "social_insurance": ("用人单位未依法为本人缴纳社会保险，要求补缴。",
                         "用人单位按最低基数缴纳社会保险，与实际工资不符，要求按实补缴。"),
    "work_injury": ("在车间操作冲压设备时右手受伤，已认定为工伤，用人单位拒绝支付停工留薪期工资和一次性伤残补助金。",
                    "在送货途中发生交通事故受伤，用人单位未参加工伤保险，拒绝承担医疗费用。"),
    "termination": ("用人单位以经营困难为由解除劳动合同，未支付经济补偿。",
                    "试用期满后被口头辞退，用人单位未出具解除劳动合同的证明。"),
    "overtime_rest": ("长期每周工作六天、每天十小时以上，用人单位未支付加班费。",
                      "每个周末加班，没有加班费。"),
    "women_workers": ("孕期被辞退。", "哺乳期内被调离原岗位并降低工资。"),
    "other": ("用人单位扣押本人身份证原件，离职时拒不返还。",),
}
CASE_TYPES = ("wage_arrears", "wage_arrears", "labour_contract", "social_insurance", "work_injury", "termination",
              "overtime_rest")


def facts_for(rng, case_type):
    return rng.choice(FACTS[case_type])


def load(ctx):
    rng = ctx["rng"]
    district, union = ctx["district"], ctx["union"]
    staff, gstaff, admin = ctx["district_staff"], ctx["grassroots_staff"], ctx["admin"]
    now = timezone.now()
    D = datetime.timedelta
    units = list(EmployerUnit.objects.filter(area_org__path__startswith=district.path).select_related("union")
                 .order_by("-employee_count")[:6])
    members = list(ctx["members"])[:12]

    def who(i):
        m = members[i % len(members)] if members else None
        if m is None:
            return {"name": "张三"}
        return {"name": m.name, "id_number": m.id_number, "phone": m.phone, "member": m}

    def file(i, days_ago, **data):
        unit = units[i % len(units)] if units else None
        case_type = data.pop("case_type", None) or rng.choice(CASE_TYPES)
        base = {"channel": rng.choice(["hotline_12351", "walk_in", "letter", "referral"]),
                "case_type": case_type, "unit": unit, "employer_name": "" if unit else "徐州恒盛建筑劳务有限公司",
                "facts": facts_for(rng, case_type), "amount_claimed": str(rng.randint(3, 60) * 1000)}
        base.update(data)
        return services.file_case(admin, district, base, [who(i)], now=now - D(days=days_ago))

    # Closed with an agreement and money recovered.
    for i in range(3):
        case = file(i, 40 + 10 * i)
        services.accept_case(admin, case, now=now - D(days=39 + 10 * i))
        services.start_mediation(admin, case, "刘建国", now=now - D(days=38 + 10 * i))
        services.record_session(admin, case, held_on=(now - D(days=35 + 10 * i)).date(), mediator="刘建国",
                                notes=_("Both parties stated their positions; the employer agreed to pay in two "
                                        "instalments."),
                                now=now - D(days=35 + 10 * i))
        # Settled for part of the claim at most, and paid in full: recovered <= agreed <= claimed.
        amount = (case.amount_claimed * rng.choice([70, 80, 90, 100]) / 100).quantize(case.amount_claimed)
        services.close_case(admin, case, "agreement", agreement_amount=amount,
                            paying_deadline=(now - D(days=20 + 10 * i)).date(), amount_recovered=amount,
                            now=now - D(days=30 + 10 * i))
        services.rate_case(case, rng.choice([4, 5]))
    # A group case in mediation, due soon.
    group = file(3, 12, is_group=True, worker_count=86, case_type="wage_arrears", amount_claimed="1290000",
                 facts=FACTS["wage_arrears"][1])
    services.accept_case(admin, group, now=now - D(days=12))
    services.start_mediation(admin, group, "王志强", now=now - D(days=11))
    # Overdue: accepted 20 days ago, no agreement.
    late = file(4, 21)
    services.accept_case(admin, late, now=now - D(days=20))
    # Failed mediation, referred to legal aid with an arbitration award.
    failed = file(5, 90, case_type="work_injury", amount_claimed="120000")
    services.accept_case(admin, failed, now=now - D(days=89))
    services.start_mediation(admin, failed, "陈红", now=now - D(days=88))
    services.close_case(admin, failed, "failed", referred_to="arbitration", legal_aid_offered=True,
                        now=now - D(days=80))
    referral = services.refer_legal_aid(admin, failed, provider_kind="legal_aid_centre",
                                        provider_name=_("District workers' legal aid centre"), now=now - D(days=79))
    services.record_legal_aid_result(admin, referral, result="arbitration_award", result_on=(now - D(days=20)).date(),
                                     amount_awarded="86000", amount_recovered="86000", now=now - D(days=19))
    # New, waiting to be accepted; one not accepted.
    file(6, 1)
    rejected = file(7, 8, case_type="other", facts=FACTS["other"][0])
    services.close_case(admin, rejected, "rejected", reason=_("Not a labour dispute: a commercial contract."),
                        now=now - D(days=7))
    # The demo member's own complaint in the portal, and an anonymous one.
    member = ctx.get("portal_member")
    if member is not None:
        account = User.objects.filter(member=member).first()
        if account is not None:
            services.file_member_case(account, member, {
                "case_type": "overtime_rest", "employer_name": member.unit.name if member.unit else "本单位",
                "unit": member.unit, "facts": FACTS["overtime_rest"][1],
                "amount_claimed": "4800"}, now=now - D(days=2))
    services.file_anonymous_case({"case_type": "women_workers", "employer_name": "徐州锦绣服饰有限公司",
                                  "facts": FACTS["women_workers"][0]}, area_org=district, now=now - D(days=3))
    # Early warnings: one acknowledged by the district, one escalated past it.
    if union is not None:
        w1 = services.raise_warning(gstaff, union, {
            "kind": "group_incident", "title": _("Workers gathering over unpaid wages"),
            "description": _("About 80 workers gathered at the factory gate."), "workers_involved": 80},
            now=now - D(hours=30))
        if services.may_acknowledge(staff, w1):
            services.acknowledge_warning(staff, w1, _("Staff sent to the site; labour inspection informed."),
                                         now=now - D(hours=28))
        w2 = services.raise_warning(gstaff, union, {
            "kind": "closure", "title": _("Plant to close next month"),
            "description": _("The employer announced a closure; 300 contracts to end."), "workers_involved": 300},
            now=now - D(hours=50))
        services.escalate_warning(w2, now=now - D(hours=26))
    ctx["log"](_("Rights protection: demo cases and early warnings created."))
