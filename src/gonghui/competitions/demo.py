"""Demo records of competitions and mass innovation: a district's key-project labour competition joined by its
unions, an enterprise skill contest whose champion is sent up to the district's, proposals at every step (one filed
in the portal by a member, one waiting too long), innovations and an innovation studio."""

import datetime

from django.utils import timezone

from gonghui.members.models import Member

from . import services
from .models import Competition


def load(ctx):
    admin, district, union, today = ctx["admin"], ctx["district"], ctx["union"], ctx["today"]
    if Competition.objects.filter(org=district).exists():
        return {}  # the demo ran already
    start = today - datetime.timedelta(days=120)
    comp = services.save_competition(
        admin, None, org=district, title="“建功新时代”重点工程劳动竞赛", kind="project", starts_on=start,
        ends_on=today + datetime.timedelta(days=120), stages="动员部署\n组织实施\n总结表彰",
        description="围绕区重点工程，开展比质量、比安全、比进度、比效益、比创新活动。")
    for i, (kind, name, employer, n) in enumerate((
            ("employer", "城建集团第三工程公司", "城建集团第三工程公司", 420),
            ("team", "钢筋班组", "城建集团第三工程公司", 18),
            ("worker", "王大力", "城建集团第三工程公司", 1))):
        services.save_participant(admin, None, competition=comp, org=union, kind=kind, name=name,
                                  employer_name=employer, headcount=n, score=95 - i * 3, rank=i + 1)
    district_contest = services.save_contest(admin, None, org=district, title="区职工职业技能大赛", trade="电工",
                                             level="district", held_on=today - datetime.timedelta(days=10))
    plant = services.save_contest(admin, None, org=union, title="年度电工技术比武", trade="电工", level="enterprise",
                                  held_on=today - datetime.timedelta(days=40), next_level=district_contest)
    champ = None
    for i, (name, title) in enumerate((("王大力", "champion"), ("陈晓峰", "expert"), ("刘建国", ""))):
        e = services.save_entrant(admin, None, contest=plant, worker_name=name, employer_name=union.name, round=1,
                                  score=96 - i * 4, rank=i + 1, title=title, grade_before="中级工",
                                  grade_after="高级工" if i == 0 else "")
        champ = champ or e
    services.send_up(admin, champ)
    proposals = []
    for i, (title, author) in enumerate((("关于改进焊接工艺降低返工率的建议", "李明"),
                                         ("关于车间照明改用LED灯具的建议", "张华"),
                                         ("关于设立班前安全讲评的建议", "赵芳"),
                                         ("关于食堂错峰就餐的建议", "孙伟"))):
        proposals.append(services.file_proposal(
            admin, None, org=union, title=title, content="具体做法见附件说明。", category="technology",
            unit_name="生产一车间", author_name=author, filed_on=today - datetime.timedelta(days=60 - i * 15)))
    p = services.evaluate_proposal(admin, proposals[0], score=88, evaluation="可行，效益明显。")
    p = services.adopt_proposal(admin, p, decided_on=p.filed_on + datetime.timedelta(days=10))
    services.implement_proposal(admin, p, implemented_on=p.decided_on + datetime.timedelta(days=10),
                                value="126000", reward="3000")
    services.evaluate_proposal(admin, proposals[1], score=75)
    services.reject_proposal(admin, proposals[3], reason="与现行排班制度冲突，暂不采纳。")
    member = Member.objects.filter(org=union, status="active").order_by("id").first()
    if member is not None:
        services.submit_proposal(admin, member, title="关于更衣室增设安全帽挂架的建议", content="方便取放。",
                                 category="safety")
    studio = services.save_studio(admin, None, org=union, name="王大力劳模创新工作室", kind="model_worker",
                                  employer_name=union.name, lead_name="王大力", members="陈晓峰,刘建国,周强",
                                  level="city", recognised_on=today - datetime.timedelta(days=300))
    services.save_innovation(admin, None, org=union, kind="method", title="王大力带电作业操作法", workers="王大力",
                             named_after="王大力", achieved_on=today - datetime.timedelta(days=90), benefit="80000",
                             studio=studio)
    services.save_innovation(admin, None, org=union, kind="patent", title="一种电缆快速剥线装置",
                             workers="王大力,陈晓峰", achieved_on=today - datetime.timedelta(days=30),
                             patent_number="ZL202520123456.7", studio=studio, proposal=p)
    return {"competitions": 1, "contests": 2, "proposals": len(proposals) + 1, "innovations": 2, "studios": 1,
            "as_of": timezone.localdate().isoformat()}
