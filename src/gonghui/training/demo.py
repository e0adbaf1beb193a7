"""Demo training: a district's skills class with a certificate (finished, trainees completed with 职业资格证书
numbers, one who did not attend enough), a migrant workers' night school running now, a union cadre class and a
家政 class open for enrolment in the portal, and a degree-study class planned."""

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
    return {"training_courses": made, "training_enrolments": enrolled}
