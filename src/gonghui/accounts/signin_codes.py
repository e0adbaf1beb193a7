"""Signing in to the member portal with a one-time code sent by text message, instead of the password.

The code is 6 digits, valid ``CODE_TTL`` (5 minutes), used once, and allows ``MAX_ATTEMPTS`` wrong tries; a
new code replaces the older ones. Only keyed hashes are stored (of the phone and of the code).

No account enumeration: every well-formed number gets the same answer and the same limits. A code is recorded
for any number (so the resend limits and the "wrong code" answers are the same), and sent only to a number that
signs in a member's active portal account, from a thread of its own (``notify.send_detached``: the answer does not wait
for the gateway, so its time does not tell either). Wrong tries also count in the sign-in throttle
(``services.login_failed``) of the views.
"""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import notify
from gonghui.core.validators import normalise_phone

from .choices import UserKind
from .models import SignInCode, User

CODE_TTL = datetime.timedelta(minutes=5)
MAX_ATTEMPTS = 5
RESEND_SECONDS = 60
MAX_PER_HOUR = 5


def _hash(*parts):
    return hmac.new(settings.HASH_KEY.encode(), "|".join(("signin", *parts)).encode(), hashlib.sha256).hexdigest()


def member_account(phone):
    """The active member portal account this number signs in (the same lookup as 'forgot password')."""
    return User.objects.filter(phone=normalise_phone(phone), kind=UserKind.MEMBER, is_active=True).first()


@transaction.atomic
def send_code(phone, *, now=None):
    """Issue a code for ``phone`` and text it if the number has a portal account; the same for any number.
    ValidationError on ``phone`` when codes are asked for too often."""
    now = now or timezone.now()
    phone = normalise_phone(phone)
    ph = _hash("phone", phone)
    SignInCode.objects.filter(created_at__lt=now - datetime.timedelta(days=1)).delete()  # nothing kept for long
    times = list(SignInCode.objects.select_for_update().filter(
        phone_hash=ph, created_at__gte=now - datetime.timedelta(hours=1)).values_list("created_at", flat=True))
    if any(t > now - datetime.timedelta(seconds=RESEND_SECONDS) for t in times):
        raise ValidationError({"phone": _("A code was sent a moment ago. Wait a minute before asking for another.")})
    if len(times) >= MAX_PER_HOUR:
        raise ValidationError({"phone": _("Too many codes were asked for this number. Try again in an hour.")})
    code = f"{secrets.randbelow(1_000_000):06d}"
    SignInCode.objects.filter(phone_hash=ph, used_at__isnull=True).update(used_at=now)
    SignInCode.objects.create(phone_hash=ph, code_hash=_hash("code", phone, code), created_at=now,
                              expires_at=now + CODE_TTL)
    if member_account(phone) is not None:
        minutes = int(CODE_TTL.total_seconds() // 60)
        notify.send_detached(phone, _("gonghui member portal"), _(
            "Your sign-in code is %(code)s. It is valid for %(minutes)d minutes. Do not share it with anyone, "
            "union staff included.") % {"code": code, "minutes": minutes})
    return True


def check_code(phone, code, *, now=None):
    """The account the right, fresh, unused code signs in; ValidationError on ``code`` otherwise (a wrong try is
    counted and committed before the error is raised)."""
    now = now or timezone.now()
    phone = normalise_phone(phone)
    with transaction.atomic():
        error = _use_code(phone, (code or "").strip(), now)
    if error:
        raise ValidationError({"code": error})
    account = member_account(phone)
    if account is None:  # the code was right, but no account: answered like a used code
        raise ValidationError({"code": _("The code has expired or was not asked for. Ask for a new code.")})
    return account


def _use_code(phone, code, now):
    record = (SignInCode.objects.select_for_update()
              .filter(phone_hash=_hash("phone", phone), used_at__isnull=True).order_by("-created_at").first())
    if record is None or record.expires_at < now:
        return _("The code has expired or was not asked for. Ask for a new code.")
    if record.attempts >= MAX_ATTEMPTS:
        return _("Too many wrong tries. Ask for a new code.")
    if not hmac.compare_digest(record.code_hash, _hash("code", phone, code)):
        SignInCode.objects.filter(pk=record.pk).update(attempts=F("attempts") + 1)
        left = MAX_ATTEMPTS - record.attempts - 1
        if left <= 0:
            return _("Too many wrong tries. Ask for a new code.")
        return _("The code is not right. %(n)d tries left.") % {"n": left}
    if not SignInCode.objects.filter(pk=record.pk, used_at__isnull=True).update(used_at=now):
        return _("The code has expired or was not asked for. Ask for a new code.")
    return None
