"""Signing in to the portal with a one-time code by text message."""

import datetime
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts import signin_codes
from gonghui.accounts.models import SignInCode
from gonghui.core.models import AuditAction, AuditLog

CODE = re.compile(r"\b([0-9]{6})\b")
ASK, VERIFY = reverse("portal:login_code"), reverse("portal:login_code_verify")
_on_commit = None


@pytest.fixture(autouse=True)
def _commits(django_capture_on_commit_callbacks):
    """Messages leave once the request's transaction commits: run those callbacks here."""
    global _on_commit
    _on_commit = django_capture_on_commit_callbacks


def _ask(client, phone):
    with _on_commit(execute=True):
        response = client.post(ASK, {"phone": phone})
    assert response.status_code == 302 and response["Location"] == VERIFY, response.content.decode()[:500]
    return response


def _code_sent(outbox, phone):
    bodies = [m.body for m in outbox if m.recipient == phone]
    assert bodies, "no code was sent"
    return CODE.search(bodies[-1]).group(1)


def test_sign_in_with_a_code(client, account, members, outbox):
    phone = members["ea1_a"].phone
    _ask(client, f"{phone[:3]} {phone[3:7]} {phone[7:]}")
    code = _code_sent(outbox, phone)
    # Kept as keyed hashes only.
    row = SignInCode.objects.get()
    assert code not in row.code_hash and phone not in row.phone_hash
    page = client.get(VERIFY).content.decode()
    assert phone not in page and phone[-4:] in page
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    assert client.get(reverse("portal:home")).status_code == 200
    entry = AuditLog.objects.get(action=AuditAction.LOGIN, object_id=str(account.pk))
    assert "短信验证码" in entry.note
    # Used once: the number left the session, and the code is spent.
    assert client.get(VERIFY)["Location"] == ASK
    with pytest.raises(ValidationError):
        signin_codes.check_code(phone, code)


def test_the_answer_is_the_same_for_an_unknown_number(client, account, outbox):
    from gonghui.core.testing import make_phone

    unknown = make_phone(seq=77_000_001)
    _ask(client, unknown)
    assert not outbox
    page = client.get(VERIFY)
    assert page.status_code == 200
    response = client.post(VERIFY, {"code": "123456"})
    assert "验证码不正确" in response.context["form"].errors["code"][0]
    # Asked again at once: the same limit as for a real account.
    response = client.post(ASK, {"phone": unknown})
    assert response.context["form"].errors["phone"] == ["刚刚已发送验证码。请一分钟后再试。"]


def test_a_code_expires_after_five_minutes(client, account, members, outbox):
    phone = members["ea1_a"].phone
    _ask(client, phone)
    code = _code_sent(outbox, phone)
    with time_machine.travel(timezone.now() + signin_codes.CODE_TTL + datetime.timedelta(seconds=5)):
        response = client.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert "已过期" in response.context["form"].errors["code"][0]


def test_five_wrong_tries_end_the_code(client, account, members, outbox):
    phone = members["ea1_a"].phone
    _ask(client, phone)
    code = _code_sent(outbox, phone)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _i in range(signin_codes.MAX_ATTEMPTS):
        response = client.post(VERIFY, {"code": wrong})
        assert response.status_code == 200
    assert "错误次数过多" in response.context["form"].errors["code"][0]
    # The sign-in throttle has counted them too: the next try is refused whatever it is.
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 429
    assert not AuditLog.objects.filter(action=AuditAction.LOGIN).exists()


def test_a_malformed_code_is_refused_next_to_the_field(client, account, members):
    _ask(client, members["ea1_a"].phone)
    response = client.post(VERIFY, {"code": "12a4"})
    assert response.context["form"].errors["code"] == ["请输入6位数字验证码。"]


def test_the_verify_page_needs_a_number_first(client):
    assert client.get(VERIFY)["Location"] == ASK


def test_the_login_page_offers_it(client):
    assert ASK in client.get(reverse("portal:login")).content.decode()
