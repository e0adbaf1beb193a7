"""Demo suggestions: members' suggestions to their unions, named and anonymous, some answered and closed."""

import datetime

from django.utils import timezone

from . import services

SUGGESTIONS = [
    ("食堂菜品建议", "职工食堂菜品较单一，建议每周增加两次面食，并提供少油少盐的选择。", "work", False),
    ("夜班交通问题", "夜班下班后公交已停运，建议工会与企业协商开通夜班通勤车。", "work", True),
    ("高温补贴发放", "今年高温补贴尚未发放，希望工会了解一下发放时间。", "pay", True),
    ("职工书屋开放时间", "建议职工书屋周末也开放，方便倒班职工借阅。", "activities", False),
    ("车间通风设备", "三号车间夏季闷热，排风扇经常损坏，建议尽快检修。", "safety", False),
    ("组织篮球比赛", "希望工会组织一次职工篮球比赛，丰富业余生活。", "activities", False),
]
ANSWERS = [
    "已与食堂承包方沟通，自下周起每周二、周四增加面食窗口。",
    "工会已将此问题提交企业职代会，正在协调通勤车方案。",
    "经了解，高温补贴将随七月工资一并发放。",
]


def load(ctx):
    admin, members, now = ctx["admin"], list(ctx["members"]), timezone.now()
    made = 0
    for i, (subject, text, category, anonymous) in enumerate(SUGGESTIONS):
        if i >= len(members):
            break
        s, _code = services.submit_suggestion(members[i], subject=subject, text=text, category=category,
                                              anonymous=anonymous, now=now - datetime.timedelta(days=20 - 3 * i))
        if i < len(ANSWERS):
            s = services.answer_suggestion(admin, s, ANSWERS[i], now=now - datetime.timedelta(days=16 - 3 * i))
            if i == 0:
                services.close_suggestion(admin, s)
        made += 1
    return {"suggestions": made}
