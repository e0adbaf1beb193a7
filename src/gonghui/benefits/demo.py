"""Demo member benefits: service cards for the first members of the grassroots unions (issued, delivered, activated,
used, one dormant), discount merchants of a district (in force, one expiring soon, one expired), a mutual medical
aid round with its payout table, enrolment and claims at every step, micro-loans within the county quota, a women
workers' 安康保险 with its insured women and claims."""

import datetime

from django.core.exceptions import ValidationError

from gonghui.members.models import Member
from gonghui.orgs.models import Organisation

from . import services

MERCHANTS = (("福满楼酒家", "food", "会员凭卡就餐九折"), ("百佳惠超市", "shopping", "会员凭卡购物九五折"),
             ("仁心大药房", "health", "非处方药品九折"), ("青山温泉度假村", "leisure", "门票八折"),
             ("快洁洗衣店", "services", "洗衣八五折"))


def load(ctx):
    admin, today = ctx["admin"], ctx["today"]
    members = list(Member.objects.filter(status="active").select_related("org").order_by("id")[:40])
    if not members:
        return {}
    cards = 0
    long_ago = today - datetime.timedelta(days=300)
    for i, member in enumerate(members[:30]):
        try:
            card = services.issue_card(admin, member, card_number=f"6217{880000000000 + i:012d}",
                                       bank=("工商银行", "建设银行")[i % 2], issued_on=long_ago if i % 3 else today,
                                       batch=f"{today.year}-01")
        except ValidationError:
            continue
        cards += 1
        if i % 5 == 4:
            continue  # still at the union
        card = services.deliver_card(admin, card, card.issued_on)
        if i % 4 == 3:
            continue  # delivered, not activated
        card = services.activate_card(admin, card, card.issued_on)
        if i % 7 != 6:  # a few activated cards never used: dormant
            services.record_use(card, today - datetime.timedelta(days=i))
    district = members[0].org.get_ancestors().filter(depth__gte=2).first() or members[0].org
    merchants = 0
    for i, (name, category, discount) in enumerate(MERCHANTS):
        start = today - datetime.timedelta(days=200)
        end = (today + datetime.timedelta(days=20) if i == 1 else today - datetime.timedelta(days=5) if i == 4
               else today + datetime.timedelta(days=500))
        services.save_merchant(admin, None, district, name=name, category=category, address=f"人民路{10 + i}号",
                               phone=f"0516-8{i}123456", discount=discount,
                               contract_number=f"TH{today.year}-{i + 1:03d}",
                               contract_signed_on=start, contract_starts_on=start, contract_ends_on=end)
        merchants += 1
    rnd = services.save_round(admin, None, district, year=today.year, name=f"{today.year}年度职工医疗互助",
                              contribution="30", starts_on=today.replace(month=1, day=1),
                              ends_on=today.replace(month=12, day=31), notes="住院、重大疾病、意外伤害。")
    for condition, amount in (("住院", "3000"), ("重大疾病", "20000"), ("意外伤害", "5000")):
        services.add_rate(admin, rnd, condition=condition, max_amount=amount)
    enrolled = [m for m in members if m.org.path.startswith(district.path)]
    services.enrol(admin, rnd, enrolled, today.replace(month=1, day=15))
    claims = 0
    rates = list(rnd.rates.all())
    for i, member in enumerate(enrolled[:6]):
        try:
            claim = services.file_claim(admin, rnd, member, rate=rates[i % 3], amount=("1800", "12000", "900")[i % 3],
                                        treated_on=max(rnd.starts_on, today - datetime.timedelta(days=10 + i)),
                                        channel="bank", bank_account=f"62220202001{i:08d}", description="住院治疗")
        except ValidationError:
            continue
        claims += 1
        if i % 3 == 2:
            continue
        claim = services.approve_claim(admin, claim)
        if i % 2 == 0:
            services.pay_claim(admin, claim)
    county = Organisation.objects.filter(pk=district.pk).first()
    services.save_quota(admin, None, county, year=today.year, cap="2000000", notes="县级小额担保贷款总额度")
    loans = 0
    for i, member in enumerate(enrolled[:4]):
        kind = "woman" if member.gender == "F" else ("graduate", "other")[i % 2]
        try:
            loan = services.save_loan(admin, None, member, applicant_kind=kind, purpose="start",
                                      project_kind=("shop", "service", "stall", "farm")[i % 4],
                                      registered_unemployed=True, amount=("50000", "30000", "45000", "20000")[i],
                                      applied_on=today - datetime.timedelta(days=60), guarantee="反担保人担保")
        except ValidationError:
            continue
        loans += 1
        if i == 3:
            continue
        loan = services.approve_loan(admin, loan, today - datetime.timedelta(days=50))
        loan = services.disburse_loan(admin, loan, today - datetime.timedelta(days=45))
        if i == 1:
            services.repay_loan(admin, loan, "10000")
    plan = services.save_plan(admin, None, district, kind="women", year=today.year,
                              name=f"{today.year}年度女职工安康保险", insurer="中国人寿保险公司",
                              policy_number=f"AK{today.year}-001", premium="60", sum_insured="10000",
                              starts_on=today.replace(month=1, day=1), ends_on=today.replace(month=12, day=31),
                              notes="女性特有疾病、乳腺癌、宫颈癌等。")
    women = [m for m in enrolled if m.gender == "F"]
    insured = services.enrol_insured(admin, plan, women, today.replace(month=1, day=20))
    for i, member in enumerate(women[:2]):
        claim = services.file_insurance_claim(admin, plan, member, event="乳腺疾病住院",
                                              occurred_on=max(plan.starts_on, today - datetime.timedelta(days=20 + i)),
                                              amount="6000")
        if i == 0:
            services.pay_insurance_claim(admin, claim, "5000")
    return {"service_cards": cards, "merchants": merchants, "aid_claims": claims, "micro_loans": loans,
            "insured": insured}
