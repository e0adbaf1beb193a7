"""Demo records of hardship aid: the city's income lines, a handful of archives at every step of the workflow,
a 两节送温暖 and a 金秋助学 campaign with payments, visits, and the assistance fund with a bank's donation."""

import datetime

from django.utils.translation import gettext as _

from gonghui.core.testing import make_id_number

from . import services
from .choices import Tier

# Each household's causes with what the union wrote about it (Chinese data, like the demo's names).
HOUSEHOLDS = (
    (["illness"], "本人患尿毒症，每周透析三次，医药费自付部分较高，家庭收入难以维持基本生活。"),
    (["disability", "unemployment"], "配偶肢体二级残疾，长期无法工作；本人所在车间停产后只领取基本生活费。"),
    (["single_parent", "schooling"], "离异后独自抚养孩子，孩子今年考入大学，学费和生活费负担较重。"),
    (["disaster"], "今年夏季暴雨致住房严重受损，家中财物损失较大，目前租房过渡。"),
    (["accident", "illness"], "配偶在交通事故中受重伤，住院治疗费用高，本人需请假照顾，收入减少。"),
)
UNIVERSITIES = ("江苏师范大学", "中国矿业大学", "徐州医科大学", "徐州工程学院")
ROADS = ("和平路", "解放南路", "民主北路", "建国西路", "湖滨路", "矿山路", "中山南路", "复兴北路")


def load(ctx):
    admin, root, district, union, today, rng = (ctx[k] for k in ("admin", "root", "district", "union", "today", "rng"))
    services.set_threshold(admin, root, today.year, dibao_line="1020", deep_line="1020", relative_line="1530",
                           note="低保线与市总困难职工认定标准")
    members = list(ctx["members"])[:8]
    person_name, given_name = ctx["person_name"], ctx["given_name"]  # the demo's name pools (gonghui.tools)
    archives = []
    for i, member in enumerate(members):
        causes, situation = HOUSEHOLDS[i % len(HOUSEHOLDS)]
        household = []
        if "single_parent" not in causes:
            household.append({"relation": "spouse", "name": person_name("F" if member.gender == "M" else "M"),
                              "health": "chronic" if i % 2 else "healthy",
                              "work": "unemployed" if i % 3 == 0 else "employed",
                              "monthly_income": str(rng.choice([0, 800, 1500]))})
        if i % 2 == 0 or "schooling" in causes:
            gender = "F" if i % 4 else "M"
            household.append({"relation": "child", "work": "student",
                              "name": ctx["surname_of"](member.name) + given_name(gender),
                              "id_number": make_id_number(datetime.date(today.year - 18, 3, 1 + i), gender),
                              "employer": rng.choice(UNIVERSITIES), "school_entry_year": today.year,
                              "monthly_income": "0"})
        data = {"name": member.name, "id_number": member.id_number, "phone": member.phone, "member": member,
                "address": f"徐州市泉山区{rng.choice(ROADS)}{rng.randint(2, 180)}号",
                "housing": rng.choice(["rented", "owned", "public"]),
                "monthly_income": str(rng.choice([900, 1800, 2600])), "health": "serious" if i % 3 == 1 else "healthy",
                "monthly_rigid_expenses": str(rng.choice([0, 600, 2000])),
                "migrant_worker": member.employment_type == "migrant",
                "bank_name": "工商银行", "bank_account_name": member.name, "bank_account": f"62220202{i:011d}",
                "situation": situation}
        try:
            a = services.create_archive(admin, member.org, data, household, causes, submit=i != 7)
        except Exception:  # noqa: BLE001  (the member may already be in an archive when the demo runs twice)
            continue
        archives.append(a)
    for i, a in enumerate(archives[:6]):
        services.record_home_visit(admin, a, date=today, visitors="工会主席、女工委员", findings="入户核实，情况属实")
        a.refresh_from_db()
        if i == 5:
            continue  # left at verification
        services.complete_verification(admin, a, tier=a.proposed_tier or Tier.ACCIDENT,
                                       tier_reason="" if a.proposed_tier else "突发重病", public_notice=(i == 4))
        a.refresh_from_db()
        if i < 4:
            services.approve_archive(admin, a)
    for a in archives:
        a.refresh_from_db()
    active = [a for a in archives if a.status == "active"]
    services.record_income(admin, root, amount="200000", source="donation", donor="浦发银行", memo="帮困基金捐赠")
    services.record_income(admin, root, amount="500000", source="union_funds", memo="送温暖专项资金")
    services.allocate_funds(admin, root, district, amount="150000", memo="两节送温暖资金下拨")
    warmth = services.open_campaign(admin, root, {"kind": "warmth", "name": f"{today.year}年两节送温暖",
                                                  "budget": "300000", "standard_amount": "1000", "eligible_tiers": []},
                                    [(district, "150000")])
    school = services.open_campaign(admin, district, {"kind": "school", "name": f"{today.year}年金秋助学",
                                                      "budget": "60000", "standard_amount": "3000",
                                                      "school_entry_year": today.year})
    for i, a in enumerate(active):
        r = services.propose_recipient(admin, warmth, a.org, archive=a)
        if i < 2:
            services.approve_recipient(admin, r)
            services.record_payment(admin, r, kind="cash" if i == 0 else "card", amount="1000", fund_org=district)
        student = a.household.filter(school_entry_year=today.year).exclude(id_hash="").first()
        if student is not None:
            s = services.propose_recipient(admin, school, a.org, archive=a, student=student)
            services.approve_recipient(admin, s)
            services.record_payment(admin, s, kind="cash", amount="3000", fund_org=district)
        services.record_visit(admin, a, date=today, occasion="festival", visitors="区总工会慰问组")
        if i == 0:
            services.record_occasion(admin, a, occasion="illness", due_on=today + datetime.timedelta(days=3),
                                     note="住院治疗")
            services.add_pairing(admin, a, cadre_name="王书记", cadre_title="工会主席")
    ctx["log"](_("Hardship aid: %(n)d archives, 2 campaigns, fund ledger.") % {"n": len(archives)})
