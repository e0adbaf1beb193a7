"""What the services of rights protection share: the clock, text fields, reference numbers, the case's history
as the worker reads it, and messages to the worker."""

import secrets

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import notify

from ..models import CaseEvent, CaseWorker

MAX_FACTS = 5000
MAX_WORKERS = 5000
FOLLOW_CODE_CHARS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _now(now):
    return now or timezone.now()


def _local_date(dt):
    return timezone.localtime(dt).date()


def _clean_text(value, field, message, max_length, errors=None, required=True):
    """The text, stripped: refused with ``message`` when required and empty, or when too long; the refusal is
    put in ``errors``, or raised when there is no ``errors``."""
    value = (value or "").strip()
    if required and not value:
        refusal = message
    elif len(value) > max_length:
        refusal = _("At most %(n)d characters.") % {"n": max_length}
    else:
        return value
    if errors is None:
        raise ValidationError({field: refusal})
    errors[field] = refusal
    return value


def _event(case, kind, now, note="", public=True, by_worker=False):
    return CaseEvent.objects.create(case=case, kind=kind, at=now, note=note, public=public, by_worker=by_worker)


def _new_reference(prefix, now):
    return prefix + timezone.localtime(now).strftime("%y%m%d") + secrets.token_hex(3).upper()


def worker_phone(case):
    if case.anonymous:
        return ""
    return (CaseWorker.objects.filter(case=case, is_complainant=True).values_list("phone", flat=True).first() or "")


def notify_worker(case, subject, body):
    """A text message to the complainant (none for anonymous cases), sent when the transaction commits."""
    phone = worker_phone(case)
    if phone:
        notify.send_on_commit(phone, subject, body)
