"""Demo records of organisation building: the cadres of the district's grassroots unions (chairs, full-time staff,
a social worker, a departure), an election carried from candidates to the new committee, one waiting for the level
above, a founding approval with its document number and the archive's seal and bank account records."""

import datetime

from gonghui.orgs.models import Organisation

from . import services
from .models import Cadre

NAMES = ["王建国", "李秀英", "张伟", "刘芳", "陈静", "杨军", "赵敏", "黄磊", "周婷", "吴刚", "徐丽", "孙强"]


def load(ctx):
    admin, district, union, today = ctx["admin"], ctx["district"], ctx["union"], ctx["today"]
    if Cadre.objects.filter(org__path__startswith=district.path).exists():
        return {}  # the demo ran already
    unions = list(Organisation.objects.filter(path__startswith=district.path, level=6, status="active")
                  .exclude(pk=union.pk).order_by("path")[:8])
    start = today.replace(year=today.year - 3, month=4, day=1)
    cadres = 0
    for i, org in enumerate(unions):
        if i % 4 != 3:  # a quarter without a chair: 主席配备率 below 100%
            services.save_cadre(admin, None, org=org, name=NAMES[i % len(NAMES)], position="chair",
                                engagement="full_time" if i % 2 == 0 else "part_time", rank="正科级",
                                on_party_committee=i % 2 == 0, appointed_on=start)
            cadres += 1
    services.save_cadre(admin, None, org=district, name="周婷", position="social_worker", engagement="full_time",
                        appointed_on=start)
    left = services.save_cadre(admin, None, org=district, name="吴刚", position="staff", engagement="full_time",
                               appointed_on=start)
    services.record_departure(admin, left, left_on=today - datetime.timedelta(days=40), reason="调任区人社局")
    # an election carried through, and one waiting for the level above
    elections = 0
    if union.depth > 1:
        e = services.open_election(admin, None, org=union, title="第二届会员代表大会", term_years=5,
                                   planned_on=today - datetime.timedelta(days=20))
        for name, position in (("李明", "chair"), ("张丽", "vice_chair"), ("赵强", "committee"),
                               ("钱芳", "committee")):
            services.add_candidate(admin, e, name=name, position=position)
        e = services.submit_election(admin, e)
        e = services.approve_candidates(admin, e, "候选人符合条件，同意。")
        votes = {c.pk: v for c, v in zip(e.candidates.order_by("id"), (88, 80, 76, 41), strict=True)}
        e = services.hold_election(admin, e, held_on=today - datetime.timedelta(days=14), voters=100, voted=92,
                                   votes=votes)
        services.confirm_election(admin, e, doc_no=f"工复〔{today.year}〕8号",
                                  decided_on=today - datetime.timedelta(days=7))
        elections += 1
    if len(unions) > 1:
        e = services.open_election(admin, None, org=unions[1], title="第三届会员大会", term_years=5)
        services.add_candidate(admin, e, name="黄磊", position="chair")
        services.submit_election(admin, e)
        elections += 1
    if unions:
        ap = services.request_approval(admin, None, org=unions[0], kind="founding", subject="关于成立工会委员会的请示",
                                       requested_on=today - datetime.timedelta(days=60))
        services.approve(admin, ap, doc_no=f"工复〔{today.year}〕3号", decided_on=today - datetime.timedelta(days=50))
        services.save_document(admin, None, org=unions[0], kind="seal", title="工会印章备案", number="3201000123",
                               issued_on=today - datetime.timedelta(days=45))
        services.save_document(admin, None, org=unions[0], kind="bank_account", title="工会经费独立账户",
                               number="6222 0210 0100 1234", issued_on=today - datetime.timedelta(days=40))
    return {"cadres": cadres + 2, "elections": elections, "approvals": 1 if unions else 0}
