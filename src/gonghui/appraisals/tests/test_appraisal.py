"""Scoring (weights, maxima, automatic criteria), the workflow with its return for rework, eligibility, awards,
re-check reminders (time travel) and the member rating (once per member)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gonghui.appraisals import daily, services
from gonghui.appraisals import testing as at
from gonghui.appraisals.models import Appraisal, EvidenceFile, MemberRating
from gonghui.core.models import AuditLog
from gonghui.core.workflow import WorkflowConflict
from gonghui.members.services import create_member
from gonghui.members.testing import member_data
from gonghui.stats import registry
from gonghui.stats.periods import Period

pytestmark = pytest.mark.django_db


def test_weights_must_add_up_to_100(tree, root):
    s = at.scheme(root, tree["A"], criteria=at.SIX_GOOD[:5], publish=False)  # 85 points
    with pytest.raises(ValidationError) as e:
        services.publish_scheme(root, s)
    assert "weight" in e.value.message_dict
    with pytest.raises(ValidationError) as e:  # 85 + 20 > 100
        services.save_criterion(root, None, scheme=s, title="多余", weight=Decimal(20), source="manual")
    assert "100" in e.value.message_dict["weight"][0]
    services.save_criterion(root, None, scheme=s, title="围绕中心工作好", weight=Decimal(15), source="manual")
    assert services.publish_scheme(root, s).status == "published"
    with pytest.raises(ValidationError):  # a scheme in use keeps its criteria
        services.save_criterion(root, None, scheme=s, title="再加", weight=Decimal(1), source="manual")


def test_a_score_cannot_exceed_its_maximum(tree, root):
    a = at.appraisal(root, tree["A1"], at.scheme(root, tree["A"]))
    first = services.scores_of(a)[0]
    with pytest.raises(ValidationError) as e:
        services.self_check(root, a, {first.criterion_id: (first.criterion.weight + 1, "")})
    assert f"score_{first.criterion_id}" in e.value.message_dict
    with pytest.raises(ValidationError):
        services.self_check(root, a, {first.criterion_id: (Decimal("-1"), "")})
    a = services.self_check(root, a, at.full_marks(a, Decimal(1)))
    assert a.self_score == 100


def test_the_page_puts_the_error_next_to_the_score(tree, users, client_for):
    a = at.appraisal(users["root"], tree["A1"], at.scheme(users["root"], tree["A"]))
    first = services.scores_of(a)[0]
    response = client_for(users["a_staff"]).post(reverse("appraisals:appraisal_self_check", args=[a.pk]),
                                                 {f"score_{first.criterion_id}": "99"})
    assert response.status_code == 200
    assert response.context["form"].errors[f"score_{first.criterion_id}"]


def test_automatic_criterion_equals_the_indicator(tree, root):
    """A criterion from an indicator scores weight × value ÷ full_at (at most the weight) from the indicator's own
    value for the union and the year."""
    s = at.scheme(root, tree["A"], criteria=at.SIX_GOOD[:5], publish=False)
    crit = services.save_criterion(root, None, scheme=s, section="评家", title="职代会建制", weight=Decimal(15),
                                   source="indicator", indicator="appraisals_awarded", full_at=Decimal(4))
    services.publish_scheme(root, s)
    other = at.scheme(root, tree["A"], name="先进职工之家", kind="home")
    at.awarded(root, tree["EA1"], the_scheme=other)  # one award held under A1
    a = at.appraisal(root, tree["A1"], s, year=timezone.localdate().year)
    value = registry.StatsContext(Period.year(a.year)).value("appraisals_awarded", tree["A1"].pk)
    assert value == 1
    score = a.scores.get(criterion=crit)
    assert score.self_score == score.inspection_score == Decimal("3.8")  # 15 × 1 ÷ 4
    with pytest.raises(ValidationError):  # an unknown indicator
        services.save_criterion(root, None, scheme=at.scheme(root, tree["A"], publish=False, criteria=()),
                                title="x", weight=Decimal(5), source="indicator", indicator="nope", full_at=1)


def test_the_workflow_with_return_for_rework(tree, users, root):
    staff_a = users["a_staff"]
    a = at.appraisal(root, tree["A1"], at.scheme(root, tree["A"]))
    with pytest.raises(ValidationError):  # nothing scored yet
        services.apply(root, a)
    a = services.apply(root, services.self_check(root, a, at.full_marks(a)))
    assert (a.status, a.self_score) == ("applied", Decimal("90.0"))
    with pytest.raises(ValidationError):  # a reason is needed
        services.send_back(staff_a, a, "  ")
    a = services.send_back(staff_a, a, "台账不全")
    assert (a.status, a.reason) == ("self_check", "台账不全")
    a = services.apply(root, a)
    with pytest.raises(ValidationError):  # the inspector scores every criterion
        services.inspect(staff_a, a, {})
    a = services.inspect(staff_a, a, at.full_marks(a, Decimal("0.7")), findings="基本达标")
    assert (a.status, a.inspection_score) == ("inspected", Decimal("70.0"))
    with pytest.raises(WorkflowConflict):  # an award needs an accepted inspection
        services.award(staff_a, a, grade="先进")
    a = services.award(staff_a, services.accept(staff_a, a), grade="先进", certificate_no="A-1",
                       awarded_on=datetime.date(2025, 1, 31))
    assert (a.status, a.valid_until, a.recheck_due) == ("awarded", datetime.date(2028, 1, 30),
                                                        datetime.date(2026, 1, 31))
    a = services.revoke(staff_a, a, "发生重大劳资纠纷")
    assert a.status == "revoked"


def test_the_applicant_cannot_inspect_itself(tree, users, root):
    """The steps of the level above need a right at the union above the applicant."""
    a = at.appraisal(root, tree["EA1"], at.scheme(root, tree["A1"]))
    a = services.apply(users["ea1_staff"], services.self_check(users["ea1_staff"], a, at.full_marks(a)))
    with pytest.raises(PermissionDenied):
        services.inspect(users["ea1_staff"], a, at.full_marks(a))
    assert not Appraisal.workflow.can(a, users["ea1_staff"], "send_back")
    assert Appraisal.workflow.can(a, users["a_staff"], "inspect")


def test_eligibility_and_grades(tree, root):
    s = at.scheme(root, tree["A"], eligible_types="township")
    with pytest.raises(ValidationError) as e:
        services.start_appraisal(root, scheme=s, org=tree["EA1"], year=2025)
    assert "org" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.start_appraisal(root, scheme=s, org=tree["A1"], year=2025, grade_sought="金牌")
    assert "grade_sought" in e.value.message_dict
    services.start_appraisal(root, scheme=s, org=tree["A1"], year=2025)
    with pytest.raises(ValidationError):  # once a year per scheme
        services.start_appraisal(root, scheme=s, org=tree["A1"], year=2025)
    with pytest.raises(ValidationError):  # B's scheme is not for A's unions
        services.start_appraisal(root, scheme=at.scheme(root, tree["B"]), org=tree["A1"], year=2025)


def test_award_needs_the_pass_score(tree, root):
    a = at.appraisal(root, tree["A1"], at.scheme(root, tree["A"]))
    a = services.apply(root, services.self_check(root, a, at.full_marks(a)))
    a = services.accept(root, services.inspect(root, a, at.full_marks(a, Decimal("0.5"))))
    with pytest.raises(ValidationError) as e:
        services.award(root, a, grade="合格")
    assert "grade" in e.value.message_dict


def _travel(day):
    return time_machine.travel(f"{day} 08:00 +0800", tick=False)


def test_recheck_reminders_once_per_due_date(tree, users, root, outbox, django_capture_on_commit_callbacks):
    type(tree["A1"]).objects.filter(pk=tree["A1"].pk).update(contact_phone="13900001111")
    a = at.awarded(root, tree["A1"], the_scheme=at.scheme(root, tree["A"]), awarded_on=datetime.date(2025, 3, 1))
    assert a.recheck_due == datetime.date(2026, 3, 1)
    with _travel("2026-01-10"):
        assert daily.run(timezone.now()) == {"recheck_reminders": 0}  # not due within a month yet
    with _travel("2026-02-10"):
        with django_capture_on_commit_callbacks(execute=True):
            assert daily.run(timezone.now()) == {"recheck_reminders": 1}
        assert any("2026-03-01" in m[2] for m in outbox), list(outbox)
        assert daily.run(timezone.now()) == {"recheck_reminders": 0}  # once
        a = services.recheck(users["a_staff"], Appraisal.objects.get(pk=a.pk))
        assert a.recheck_due == datetime.date(2027, 2, 10)
    with _travel("2027-01-20"):
        assert daily.run(timezone.now()) == {"recheck_reminders": 1}  # the next due date is reminded in its turn


def test_member_rates_once_and_it_feeds_the_appraisal(tree, root):
    s = at.member_scheme(root, tree["A1"])
    a = at.appraisal(root, tree["EA1"], s)
    m1 = create_member(root, tree["EA1"], member_data(name="张三"))
    m2 = create_member(root, tree["EA1"], member_data(name="李四"))
    r = at.rating_round(root, tree["EA1"], s, appraisal=a)
    outsider = create_member(root, tree["EB1"], member_data(name="王五"))
    crit = services.member_criteria(s)[0]
    services.rate(root, m1, r, {crit.pk: 5})
    with pytest.raises(ValidationError):
        services.rate(root, m1, r, {crit.pk: 4})
    with pytest.raises(ValidationError):  # marks run from 1 to 5
        services.rate(root, m2, r, {crit.pk: 6})
    with pytest.raises(ValidationError):  # not a member of the union rated
        services.rate(root, outsider, r, {crit.pk: 5})
    services.rate(root, m2, r, {crit.pk: 3})
    assert MemberRating.objects.filter(round=r).count() == 2
    result = services.round_result(r)
    assert result["average"] == Decimal("4.00") and result["ratings"] == 2
    assert r.members_total == 2 and result["participation"] == Decimal("100.0")
    a = services.self_check(root, a, at.full_marks(a))
    assert a.scores.get(criterion=crit).self_score == Decimal("16.0")  # 20 × 4 ÷ 5


def test_member_rates_in_the_portal(tree, root, members, client):
    from gonghui.accounts.services import open_member_account

    s = at.member_scheme(root, tree["A1"])
    r = at.rating_round(root, tree["EA1"], s)
    client.force_login(open_member_account(members["ea1_a"]), backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("appraisals_portal:home")
    crit = services.member_criteria(s)[0]
    page = client.get(url)
    assert page.status_code == 200 and f'name="mark_{crit.pk}"' in page.content.decode()
    bad = client.post(url, {"round": r.pk})
    assert bad.status_code == 200 and "invalid-feedback" in bad.content.decode()
    assert client.post(url, {"round": r.pk, f"mark_{crit.pk}": "4", "comment": "好"}).status_code == 302
    assert MemberRating.objects.get(round=r).average == Decimal("4.00")
    again = client.get(url).content.decode()  # rated: no form for that round any more
    assert f'name="mark_{crit.pk}"' not in again


def test_annual_assessment_ranks_the_unions_below(tree, users, root, client_for):
    s = at.scheme(root, tree["city"], name="2025年度百分制考核", kind="annual")
    started = services.start_assessment(root, s, tree["A1"], 2025)
    assert {a.org for a in started} == {tree["EA1"], tree["EA2"]}
    for a, share in zip(started, (Decimal("0.8"), Decimal("0.9")), strict=True):
        services.self_check(root, a, at.full_marks(a, share))
    response = client_for(users["a_staff"]).get(reverse("appraisals:scheme_ranking", args=[s.pk]), {"year": 2025})
    rows = response.context["rows"]
    assert [(rank, a.self_score) for rank, a in rows] == [(1, Decimal("90.0")), (2, Decimal("80.0"))]
    export = client_for(users["a_staff"]).get(reverse("appraisals:scheme_ranking", args=[s.pk]),
                                              {"year": 2025, "export": "csv"})
    assert export.status_code == 200 and "EA2" in b"".join(export.streaming_content).decode("utf-8-sig")


def test_indicators_equal_their_recount_and_open_their_records(tree, users, root, client_for):
    at.awarded(root, tree["EA1"], the_scheme=at.scheme(root, tree["A1"], kind="home", name="职工之家"),
               awarded_on=datetime.date(2025, 3, 1))
    period = Period.year(2025)
    ctx = registry.StatsContext(period)
    for key in ("appraisals_awarded", "appraisals_awarded_home", "appraisals_inspected",
                "appraisals_inspected_awarded", "appraisals_pass_rate", "appraisals_home_rate"):
        ind = registry.get(key)
        assert ctx.value(ind, tree["A"].pk) == ind.recount(tree["A"], period), key
    assert ctx.value("appraisals_awarded_home", tree["A"].pk) == 1
    assert ctx.value("appraisals_pass_rate", tree["A"].pk) == Decimal("100.0")
    url = registry.get("appraisals_awarded_home").url(tree["A"], period)
    response = client_for(users["a_staff"]).get(url)
    assert response.status_code == 200 and response.context["table"].paginator.count == 1


def test_the_demo_loads_through_the_services(tree, root, members):
    from gonghui.appraisals import demo

    ctx = {"admin": root, "root": tree["city"], "district": tree["A"], "union": tree["EA1"],
           "today": timezone.localdate()}
    made = demo.load(ctx)
    assert made["schemes"] == 3 and made["ratings"] == 2 and made["assessed"] == 1
    assert Appraisal.objects.filter(org=tree["A1"], status="awarded").exists()
    assert demo.load(ctx) == {}  # once


def test_the_whole_workflow_through_the_api(tree, users, root, api_for):
    s = at.scheme(root, tree["A"])
    staff = api_for(users["a_staff"])
    created = staff.post("/api/v1/appraisals/", {"scheme": s.pk, "org": tree["A1"].pk, "year": 2025,
                                                 "grade_sought": "先进"}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    a = Appraisal.objects.get(pk=pk)
    scores = [{"criterion": c, "score": str(p), "note": n} for c, (p, n) in at.full_marks(a).items()]
    too_much = [{**scores[0], "score": "99"}]
    bad = staff.post(f"/api/v1/appraisals/{pk}/self-check/", {"scores": too_much}, format="json")
    assert bad.status_code == 400 and f"score_{scores[0]['criterion']}" in bad.json()
    assert staff.post(f"/api/v1/appraisals/{pk}/self-check/", {"scores": scores}, format="json").status_code == 200
    assert staff.post(f"/api/v1/appraisals/{pk}/apply/", {}, format="json").json()["status"] == "applied"
    assert staff.post(f"/api/v1/appraisals/{pk}/send-back/", {"reason": "补材料"},
                      format="json").json()["status"] == "self_check"
    staff.post(f"/api/v1/appraisals/{pk}/apply/", {}, format="json")
    r = staff.post(f"/api/v1/appraisals/{pk}/inspect/", {"scores": scores, "findings": "好"}, format="json")
    assert r.json()["status"] == "inspected", r.content
    staff.post(f"/api/v1/appraisals/{pk}/accept/", {}, format="json")
    r = staff.post(f"/api/v1/appraisals/{pk}/award/", {"grade": "先进", "certificate_no": "X1"}, format="json")
    assert (r.json()["status"], r.json()["grade"]) == ("awarded", "先进")
    viewer = api_for(users["a_viewer"])
    assert viewer.post(f"/api/v1/appraisals/{pk}/revoke/", {"reason": "x"}, format="json").status_code == 403


def test_the_assessment_page_starts_the_round(tree, users, root, client_for):
    s = at.scheme(root, tree["A"], name="百分制考核", kind="annual")
    client = client_for(users["a_staff"])
    url = reverse("appraisals:assessment_start")
    assert client.get(url, {"scheme": s.pk}).status_code == 200
    r = client.post(url, {"scheme": s.pk, "org": tree["A1"].pk, "year": 2025})
    assert r.status_code == 302 and Appraisal.objects.filter(scheme=s, year=2025).count() == 2
    again = client.post(url, {"scheme": s.pk, "org": tree["A1"].pk, "year": 2025})  # nobody left: said beside
    assert again.status_code == 200 and again.context["form"].errors
    assert client_for(users["a_viewer"]).post(url, {"scheme": s.pk, "org": tree["A1"].pk,
                                                    "year": 2024}).status_code == 403


def _listed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return list(response.context["filter"].qs)


def test_home_rate_counts_each_union_holding_a_valid_award_once(tree, users, root, client_for):
    """建家率: two awards of EA1 count one union, EA2's expired award none; its drill-down lists one row per union;
    the figure follows the validity (time travel)."""
    day = datetime.date(2025, 3, 1)
    for name in ("职工之家", "模范职工之家"):
        at.awarded(root, tree["EA1"], the_scheme=at.scheme(root, tree["A1"], kind="home", name=name), awarded_on=day)
    at.awarded(root, tree["EA2"], the_scheme=at.scheme(root, tree["A1"], kind="home", name="一年期", valid_years=1),
               awarded_on=day)  # valid until 2026-02-28
    period = Period.current_year()
    ctx = registry.StatsContext(period)
    unions = registry.get("appraisals_home_unions")
    assert ctx.value("appraisals_awarded_home", tree["A"].pk) == 3
    assert ctx.value(unions, tree["A"].pk) == unions.recount(tree["A"], period) == 1
    rate = registry.get("appraisals_home_rate")
    assert ctx.value(rate, tree["A"].pk) == rate.recount(tree["A"], period) == registry.percent(
        1, ctx.value("grassroots_unions", tree["A"].pk))
    listed = _listed(client_for(users["a_staff"]), unions.url(tree["A"], period))
    assert [a.org for a in listed] == [tree["EA1"]]
    with time_machine.travel(datetime.datetime(2028, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        assert registry.StatsContext(period).value(unions, tree["A"].pk) == unions.recount(tree["A"], period) == 0


def test_participation_rate_and_the_averages(tree, users, root, members, client_for):
    """参创率 counts the employers (用人单位) whose grassroots union started an appraisal in the period, once each,
    over the unionised employers; the average member rating and the average 百分制 score are the means of the
    records their drill-downs list."""
    client, period = client_for(users["a_staff"]), Period.current_year()
    year = timezone.localdate().year
    for marker in ("参创甲", "参创乙"):
        at.employer(root, tree["EA1"], marker)
    at.employer(root, tree["A1"], "乡镇单位")  # covered by the township: its appraisal does not count
    at.employer(root, tree["EA2"], "未参创")  # its union started nothing
    for name in ("六好甲", "六好乙"):
        at.appraisal(root, tree["EA1"], at.scheme(root, tree["A1"], name=name), year=year)
    at.appraisal(root, tree["A1"], at.scheme(root, tree["A"], name="六好丙"), year=year)  # a township: not counted
    part = registry.get("appraisals_taking_part")
    ctx = registry.StatsContext(period)
    assert ctx.value(part, tree["A"].pk) == part.recount(tree["A"], period) == 2  # two employers, not one union
    assert ctx.value(part, tree["B"].pk) == part.recount(tree["B"], period) == 0
    assert [a.org for a in _listed(client, part.url(tree["A"], period))] == [tree["EA1"]]
    assert registry.StatsContext(Period.year(year - 1)).value(part, tree["A"].pk) == 0
    rate = registry.get("appraisals_participation_rate")
    covered = ctx.value("units_covered", tree["A"].pk)
    assert ctx.value(rate, tree["A"].pk) == rate.recount(tree["A"], period) == registry.percent(2, covered)

    r = at.rating_round(root, tree["EA1"])
    for member, mark in ((members["ea1_a"], 5), (members["ea1_b"], 4)):
        services.rate(root, member, r, {c.pk: mark for c in services.member_criteria(r.scheme)})
    s = at.scheme(root, tree["city"], name="年度百分制考核", kind="annual")
    for a, share in zip(services.start_assessment(root, s, tree["A1"], year), (Decimal("0.8"), Decimal("0.9")),
                        strict=True):
        a = services.apply(root, services.self_check(root, a, at.full_marks(a, share)))
        services.inspect(users["a_staff"], a, at.full_marks(a, share))
    ctx = registry.StatsContext(period)
    for key, expected, listed in (("appraisals_rating_average", Decimal("4.50"), 2),
                                  ("appraisals_assessment_average", Decimal("85.0"), 2)):
        ind = registry.get(key)
        assert ctx.value(ind, tree["A"].pk) == ind.recount(tree["A"], period) == expected, key
        assert len(_listed(client, ind.url(tree["A"], period))) == listed, key
    assert ctx.value("appraisals_assessment_average", tree["B"].pk) is None


def _pdf(name="台账.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", "application/pdf")


def test_evidence_files_attach_to_a_criterion_and_show_at_inspection(tree, users, root, client_for, api_for):
    a = at.appraisal(root, tree["EA1"], at.scheme(root, tree["A1"]))
    first, second = services.scores_of(a)[:2]
    union, url = client_for(users["ea1_staff"]), reverse("appraisals:appraisal_evidence", args=[a.pk])
    bad = union.post(url, {"criterion": first.criterion_id,
                           "file": SimpleUploadedFile("x.pdf", b"<html>no</html>", "application/pdf")})
    assert bad.status_code == 200 and bad.context["form"].errors["file"]  # refused beside the field
    assert union.post(url, {"criterion": first.criterion_id, "file": _pdf()}).status_code == 302
    api = api_for(users["ea1_staff"])
    made = api.post(f"/api/v1/appraisals/{a.pk}/evidence/", {"criterion": second.criterion_id,
                                                             "file": _pdf("制度.pdf")}, format="multipart")
    assert made.status_code == 201, made.content
    scores = api.get("/api/v1/appraisal-scores/", {"appraisal": a.pk}).json()["results"]
    assert {f["file_name"] for s in scores for f in s["files"]} == {"台账.pdf", "制度.pdf"}
    assert "台账.pdf" in union.get(a.get_absolute_url()).content.decode()
    a = services.apply(root, services.self_check(root, a, at.full_marks(a)))
    inspector = client_for(users["a_staff"])
    page = inspector.get(reverse("appraisals:appraisal_inspect", args=[a.pk])).content.decode()
    assert "台账.pdf" in page and "制度.pdf" in page
    sheet = inspector.get(reverse("appraisals:appraisal_score_sheet", args=[a.pk]), {"export": "csv"})
    text = b"".join(sheet.streaming_content).decode("utf-8-sig")
    assert first.criterion.title in text and "台账.pdf" in text  # the score sheet, exported
    file = EvidenceFile.objects.get(file_name="台账.pdf")
    download = reverse("appraisals:evidence_download", args=[a.pk, file.pk])
    got = inspector.get(download)
    assert got.status_code == 200 and got["Content-Disposition"].startswith("attachment")
    assert client_for(users["b_staff"]).get(download).status_code == 404
    with pytest.raises(ValidationError):  # applied: the self-check is over
        services.attach_evidence(root, a, first.criterion_id, _pdf())
    assert AuditLog.objects.filter(object_id=str(a.pk), note__contains="台账.pdf").exists()
