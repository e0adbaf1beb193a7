"""会员电子卡: the card page, its QR code's signed address, and the page an official's phone opens with it."""

import datetime
import re
from urllib.parse import urlparse

import pytest
import time_machine
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from gonghui.core.models import AuditAction, AuditLog
from gonghui.members import services as member_services
from gonghui.portal import card

SCAN = re.compile(r'data-scan-url="([^"]+)"')


def _scan_path(client):
    response = client.get(reverse("portal:card"))
    assert response.status_code == 200
    return urlparse(SCAN.search(response.content.decode()).group(1)).path


def _assert_no_pii(html, member):
    for secret in (member.id_number, member.id_number_masked, member.phone, member.phone_masked, member.member_no):
        assert secret not in html


def test_card_shows_name_union_number_and_a_qr_code(member_client, members):
    member = members["ea1_a"]
    response = member_client.get(reverse("portal:card"))
    html = response.content.decode()
    assert response.status_code == 200
    assert member.name in html and member.org.name in html and member.member_no in html
    assert 'src="data:image/svg+xml;base64,' in html and 'http-equiv="refresh"' in html
    assert member.id_number not in html and member.phone not in html
    assert response["Cache-Control"].startswith("max-age=0")
    # The card is offered as a tile on the portal's home page.
    assert reverse("portal:card") in member_client.get(reverse("portal:home")).content.decode()


def test_the_card_needs_a_member_sign_in(client, users):
    assert client.get(reverse("portal:card"))["Location"].startswith(reverse("portal:login"))


def test_scan_shows_only_name_union_and_status_and_is_audited(member_client, client, members):
    member = members["ea1_a"]
    path = _scan_path(member_client)
    member_client.logout()
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert member.name in html and member.org.name in html and member.get_status_display() in html
    _assert_no_pii(html, member)
    assert members["ea1_b"].name not in html
    entry = AuditLog.objects.get(action=AuditAction.REVEAL, transition="card_checked", object_id=str(member.pk))
    assert entry.user is None and entry.org_id == member.org_id


def test_a_signed_in_official_scanning_is_named_in_the_log(member_client, client_for, users, members):
    path = _scan_path(member_client)
    assert client_for(users["ea1_staff"]).get(path).status_code == 200
    assert AuditLog.objects.filter(transition="card_checked", user=users["ea1_staff"]).exists()


def test_an_expired_code_is_refused(member_client, client, members):
    path = _scan_path(member_client)
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=card.MAX_AGE + 60)):
        response = client.get(path)
    assert response.status_code == 400
    html = response.content.decode()
    assert "过期" in html and members["ea1_a"].name not in html
    assert not AuditLog.objects.filter(transition="card_checked").exists()


def test_a_code_still_fresh_works(member_client, client):
    path = _scan_path(member_client)
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=card.MAX_AGE - 60)):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize("forge", [
    lambda token, pk: token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB"),  # signature altered
    lambda token, pk: signing.dumps(pk + 1, salt=card.SALT)[:-6] + token[-6:],  # another member, old signature
    lambda token, pk: signing.dumps(pk),  # signed, but not for cards
    lambda token, pk: "nonsense",
])
def test_a_tampered_code_is_refused(member_client, client, members, forge):
    member = members["ea1_a"]
    token = urlparse(_scan_path(member_client)).path.rstrip("/").rsplit("/", 1)[1]
    response = client.get(reverse("portal:card_check", args=[forge(token, member.pk)]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "不是有效的会员卡" in html
    assert member.name not in html and members["ea1_b"].name not in html


def test_a_member_who_left_shows_as_such(member_client, client, members, users):
    member = members["ea1_a"]
    path = _scan_path(member_client)
    member_services.withdraw_member(users["root"], member, "离职")
    member.refresh_from_db()
    html = client.get(path).content.decode()
    assert member.get_status_display() in html and "目前不是工会会员" in html
    _assert_no_pii(html, member)
