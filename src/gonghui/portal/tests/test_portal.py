"""The member portal: activation link → password → sign in by phone → own records only."""

import logging
import re
from urllib.parse import urlparse

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from gonghui.accounts import services as account_services
from gonghui.core import notify
from gonghui.core.models import AuditAction, AuditLog
from gonghui.core.pii import mask_phone
from gonghui.members import services as member_services
from gonghui.tools.testing import member_data

PASSWORD = "Lotus-harbour-2026"
LINK = re.compile(r"https?://\S+/portal/set-password/[^/\s]+/[^/\s]+/")


def _link_path(outbox):
    """The path of the newest set-password link sent (read from the outbox: the log shows links masked)."""
    links = [m.group(0) for message in outbox for m in LINK.finditer(message.body)]
    assert links, "no set-password link was sent"
    return urlparse(links[-1]).path


@pytest.fixture
def account_link(members, outbox):
    """(member, account, path of the activation link) for the first EA1 member."""
    member = members["ea1_a"]
    account = account_services.open_member_account(member)
    return member, account, _link_path(outbox)


@pytest.fixture
def member_client(client, account_link):
    """A client signed in to the portal (through the activation link) as the first EA1 member."""
    member, account, path = account_link
    response = client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 302, response.content
    return client


def test_activation_set_password_sign_in_and_see_own_membership(client, account_link):
    member, account, path = account_link
    page = client.get(path)
    assert page.status_code == 200 and page.context["activating"]
    response = client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    account.refresh_from_db()
    assert account.check_password(PASSWORD)
    assert AuditLog.objects.filter(object_id=str(account.pk), transition="portal_activated").exists()
    # The link works once.
    assert client.get(path).status_code == 400
    # Sign out, then in again with the phone number (spaces and +86 tolerated).
    assert client.post(reverse("portal:logout"))["Location"] == reverse("portal:login")
    assert client.get(reverse("portal:home")).status_code == 302
    phone = member.phone
    response = client.post(reverse("portal:login"), {"phone": f"+86 {phone[:3]} {phone[3:7]} {phone[7:]}",
                                                     "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    assert AuditLog.objects.filter(action=AuditAction.LOGIN, object_id=str(account.pk), org=member.org).exists()
    home = client.get(reverse("portal:home"))
    assert home.status_code == 200
    html = home.content.decode()
    assert member.name in html and member.member_no in html and member.org.name in html
    assert member.id_number_masked in html and member.id_number not in html
    assert member.join_date.strftime("%Y-%m-%d") in html


def test_member_sees_only_own_records(member_client, members):
    other = members["ea1_b"]
    for name in ("portal:home", "portal:applications", "portal:history"):
        response = member_client.get(reverse(name))
        assert response.status_code == 200
        html = response.content.decode()
        assert other.name not in html and other.member_no not in html
        assert members["eb1_a"].name not in html
    history = member_client.get(reverse("portal:history"))
    assert [e.member_id for e in history.context["events"]] == [members["ea1_a"].pk] * len(history.context["events"])
    assert history.context["events"]  # joining is recorded


def test_member_sees_own_applications(client, tree, users, outbox):
    data = member_data(name="吴十")
    data.pop("join_date")
    app = member_services.submit_application(tree["EA1"], data)
    other = member_services.submit_application(tree["EA1"], {**member_data(name="郑一"), "join_date": None})
    with pytest.MonkeyPatch.context() as mp:
        # approve_application opens the portal account on commit
        mp.setattr("django.db.transaction.on_commit", lambda fn, *a, **k: fn())
        member_services.approve_application(users["root"], app)
    path = _link_path(outbox)
    client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    response = client.get(reverse("portal:applications"))
    assert [a.reference_no for a in response.context["applications"]] == [app.reference_no]
    assert other.reference_no not in response.content.decode()


def test_pending_transfer_is_shown(member_client, members, users, tree):
    member_services.start_transfer(users["root"], members["ea1_a"], tree["EB1"], reason="换工作")
    response = member_client.get(reverse("portal:home"))
    assert response.context["transfer"] is not None
    assert tree["EB1"].name in response.content.decode()


def test_official_pages_and_api_refuse_a_member(member_client, members):
    for url in (reverse("core:home"), reverse("accounts:user_list"), reverse("members:member_list"),
                reverse("members:member_detail", args=[members["ea1_a"].pk])):
        response = member_client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("portal:home"), url
    assert member_client.get("/api/v1/users/").status_code == 403
    assert member_client.get("/api/v1/members/").status_code == 403


def test_api_token_of_a_member_is_refused(api_for, account_link):
    _member, account, _path = account_link
    client = api_for(account)
    for url in ("/api/v1/users/", "/api/v1/role-assignments/", "/api/v1/audit-log/", "/api/v1/members/"):
        assert client.get(url).status_code == 403, url


def test_member_signing_in_on_the_officials_page_goes_to_the_portal(client, account_link):
    _member, account, path = account_link
    client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    client.post(reverse("portal:logout"))
    response = client.post(reverse("accounts:login"), {"username": account.username, "password": PASSWORD})
    assert response["Location"] == reverse("portal:home")


def test_official_cannot_sign_in_to_the_portal_and_is_sent_home(client, client_for, users):
    users["a_staff"].phone = "13600136000"
    users["a_staff"].save()
    response = client.post(reverse("portal:login"), {"phone": "13600136000", "password": "Gonghui-test-2026"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert client_for(users["a_staff"]).get(reverse("portal:home"))["Location"] == reverse("core:home")


def test_wrong_password_and_throttling(member_client, members):
    member_client.post(reverse("portal:logout"))
    phone = members["ea1_a"].phone
    for _ in range(5):
        response = member_client.post(reverse("portal:login"), {"phone": phone, "password": "wrong-one"})
        assert response.status_code == 200 and response.context["form"].non_field_errors()
    response = member_client.post(reverse("portal:login"), {"phone": phone, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in member_client.session


def test_login_form_names_bad_phone(client, db):
    response = client.post(reverse("portal:login"), {"phone": "12", "password": "x"})
    assert "phone" in response.context["form"].errors


def test_set_password_errors_beside_the_fields(client, account_link):
    _member, account, path = account_link
    response = client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD + "x"})
    assert "new_password2" in response.context["form"].errors
    response = client.post(path, {"new_password1": "12345678", "new_password2": "12345678"})
    assert "new_password1" in response.context["form"].errors
    account.refresh_from_db()
    assert not account.has_usable_password()
    assert client.get(path).status_code == 200  # still valid after failed tries


def test_bad_links_are_refused(client, account_link):
    _member, account, path = account_link
    assert client.get(path[:-3] + "xx/").status_code == 400
    assert client.get(reverse("portal:set_password", args=["Zm9v", "abc-def"])).status_code == 400


def test_officials_cannot_use_set_password_links(client, users):
    official = users["a_staff"]
    url = reverse("portal:set_password", args=[urlsafe_base64_encode(force_bytes(official.pk)),
                                               default_token_generator.make_token(official)])
    assert client.get(url).status_code == 400


def test_forgot_password_answers_the_same_and_sends_only_to_accounts(client, members, caplog, outbox):
    caplog.set_level(logging.INFO, logger="gonghui.notify")
    with_account = members["ea1_a"]
    account_services.open_member_account(with_account)
    caplog.clear()
    outbox.clear()
    url = reverse("portal:forgot_password")
    assert client.get(url).status_code == 200

    unknown = client.post(url, {"phone": "13000000001"})
    no_account = client.post(url, {"phone": members["ea1_b"].phone})  # a member, but without a portal account
    notify.wait_sent()  # the link goes out from a thread of its own (the answer's time tells nothing)
    assert not [r for r in caplog.records if r.name == "gonghui.notify"] and not outbox
    known = client.post(url, {"phone": with_account.phone})
    notify.wait_sent()
    sent = [r for r in caplog.records if r.name == "gonghui.notify"]
    assert len(sent) == 1 and mask_phone(with_account.phone) in sent[0].getMessage()
    assert with_account.phone not in sent[0].getMessage()  # logs carry masked numbers only
    assert "/portal/set-password/" in sent[0].getMessage() and not LINK.search(sent[0].getMessage())  # nor links
    assert [m.recipient for m in outbox] == [with_account.phone]

    def strip(response):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"|"X-CSRFToken": "[^"]+"', "", response.content.decode())

    def strip_phone(response, phone):
        return strip(response).replace(phone, "PHONE")

    assert unknown.status_code == no_account.status_code == known.status_code == 200
    assert strip_phone(unknown, "13000000001") == strip_phone(known, with_account.phone) == strip_phone(
        no_account, members["ea1_b"].phone)

    # The reset link works like the activation link.
    path = _link_path(outbox)
    response = client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 302
    account = with_account.account
    account.refresh_from_db()
    assert account.check_password(PASSWORD)


def test_forgot_password_is_rate_limited_silently(client, members, caplog):
    caplog.set_level(logging.INFO, logger="gonghui.notify")
    member = members["ea1_a"]
    account_services.open_member_account(member)
    caplog.clear()
    for _ in range(5):
        assert client.post(reverse("portal:forgot_password"), {"phone": member.phone}).status_code == 200
    notify.wait_sent()
    assert len([r for r in caplog.records if r.name == "gonghui.notify"]) == account_services.RESET_MAX_REQUESTS


def test_forgot_password_names_a_malformed_number(client, db):
    response = client.post(reverse("portal:forgot_password"), {"phone": "abc"})
    assert "phone" in response.context["form"].errors


def test_portal_pages_are_slim_and_chinese(member_client):
    html = member_client.get(reverse("portal:home")).content.decode()
    assert 'lang="zh-hans"' in html
    assert "bootstrap.min.css" in html
    assert reverse("accounts:user_list") not in html and "/orgs/" not in html


def test_anonymous_portal_pages_redirect_to_portal_login(client, db):
    for name in ("portal:home", "portal:applications", "portal:history"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("portal:login"))


class GatedBackend(notify.OutboxBackend):
    """A gateway that holds every message until the test opens the gate."""

    gate = None

    def send(self, recipient, subject, body):
        assert self.gate.wait(10)
        super().send(recipient, subject, body)


def test_forgot_password_answers_before_the_gateway(client, members, outbox, settings):
    # The answer must not wait for the SMS gateway: its time would tell which numbers have an account.
    import threading

    account_services.open_member_account(members["ea1_a"])
    outbox.clear()
    GatedBackend.gate = threading.Event()
    settings.GONGHUI_NOTIFY_BACKEND = "gonghui.portal.tests.test_portal.GatedBackend"
    response = client.post(reverse("portal:forgot_password"), {"phone": members["ea1_a"].phone})
    assert response.status_code == 200 and not list.__len__(outbox)  # answered while the gateway still holds it
    GatedBackend.gate.set()
    assert [m.recipient for m in outbox] == [members["ea1_a"].phone]
