"""Demo records of democratic management: the congress systems of the district's employers with a union, a congress
of the largest one with its delegates, a session held with a quorum (rules passed, one rejected), a joint meeting,
motions at every step, the rules register (one rule never passed: the flag on rights cases) and a star rating."""

import datetime

from django.db import IntegrityError
from django.utils.translation import gettext as _

from gonghui.core.services import save_object
from gonghui.members.models import Member
from gonghui.orgs.models import EmployerUnit

from . import services
from .models import Congress, Setup

CATEGORIES = ["frontline"] * 6 + ["technician", "technician", "manager", "other"]


def load(ctx):
    admin, district, union, today = ctx["admin"], ctx["district"], ctx["union"], ctx["today"]
    covered = EmployerUnit.objects.filter(area_org__path__startswith=district.path, union__isnull=False)
    own = covered.filter(union=union).first()
    units = ([own] if own else []) + list(covered.exclude(union=union).select_related("union")
                                          .order_by("-employee_count")[:7])
    if not units or Setup.objects.filter(unit__in=units).exists():
        return {}  # no employers, or the demo ran already
    start = today.replace(year=today.year - 2, month=3, day=1)
    for i, unit in enumerate(units):
        services.save_setup(admin, None, unit=unit, org=unit.union, form="own",
                            body="teachers" if unit.ownership == "public" else "workers",
                            established_on=None if i % 4 == 3 else start - datetime.timedelta(days=400 * (i + 1)))
    # fresh from the registry: the demo's pending transfers and withdrawals have moved some of ctx["members"]
    members = list(Member.objects.filter(org=union, status="active").order_by("id")[5:15])
    if len(members) < 6:
        return {"setups": len(units)}
    data = {"org": union, "body": "workers", "term": 9, "started_on": start, "min_frontline_percent": 50}
    try:
        congress = save_object(admin, Congress(), data, fields=list(data))
    except IntegrityError:
        return {"setups": len(units)}
    delegates = [services.save_delegate(admin, None, congress=congress, member=m, category=CATEGORIES[i],
                                        constituency=_("Delegation %(n)s") % {"n": i % 3 + 1})
                 for i, m in enumerate(members)]
    n = len(delegates)
    held_on = today - datetime.timedelta(days=30)
    session = services.save_session(admin, None, congress=congress, number=12, kind="plenary",
                                    due_on=today - datetime.timedelta(days=20))
    session = services.hold_session(admin, session, held_on=held_on, delegates_present=n)
    items = [services.save_item(admin, None, session=session, kind=kind, title=title) for kind, title in (
        ("rules", "劳动纪律管理规定（修订）"), ("wages", "年度工资调整方案"), ("contract", "集体合同草案"),
        ("rules", "末位淘汰考核办法"))]
    for item in items[:3]:
        services.record_vote(admin, item, votes_for=n - 1, votes_against=1, votes_abstain=0,
                             resolution="会议审议通过。")
    services.record_vote(admin, items[3], votes_for=n // 2, votes_against=n - n // 2, votes_abstain=0)
    services.close_session(admin, session)
    joint = services.save_session(admin, None, congress=congress, number=13, kind="joint")
    services.hold_session(admin, joint, held_on=today - datetime.timedelta(days=5), delegates_present=n - 1)
    if own is not None:
        for item, title in ((items[0], "劳动纪律管理规定"), (items[1], "年度工资调整方案")):
            services.save_rule(admin, None, unit=own, kind=item.kind, title=title, adopted_on=held_on, item=item)
        services.save_rule(admin, None, unit=own, kind="rules", title="末位淘汰考核办法", adopted_on=held_on,
                           item=items[3])
        services.save_rule(admin, None, unit=own, kind="major", title="车间搬迁决定", adopted_on=held_on)
    titles = ["关于增加职工食堂窗口的提案", "关于夜班交通补贴的提案", "关于改善车间通风的提案",
              "关于开展技能培训的提案", "关于调整停车位分配的建议"]
    for i, title in enumerate(titles):
        m = services.file_motion(admin, None, congress=congress, filer=delegates[i], title=title,
                                 content="建议予以研究解决。", filed_on=held_on)
        if i == 4:
            services.make_opinion(admin, m, "属于个人诉求，转为意见建议处理")
            continue
        services.accept_motion(admin, m)
        if i == 3:
            continue
        m = services.assign_motion(admin, m, department=["后勤保障部", "人力资源部", "安全环保部"][i],
                                   reply_due=today + datetime.timedelta(days=[-3, 4, 20][i]))
        if i == 0:
            m = services.answer_motion(admin, m, reply="已增设两个窗口。",
                                       replied_on=today - datetime.timedelta(days=2))
            m = services.implement_motion(admin, m, implemented_on=today - datetime.timedelta(days=1),
                                          implementation="新窗口已投入使用。")
            services.rate_motion(admin, m, rating="satisfied")
    if union.depth > 1:
        services.rate_congress(admin, None, congress=congress, year=today.year - 1, stars=4,
                               rated_on=today - datetime.timedelta(days=60),
                               evidence="制度健全，按期召开，提案落实率高。")
    return {"setups": len(units), "delegates": n, "motions": len(titles)}
