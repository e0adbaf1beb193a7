"""Demo offers to bargain (要约) in the demo district: the demo union's wage offer (answered), offers on grassroots
unions' behalf by the district (代行要约), a regional offer to several small employers, one overdue and one draft."""

import datetime

from django.utils import timezone

from gonghui.core.services import save_object
from gonghui.orgs.models import EmployerUnit

from . import services
from .models import Instructor

INSTRUCTORS = [("周建华", "13905180001", "工资集体协商、劳动法律"), ("吴晓梅", "13905180002", "女职工特殊保护"),
               ("孙立军", "13905180003", "劳动安全卫生")]

CONTENT = {
    "wages": "根据《集体合同规定》，现就本年度职工工资调整幅度、最低工资标准执行及加班工资计算基数等事项，"
             "向贵单位提出开展工资集体协商的要约，请于收到之日起20日内书面回复。",
    "women": "为落实女职工劳动保护特别规定，现就孕期、产期、哺乳期保护及女职工卫生费等事项提出协商要约。",
    "regional": "本区域内小微企业职工工资水平偏低，现代表区域内职工向各企业提出区域性工资集体协商要约。",
}


def load(ctx):
    admin, district, union, today = ctx["admin"], ctx["district"], ctx["union"], timezone.localdate()
    staff = ctx.get("district_staff") or admin
    made = 0
    instructors = [save_object(staff, Instructor(), {"org": district, "name": name, "phone": phone,
                                                     "expertise": expertise},
                               fields=["org", "name", "phone", "expertise"])
                   for name, phone, expertise in INSTRUCTORS]

    def sent(offer, days_ago):
        return services.send_offer(staff, offer, sent_on=today - datetime.timedelta(days=days_ago))

    own = list(EmployerUnit.objects.filter(union=union).order_by("pk")[:1])
    if own:
        o = services.save_offer(staff, None, org=union, employers=own, topics=["wages", "hours", "rest"],
                                content=CONTENT["wages"])
        o = sent(o, 30)
        o = services.answer_offer(staff, o, replied_on=o.sent_on + datetime.timedelta(days=12), reply="accepted",
                                  reply_note="企业同意于下月上旬开展第一轮协商。")
        services.record_round(staff, o, held_on=today - datetime.timedelta(days=8), instructor=instructors[0],
                              union_side="工会主席\n职工代表 3 名", employer_side="人力资源总监\n财务部经理",
                              agreed="年度工资增长幅度不低于5%；一线职工夜班津贴每班提高10元。",
                              open_points="高温津贴发放标准待下一轮协商。")
        made += 1
    covered = list(EmployerUnit.objects.filter(union__path__startswith=district.path, union__depth__gt=district.depth)
                   .exclude(union=union).select_related("union").order_by("pk")[:4])
    for i, unit in enumerate(covered[:3]):
        o = services.save_offer(staff, None, org=district, on_behalf_of=unit.union, employers=[unit],
                                topics=["wages", "women"] if i == 1 else ["wages", "safety"],
                                content=CONTENT["women" if i == 1 else "wages"])
        if i == 0:
            o = sent(o, 25)  # overdue: no reply after 20 days
        elif i == 1:
            o = sent(o, 10)
            services.answer_offer(staff, o, replied_on=today - datetime.timedelta(days=3), reply="counter",
                                  reply_note="企业提出将协商时间推迟至季度末。")
        made += 1
    small = list(EmployerUnit.objects.filter(area_org__path__startswith=district.path, employee_count__lt=50)
                 .order_by("pk")[:5])
    if len(small) >= 2:
        o = services.save_offer(staff, None, org=district, coverage="regional", employers=small,
                                topics=["wages", "insurance", "welfare"], content=CONTENT["regional"])
        sent(o, 5)
        made += 1
    campaign = services.save_campaign(staff, None, org=district, name=f"{today.year}年集中要约行动月",
                                      starts_on=today - datetime.timedelta(days=15), ends_on=today + datetime.timedelta(
                                          days=15), topics=["wages", "women", "safety"], content=CONTENT["wages"])
    larger = EmployerUnit.objects.filter(area_org__path__startswith=district.path, employee_count__gte=50) \
        .order_by("-employee_count", "pk")
    free = list(larger[5:11]) or list(larger[:3])
    if free:
        sent = services.send_campaign_offers(staff, campaign, employers=free,
                                             sent_on=today - datetime.timedelta(days=14))
        for o in sent[:3]:
            services.answer_offer(staff, o, replied_on=today - datetime.timedelta(days=6), reply="accepted")
        made += len(sent)
    return {"bargaining_offers": made, "bargaining_instructors": len(instructors)}
