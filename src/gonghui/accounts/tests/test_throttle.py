"""Issue 15, part 9: sign-in limits per account across addresses and per address across accounts (a browser that
signed in to the account before keeps its way in), public forms limited per address, the client address from
the trusted proxy's header only."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from gonghui.accounts import services, throttle
from gonghui.core.net import client_ip

PASSWORD = "Gonghui-test-2026"


@pytest.fixture
def login_url():
    return reverse("accounts:login")


def _sign_in(client, login_url, username, ip):
    return client.post(login_url, {"username": username, "password": PASSWORD}, REMOTE_ADDR=ip).status_code


def _fail(client, login_url, username, ip):
    return client.post(login_url, {"username": username, "password": "wrong"}, REMOTE_ADDR=ip)


def test_password_spray_from_one_address_is_slowed(client, users, login_url, monkeypatch):
    monkeypatch.setattr(throttle, "ADDRESS_MAX_FAILURES", 6)
    # a_staff signed in from this office's shared address before: their browser keeps a device cookie.
    office = Client()
    assert _sign_in(office, login_url, "a_staff", "10.2.2.2") == 302
    office.post(reverse("accounts:logout"))
    # An attacker behind the same address tries two passwords on each of three accounts.
    for name in ("a_admin", "a_viewer", "b_staff"):
        for _ in range(2):
            assert _fail(client, login_url, name, "10.2.2.2").status_code == 200
    # Now the address is slowed for accounts this browser never signed in to, even with the right password...
    response = client.post(login_url, {"username": "ea1_staff", "password": PASSWORD}, REMOTE_ADDR="10.2.2.2")
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    # ...but the official whose browser signed in before still gets in from the shared address,
    response = office.post(login_url, {"username": "a_staff", "password": PASSWORD}, REMOTE_ADDR="10.2.2.2")
    assert response.status_code == 302
    # and other addresses are not affected.
    fresh = Client()
    assert fresh.post(login_url, {"username": "ea1_staff", "password": PASSWORD},
                      REMOTE_ADDR="10.3.3.3").status_code == 302


def test_one_account_guessed_from_many_addresses_is_slowed(client, users, login_url, monkeypatch):
    monkeypatch.setattr(throttle, "ACCOUNT_MAX_FAILURES", 8)
    owner = Client()
    assert _sign_in(owner, login_url, "a_admin", "10.0.0.1") == 302
    owner.post(reverse("accounts:logout"))
    for i in range(8):  # two tries from each of four addresses: under the per-address brake of 5
        _fail(client, login_url, "a_admin", f"10.9.0.{i // 2}")
    response = client.post(login_url, {"username": "a_admin", "password": PASSWORD}, REMOTE_ADDR="10.9.1.1")
    assert response.status_code == 429
    # The owner's own browser is not locked out by the attacker.
    assert _sign_in(owner, login_url, "a_admin", "10.0.0.1") == 302


def test_a_forged_device_cookie_is_not_trusted(client, users, login_url, monkeypatch):
    monkeypatch.setattr(throttle, "ACCOUNT_MAX_FAILURES", 3)
    for i in range(3):
        _fail(client, login_url, "a_admin", f"10.8.0.{i}")
    client.cookies[throttle.DEVICE_COOKIE] = throttle._device_id("official", "a_admin")  # unsigned
    response = client.post(login_url, {"username": "a_admin", "password": PASSWORD}, REMOTE_ADDR="10.8.1.1")
    assert response.status_code == 429


def test_portal_sign_in_is_limited_per_address(client, members, monkeypatch):
    monkeypatch.setattr(throttle, "ADDRESS_MAX_FAILURES", 3)
    for i in range(3):
        client.post(reverse("portal:login"), {"phone": f"1390000000{i}", "password": "wrong-one"})
    response = client.post(reverse("portal:login"), {"phone": "13900000009", "password": "wrong-one"})
    assert response.status_code == 429


def test_anonymous_complaints_are_limited_per_address(client, tree, monkeypatch):
    monkeypatch.setitem(throttle.PUBLIC_FORM_LIMITS, "complaint", (2, 3600))
    url = reverse("rights_portal:anonymous")
    for _ in range(2):
        assert client.post(url, {}).status_code == 200  # form errors, but counted
    response = client.post(url, {})
    assert response.status_code == 429
    assert throttle.PUBLIC_FORM_MESSAGE in response.context["form"].non_field_errors()
    assert client.post(url, {}, REMOTE_ADDR="10.4.4.4").status_code == 200


def test_verification_codes_are_limited_per_address(client, tree, monkeypatch):
    monkeypatch.setitem(throttle.PUBLIC_FORM_LIMITS, "code_send", (2, 3600))
    monkeypatch.setitem(throttle.PUBLIC_FORM_LIMITS, "code_check", (2, 3600))
    url = reverse("rights_portal:phone")
    for i in range(2):
        assert client.post(url, {"phone": f"1380000000{i}"}).status_code == 302
    assert client.post(url, {"phone": "13800000009"}).status_code == 429
    verify = reverse("rights_portal:verify")
    for _ in range(2):
        assert client.post(verify, {"code": "000000"}).status_code == 200
    assert client.post(verify, {"code": "000000"}).status_code == 429


def test_forgot_password_is_limited_per_address_across_numbers(client, members, monkeypatch):
    monkeypatch.setitem(throttle.PUBLIC_FORM_LIMITS, "reset", (2, 3600))
    assert services.reset_allowed("13900000001", "10.5.5.5")
    assert services.reset_allowed("13900000002", "10.5.5.5")
    assert not services.reset_allowed("13900000003", "10.5.5.5")
    assert services.reset_allowed("13900000003", "10.5.5.6")


def _request(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_client_address_comes_from_the_trusted_proxy_only(settings):
    settings.GONGHUI_TRUSTED_PROXY = ""
    assert client_ip(_request("203.0.113.5", "1.2.3.4")) == "203.0.113.5"  # a forged header is ignored
    settings.GONGHUI_TRUSTED_PROXY = "127.0.0.1, 10.0.0.0/8"
    assert client_ip(_request("127.0.0.1", "198.51.100.7")) == "198.51.100.7"
    # The client may put anything at the left; the proxy appends what it saw at the right.
    assert client_ip(_request("127.0.0.1", "1.2.3.4, 198.51.100.7")) == "198.51.100.7"
    assert client_ip(_request("127.0.0.1", "198.51.100.7, 10.1.2.3")) == "198.51.100.7"  # two proxies
    assert client_ip(_request("203.0.113.5", "1.2.3.4")) == "203.0.113.5"  # not from the proxy
    assert client_ip(_request("127.0.0.1", "garbage")) == "127.0.0.1"
    assert client_ip(_request("127.0.0.1")) == "127.0.0.1"


def test_sign_in_limits_follow_the_forwarded_address(client, users, login_url, settings):
    settings.GONGHUI_TRUSTED_PROXY = "127.0.0.1"
    for _ in range(5):
        client.post(login_url, {"username": "a_staff", "password": "wrong"}, REMOTE_ADDR="127.0.0.1",
                    HTTP_X_FORWARDED_FOR="198.51.100.7")
    blocked = client.post(login_url, {"username": "a_staff", "password": PASSWORD}, REMOTE_ADDR="127.0.0.1",
                          HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert blocked.status_code == 429
    # Another client behind the same proxy is not affected.
    other = Client()
    response = other.post(login_url, {"username": "a_staff", "password": PASSWORD}, REMOTE_ADDR="127.0.0.1",
                          HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert response.status_code == 302


def test_join_form_counts_the_forwarded_address(client, tree, settings, monkeypatch):
    from gonghui.members import views as member_views

    settings.GONGHUI_TRUSTED_PROXY = "127.0.0.1"
    monkeypatch.setattr(member_views, "JOIN_LIMIT_PER_IP", (1, 3600))
    url = reverse("members:join", args=[tree["EA1"].code])
    client.post(url, {}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client.post(url, {}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    assert client.post(url, {}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8").status_code != 429
