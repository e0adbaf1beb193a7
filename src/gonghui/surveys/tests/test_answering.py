"""Members answer the surveys sent to their union, once; every kind of question is checked on the server."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gonghui.core.models import AuditLog

from .. import services
from ..models import Participation, Response
from ..testing import build_survey
from .conftest import answers

pytestmark = pytest.mark.django_db


def answer_url(survey):
    return reverse("surveys_portal:answer", kwargs={"key": survey.key})


def test_member_in_the_subtree_sees_and_answers_once(survey, members, portal_client):
    client = portal_client(members["ea1_a"])
    listing = client.get(reverse("surveys_portal:list"))
    assert listing.status_code == 200 and survey.title in listing.content.decode()
    page = client.get(answer_url(survey))
    assert page.status_code == 200 and 'id="survey-form"' in page.content.decode()
    response = client.post(answer_url(survey), answers(survey))
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.response_count == 1 and Response.objects.filter(survey=survey).count() == 1
    again = client.post(answer_url(survey), answers(survey, single=1), follow=True)
    assert "您已经回答过这份问卷" in again.content.decode() or "already answered" in again.content.decode()
    assert Response.objects.filter(survey=survey).count() == 1
    assert 'id="survey-answered"' in client.get(answer_url(survey)).content.decode()


def test_member_outside_the_subtree_gets_not_found(survey, members, portal_client):
    client = portal_client(members["eb1_a"])
    assert survey.title not in client.get(reverse("surveys_portal:list")).content.decode()
    assert client.get(answer_url(survey)).status_code == 404
    assert client.post(answer_url(survey), answers(survey)).status_code == 404
    assert not Response.objects.exists() and not Participation.objects.exists()


def test_chosen_unions_only(tree, users, members, portal_client):
    survey = build_survey(tree["A"], users["a_staff"], "只发EA2", opened=True, target_orgs=[tree["EA2"]])
    assert portal_client(members["ea1_a"]).get(answer_url(survey)).status_code == 404
    assert survey.target_count == 0


def test_targets_outside_the_organising_union_are_refused(tree, users):
    with pytest.raises(ValidationError) as e:
        build_survey(tree["A"], users["a_staff"], "越界", target_orgs=[tree["EB1"]])
    assert "target_orgs" in e.value.error_dict


def test_draft_and_closed_surveys_cannot_be_answered(tree, users, members, portal_client):
    draft = build_survey(tree["A"], users["a_staff"], "草稿")
    client = portal_client(members["ea1_a"])
    assert client.get(answer_url(draft)).status_code == 404
    opened = build_survey(tree["A"], users["a_staff"], "已关闭", opened=True)
    services.close_survey(users["a_staff"], opened)
    assert client.get(answer_url(opened)).status_code == 404
    with pytest.raises(ValidationError):
        services.submit_response(None, members["ea1_a"], opened, answers(opened))


@pytest.mark.parametrize(("change", "message"), [
    ({"single": ""}, "请回答这道题"),
    ({"single": "9"}, "请从选项中选择一项"),
    ({"multiple": ("0", "7")}, "请在所列选项中选择"),
    ({"multiple": ()}, "请回答这道题"),
    ({"scale": "6"}, "请选择1到5之间的分值"),
    ({"scale": "abc"}, "请选择1到5之间的分值"),
    ({"text": "长" * 1001}, "1000"),
])
def test_each_kind_is_checked_with_a_message_next_to_the_question(survey, members, portal_client, change, message):
    client = portal_client(members["ea1_a"])
    data = answers(survey, **change)
    kind = next(iter(change))
    question = survey.questions.get(kind=kind)
    response = client.post(answer_url(survey), data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [f"q{question.pk}"], errors
    assert message in errors[f"q{question.pk}"][0]
    html = response.content.decode()
    block = html[html.index(f'id="question-{question.pk}"'):]
    assert message in block[:block.index("</fieldset>")]
    assert not Response.objects.exists()


def test_optional_text_may_be_left_out(survey, members):
    response = services.submit_response(None, members["ea1_a"], survey, answers(survey, text=None))
    assert str(survey.questions.get(kind="text").pk) not in response.answers


def test_anonymous_response_keeps_no_member_and_no_log(survey, members, portal_client):
    client = portal_client(members["ea1_a"])
    before = AuditLog.objects.count()
    client.post(answer_url(survey), answers(survey))
    response = Response.objects.get()
    assert response.member_id is None
    assert Participation.objects.filter(member=members["ea1_a"]).exists()
    assert AuditLog.objects.count() == before


def test_named_response_keeps_the_member_and_is_logged(tree, users, members, portal_client):
    survey = build_survey(tree["A"], users["a_staff"], "实名", anonymous=False, opened=True)
    portal_client(members["ea1_a"]).post(answer_url(survey), answers(survey))
    response = Response.objects.get()
    assert response.member == members["ea1_a"]
    assert AuditLog.objects.filter(object_id=str(response.pk), action="create").exists()


def test_unique_constraint_refuses_a_second_participation(survey, members):
    services.submit_response(None, members["ea1_a"], survey, answers(survey))
    with pytest.raises(ValidationError) as e:
        services.submit_response(None, members["ea1_a"], survey, answers(survey))
    assert e.value.code == services.ALREADY_ANSWERED
    assert Response.objects.count() == 1
