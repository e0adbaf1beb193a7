"""The officials' pages and API of surveys: the kit's checks, building questions in draft, results, exports."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gonghui.core.models import AuditLog
from gonghui.core.testing import ModelViewTests, response_text, xlsx_text

from .. import services
from ..models import Question, Survey
from ..testing import build_survey
from .conftest import answers

pytestmark = pytest.mark.django_db


class TestSurveyViews(ModelViewTests):
    model = Survey
    list_url_name = "surveys:survey_list"
    detail_url_name = "surveys:survey_detail"
    edit_url_name = "surveys:survey_edit"
    delete_url_name = "surveys:survey_delete"
    api_path = "/api/v1/surveys/"
    api_fields = ["id", "org", "title", "intro", "target_orgs", "opens_on", "closes_on", "anonymous", "status",
                  "target_count", "response_count"]

    def form_data(self, obj, marker):
        return {"title": marker, "intro": "", "opens_on": obj.opens_on.isoformat(),
                "closes_on": obj.closes_on.isoformat(), "anonymous": "on"}

    def check_saved(self, obj, marker):
        assert obj.title == marker

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "title": marker, "opens_on": "2026-01-01", "closes_on": "2026-01-31",
                "anonymous": True, "target_orgs": []}

    def api_update(self, obj, marker):
        return {"title": marker}


def test_questions_are_built_reordered_and_deleted_in_draft(tree, users, client_for):
    survey = build_survey(tree["A"], users["a_staff"], "草稿问卷", questions=())
    client = client_for(users["a_staff"])
    add = reverse("surveys:question_add", args=[survey.pk])
    assert client.get(add).status_code == 200
    refused = client.post(add, {"kind": "single", "text": "收入", "options": "只有一个", "required": "on"})
    assert refused.status_code == 200 and "options" in refused.context["form"].errors
    for text in ("第一题", "第二题"):
        saved = client.post(add, {"kind": "single", "text": text, "options": "是\n否", "required": "on"})
        assert saved.status_code == 302
    client.post(add, {"kind": "scale", "text": "满意度", "low_label": "差", "high_label": "好"})
    first, second, third = survey.questions.all()
    assert [q.position for q in (first, second, third)] == [1, 2, 3]
    change = reverse("surveys:question_change", args=[survey.pk, third.pk])
    client.post(change, {"action": "up"})
    assert [q.text for q in survey.questions.all()] == ["第一题", "满意度", "第二题"]
    edit = reverse("surveys:question_edit", args=[survey.pk, first.pk])
    assert "是\n否" in response_text(client.get(edit))
    client.post(edit, {"kind": "multiple", "text": "第一题改", "options": "甲\n乙\n丙", "required": "on"})
    first.refresh_from_db()
    assert first.kind == "multiple" and first.options == ["甲", "乙", "丙"]
    client.post(reverse("surveys:question_change", args=[survey.pk, second.pk]), {"action": "delete"})
    assert [q.position for q in survey.questions.all()] == [1, 2]
    entry = AuditLog.objects.filter(object_id=str(survey.pk), action="update").first()
    assert entry is not None and "questions" in entry.after


def test_questions_cannot_change_once_open(survey, users, client_for):
    client = client_for(users["a_staff"])
    q = survey.questions.first()
    assert client.get(reverse("surveys:question_add", args=[survey.pk])).status_code == 302
    client.post(reverse("surveys:question_change", args=[survey.pk, q.pk]), {"action": "delete"})
    client.post(reverse("surveys:question_edit", args=[survey.pk, q.pk]), {"kind": "text", "text": "改"})
    assert Question.objects.get(pk=q.pk).text == q.text
    page = response_text(client.get(survey.get_absolute_url()))
    assert 'id="add-question"' not in page
    edited = client.post(reverse("surveys:survey_edit", args=[survey.pk]), {
        "title": "新标题", "opens_on": survey.opens_on.isoformat(), "closes_on": survey.closes_on.isoformat()})
    assert edited.status_code == 200 and "anonymous" in edited.context["form"].errors


def test_question_pages_are_scoped(survey, users, client_for):
    q = survey.questions.first()
    outsider, viewer = client_for(users["b_staff"]), None
    for url in (reverse("surveys:question_add", args=[survey.pk]),
                reverse("surveys:question_edit", args=[survey.pk, q.pk])):
        assert outsider.get(url).status_code == 404
    assert outsider.post(reverse("surveys:question_change", args=[survey.pk, q.pk]), {"action": "delete"}
                         ).status_code == 404
    viewer = client_for(users["a_viewer"])
    assert viewer.post(reverse("surveys:question_change", args=[survey.pk, q.pk]), {"action": "delete"}
                       ).status_code == 403
    assert Question.objects.filter(pk=q.pk).exists()


def test_open_needs_questions_and_counts_the_members_targeted(tree, users, members, client_for):
    empty = build_survey(tree["A"], users["a_staff"], "空问卷", questions=())
    client = client_for(users["a_staff"])
    assert "survey_open" not in response_text(client.get(empty.get_absolute_url()))
    with pytest.raises(ValidationError):
        services.open_survey(users["a_staff"], empty)
    survey = build_survey(tree["A"], users["a_staff"], "问卷")
    assert client.post(reverse("surveys:survey_open", args=[survey.pk])).status_code == 302
    survey.refresh_from_db()
    assert survey.status == "open" and survey.target_count == 2  # the two members of EA1, none of EB1


def test_results_arithmetic_page_api_and_exports(survey, members, users, client_for, api_for, tree):
    from gonghui.members.services import create_member
    from gonghui.tools.testing import member_data

    more = [create_member(users["root"], tree["EA2"], member_data(name=f"会员{i}")) for i in range(2)]
    survey.target_count = 4
    survey.save(update_fields=["target_count"])
    services.submit_response(None, members["ea1_a"], survey, answers(survey, single=0, multiple=(0, 1), scale=5,
                                                                       text="电话13912345678联系我"))
    services.submit_response(None, members["ea1_b"], survey, answers(survey, single=0, multiple=(1,), scale=2,
                                                                       text=None))
    services.submit_response(None, more[0], survey, answers(survey, single=2, multiple=(3,), scale=4, text="<b>x</b>"))
    survey.refresh_from_db()
    client = client_for(users["a_viewer"])
    response = client.get(survey.get_absolute_url())
    results = {r["question"].kind: r for r in response.context["results"]}
    single = results["single"]
    assert single["answered"] == 3 and [r["count"] for r in single["rows"]] == [2, 0, 1]
    assert [str(r["percent"]) for r in single["rows"]] == ["66.7", "0.0", "33.3"]
    multiple = results["multiple"]
    assert [r["count"] for r in multiple["rows"]] == [1, 2, 0, 1]
    assert str(multiple["rows"][1]["percent"]) == "66.7"
    assert str(results["scale"]["average"]) == "3.67"
    assert [r["count"] for r in results["scale"]["rows"]] == [0, 1, 0, 1, 1]
    assert results["text"]["answered"] == 2
    html = response_text(response)
    assert "13912345678" not in html and "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html
    assert str(response.context["rate"]) == "75.0" and 'id="survey-charts"' in html
    api = api_for(users["a_viewer"]).get(f"/api/v1/surveys/{survey.pk}/results/").json()
    assert api["responses"] == 3 and api["response_rate"] == "75.0"
    assert [r["count"] for r in api["questions"][0]["rows"]] == [2, 0, 1]
    assert all("13912345678" not in t for q in api["questions"] for t in q["texts"])
    questions = api_for(users["a_viewer"]).get(f"/api/v1/surveys/{survey.pk}/questions/").json()
    assert [q["kind"] for q in questions] == ["single", "multiple", "scale", "text"]
    export = reverse("surveys:survey_export", args=[survey.pk])
    csv_text = response_text(client.get(export, {"what": "results", "fmt": "csv"}))
    assert "66.7" in csv_text and "13912345678" not in csv_text
    xlsx = client.get(export, {"what": "results", "fmt": "xlsx"})
    assert "66.7" in xlsx_text(b"".join(xlsx.streaming_content))
    raw = response_text(client.get(export, {"what": "responses", "fmt": "csv"}))
    assert raw.count("\n") == 4 and "李明" not in raw and "王芳" not in raw


def test_anonymity_in_every_output(survey, members, users, client_for, api_for, portal_client):
    member_client = portal_client(members["ea1_a"])
    logged = AuditLog.objects.count()
    member_client.post(reverse("surveys_portal:answer", kwargs={"key": survey.key}), answers(survey))
    assert survey.responses.count() == 1
    assert AuditLog.objects.count() == logged  # answering wrote nothing to the change log
    client = client_for(users["a_admin"])
    names = [members["ea1_a"].name, members["ea1_a"].member_no]
    export = reverse("surveys:survey_export", args=[survey.pk])
    outputs = [response_text(client.get(survey.get_absolute_url())),
               response_text(client.get(export, {"what": "responses", "fmt": "csv"})),
               xlsx_text(b"".join(client.get(export, {"what": "responses", "fmt": "xlsx"}).streaming_content)),
               response_text(client.get(export, {"what": "results", "fmt": "csv"})),
               api_for(users["a_admin"]).get(f"/api/v1/surveys/{survey.pk}/results/").content.decode(),
               api_for(users["a_admin"]).get(f"/api/v1/surveys/{survey.pk}/").content.decode(),
               response_text(client.get(reverse("core:auditlog_list"), {"content_type": "surveys.survey"})),
               response_text(client.get(reverse("core:auditlog_list"), {"content_type": "surveys.response"})),
               api_for(users["a_admin"]).get("/api/v1/audit-log/", {"content_type": "surveys.survey"}).content.decode()]
    for text in outputs:
        assert not any(n in text for n in names)
    assert not AuditLog.objects.filter(user__member=members["ea1_a"]).exists()


def test_named_survey_export_names_the_member(tree, users, members, client_for):
    survey = build_survey(tree["A"], users["a_staff"], "实名问卷", anonymous=False, opened=True)
    services.submit_response(None, members["ea1_a"], survey, answers(survey))
    raw = response_text(client_for(users["a_staff"]).get(reverse("surveys:survey_export", args=[survey.pk]),
                                                         {"what": "responses", "fmt": "csv"}))
    assert members["ea1_a"].name in raw


def test_only_a_draft_is_deleted(survey, users, client_for, api_for):
    client_for(users["a_staff"]).post(reverse("surveys:survey_delete", args=[survey.pk]))
    assert api_for(users["a_staff"]).delete(f"/api/v1/surveys/{survey.pk}/").status_code == 400
    assert Survey.objects.filter(pk=survey.pk).exists()


def test_api_open_and_close(tree, users, api_for):
    survey = build_survey(tree["A"], users["a_staff"], "接口")
    api = api_for(users["a_staff"])
    assert api.post(f"/api/v1/surveys/{survey.pk}/open/", {}, format="json").json()["status"] == "open"
    assert api.post(f"/api/v1/surveys/{survey.pk}/close/", {}, format="json").json()["status"] == "closed"
    assert api.post(f"/api/v1/surveys/{survey.pk}/close/", {}, format="json").status_code == 409


def test_daily_round_closes_expired_surveys(survey):
    from ..daily import run

    Survey.objects.filter(pk=survey.pk).update(closes_on=datetime.date(2020, 1, 1))
    from django.utils import timezone

    assert run(timezone.now()) == {"surveys_closed": 1}
    assert run(timezone.now()) == {"surveys_closed": 0}
    survey.refresh_from_db()
    assert survey.status == "closed"


def test_chosen_unions_are_given_by_code_within_the_organising_union(tree, users, client_for):
    survey = build_survey(tree["A"], users["a_staff"], "按代码选择")
    client, url = client_for(users["a_staff"]), reverse("surveys:survey_edit", args=[survey.pk])
    data = {"title": survey.title, "opens_on": survey.opens_on.isoformat(), "closes_on": survey.closes_on.isoformat(),
            "anonymous": "on"}
    outside = client.post(url, {**data, "target_codes": f"{tree['EA1'].code} {tree['EB1'].code}"})
    assert outside.status_code == 200 and "target_codes" in outside.context["form"].errors
    assert client.post(url, {**data, "target_codes": f"{tree['EA1'].code}，{tree['EA2'].code}"}).status_code == 302
    assert set(survey.target_orgs.all()) == {tree["EA1"], tree["EA2"]}
    assert tree["EA1"].code in response_text(client.get(url))
    above = client.post(url, {**data, "target_codes": tree["A"].code})
    assert above.status_code == 302  # the organising union itself is within its own subtree


def test_workbench_lists_open_surveys_closing_soon_with_few_responses(survey, members, users, client_for):
    from django.utils import timezone

    from ..selectors import workbench_todo

    today = timezone.localdate()
    Survey.objects.filter(pk=survey.pk).update(closes_on=today + datetime.timedelta(days=2), target_count=2)
    item = workbench_todo(users["a_staff"], today)[0]
    assert item.count == 1 and item.records[0][0] == survey.title
    listed = client_for(users["a_staff"]).get(item.url)
    assert [s.pk for s in listed.context["filter"].qs] == [survey.pk]
    assert workbench_todo(users["b_staff"], today)[0].count == 0
    services.submit_response(None, members["ea1_a"], survey, answers(survey))  # 1 of 2: half answered
    assert workbench_todo(users["a_staff"], today)[0].count == 0


def test_the_change_log_of_the_questions_is_in_the_users_language(tree, users):
    """A question's summary in the change log said "(optional)" in English on the Chinese page."""
    from django.utils import translation

    with translation.override("zh-hans"):
        survey = build_survey(tree["EA1"], users["root"], "选答测试")
    logged = str(list(AuditLog.objects.filter(object_id=str(survey.pk)).values_list("after", flat=True)))
    assert "optional" not in logged and "选答" in logged
