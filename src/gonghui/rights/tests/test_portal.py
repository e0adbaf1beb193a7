"""The worker's side: a member files and follows; without an account, a phone code (hashed, expiring, limited);
anonymously, with a reference number and a follow-up code; adding information; rating once when closed."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gonghui.rights import services, verification
from gonghui.rights.models import Case, CaseDocument, VerificationCode
from gonghui.rights.testing import pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(members, client):
    from gonghui.accounts.services import open_member_account

    account = open_member_account(members["ea1_a"])
    client.force_login(account, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _code(outbox, phone):
    msgs = [m for m in outbox if m[0] == phone]
    return re.search(r"\d{6}", msgs[-1][2]).group(0)


def test_member_files_follows_adds_information_and_rates(member_client, members, tree, users, unit_ea1, notify_outbox):
    r = member_client.get(reverse("rights_portal:home"))
    assert r.status_code == 200
    r = member_client.post(reverse("rights_portal:file"), {
        "case_type": "overtime_rest", "employer_name": "甲电子有限公司", "credit_code": unit_ea1.credit_code,
        "facts": "每天加班四小时无加班费", "amount_claimed": "6000", "worker_count": "1", "document": pdf_upload()})
    assert r.status_code == 302, r.content.decode()[:3000]
    case = Case.objects.get()
    assert case.channel == "portal" and case.complainant_member == members["ea1_a"]
    assert case.handling_org == tree["EA1"] and case.complainant_name == members["ea1_a"].name
    assert CaseDocument.objects.filter(case=case, from_worker=True).count() == 1
    track = reverse("rights_portal:track", args=[case.reference_no])
    assert r["Location"] == track
    r = member_client.post(track, {"action": "info", "text": "补充：考勤记录已上传"})
    assert r.status_code == 302
    body = member_client.get(track).content.decode()
    assert "考勤记录" in body
    # Not rateable while open.
    member_client.post(track, {"action": "rate", "satisfaction": "5"})
    case.refresh_from_db()
    assert case.satisfaction is None
    staff = users["ea1_staff"]
    services.accept_case(staff, case)
    services.start_mediation(staff, case, "陈调解员")
    services.close_case(staff, case, "agreement", agreement_amount="6000", paying_deadline=datetime.date.today())
    assert member_client.post(track, {"action": "rate", "satisfaction": "4", "comment": "及时"}).status_code == 302
    case.refresh_from_db()
    assert case.satisfaction == 4
    member_client.post(track, {"action": "rate", "satisfaction": "1"})
    case.refresh_from_db()
    assert case.satisfaction == 4  # once


def test_another_members_case_is_not_found(member_client, members, users, tree):
    other = services.file_member_case(_account(members["ea1_b"]), members["ea1_b"], {
        "case_type": "other", "employer_name": "x", "facts": "y"})
    assert member_client.get(reverse("rights_portal:track", args=[other.reference_no])).status_code == 404


def _account(member):
    from gonghui.accounts.services import open_member_account

    return open_member_account(member)


def test_phone_code_flow(client, tree, notify_outbox, django_capture_on_commit_callbacks):
    phone = "13611112222"
    assert client.get(reverse("rights_portal:public_file")).status_code == 302  # not verified yet
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("rights_portal:phone"), {"phone": phone})
    assert r.status_code == 302
    row = VerificationCode.objects.get()
    code = _code(notify_outbox, phone)
    assert code not in row.code_hash and phone not in row.phone_hash
    r = client.post(reverse("rights_portal:verify"), {"code": "000000" if code != "000000" else "111111"})
    assert r.status_code == 200 and "code" in r.context["form"].errors
    assert client.post(reverse("rights_portal:verify"), {"code": code}).status_code == 302
    r = client.post(reverse("rights_portal:public_file"), {
        "name": "吴九", "area": tree["A1"].pk, "case_type": "social_insurance", "employer_name": "丙餐饮店",
        "facts": "未缴社保", "worker_count": "1"})
    assert r.status_code == 302
    case = Case.objects.get()
    assert case.handling_org == tree["A1"] and case.workers.get().phone == phone and not case.anonymous
    assert client.get(r["Location"]).status_code == 200
    assert case.reference_no in client.get(reverse("rights_portal:home")).content.decode()
    # A code is used once.
    with pytest.raises(ValidationError):
        verification.check_code(phone, "rights_complaint", code)


def test_code_store_limits(t0, notify_outbox, django_capture_on_commit_callbacks):
    def send_code(phone, purpose, now):
        with django_capture_on_commit_callbacks(execute=True):
            return verification.send_code(phone, purpose, now=now)

    phone = "13722223333"
    send_code(phone, "p", now=t0)
    with pytest.raises(ValidationError):  # resend too soon
        send_code(phone, "p", now=t0 + datetime.timedelta(seconds=30))
    code = _code(notify_outbox, phone)
    with pytest.raises(ValidationError):  # expired
        verification.check_code(phone, "p", code, now=t0 + datetime.timedelta(minutes=11))
    for i in range(1, 5):
        send_code(phone, "p", now=t0 + datetime.timedelta(minutes=2 * i))
    with pytest.raises(ValidationError):  # five an hour
        send_code(phone, "p", now=t0 + datetime.timedelta(minutes=12))
    code = _code(notify_outbox, phone)
    now = t0 + datetime.timedelta(minutes=9)
    wrong = "000000" if code != "000000" else "111111"
    for _i in range(5):
        with pytest.raises(ValidationError):
            verification.check_code(phone, "p", wrong, now=now)
    assert VerificationCode.objects.filter(attempts=5).count() == 1  # the wrong tries were counted
    assert len([m for m in notify_outbox if m[0] == phone]) == 5  # the refused asks sent nothing
    with pytest.raises(ValidationError):  # locked even with the right code
        verification.check_code(phone, "p", code, now=now)
    send_code("13700000000", "p", now=now)
    assert verification.check_code("13700000000", "p", _code(notify_outbox, "13700000000"), now=now)


def test_anonymous_flow(client, tree, users):
    r = client.post(reverse("rights_portal:anonymous"), {
        "area": tree["B1"].pk, "case_type": "women_workers", "employer_name": "丁服装厂", "facts": "孕期被辞退",
        "worker_count": "1"})
    assert r.status_code == 200
    case = Case.objects.get()
    code = r.context["follow_code"]
    assert case.anonymous and not case.workers.exists() and case.handling_org == tree["B1"]
    body = r.content.decode()
    assert case.reference_no in body and code in body
    # Another browser follows with the reference and the code.
    from django.test import Client

    other = Client()
    track = reverse("rights_portal:track", args=[case.reference_no])
    assert other.get(track).status_code == 404
    r = other.post(reverse("rights_portal:follow"), {"reference": case.reference_no, "follow_code": "WRONGCOD"})
    assert r.status_code == 200 and r.context["form"].non_field_errors()
    r = other.post(reverse("rights_portal:follow"), {"reference": case.reference_no.lower(), "follow_code": code})
    assert r.status_code == 302 and other.get(track).status_code == 200
    # Officials see it as anonymous, with nothing to reveal.
    from django.test import Client as C2

    staff = C2()
    staff.force_login(users["b_staff"], backend="django.contrib.auth.backends.ModelBackend")
    assert "匿名" in staff.get(case.get_absolute_url()).content.decode() or "Anonymous" in staff.get(
        case.get_absolute_url()).content.decode()


def test_follow_code_guessing_is_throttled(client, tree):
    case, code = services.file_anonymous_case({"case_type": "other", "employer_name": "x", "facts": "y"},
                                              area_org=tree["A1"])
    for _i in range(5):
        client.post(reverse("rights_portal:follow"), {"reference": case.reference_no, "follow_code": "AAAAAAAA"})
    r = client.post(reverse("rights_portal:follow"), {"reference": case.reference_no, "follow_code": code})
    assert r.status_code == 200  # blocked even with the right code for a while
