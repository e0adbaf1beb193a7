"""The 安康杯 (rounds, enrolments scored per criterion, awards within quotas, 参赛面), the safety inspectors'
roster and reports, accident investigations (四不放过) and hazard photos: pages, API, rules and figures."""

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from gonghui.core.testing import ModelViewTests
from gonghui.protection import services
from gonghui.protection.models import AccidentInvestigation, AnkangEnrolment, AnkangRound, SafetyInspector
from gonghui.protection.testing import (
    make_enrolment,
    make_finding,
    make_inspection,
    make_member,
    make_round,
    make_unit,
)
from gonghui.stats.periods import Period
from gonghui.stats.registry import StatsContext, get

pytestmark = pytest.mark.django_db
D = datetime.date
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _errors(fn):
    with pytest.raises(ValidationError) as e:
        fn()
    return e.value.message_dict


class _Sibling:
    """The API's create needs records of the sibling union, made with the object."""

    def build(self, org, actor, marker):
        obj = super().build(org, actor, marker)
        for sibling in org.get_siblings().exclude(pk=org.pk):
            self.build_sibling(sibling, actor, f"{marker}{sibling.code}"[-12:])
        return obj

    def build_sibling(self, org, actor, marker):
        make_unit(actor, org, marker)


class TestRoundViews(ModelViewTests):
    model = AnkangRound
    list_url_name = "protection:round_list"
    detail_url_name = "protection:round_detail"
    edit_url_name = "protection:round_edit"
    delete_url_name = "protection:round_delete"
    api_path = "/api/v1/ankang-rounds/"

    def form_data(self, obj, marker):
        return {"year": obj.year, "title": marker, "criteria": "安全管理 50\n隐患治理 50", "quota_enterprise": 3,
                "quota_organiser": 1, "quota_team": 0, "quota_individual": 0}

    def check_saved(self, obj, marker):
        assert obj.title == marker and obj.quota_enterprise == 3

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "year": 2024, "title": marker, "criteria": "安全管理 100"}

    def api_update(self, obj, marker):
        return {"title": marker}


class TestEnrolmentViews(_Sibling, ModelViewTests):
    model = AnkangEnrolment
    list_url_name = "protection:enrolment_list"
    detail_url_name = "protection:enrolment_detail"
    edit_url_name = "protection:enrolment_edit"
    delete_url_name = "protection:enrolment_delete"
    api_path = "/api/v1/ankang-enrolments/"

    def build_sibling(self, org, actor, marker):
        make_unit(actor, org, marker)
        make_round(actor, org, title=f"{marker}杯")

    def form_data(self, obj, marker):
        return {"enrolled_on": "2026-03-05", "workers": 321}

    def check_saved(self, obj, marker):
        assert obj.workers == 321

    def api_payload(self, tree, marker):
        from gonghui.orgs.models import EmployerUnit

        unit = EmployerUnit.objects.filter(union=tree["EA2"]).exclude(ankang_enrolments__isnull=False).first()
        return {"round": AnkangRound.objects.filter(org=tree["EA2"]).first().pk, "unit_code": unit.credit_code,
                "enrolled_on": "2026-03-01", "workers": 40}

    def api_update(self, obj, marker):
        return {"workers": 55}


class TestInspectorViews(_Sibling, ModelViewTests):
    model = SafetyInspector
    list_url_name = "protection:inspector_list"
    detail_url_name = "protection:inspector_detail"
    edit_url_name = "protection:inspector_edit"
    delete_url_name = "protection:inspector_delete"
    api_path = "/api/v1/safety-inspectors/"

    def build_sibling(self, org, actor, marker):
        make_member(actor, org, marker)

    def form_data(self, obj, marker):
        return {"trained_on": "2025-06-01", "certificate_no": marker, "active": "on"}

    def check_saved(self, obj, marker):
        assert obj.certificate_no == marker

    def api_payload(self, tree, marker):
        from gonghui.members.models import Member

        member = Member.objects.filter(org=tree["EA2"]).exclude(pk__in=SafetyInspector.objects.values("member"))
        return {"member_no": member.first().member_no, "trained_on": "2025-04-01", "certificate_no": marker}

    def api_update(self, obj, marker):
        return {"certificate_no": marker}


class TestAccidentViews(_Sibling, ModelViewTests):
    model = AccidentInvestigation
    list_url_name = "protection:accident_list"
    detail_url_name = "protection:accident_detail"
    edit_url_name = "protection:accident_edit"
    delete_url_name = "protection:accident_delete"
    api_path = "/api/v1/accident-investigations/"

    def form_data(self, obj, marker):
        return {"occurred_on": "2026-02-01", "description": marker, "deaths": 0, "injuries": 2, "cause": "违章操作"}

    def check_saved(self, obj, marker):
        assert obj.description == marker and obj.injuries == 2 and obj.cause == "违章操作"

    def api_payload(self, tree, marker):
        from gonghui.orgs.models import EmployerUnit

        unit = EmployerUnit.objects.filter(union=tree["EA2"]).first()
        return {"org": tree["EA2"].pk, "unit_code": unit.credit_code, "occurred_on": "2026-01-05",
                "description": marker, "injuries": 1}

    def api_update(self, obj, marker):
        return {"union_findings": marker}


def test_round_scores_and_awards_within_quotas(tree, users, api_for, client_for):
    root, staff = users["root"], users["a_staff"]
    assert "criteria" in _errors(lambda: services.save_round(staff, None, tree["A"], year=2026, title="杯",
                                                             criteria="安全管理"))
    rnd = make_round(staff, tree["A"], year=2026, quota_enterprise=1, quota_organiser=1, quota_team=0)
    assert "year" in _errors(lambda: make_round(staff, tree["A"], year=2026))
    e1 = make_enrolment(staff, rnd, make_unit(root, tree["EA1"], "甲"))
    e2 = make_enrolment(staff, rnd, make_unit(root, tree["EA2"], "乙"))
    assert "unit" in _errors(lambda: make_enrolment(staff, rnd, e1.unit))  # once a round
    assert "unit" in _errors(lambda: make_enrolment(root, rnd, make_unit(root, tree["EB1"], "丙")))  # not its area
    # scored per criterion, each up to its full points; the score is the sum
    points = {"安全生产责任制": "28", "隐患排查治理": "41", "职工参与": "25"}
    assert "c1" in _errors(lambda: services.score_enrolment(staff, e1, points))
    e1 = services.score_enrolment(staff, e1, {**points, "隐患排查治理": "36.5"})
    assert str(e1.score) == "89.50"
    page = client_for(staff).post(reverse("protection:enrolment_score", args=[e2.pk]),
                                  {"c0": "30", "c1": "50", "c2": "1"})
    assert page.status_code == 200 and not AnkangEnrolment.objects.get(pk=e2.pk).score  # 50 > 40, beside the field
    # awards: a winning enterprise must be scored, within the quota; organising units of the round's area
    assert "enrolment" in _errors(lambda: services.give_award(staff, rnd, "enterprise", enrolment=e2))
    services.give_award(staff, rnd, "enterprise", enrolment=e1)
    assert "category" in _errors(lambda: services.give_award(staff, rnd, "enterprise", enrolment=e1))
    assert "category" in _errors(lambda: services.give_award(staff, rnd, "team", enrolment=e1, name="一车间"))
    assert "org" in _errors(lambda: services.give_award(root, rnd, "organiser", org=tree["B"]))
    api = api_for(staff)
    r = api.post(f"/api/v1/ankang-rounds/{rnd.pk}/award/", {"category": "organiser", "org_code": tree["A1"].code},
                 format="json")
    assert r.status_code == 200, r.content
    assert sorted(rnd.awards.values_list("name", flat=True)) == sorted([e1.unit.name, tree["A1"].name])
    assert api.post(f"/api/v1/ankang-rounds/{rnd.pk}/close/", {}, format="json").status_code == 200
    assert "award" not in [t.name for t in AnkangRound.workflow.available(AnkangRound.objects.get(pk=rnd.pk), staff)]
    with pytest.raises(ValidationError):
        make_enrolment(staff, AnkangRound.objects.get(pk=rnd.pk), make_unit(root, tree["EA1"], "丁"))
    detail = client_for(staff).get(reverse("protection:round_detail", args=[rnd.pk])).content.decode()
    assert e1.unit.name in detail and "89.50" in detail


def test_participation_and_award_figures_equal_their_recount(tree, users):
    root = users["root"]
    rnd = make_round(root, tree["city"], year=2026, quota_enterprise=5, quota_individual=5)
    district = make_round(root, tree["A"], year=2026)
    enrolled = []
    for code in ("EA1", "EA1", "EA2", "EB1"):
        e = make_enrolment(root, rnd, make_unit(root, tree[code], f"{code}{len(enrolled)}"), enrolled_on=D(2026, 3, 1))
        enrolled.append(e)
        make_unit(root, tree[code], f"{code}未参赛{len(enrolled)}")
    make_enrolment(root, district, enrolled[0].unit)  # enrolled twice (city and district): one employer
    services.score_enrolment(root, enrolled[0], {"安全生产责任制": "30", "隐患排查治理": "40", "职工参与": "30"})
    with time_machine.travel(datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC), tick=False):
        services.give_award(root, rnd, "enterprise", enrolment=enrolled[0])
        services.give_award(root, rnd, "individual", enrolment=enrolled[3], name="王师傅")
    ctx = ctx26 = StatsContext(Period.year(2026), "total")
    keys = ("protection_ankang_units", "protection_ankang_rate", "protection_ankang_awards",
            "protection_ankang_awards_enterprise", "protection_ankang_awards_individual")
    orgs = [tree[c] for c in ("city", "A", "B", "A1", "EA1")]
    for key in keys:
        values = ctx.values(key, [o.pk for o in orgs])
        for org in orgs:
            assert values[org.pk] == get(key).recount(org, Period.year(2026)), (key, org.code)
    assert ctx26.value("protection_ankang_units", tree["city"].pk) == 4
    assert ctx26.value("protection_ankang_units", tree["A"].pk) == 3
    assert str(ctx26.value("protection_ankang_rate", tree["A"].pk)) == "50.0"
    assert ctx.value("protection_ankang_awards", tree["city"].pk) == 2
    assert ctx.value("protection_ankang_awards_individual", tree["B"].pk) == 1


def test_inspector_reports_add_up_and_are_counted(tree, users, client_for):
    staff = users["a_staff"]
    member = make_member(users["root"], tree["EA1"], "赵安全")
    assert "trained_on" in _errors(lambda: services.save_inspector(staff, None, member, certificate_no="QJ1"))
    inspector = services.save_inspector(staff, None, member, trained_on=D(2025, 5, 1), certificate_no="QJ1")
    assert "member" in _errors(lambda: services.save_inspector(staff, None, member))
    outsider = make_member(users["root"], tree["EB1"], "钱外区")
    assert "member" in _errors(lambda: services.save_inspector(staff, None, outsider))
    assert "problems_found" in _errors(lambda: services.record_report(staff, inspector, D(2026, 1, 5), -1, 0, "x"))
    services.record_report(staff, inspector, D(2026, 1, 5), 3, 1, "配电箱未上锁")
    page = client_for(staff).post(reverse("protection:inspector_report", args=[inspector.pk]), {
        "reported_on": "2026-02-01", "problems_found": 2, "violations_stopped": 4,
        "description": "制止高空作业未系安全带"})
    assert page.status_code == 302
    inspector.refresh_from_db()
    assert (inspector.problems_found, inspector.violations_stopped) == (5, 5)
    assert "制止高空作业" in client_for(staff).get(inspector.get_absolute_url()).content.decode()
    ctx = StatsContext(Period.year(2026), "total")
    for key, value in (("protection_inspectors", 1), ("protection_inspector_problems", 5),
                       ("protection_inspector_violations", 5)):
        for org in (tree["city"], tree["A"], tree["B"]):
            assert ctx.value(key, org.pk) == get(key).recount(org, Period.year(2026)), key
        assert ctx.value(key, tree["A"].pk) == value and not ctx.value(key, tree["B"].pk)


def test_accident_closes_only_when_the_four_are_recorded(tree, users, api_for, client_for):
    staff = users["a_staff"]
    unit = make_unit(users["root"], tree["EA1"], "事故")
    accident = services.save_accident(staff, None, tree["EA1"], unit=unit, occurred_on=D(2026, 2, 3),
                                      description="冲床压伤手指", injuries=1, cause="安全装置被拆除",
                                      responsibility="", measures="恢复双手按钮")
    assert "close" not in [t.name for t in AccidentInvestigation.workflow.available(accident, staff)]
    errors = _errors(lambda: services.close_accident(staff, accident))
    assert set(errors) == {"responsibility", "education"}
    r = api_for(staff).post(f"/api/v1/accident-investigations/{accident.pk}/close/", {}, format="json")
    assert r.status_code in (400, 403)
    accident = services.save_accident(staff, accident, responsibility="车间主任通报批评", education="全员警示教育")
    page = client_for(staff).post(reverse("protection:accident_close", args=[accident.pk]))
    assert page.status_code == 302
    accident.refresh_from_db()
    assert accident.status == "closed" and accident.closed_on
    assert "education" in _errors(lambda: services.save_accident(staff, accident, education=""))


@override_settings(GONGHUI_PROTECTION_PHOTO_BYTES=1024)
def test_hazard_photos_are_checked_and_only_downloaded(tree, users, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    staff = users["a_staff"]
    finding = make_finding(staff, make_inspection(staff, tree["EA1"], kind="safety"), item="fire")
    client = client_for(staff)
    url = reverse("protection:finding_photo", args=[finding.pk])

    def upload(name, content):
        f = io.BytesIO(content)
        f.name = name
        return client.post(url, {"photo": f})

    assert upload("x.png", b"<html><script>alert(1)</script>").status_code == 200  # not an image
    assert upload("big.png", PNG + b"\0" * 2048).status_code == 200  # over the limit
    assert not finding.photos.exists() and not list(tmp_path.rglob("*.png"))
    assert upload("安全出口.png", PNG).status_code == 302
    photo = finding.photos.get()
    assert photo.file_type == "image/png" and photo.file_name == "安全出口.png"
    r = client.get(reverse("protection:finding_photo_download", args=[finding.pk, photo.pk]))
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
    assert r["X-Content-Type-Options"] == "nosniff"
    assert client_for(users["b_staff"]).get(
        reverse("protection:finding_photo_download", args=[finding.pk, photo.pk])).status_code == 404


@override_settings(GONGHUI_PROTECTION_PHOTO_BYTES=1024)
def test_hazard_photos_through_the_api(tree, users, api_for, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    staff = users["a_staff"]
    finding = make_finding(staff, make_inspection(staff, tree["EA1"], kind="safety"), item="fire")
    url = f"/api/v1/inspection-findings/{finding.pk}/photos/"

    def upload(user, name, content):
        f = io.BytesIO(content)
        f.name = name
        return api_for(user).post(url, {"photo": f}, format="multipart")

    bad = upload(staff, "x.png", b"<svg onload=alert(1)>")
    assert bad.status_code == 400 and "photo" in bad.json()
    assert upload(users["a_viewer"], "a.png", PNG).status_code == 403
    assert upload(users["b_staff"], "a.png", PNG).status_code == 404
    assert not finding.photos.exists()
    done = upload(staff, "安全出口.png", PNG)
    assert done.status_code == 201, done.json()
    [photo] = done.json()["photos"]
    assert photo["file_name"] == "安全出口.png" and photo["file_type"] == "image/png"
    listed = api_for(users["a_viewer"]).get("/api/v1/inspection-findings/").json()["results"]
    assert [p["download_url"] for row in listed for p in row["photos"]] == [photo["download_url"]]


def test_a_number_the_database_cannot_hold_is_a_bad_request_not_a_server_error(tree, users, client_for, api_for):
    """Found by the API fuzz on PostgreSQL: a report of 10^20 problems overflowed the column (500). The page's form
    refuses it beside the field (the form kept); the API answers 400 with the reason (SQLite: OverflowError;
    PostgreSQL: "integer out of range")."""
    staff = users["a_staff"]
    inspector = services.save_inspector(staff, None, make_member(users["root"], tree["EA1"], "赵安全"),
                                        trained_on=D(2025, 5, 1), certificate_no="QJ1")
    huge = 10**20
    page = client_for(staff).post(reverse("protection:inspector_report", args=[inspector.pk]), {
        "reported_on": "2026-02-01", "problems_found": huge, "violations_stopped": 0, "description": "x"})
    body = page.content.decode()
    assert page.status_code == 200 and "确保该值小于或等于2147483647" in body and "is-invalid" in body
    api = api_for(staff).post(f"/api/v1/safety-inspectors/{inspector.pk}/report/", {
        "reported_on": "2026-02-01", "problems_found": huge, "violations_stopped": 0, "description": "x"},
        format="json")
    assert api.status_code == 400 and api.json() == {"non_field_errors": ["数值超出范围。"]}
    inspector.refresh_from_db()
    assert (inspector.problems_found, inspector.reports.count()) == (0, 0)
