"""Demo honours: the city's and the district's schemes, this year's district selection round with quotas handed
down and recommendations at every step (one awarded), a registry of model workers (working, retired, one deceased,
one in hardship), the district's allowance rules, last month's paid run and this month's drawn-up run, a rest trip
done and a health check open for sign-up, holiday visits and a study grant."""

import datetime

from django.utils.translation import gettext as _

from gonghui.core.testing import make_id_number

from . import services

DEEDS = ("带领班组攻克数控加工精度难题，年节约成本86万元。", "扎根一线二十年，提出合理化建议42项，已实施35项。",
         "创建劳模创新工作室，培养高级技师12名。", "在抢险保供中连续奋战，保障了全市供电安全。")
EMPLOYERS = ("东方机械厂", "城南供电公司", "第一纺织有限公司", "市公交集团")


def _month(day, back=0):
    y, m = day.year, day.month - back
    while m < 1:
        y, m = y - 1, m + 12
    return datetime.date(y, m, 1)


def load(ctx):
    admin, root, district, union, today = ctx["admin"], ctx["root"], ctx["district"], ctx["union"], ctx["today"]
    name = ctx["person_name"]
    others = [o for o in ctx.get("others", []) if o.path.startswith(district.path)][:2]
    services.save_scheme(admin, None, org=root, name="市劳动模范", category="model_worker", level="city",
                         recipient="person", cycle_years=5)
    services.save_scheme(admin, None, org=root, name="市五一劳动奖章", category="may_day_medal", level="city",
                         recipient="person", cycle_years=1)
    services.save_scheme(admin, None, org=district, name="区工人先锋号", category="vanguard", level="district",
                         recipient="team", cycle_years=1)
    scheme = services.save_scheme(admin, None, org=district, name="区劳动模范", category="model_worker",
                                  level="district", recipient="person", cycle_years=5)
    rnd = services.save_round(admin, None, scheme=scheme, year=today.year, name=f"{today.year}年区劳动模范评选",
                              notice_days=5)
    for org in [union, *others]:
        services.set_quota(admin, rnd, org, 3)
    recs = []
    for i, org in enumerate([union, union, union, *others]):
        gender = "F" if i % 2 else "M"
        recs.append(services.save_recommendation(
            admin, None, round=rnd, org=org, nominee=name(gender),
            id_number=make_id_number(birth=datetime.date(1972 + i, 3 + i, 8 + i), gender=gender, seq=700 + i),
            employer=EMPLOYERS[i % 4], deeds=DEEDS[i % 4], meeting="职代会主席团会议",
            meeting_on=today - datetime.timedelta(days=40), votes_for=38 + i, votes_total=45))
    awarded = None
    for i, rec in enumerate(recs):
        if i == 4:
            continue  # just recommended
        rec = services.review(admin, rec, "事迹材料真实，同意上报。")
        if i == 3:
            continue  # reviewed
        rec = services.put_on_notice(admin, rec, today - datetime.timedelta(days=12 if i < 2 else 2))
        if i == 2:
            services.record_objection(admin, rec, "有职工反映其所在班组存在超时加班。")  # on notice, objection open
            continue
        rec = services.approve(admin, rec, today)
        if i == 0:
            awarded = services.award(admin, rec, f"QLM{today.year}-001", today)
    workers = [awarded.worker] if awarded and awarded.worker else []
    for i in range(5):
        gender = "M" if i % 2 else "F"
        w = services.save_worker(
            admin, None, org=[union, *others][i % (1 + len(others))], name=name(gender),
            id_number=make_id_number(birth=datetime.date(1955 + i * 3, 5, 10 + i), gender=gender, seq=800 + i),
            employer=EMPLOYERS[i % 4], level=("city", "district", "provincial", "district", "city")[i],
            bank_name="中国工商银行", bank_account=f"62220202001{i:08d}", in_hardship=i == 3,
            hardship_archive_no="KN000123" if i == 3 else "")
        services.add_title(admin, w, ("市劳动模范", "区劳动模范", "省劳动模范", "区劳动模范", "市劳动模范")[i],
                           w.level, today.year - 3 - i, f"LM{today.year - 3 - i}-{100 + i}")
        if i in (1, 2):
            services.retire(admin, w)
        if i == 4:
            services.record_death(admin, w, today - datetime.timedelta(days=20))
        if i < 3:
            services.confirm_census(admin, w, today.year)
        workers.append(w)
    for level, status, kind, amount in (("district", "working", "monthly", "200"), ("city", "working", "monthly",
                                        "300"), ("provincial", "working", "monthly", "500"),
                                        ("district", "retired", "retirement", "300"),
                                        ("city", "retired", "retirement", "400"),
                                        ("provincial", "retired", "retirement", "600")):
        services.save_rule(admin, None, org=district, level=level, worker_status=status, kind=kind, amount=amount,
                           basis="《劳动模范评选和管理暂行办法》")
    last = services.create_run(admin, district, _month(today, 1), memo="上月劳模津贴")
    services.pay_run(admin, last, min(today, _month(today) + datetime.timedelta(days=4)))
    services.create_run(admin, district, _month(today), memo="本月劳模津贴")
    living = [w for w in workers if w.status != "deceased"]
    trip_start = today - datetime.timedelta(days=30)
    trip = services.save_care_round(admin, None, org=district, kind="rest_trip", name=f"{today.year}年劳模疗休养",
                                    year=trip_start.year, place="市工人疗养院", starts_on=trip_start,
                                    ends_on=trip_start + datetime.timedelta(days=4), places=4)
    for w in living[:3]:
        services.enrol(admin, trip, w)
    services.record_attendance(admin, trip, [p.pk for p in trip.participants.all()[:2]])
    check = services.save_care_round(admin, None, org=district, kind="health_check", name=f"{today.year}年劳模健康体检",
                                     year=today.year, place="市第一人民医院体检中心",
                                     starts_on=today + datetime.timedelta(days=14),
                                     ends_on=today + datetime.timedelta(days=16), places=len(living) + 2)
    for w in living:
        services.enrol(admin, check, w)
    festival = today - datetime.timedelta(days=10)
    for w in living:
        services.save_support(admin, None, org=district, worker=w, kind="holiday_visit", occasion="节日慰问",
                              given_on=festival, amount="800" if w.in_hardship else "500")
    if living:
        services.save_support(admin, None, org=district, worker=living[0], kind="study_grant", occasion="劳模子女助学",
                              given_on=festival, amount="3000", beneficiary=f"{living[0].name}之女")
    ctx["log"](_("Honours: %(r)d recommendations, %(w)d model workers, 2 allowance runs.")
               % {"r": len(recs), "w": len(workers)})
    return {"recommendations": len(recs), "model_workers": len(workers)}
