"""Officials' sign-in and sign-out, throttling and the audit entry."""

import pytest
from django.urls import reverse

from gonghui.accounts import services
from gonghui.core.models import AuditAction, AuditLog

PASSWORD = "Gonghui-test-2026"  # gonghui.tools.testing.make_official's default


@pytest.fixture
def login_url():
    return reverse("accounts:login")


def test_login_page_is_chinese_by_default_with_language_switch(client, db, login_url):
    response = client.get(login_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="zh-hans"' in html
    assert reverse("set_language") in html
    assert 'value="en"' in html


def test_login_page_in_english(client, db, login_url, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the user chose English with the switch
    response = client.get(login_url)
    assert 'lang="en"' in response.content.decode()
    assert "Sign in" in response.content.decode()


def test_official_signs_in_goes_home_and_is_audited(client, users, login_url):
    response = client.post(login_url, {"username": "a_staff", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    entry = AuditLog.objects.get(action=AuditAction.LOGIN)
    assert entry.user == users["a_staff"]
    assert entry.org == users["a_staff"].home_org
    assert client.get(reverse("core:home")).status_code == 200


def test_login_follows_safe_next_only(client, users, login_url):
    response = client.post(login_url + "?next=/orgs/", {"username": "a_staff", "password": PASSWORD})
    assert response["Location"] == "/orgs/"
    client.logout()
    response = client.post(login_url + "?next=https://evil.example/", {"username": "a_staff", "password": PASSWORD})
    assert response["Location"] == reverse("core:home")


def test_wrong_password_says_so_and_changes_nothing(client, users, login_url):
    response = client.post(login_url, {"username": "a_staff", "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].non_field_errors()
    assert not AuditLog.objects.filter(action=AuditAction.LOGIN).exists()


def test_empty_fields_are_named(client, db, login_url):
    response = client.post(login_url, {"username": "", "password": ""})
    form = response.context["form"]
    assert "username" in form.errors and "password" in form.errors


def test_inactive_official_cannot_sign_in(client, users, login_url):
    users["a_staff"].is_active = False
    users["a_staff"].save()
    response = client.post(login_url, {"username": "a_staff", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_failures_are_throttled_per_username_and_address(client, users, login_url):
    for _ in range(5):
        assert client.post(login_url, {"username": "a_staff", "password": "wrong"}).status_code == 200
    # Now even the right password is refused, with a clear message.
    response = client.post(login_url, {"username": "a_staff", "password": PASSWORD})
    assert response.status_code == 429
    assert "15" in " ".join(response.context["form"].non_field_errors())
    assert "_auth_user_id" not in client.session
    # Another user name from the same address is not affected, nor the same name from another address.
    assert client.post(login_url, {"username": "a_admin", "password": PASSWORD}).status_code == 302
    client.logout()
    response = client.post(login_url, {"username": "a_staff", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 302


def test_success_resets_the_failure_count(client, users, login_url):
    for _ in range(4):
        client.post(login_url, {"username": "a_staff", "password": "wrong"})
    assert client.post(login_url, {"username": "a_staff", "password": PASSWORD}).status_code == 302
    client.logout()
    for _ in range(4):
        client.post(login_url, {"username": "a_staff", "password": "wrong"})
    assert client.post(login_url, {"username": "a_staff", "password": PASSWORD}).status_code == 302


def test_logout_needs_post(client_for, users):
    client = client_for(users["a_staff"])
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert client.get(reverse("core:home")).status_code == 302  # back to sign-in


def test_signed_in_official_visiting_login_goes_home(client_for, users, login_url):
    assert client_for(users["a_staff"]).get(login_url)["Location"] == reverse("core:home")


def test_anonymous_official_pages_redirect_to_login(client, db):
    response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_throttle_window_runs_from_the_first_failure(monkeypatch):
    """The count expires 15 minutes after the first failure, whatever cache backend (no reset by later hits)."""
    class FakeCache(dict):
        timeouts = []

        def get(self, key, default=None):
            return super().get(key, default)

        def set(self, key, value, timeout):
            self[key] = value
            self.timeouts.append(timeout)

    fake = FakeCache()
    now = [1000.0]
    monkeypatch.setattr(services, "cache", fake)
    monkeypatch.setattr(services.time, "time", lambda: now[0])
    for t in (1000.0, 1600.0, 1800.0):
        now[0] = t
        services.login_failed("official", "someone", "10.1.1.1")
    assert fake.timeouts == [900, 300, 100]
    assert services._count(services._throttle_key("official", "SOMEONE", "10.1.1.1")) == 3
