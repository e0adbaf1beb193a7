"""Demo notices: the city's and the district's notices to their subtrees, one to chosen unions, with attachments
and reads by some members."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from . import selectors, services
from .testing import PDF_BYTES

NOTICES = [
    ("root", "关于开展2026年“送温暖”活动的通知", "各区总工会、各基层工会：\n\n为切实做好困难职工帮扶工作，"
     "市总工会决定于元旦春节期间开展“送温暖”活动。请各单位摸清困难职工底数，于1月10日前报送帮扶名单。", True),
    ("root", "关于组织职工参加劳动技能竞赛的通知", "为弘扬劳模精神、劳动精神、工匠精神，"
     "市总工会将于下月举办职工劳动技能竞赛，设焊工、电工、数控车工等项目。请各基层工会积极组织职工报名。", False),
    ("district", "关于做好工会会员实名制信息核对工作的通知", "请各基层工会于本月底前完成会员信息核对，"
     "重点核对手机号码和工作单位，确保会员信息准确。", True),
    ("district", "职工法律援助服务进社区公告", "区总工会职工法律服务团将于每周三下午在各街道工会服务站"
     "提供免费法律咨询，欢迎职工前来咨询劳动合同、工资支付等问题。", False),
]


def load(ctx):
    admin, today = ctx["admin"], timezone.now()
    made = []
    for i, (where, title, body, attach) in enumerate(NOTICES):
        org = ctx[where]
        uploads = [SimpleUploadedFile("附件-报名表.pdf", PDF_BYTES, content_type="application/pdf")] if attach else []
        notice = services.save_notice(admin, None, org, title=title, body=body, audience="subtree",
                                      publish_from=today - datetime.timedelta(days=10 - 2 * i),
                                      publish_until=today + datetime.timedelta(days=30), uploads=uploads)
        made.append(services.publish_notice(admin, notice))
    services.save_notice(admin, None, ctx["district"], title="关于召开基层工会主席培训班的通知（草稿）",
                         body="培训时间和地点另行通知。", audience="chosen", target_orgs=[ctx["union"]],
                         publish_from=today + datetime.timedelta(days=3))
    members = list(ctx["members"])[:12]
    for notice in made:
        for m in members[::2]:
            if selectors.audience_members(notice).filter(pk=m.pk).exists():
                services.mark_read(m, notice)
    return {"notices": len(made) + 1}
