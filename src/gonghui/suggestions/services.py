"""Writes of the suggestion box: a member's suggestion (named or anonymous), the union's answer and closing."""

import datetime
import hashlib
import hmac
import secrets
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.models import AuditLog
from gonghui.core.sequences import allocate
from gonghui.core.services import save_object
from gonghui.core.workflow import transition

from .choices import Category
from .models import Suggestion

RECEIPT_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed again
RECEIPT_LENGTH = 12  # 60 bits: found only by its holder


def receipt_hash(code):
    code = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return hmac.new(settings.HASH_KEY.encode(), f"suggestion|{code}".encode(), hashlib.sha256).hexdigest()


def format_receipt(code):
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def _check(subject, text, category):
    errors = {}
    if not (subject or "").strip():
        errors["subject"] = _("Enter a subject.")
    elif len(subject.strip()) > 100:
        errors["subject"] = _("The subject is limited to 100 characters.")
    if not (text or "").strip():
        errors["text"] = _("Write your suggestion.")
    elif len(text) > 5000:
        errors["text"] = _("The suggestion is limited to 5,000 characters.")
    if category not in Category.values:
        errors["category"] = _("Choose a category.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def submit_suggestion(member, *, subject, text, category, anonymous=False, account=None, now=None):
    """The member's suggestion to their union. Returns (suggestion, receipt code or None).

    Anonymous: neither the member nor the account is stored, and the change-log entry names no user and no address;
    the receipt code (shown once) is the member's only way back to it."""
    _check(subject, text, category)
    now = now or timezone.now()
    if anonymous:
        # Only the day is kept: an exact time could be matched with the member's sign-in or page views.
        now = start_of_day(now)
    s = Suggestion(org=member.org, subject=subject.strip(), text=text.strip(), category=category,
                   anonymous=bool(anonymous), submitted_at=now, submitted_on=timezone.localdate(now),
                   reference_no=f"JY{timezone.localdate(now):%Y}{allocate('suggestion'):06d}")
    code = None
    if anonymous:
        code = "".join(secrets.choice(RECEIPT_CHARS) for _i in range(RECEIPT_LENGTH))
        s.receipt_hash = receipt_hash(code)
    else:
        s.member = member
    s.save()
    entry = audit.created(s, None if anonymous else account)
    if anonymous:
        AuditLog.objects.filter(pk=entry.pk).update(ip=None, timestamp=now)
    return s, (format_receipt(code) if code else None)


def start_of_day(moment):
    """Local midnight of the day ``moment`` falls on (aware)."""
    day = timezone.localtime(moment).date()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def by_receipt(code):
    """The anonymous suggestion a receipt code opens, or None."""
    if not code or not code.strip():
        return None
    return Suggestion.objects.select_related("org").filter(anonymous=True, receipt_hash=receipt_hash(code)).first()


def days_between(start, end):
    return (Decimal((end - start).total_seconds()) / Decimal(86400)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@transaction.atomic
def answer_suggestion(user, suggestion, answer, now=None):
    """The union's answer (again, to amend it, while not closed); the time to answer counts from the first one."""
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Write the answer.")})
    if len(answer) > 5000:
        raise ValidationError({"answer": _("The answer is limited to 5,000 characters.")})
    now = now or timezone.now()
    changes = {"answer": answer, "answered_by": user if getattr(user, "pk", None) else None}
    if suggestion.answered_at is None:
        changes.update(answered_at=now, answer_days=days_between(suggestion.submitted_at, now))
    return transition(suggestion, user, "answer", changes=changes)


@transaction.atomic
def close_suggestion(user, suggestion):
    return transition(suggestion, user, "close")


@transaction.atomic
def categorise(user, suggestion, *, category):
    """Officials may correct the category."""
    if category not in Category.values:
        raise ValidationError({"category": _("Choose a category.")})
    return save_object(user, suggestion, {"category": category}, fields=["category"])
