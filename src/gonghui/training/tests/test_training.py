"""Training: courses and their steps, enrolment within the places (by the union and in the portal), attendance and
the completion rule with the certificate, the finish of a class, the member's training record, the API's steps and
the indicators against their recount."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gonghui.core.testing import ModelViewTests
from gonghui.stats.periods import Period
from gonghui.stats.registry import StatsContext, get
from gonghui.training import selectors, services
from gonghui.training.models import Course, Enrolment
from gonghui.training.testing import make_course, make_member, open_course

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


class TestCourseViews(ModelViewTests):
    model = Course
    list_url_name = "training:course_list"
    detail_url_name = "training:course_detail"
    edit_url_name = "training:course_edit"
    api_path = "/api/v1/training-courses/"

    def form_data(self, obj, marker):
        return {"number": obj.number, "title": marker, "kind": "startup", "provider": "创业园",
                "starts_on": obj.starts_on.isoformat(), "ends_on": obj.ends_on.isoformat(), "capacity": 40,
                "min_attendance_pct": 75, "certificate_name": "", "certificate_level": "", "open_in_portal": "on"}

    def check_saved(self, obj, marker):
        assert obj.title == marker and obj.kind == "startup" and obj.capacity == 40

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "number": f"API{marker}"[:40], "title": marker, "kind": "cadre",
                "starts_on": TODAY.isoformat(), "ends_on": TODAY.isoformat(), "capacity": 50}

    def api_update(self, obj, marker):
        return {"title": marker}


class TestEnrolmentViews(ModelViewTests):
    model = Enrolment
    list_url_name = "training:enrolment_list"
    detail_url_name = "training:enrolment_detail"
    api_path = "/api/v1/training-enrolments/"

    def build(self, org, actor, marker):
        """Also an open course and a member of the sibling union for the API's create, made before any refused
        write is compared."""
        obj = super().build(org, actor, marker)
        for sibling in org.get_siblings().exclude(pk=org.pk):
            open_course(actor, sibling, title=f"{marker}API")
            make_member(actor, sibling, f"{marker}API")
        return obj

    def api_payload(self, tree, marker):
        from gonghui.members.models import Member

        course = Course.objects.filter(org=tree["EA2"], status="open").last()
        member = Member.objects.filter(org=tree["EA2"]).exclude(training_enrolments__course=course).last()
        return {"course": course.pk, "member": member.pk}

    def api_update(self, obj, marker):
        return {"notes": marker}


@pytest.fixture
def root(users):
    return users["root"]


def _trainees(root, org, n, prefix="学员"):
    return [make_member(root, org, f"{prefix}{i}") for i in range(n)]


def test_course_rules(tree, root):
    with pytest.raises(ValidationError) as e:
        make_course(root, tree["EA1"], starts_on=TODAY, ends_on=TODAY - datetime.timedelta(days=1), capacity=0,
                    min_attendance_pct=120, certificate_name="", certificate_level="3")
    assert {"ends_on", "capacity", "min_attendance_pct", "certificate_name"} <= set(e.value.message_dict)
    make_course(root, tree["EA1"], number="PX-1")
    with pytest.raises(ValidationError) as e:
        make_course(root, tree["EA1"], number="PX-1")
    assert "number" in e.value.message_dict


def test_enrolment_limits(tree, root, users):
    course = make_course(root, tree["A"], capacity=2, enrol_by=TODAY + datetime.timedelta(days=5))
    a, b, c = _trainees(root, tree["EA1"], 3)
    with pytest.raises(ValidationError, match="不接受报名"):
        services.enrol(root, course, a)  # still planned
    course = services.open_course(root, course)
    services.enrol(root, course, a)
    with pytest.raises(ValidationError, match="已报名"):
        services.enrol(root, course, a)
    services.enrol(root, course, b)
    with pytest.raises(ValidationError) as e:
        services.enrol(root, course, c)
    assert "full" in str(e.value) or "已满" in str(e.value)
    services.withdraw(root, Enrolment.objects.get(course=course, member=b), "工作冲突")
    services.enrol(root, course, c)  # the place freed
    with pytest.raises(ValidationError):
        services.enrol(root, course, b)  # full again
    outsider = make_member(root, tree["EB1"], "外区")
    course.capacity = 10
    course.save()
    with pytest.raises(ValidationError, match="不是"):
        services.enrol(root, course, outsider)
    with pytest.raises(ValidationError, match="截止"):
        services.enrol(root, course, b, on=TODAY + datetime.timedelta(days=6))
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.enrol(users["b_staff"], course, outsider)


def test_attendance_and_completion_rules(tree, root):
    course = open_course(root, tree["EA1"], min_attendance_pct=75)
    a, b = (services.enrol(root, course, m) for m in _trainees(root, tree["EA1"], 2))
    with pytest.raises(ValidationError):
        services.record_session(root, course, TODAY, "安全用电")  # not running yet
    course = services.start_course(root, course)
    with pytest.raises(ValidationError, match="课时"):
        services.complete(root, a, TODAY, "C-1")
    with pytest.raises(ValidationError) as e:
        services.record_session(root, course, TODAY + datetime.timedelta(days=1), "未来")
    assert "held_on" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.record_session(root, course, course.starts_on - datetime.timedelta(days=1), "开班前")
    assert "held_on" in e.value.message_dict
    for day, present in ((1, [a, b]), (2, [a, b]), (3, [a]), (4, [a])):
        services.record_session(root, course, course.starts_on + datetime.timedelta(days=day), f"第{day}课",
                                present=present)
    a, b = Enrolment.objects.get(pk=a.pk), Enrolment.objects.get(pk=b.pk)
    assert (a.sessions_attended, b.sessions_attended) == (4, 2)
    with pytest.raises(ValidationError) as e:
        services.complete(root, b, TODAY, "C-2")  # 50% < 75%
    assert "completed_on" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.complete(root, a, TODAY, "")  # the course gives a certificate
    assert "certificate_no" in e.value.message_dict
    session = course.sessions.last()
    b = services.set_attendance(root, session, b, True)
    b = services.set_attendance(root, course.sessions.all()[2], b, True)
    assert b.sessions_attended == 4
    a = services.complete(root, a, TODAY, "C-1")
    assert (a.status, a.certificate_no, a.certificate_level) == ("completed", "C-1", "4")
    with pytest.raises(ValidationError, match="已有学员"):
        services.complete(root, b, TODAY, "C-1")
    services.complete(root, b, TODAY, "C-2")
    record = selectors.training_record(a.member)
    assert [e.certificate_no for e in record] == ["C-1"] and selectors.certificates(a.member)[0].pk == a.pk


def test_finishing_a_class_leaves_the_rest_not_completed(tree, root):
    course = open_course(root, tree["EA1"], certificate_name="", certificate_level="")
    a, b = (services.enrol(root, course, m) for m in _trainees(root, tree["EA1"], 2))
    course = services.start_course(root, course)
    services.record_session(root, course, TODAY, "结业课", present=[a])
    services.complete(root, a)
    services.finish_course(root, course)
    assert Enrolment.objects.get(pk=b.pk).status == "not_completed"
    assert Enrolment.objects.get(pk=a.pk).status == "completed"


def test_cancelling_withdraws_the_trainees(tree, root):
    course = open_course(root, tree["EA1"])
    a = services.enrol(root, course, make_member(root, tree["EA1"], "甲"))
    services.cancel_course(root, course)
    assert Enrolment.objects.get(pk=a.pk).status == "withdrawn"


def test_pages_steps_and_errors_beside_the_field(tree, root, client_for, users):
    course = open_course(root, tree["EA1"], capacity=1)
    member, other = _trainees(root, tree["EA1"], 2)
    client = client_for(users["a_staff"])
    url = reverse("training:course_enrol", args=[course.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"member": member.member_no}).status_code == 302
    r = client.post(url, {"member": other.member_no})
    assert r.status_code == 200 and "invalid-feedback" in r.content.decode()
    assert client.post(reverse("training:course_start", args=[course.pk])).status_code == 302
    url = reverse("training:course_session", args=[course.pk])
    assert client.get(url).status_code == 200
    enrolment = Enrolment.objects.get(member=member)
    r = client.post(url, {"held_on": TODAY.isoformat(), "topic": "实操", "present": [enrolment.pk]})
    assert r.status_code == 302, r.content.decode()[:500]
    url = reverse("training:enrolment_complete", args=[enrolment.pk])
    r = client.post(url, {"completed_on": TODAY.isoformat(), "certificate_no": ""})
    assert r.status_code == 200 and "invalid-feedback" in r.content.decode()
    r = client.post(url, {"completed_on": TODAY.isoformat(), "certificate_no": "DG-001", "certificate_level": "4"})
    assert r.status_code == 302
    page = client.get(reverse("training:course_detail", args=[course.pk])).content.decode()
    assert "DG-001" in page
    member_page = client.get(member.get_absolute_url()).content.decode()
    assert "training_record" in member_page or reverse("training:enrolment_list") in member_page
    listed = client.get(reverse("training:enrolment_list") + "?certificate=yes").content.decode()
    assert "DG-001" in listed


def test_api_steps(tree, root, api_for, users):
    api = api_for(users["a_staff"])
    course = open_course(root, tree["EA1"])
    member = make_member(root, tree["EA1"], "接口")
    r = api.post("/api/v1/training-enrolments/", {"course": course.pk, "member": member.pk}, format="json")
    assert r.status_code == 201, r.content
    enrolment_id = r.json()["id"]
    assert api.post(f"/api/v1/training-courses/{course.pk}/start/", {}, format="json").status_code == 200
    r = api.post(f"/api/v1/training-courses/{course.pk}/session/", {"held_on": TODAY.isoformat(), "topic": "一"},
                 format="json")
    assert r.status_code == 200, r.content
    r = api.post(f"/api/v1/training-enrolments/{enrolment_id}/complete/", {"certificate_no": ""}, format="json")
    assert r.status_code == 400
    r = api.post(f"/api/v1/training-enrolments/{enrolment_id}/complete/", {"certificate_no": "API-1"},
                 format="json")
    assert r.status_code == 200 and r.json()["status"] == "completed"
    other = make_member(root, tree["EB1"], "外区")
    r = api_for(users["b_staff"]).post("/api/v1/training-enrolments/", {"course": course.pk, "member": other.pk},
                                       format="json")
    assert r.status_code == 400  # the course is not in b_staff's scope


def test_portal_enrolment_and_dashboard(tree, root, client):
    from gonghui.accounts.services import open_member_account

    member = make_member(root, tree["EA1"], "门户")
    outside = open_course(root, tree["EB1"], title="外区班")
    hidden = open_course(root, tree["EA1"], title="线下报名班", open_in_portal=False)
    course = open_course(root, tree["A"], title="区级电工班", capacity=1)
    client.force_login(open_member_account(member), backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("training_portal:home")
    page = client.get(url).content.decode()
    assert "区级电工班" in page and "外区班" not in page and "线下报名班" not in page
    for refused in (outside, hidden):
        client.post(url, {"course": refused.pk})
    assert not Enrolment.objects.filter(course__in=[outside, hidden]).exists()
    assert client.post(url, {"course": course.pk}).status_code == 302
    enrolment = Enrolment.objects.get(member=member)
    assert enrolment.channel == "portal"
    course = services.start_course(root, course)
    services.record_session(root, course, TODAY, "安全")
    services.complete(root, enrolment, TODAY, "MH-9")
    assert "MH-9" in client.get(url).content.decode()
    assert "MH-9" in client.get(reverse("portal:home")).content.decode()


def test_indicators_equal_their_recount(tree, root):
    for code, kind, migrant in (("EA1", "skills", True), ("EA2", "cadre", False), ("EB1", "night_school", True)):
        course = open_course(root, tree[code], kind=kind, ends_on=TODAY)
        m = make_member(root, tree[code], f"{code}学员", employment_type="migrant" if migrant else "regular")
        e = services.enrol(root, course, m)
        course = services.start_course(root, course)
        services.record_session(root, course, TODAY, "课")
        services.complete(root, e, TODAY, f"Z-{code}")
        services.finish_course(root, course)
    period = Period.year(TODAY.year)
    keys = ("training_trainees", "training_trainees_skills", "training_trainees_cadre", "training_trainees_migrant",
            "training_certificates")
    orgs = [tree[c] for c in ("city", "A", "B", "EA1", "EA2")]
    ctx = StatsContext(period, "total")
    for key in keys:
        values = ctx.values(key, [o.pk for o in orgs])
        for org in orgs:
            assert values[org.pk] == get(key).recount(org, period), (key, org.code)
    assert ctx.value("training_trainees", tree["A"].pk) == 2
    assert ctx.value("training_trainees_migrant", tree["city"].pk) == 2
    assert ctx.value("training_trainees_cadre", tree["A"].pk) == 1
    assert ctx.value("training_courses_finished", tree["city"].pk) == 3


def test_demo_loads_through_the_services(tree, root):
    from gonghui.training import demo

    for i in range(30):
        make_member(root, tree["EA1"] if i % 2 else tree["A1"], f"演示{i}")
    made = demo.load({"admin": root, "today": TODAY, "district": tree["A"]})
    assert made["training_courses"] == 5 and made["training_enrolments"] > 20
    assert Enrolment.objects.filter(status="completed").exclude(certificate_no="").exists()
    assert Enrolment.objects.filter(status="not_completed").exists()


def test_degree_study_grant_by_level(tree, root, settings):
    with pytest.raises(ValidationError) as e:
        make_course(root, tree["EA1"], kind="degree", certificate_name="", certificate_level="")
    assert "degree_level" in e.value.message_dict
    settings.GONGHUI_DEGREE_GRANTS = {"bachelor": "2000", "associate": "1000"}
    grants = {}
    for level in ("bachelor", "associate"):
        course = open_course(root, tree["EA1"], kind="degree", degree_level=level, certificate_name="",
                             certificate_level="")
        e = services.enrol(root, course, make_member(root, tree["EA1"], f"学历{level}"))
        course = services.start_course(root, course)
        services.record_session(root, course, TODAY, "开学")
        grants[level] = services.complete(root, e, TODAY).grant_amount
    assert (grants["bachelor"], grants["associate"]) == (2000, 1000)
    period = Period.year(TODAY.year)
    assert StatsContext(period, "total").value("training_degree_grants", tree["A"].pk) == 3000
    assert get("training_degree_grants").recount(tree["A"], period) == 3000
