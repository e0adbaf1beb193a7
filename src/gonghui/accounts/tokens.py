"""API tokens: made, listed and revoked by their owner; expire after ``GONGHUI_TOKEN_DAYS``; all revoked when the
account's password changes. Keys of DRF's ``authtoken`` (``gonghui drf_create_token``) are still accepted under the
same rules: they expire ``GONGHUI_TOKEN_DAYS`` after they were made and are revoked with the password."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token as LegacyToken
from rest_framework.exceptions import AuthenticationFailed

from gonghui.core import audit
from gonghui.core.models import AuditAction

from .models import ApiToken

KEY_PREFIX = "gh_"  # tells our keys from DRF's (40 hex digits), so that a request costs one query either way
LAST_USED_PRECISION = datetime.timedelta(minutes=5)  # 'last used' is written at most this often per token
EXPIRED_MESSAGE = gettext_lazy("This API token has expired. Make a new one on your account's API tokens page.")
INVALID_MESSAGE = gettext_lazy("The API token is not valid (mistyped, revoked or replaced).")


def token_lifetime():
    return datetime.timedelta(days=settings.GONGHUI_TOKEN_DAYS)


def _digest(key):
    return hashlib.sha256(key.encode()).hexdigest()


def tokens_of(user):
    """The user's own tokens, newest first (the only tokens anybody lists: nobody sees another's)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def _audit(action, user, actor, transition, note):
    """The change log gets the account, the token's name and id; never the key."""
    org = user.home_org if not user.is_member_account else getattr(user.member, "org", None)
    audit.record(action, user, user=actor, org=org, transition=transition, note=note)


@transaction.atomic
def create_token(user, name=""):
    """Make a token for ``user`` (an official, by themselves); returns ``(token, key)``: the key is shown once."""
    key = KEY_PREFIX + secrets.token_hex(20)
    token = ApiToken.objects.create(user=user, name=(name or "").strip()[:60], key_hash=_digest(key),
                                    expires_at=timezone.now() + token_lifetime())
    _audit(AuditAction.UPDATE, user, user, "token_created",
           _("API token made: %(name)s (no. %(id)s)") % {"name": token.name or "—", "id": token.pk})
    return token, key


@transaction.atomic
def revoke_token(user, token):
    """Revoke one of ``user``'s own tokens (``token`` comes from ``tokens_of(user)``)."""
    _audit(AuditAction.UPDATE, token.user, user, "token_revoked",
           _("API token revoked: %(name)s (no. %(id)s)") % {"name": token.name or "—", "id": token.pk})
    token.delete()


def revoke_all(user):
    """Every API token of the account (with DRF's legacy key); returns how many. Called when the password changes."""
    count = ApiToken.objects.filter(user=user).delete()[0]
    count += LegacyToken.objects.filter(user=user).delete()[0]
    return count


class ExpiringTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``: our hashed, expiring tokens, and DRF's legacy keys under the same expiry."""

    def authenticate_credentials(self, key):
        now = timezone.now()
        if not key.startswith(KEY_PREFIX):
            return self._legacy(key, now)
        token = ApiToken.objects.select_related("user").filter(key_hash=_digest(key)).first()
        if token is None:
            raise AuthenticationFailed(INVALID_MESSAGE)
        if token.expires_at <= now:
            raise AuthenticationFailed(EXPIRED_MESSAGE)
        if not token.user.is_active:
            raise AuthenticationFailed(INVALID_MESSAGE)
        if token.last_used_at is None or token.last_used_at < now - LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def _legacy(self, key, now):
        token = LegacyToken.objects.select_related("user").filter(key=key).first()
        if token is None or not token.user.is_active:
            raise AuthenticationFailed(INVALID_MESSAGE)
        if token.created + token_lifetime() <= now:
            raise AuthenticationFailed(EXPIRED_MESSAGE)
        return token.user, token
