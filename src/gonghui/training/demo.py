"""Demo training: a district's skills class with a certificate (finished, trainees completed with 职业资格证书
numbers, one who did not attend enough), a migrant workers' night school running now, a union cadre class and a
家政 class open for enrolment in the portal, and a degree-study class planned; employment services (job fairs,
vacancies, job seekers referred and placed, trips home)."""

import datetime

from django.core.exceptions import ValidationError

from gonghui.members.models import Member

from . import services
from .models import Enrolment

COURSES = (
    ("skills", "电工（中级）职业技能培训班", "市职工技能实训基地", "电工职业资格证书", "4", "finished"),
    ("night_school", "农民工流动夜校（安全生产与维权）", "区职工服务中心", "", "", "running"),
    ("cadre", "基层工会主席任职资格培训班", "市总工会干部学校", "", "", "open"),
    ("domestic", "家政服务员（育婴方向）培训班", "巾帼家政学校", "家政服务员证书", "5", "open"),
    ("degree", "职工学历提升班（专升本）", "市开放大学", "", "", "planned"),
)


def load(ctx):
    admin, today = ctx["admin"], ctx["today"]
    district = ctx["district"]
    pool = list(Member.objects.filter(status="active", org__path__startswith=district.path)
                .select_related("org").order_by("id")[:60])
    made = enrolled = 0
    for i, (kind, title, provider, cert, level, state) in enumerate(COURSES):
        if state == "finished":
            starts, ends = today - datetime.timedelta(days=75), today - datetime.timedelta(days=20)
        elif state == "running":
            starts, ends = today - datetime.timedelta(days=21), today + datetime.timedelta(days=40)
        else:
            starts, ends = today + datetime.timedelta(days=20), today + datetime.timedelta(days=50)
        try:
            course = services.save_course(
                admin, None, district, number=f"PX{today.year}-{i + 1:03d}", title=title, kind=kind,
                provider=provider, place=provider, starts_on=starts, ends_on=ends,
                enrol_by=starts - datetime.timedelta(days=1) if state in ("open", "planned") else None,
                capacity=(40, 60, 50, 30, 45)[i], min_attendance_pct=80, certificate_name=cert,
                certificate_level=level, degree_level="bachelor" if kind == "degree" else "",
                open_in_portal=kind != "cadre", notes="")
        except ValidationError:
            continue
        made += 1
        if state == "planned":
            continue
        course = services.open_course(admin, course)
        trainees = pool[i * 12:(i * 12) + (12 if state != "open" else 5)]
        for m in trainees:
            try:
                services.enrol(admin, course, m, on=min(starts, today) - datetime.timedelta(days=3)
                               if state != "open" else today)
                enrolled += 1
            except ValidationError:
                continue
        if state == "open":
            continue
        course = services.start_course(admin, course)
        ids = list(course.enrolments.values_list("pk", flat=True))
        for day in range(0, 15, 3):
            held = starts + datetime.timedelta(days=day)
            if held > today:
                break
            present = ids if day % 2 == 0 else ids[:-2]
            services.record_session(admin, course, held, f"第{day // 3 + 1}讲", present=present)
        if state == "finished":
            for n, e in enumerate(Enrolment.objects.filter(course=course).order_by("id")):
                try:
                    services.complete(admin, e, ends, f"{today.year}0{n + 1:04d}" if cert else "")
                except ValidationError:
                    continue  # did not attend enough
            services.finish_course(admin, course)
    return {"training_courses": made, "training_enrolments": enrolled, **load_employment(ctx, pool[60 - 3:])}


def load_employment(ctx, pool):
    """Employment services of the district: a spring job fair (春风行动) with its vacancies published to members, job
    seekers (members, migrant workers and one in a hardship archive) referred and placed, a placement of four
    months ago due for its follow-up, and chartered buses home before the Spring Festival."""
    from gonghui.core.services import save_object
    from gonghui.core.testing import make_id_number

    from . import employment
    from .models import HomeTrip, JobFair, Vacancy

    admin, today, district = ctx["admin"], ctx["today"], ctx["district"]
    day = datetime.timedelta(days=1)
    fairs = []
    for title, ago, employers, offered, visitors in (("春风行动农民工专场招聘会", 150, 86, 2350, 5200),
                                                     ("高校毕业生和困难职工专场招聘会", 40, 42, 980, 1800)):
        fairs.append(save_object(admin, JobFair(), {
            "org": district, "title": title, "held_on": today - ago * day, "place": "区人力资源市场",
            "employers": employers, "vacancies_offered": offered, "visitors": visitors}, fields=[
            "org", "title", "held_on", "place", "employers", "vacancies_offered", "visitors"]))
    vacancies = []
    for employer, title, positions, wage in (("徐工机械", "装配工", 30, "5500-7000元/月"),
                                             ("顺丰速运", "快递员", 20, "6000-9000元/月"),
                                             ("巾帼家政服务中心", "育婴员", 10, "5000-8000元/月")):
        vacancies.append(save_object(admin, Vacancy(), {
            "org": district, "employer": employer, "title": title, "positions": positions, "wage": wage,
            "place": "本区", "requirements": "身体健康，能吃苦耐劳", "contact": "区总工会就业服务窗口 0516-83000000",
            "fair": fairs[1], "published": True, "open_until": today + 45 * day},
            fields=["org", "employer", "title", "positions", "wage", "place", "requirements", "contact", "fair",
                    "published", "open_until"]))
    seekers = referrals = placed = 0
    people = [("陈建国", True, False), ("刘桂英", True, False), ("杨秀兰", False, True), ("黄志强", True, False)]
    for i, (name, migrant, hardship) in enumerate(people):
        try:
            seeker = employment.save_seeker(
                admin, None, district, None, name=name,
                id_number=make_id_number(birth=datetime.date(1975 + i, 3, 1 + i), seq=900 + i), phone="",
                migrant_worker=migrant, in_hardship=hardship, desired_job=vacancies[i % 3].title,
                wishes="希望在本区就近就业", registered_on=today - (140 - i * 10) * day)
        except ValidationError:
            continue
        seekers += 1
        referral = employment.refer(admin, seeker, vacancies[i % 3], referred_on=today - (130 - i * 10) * day)
        referrals += 1
        if i < 3:
            employment.place(admin, referral, today - (125 - i * 10) * day)
            placed += 1
    for m in pool[:3]:
        try:
            seeker = employment.save_seeker(admin, None, district, m, desired_job="电工", wishes="",
                                            registered_on=today - 20 * day)
        except ValidationError:
            continue
        seekers += 1
        employment.refer(admin, seeker, vacancies[0], referred_on=today - 10 * day)
        referrals += 1
    for route, ago, buses, people in (("徐州—阜阳", 300, 4, 180), ("徐州—信阳", 299, 3, 135)):
        save_object(admin, HomeTrip(), {"org": district, "travels_on": today - ago * day, "route": route,
                                        "transport": "bus", "vehicles": buses, "people": people},
                    fields=["org", "travels_on", "route", "transport", "vehicles", "people"])
    return {"job_fairs": len(fairs), "job_seekers": seekers, "job_referrals": referrals, "job_placements": placed}
