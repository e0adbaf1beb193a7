"""Issue 15, part 2: every credential change is audited without the secret; a password change revokes the API
tokens and the other sessions; tokens expire and their owner lists and revokes them (page and API)."""

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token as LegacyToken
from rest_framework.test import APIClient

from gonghui.accounts import services, tokens
from gonghui.accounts.models import ApiToken, User
from gonghui.core.models import AuditLog
from gonghui.tools.testing import make_official

PASSWORD = "Gonghui-test-2026"
NEW_PASSWORD = "Xk29-lantern-river"
USERS = "/api/v1/users/"
TOKENS = "/api/v1/tokens/"


def _api(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _entries(user, transition):
    return AuditLog.objects.filter(object_id=str(user.pk), content_type__model="user", transition=transition)


def _no_secret_in_log(*secrets):
    for entry in AuditLog.objects.all():
        text = f"{entry.before} {entry.after} {entry.note}"
        for secret in secrets:
            assert secret not in text


def test_admin_setting_a_password_is_audited_and_revokes_tokens_and_sessions(client_for, users):
    target = users["a_staff"]
    _token, key = tokens.create_token(target, "script")
    legacy = LegacyToken.objects.create(user=target)
    other_session = Client()
    other_session.force_login(target, backend="django.contrib.auth.backends.ModelBackend")
    assert other_session.get(reverse("core:home")).status_code == 200
    assert _api(key).get(USERS).status_code == 200

    response = client_for(users["a_admin"]).post(reverse("accounts:user_edit", args=[target.pk]), {
        "username": "a_staff", "full_name": "a_staff", "home_org": "C01A", "is_active": "on",
        "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    entry = _entries(target, "password_set").get()
    assert entry.user == users["a_admin"]
    _no_secret_in_log(NEW_PASSWORD, key, legacy.key)
    assert not ApiToken.objects.filter(user=target).exists() and not LegacyToken.objects.filter(user=target).exists()
    assert _api(key).get(USERS).status_code == 401
    assert _api(legacy.key).get(USERS).status_code == 401
    assert other_session.get(reverse("core:home")).status_code == 302  # signed out


def test_api_password_change_is_audited(api_for, users):
    target = users["a_viewer"]
    response = api_for(users["a_admin"]).patch(f"{USERS}{target.pk}/", {"password": NEW_PASSWORD}, format="json")
    assert response.status_code == 200
    assert _entries(target, "password_set").count() == 1
    _no_secret_in_log(NEW_PASSWORD)


def test_own_password_change_keeps_this_session_and_ends_the_others(client_for, users):
    me = users["a_staff"]
    other = Client()
    other.force_login(me, backend="django.contrib.auth.backends.ModelBackend")
    _token, key = tokens.create_token(me)
    client = client_for(me)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert "old_password" in response.context["form"].errors
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    assert other.get(reverse("core:home")).status_code == 302
    assert _api(key).get(USERS).status_code == 401
    me.refresh_from_db()
    assert me.check_password(NEW_PASSWORD)
    assert _entries(me, "password_changed").get().user == me
    _no_secret_in_log(NEW_PASSWORD, PASSWORD, key)


def test_portal_password_reset_is_audited(members, users):
    account = services.open_member_account(members["ea1_a"], users["root"])
    services.set_member_password(account, NEW_PASSWORD)
    services.set_member_password(account, "Another-long-pass-77")
    assert _entries(account, "portal_activated").count() == 1
    assert _entries(account, "password_reset").count() == 1
    _no_secret_in_log(NEW_PASSWORD, "Another-long-pass-77")


def test_tokens_expire(users, settings):
    settings.GONGHUI_TOKEN_DAYS = 30
    token, key = tokens.create_token(users["a_staff"], "old")
    assert token.expires_at - token.created_at > datetime.timedelta(days=29)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = _api(key).get(USERS, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 401
    assert "过期" in response.json()["detail"]
    legacy = LegacyToken.objects.create(user=users["a_viewer"])
    assert _api(legacy.key).get(USERS).status_code == 200
    LegacyToken.objects.filter(pk=legacy.pk).update(created=timezone.now() - datetime.timedelta(days=31))
    assert _api(legacy.key).get(USERS).status_code == 401


def test_token_use_is_recorded(users):
    token, key = tokens.create_token(users["a_staff"])
    assert token.last_used_at is None
    assert _api(key).get(USERS).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_page_lists_makes_and_revokes_own_tokens(client_for, users):
    mine, _key = tokens.create_token(users["a_staff"], "old script")
    theirs, _key2 = tokens.create_token(users["a_admin"], "admin script")
    client = client_for(users["a_staff"])
    response = client.get(reverse("accounts:tokens"))
    assert response.status_code == 200
    assert list(response.context["tokens"]) == [mine]
    response = client.post(reverse("accounts:tokens"), {"name": "report job"})
    key = response.context["new_key"]
    assert key in response.content.decode()
    assert _api(key).get(USERS).status_code == 200
    made = ApiToken.objects.get(user=users["a_staff"], name="report job")
    assert made.key_hash != key and key not in made.key_hash  # only a hash is stored
    assert _entries(users["a_staff"], "token_created").count() == 2
    # Another's token is not found; one's own is revoked, audited.
    assert client.post(reverse("accounts:token_revoke", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("accounts:token_revoke", args=[made.pk])).status_code == 302
    assert _api(key).get(USERS).status_code == 401
    assert _entries(users["a_staff"], "token_revoked").count() == 1
    _no_secret_in_log(key)


def test_api_lists_makes_and_revokes_own_tokens(api_for, users):
    other, _k = tokens.create_token(users["a_admin"], "admin")
    api = api_for(users["a_staff"])
    response = api.post(TOKENS, {"name": "nightly"}, format="json")
    assert response.status_code == 201
    key = response.json()["key"]
    rows = api.get(TOKENS).json()["results"]
    assert [r["name"] for r in rows] == ["nightly"] and rows[0]["key"] is None
    assert {"created_at", "last_used_at", "expires_at"} <= set(rows[0])
    assert api.delete(f"{TOKENS}{other.pk}/").status_code == 404
    assert api.delete(f"{TOKENS}{rows[0]['id']}/").status_code == 204
    assert _api(key).get(USERS).status_code == 401
    assert ApiToken.objects.filter(pk=other.pk).exists()


def test_official_without_role_may_still_manage_own_credentials(client, db, tree):
    loner = make_official("loner")
    assert User.objects.get(pk=loner.pk).home_org is None
    client.force_login(loner, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("accounts:tokens")).status_code == 200


def test_command_makes_a_token(users, capsys):
    from django.core.management import call_command

    call_command("api_token", "a_staff", "--name", "nightly export")
    key = capsys.readouterr().out.strip()
    assert key.startswith(tokens.KEY_PREFIX)
    assert _api(key).get(USERS).status_code == 200
    assert ApiToken.objects.get(user=users["a_staff"]).name == "nightly export"
