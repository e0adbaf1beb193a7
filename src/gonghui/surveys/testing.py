"""Scope builders of surveys for the scope matrix (tests/scope), and a survey with questions for the tests."""

import datetime

from gonghui.core.testing import register_scope_builder

QUESTIONS = (
    {"kind": "single", "text": "您的月收入大约是多少？", "options": "3000元以下\n3000–6000元\n6000元以上"},
    {"kind": "multiple", "text": "您最希望工会提供哪些服务？", "options": "技能培训\n法律援助\n文体活动\n困难帮扶"},
    {"kind": "scale", "text": "您对工会服务的满意度", "low_label": "很不满意", "high_label": "非常满意"},
    {"kind": "text", "text": "您对工会工作有什么建议？", "required": False},
)


def build_survey(org, actor, title, *, questions=QUESTIONS, anonymous=True, opened=False, target_orgs=None,
                 today=None):
    from gonghui.surveys import services

    today = today or datetime.date.today()
    survey = services.save_survey(actor, None, org=org, title=title, intro="", anonymous=anonymous,
                                  opens_on=today - datetime.timedelta(days=1),
                                  closes_on=today + datetime.timedelta(days=10), target_orgs=target_orgs)
    for q in questions:
        services.save_question(actor, survey, **q)
    if opened:
        survey = services.open_survey(actor, survey)
    return survey


@register_scope_builder("surveys.survey")
def _build_survey(org, actor, marker):
    return build_survey(org, actor, f"{marker}职工思想状况调查", questions=QUESTIONS[:1])
