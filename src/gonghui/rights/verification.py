"""One-time codes sent by text message: prove you hold a phone number without having an account.

Reusable by any page that needs it (``purpose`` keeps uses apart). Stored as keyed hashes only; a code
expires after ``CODE_TTL``, allows ``MAX_ATTEMPTS`` wrong tries, is used once; a phone gets at most one code
per ``RESEND_SECONDS`` and ``MAX_PER_HOUR`` per hour. Sent through ``gonghui.core.notify``.
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

from .models import VerificationCode

CODE_TTL = datetime.timedelta(minutes=10)
MAX_ATTEMPTS = 5
RESEND_SECONDS = 60
MAX_PER_HOUR = 5


def _hash(*parts):
    return hmac.new(settings.HASH_KEY.encode(), "|".join(parts).encode(), hashlib.sha256).hexdigest()


def phone_hash(purpose, phone):
    return _hash("phone", purpose, phone)


@transaction.atomic
def send_code(phone, purpose, *, now=None, subject=None):
    """Issue a new code for ``phone`` and send it; ValidationError on ``phone`` when asked too often."""
    now = now or timezone.now()
    ph = phone_hash(purpose, phone)
    recent = VerificationCode.objects.select_for_update().filter(
        purpose=purpose, phone_hash=ph, created_at__gte=now - datetime.timedelta(hours=1))
    times = list(recent.values_list("created_at", flat=True))
    if any(t > now - datetime.timedelta(seconds=RESEND_SECONDS) for t in times):
        raise ValidationError({"phone": _("A code was sent a moment ago. Wait a minute before asking for another.")})
    if len(times) >= MAX_PER_HOUR:
        raise ValidationError({"phone": _("Too many codes were asked for this number. Try again in an hour.")})
    code = f"{secrets.randbelow(1_000_000):06d}"
    # A new code replaces the older ones.
    VerificationCode.objects.filter(purpose=purpose, phone_hash=ph, used_at__isnull=True).update(used_at=now)
    VerificationCode.objects.create(purpose=purpose, phone_hash=ph, code_hash=_hash("code", purpose, phone, code),
                                    created_at=now, expires_at=now + CODE_TTL)
    minutes = int(CODE_TTL.total_seconds() // 60)
    # Sent once the stored code commits: a rolled-back request sends no code that could never be checked.
    subject = str(subject or _("Verification code"))
    body = (_("Your verification code is %(code)s. It is valid for %(minutes)d minutes. Do not share it.")
            % {"code": code, "minutes": minutes})
    notify.send_on_commit(phone, subject, body)
    return True


def check_code(phone, purpose, code, *, now=None):
    """Use the code: True once when it is right, fresh and not used; ValidationError on ``code`` otherwise.

    A wrong try is counted (committed) before the error is raised.
    """
    now = now or timezone.now()
    with transaction.atomic():
        error = _use_code(phone, purpose, code, now)
    if error:
        raise ValidationError({"code": error})
    return True


def _use_code(phone, purpose, code, now):
    record = (VerificationCode.objects.select_for_update()
              .filter(purpose=purpose, phone_hash=phone_hash(purpose, phone), used_at__isnull=True)
              .order_by("-created_at").first())
    if record is None or record.expires_at < now:
        return _("The code has expired or was not asked for. Ask for a new code.")
    if record.attempts >= MAX_ATTEMPTS:
        return _("Too many wrong tries. Ask for a new code.")
    if not hmac.compare_digest(record.code_hash, _hash("code", purpose, phone, (code or "").strip())):
        VerificationCode.objects.filter(pk=record.pk).update(attempts=F("attempts") + 1)
        left = MAX_ATTEMPTS - record.attempts - 1
        if left <= 0:
            return _("Too many wrong tries. Ask for a new code.")
        return _("The code is not right. %(n)d tries left.") % {"n": left}
    if not VerificationCode.objects.filter(pk=record.pk, used_at__isnull=True).update(used_at=now):
        return _("The code has expired or was not asked for. Ask for a new code.")
    return None


def purge(now=None):
    """Delete codes older than a day (the daily round calls it)."""
    now = now or timezone.now()
    return VerificationCode.objects.filter(created_at__lt=now - datetime.timedelta(days=1)).delete()[0]
