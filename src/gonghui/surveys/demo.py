"""Demo surveys: a district's anonymous 职工思想状况调查 open now, answered by members of the demo union (the
portal's demo member has not answered it yet), and a draft being prepared."""

import datetime

from django.utils.translation import gettext as _

from . import services

QUESTIONS = (
    {"kind": "single", "text": "您目前的月收入（税后）大约是？",
     "options": "3000元以下\n3000–5000元\n5000–8000元\n8000元以上"},
    {"kind": "single", "text": "您平均每周工作多少小时？", "options": "40小时以内\n41–48小时\n49–60小时\n60小时以上"},
    {"kind": "single", "text": "过去一年，您的收入变化情况是？", "options": "明显增加\n略有增加\n基本不变\n有所减少"},
    {"kind": "multiple", "text": "您最希望工会提供哪些服务？（可多选）",
     "options": "技能培训\n法律咨询与援助\n困难帮扶\n文体活动\n心理疏导\n子女托管"},
    {"kind": "scale", "text": "您对本单位工会服务的总体满意度", "low_label": "很不满意", "high_label": "非常满意"},
    {"kind": "scale", "text": "您对当前工作与生活平衡的感受", "low_label": "压力很大", "high_label": "很好"},
    {"kind": "text", "text": "您对工会工作还有什么意见和建议？", "required": False},
)

SUGGESTIONS = ["希望多组织一些技能培训，提升职业能力。", "建议工会职工之家延长开放时间。",
               "加班较多，希望工会帮助协调休息时间。", "希望增加暑期子女托管服务。", "食堂伙食可以再改善一些。"]


def load(ctx):
    rng, today = ctx["rng"], ctx["today"]
    staff, district = ctx["district_staff"], ctx["district"]
    survey = services.save_survey(
        staff, None, org=district, title=f"{today.year}年职工思想状况调查", anonymous=True,
        intro=_("The union wants to know how you are doing at work. The survey is anonymous and takes five "
                "minutes."),
        opens_on=today - datetime.timedelta(days=5), closes_on=today + datetime.timedelta(days=14), target_orgs=[])
    for q in QUESTIONS:
        services.save_question(staff, survey, **q)
    survey = services.open_survey(staff, survey)
    questions = list(survey.questions.all())
    members = [m for m in ctx["members"] if m != ctx.get("portal_member")]
    answered = 0
    for member in members[: max(5, len(members) * 2 // 3)]:
        data = {}
        for q in questions:
            name = f"q{q.pk}"
            if q.kind == "single":
                data[name] = str(min(len(q.options) - 1, int(rng.triangular(0, len(q.options), 1))))
            elif q.kind == "multiple":
                data[name] = [str(i) for i in rng.sample(range(len(q.options)), rng.randint(1, 3))]
            elif q.kind == "scale":
                data[name] = str(rng.choice([2, 3, 4, 4, 4, 5, 5]))
            elif rng.random() < 0.4:
                data[name] = rng.choice(SUGGESTIONS)
        services.submit_response(None, member, survey, data, today=today - datetime.timedelta(
            days=rng.randint(0, 4)))
        answered += 1
    draft = services.save_survey(
        staff, None, org=district, title="职工文体活动需求调查", anonymous=False, intro="",
        opens_on=today + datetime.timedelta(days=7), closes_on=today + datetime.timedelta(days=21), target_orgs=[])
    services.save_question(staff, draft, kind="multiple", text="您希望参加哪些文体活动？",
                           options="篮球\n羽毛球\n健步走\n书法\n摄影")
    return {"surveys": 2, "survey_responses": answered}
