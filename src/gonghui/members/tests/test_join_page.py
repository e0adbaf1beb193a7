"""The public join page (入会申请): no sign-in, errors in the user's language, spam brakes, QR code."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from gonghui.core.testing import make_id_number
from gonghui.members import views
from gonghui.members.choices import ApplicationChannel, ApplicationStatus
from gonghui.members.models import JoinApplication
from gonghui.tools.testing import member_data


def _data(**overrides):
    data = member_data(**overrides)
    data.pop("join_date")
    data["unit_name"] = "某某物流有限公司"
    data["job_title"] = "快递员"
    data["employment_type"] = "new_forms"
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


@pytest.fixture
def join_url(tree):
    return reverse("members:join", args=[tree["EA1"].code])


def test_get_shows_the_union_name_without_sign_in(client, tree, join_url):
    response = client.get(join_url)
    assert response.status_code == 200
    body = response.content.decode()
    assert tree["EA1"].name in body and 'name="id_number"' in body and 'name="website"' in body
    assert 'name="viewport"' in body


def test_unknown_or_federation_code_is_not_found(client, tree):
    assert client.get(reverse("members:join", args=["NOPE"])).status_code == 404
    assert client.get(reverse("members:join", args=[tree["A"].code])).status_code == 404  # a federation


def test_post_creates_a_pending_online_application_and_shows_the_reference(client, tree, join_url):
    response = client.post(join_url, _data(name="吴刚"))
    app = JoinApplication.objects.get(name="吴刚")
    assert response.status_code == 302
    assert (app.org, app.channel, app.status) == (tree["EA1"], ApplicationChannel.ONLINE, ApplicationStatus.PENDING)
    assert (app.unit_name, app.employment_type) == ("某某物流有限公司", "new_forms")
    done = client.get(response["Location"])
    assert done.status_code == 200 and app.reference_no in done.content.decode()


def test_errors_are_in_chinese_next_to_the_id_field(client, join_url):
    number = make_id_number(datetime.date(1992, 3, 4), "M")
    bad = number[:17] + ("0" if number[17] != "0" else "1")
    response = client.post(join_url, {**_data(), "id_number": bad}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["id_number"]
    with translation.override("zh-hans"):
        expected = str(translation.gettext("The ID number's check digit is wrong; please check the number."))
    assert form.errors["id_number"] == [expected]
    body = response.content.decode()
    assert '<html lang="zh-hans">' in body and escape(expected) in body
    # Django's own messages are translated whatever the catalogue: an empty ID number.
    with translation.override("zh-hans"):
        required = str(translation.gettext("This field is required."))
    assert required != "This field is required." and "字段" in required
    response = client.post(join_url, {**_data(), "id_number": ""})
    assert response.context["form"].errors["id_number"] == [required]
    assert required in response.content.decode()
    before, after = body.split('name="id_number"')[:2]
    id_input = before.rsplit("<input", 1)[1] + after.split(">", 1)[0]
    assert "is-invalid" in id_input
    assert not JoinApplication.objects.exists()


def test_english_when_chosen(client, join_url, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(join_url, {**_data(), "id_number": ""})
    assert "This field is required." in response.content.decode()


def test_existing_member_is_told_without_naming_the_union(client, tree, members, join_url):
    m = members["eb1_a"]
    response = client.post(join_url, {**_data(), "id_number": m.id_number, "gender": m.gender,
                                      "birth_date": m.birth_date.isoformat()})
    assert response.status_code == 200
    body = response.content.decode()
    assert "id_number" in response.context["form"].errors
    assert tree["EB1"].name not in body and m.member_no not in body
    assert not JoinApplication.objects.exists()


def test_honeypot_stores_nothing(client, join_url):
    response = client.post(join_url, {**_data(name="机器人"), "website": "http://spam.example"})
    assert response.status_code == 302
    assert not JoinApplication.objects.exists()


def test_rate_limit_per_phone_and_per_address(client, join_url, monkeypatch):
    monkeypatch.setattr(views, "JOIN_LIMIT_PER_PHONE", (2, 3600))
    phone = "13700001111"
    for _i in range(2):
        client.post(join_url, _data(phone=phone))
    assert JoinApplication.objects.count() == 2
    response = client.post(join_url, _data(phone=phone))
    assert response.status_code == 429 and JoinApplication.objects.count() == 2
    monkeypatch.setattr(views, "JOIN_LIMIT_PER_IP", (3, 3600))
    response = client.post(join_url, _data())  # the 4th from this address
    assert response.status_code == 429 and JoinApplication.objects.count() == 2
    other = client.post(join_url, _data(), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302 and JoinApplication.objects.count() == 3


def test_qr_code_is_an_svg_of_the_absolute_join_url(client, tree, settings):
    settings.GONGHUI_PUBLIC_BASE_URL = "https://gonghui.example.cn"
    response = client.get(reverse("members:join_qr", args=[tree["EA1"].code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    body = response.content.decode()
    assert "<svg" in body and "<script" not in body
    assert views.join_url(tree["EA1"]) == "https://gonghui.example.cn" + reverse("members:join", args=["C01EA1"])
    assert client.get(reverse("members:join_qr", args=["NOPE"])).status_code == 404


def test_the_form_asks_for_a_full_name_and_names_each_language_in_itself(client, join_url):
    page = client.get(join_url).content.decode()
    assert "姓名" in page and "名称" not in page
    assert ">English</option>" in page and "英语" not in page
    assert ">简体中文</option>" in page
