"""Pluggable delivery of SMS and e-mail messages (codes, activation links, reminders).

``settings.GONGHUI_NOTIFY_BACKEND`` names a class with ``send(recipient, subject, body)``. The default
writes to the log, so the demo and tests need no gateway; a deployment plugs in its SMS provider.
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("gonghui.notify")


class LogBackend:
    """Writes messages to the log (demo and development). The recipient's number is masked there."""

    def send(self, recipient, subject, body):
        from .pii import mask_phone, redact

        shown = recipient if "@" in recipient else mask_phone(recipient)
        logger.info("notify to=%s subject=%s body=%s", shown, subject, redact(body))


class EmailBackend:
    """Sends through Django's e-mail settings; recipients that are not addresses are skipped."""

    def send(self, recipient, subject, body):
        from django.core.mail import send_mail

        if "@" in recipient:
            send_mail(subject, body, None, [recipient])
        else:
            logger.warning("notify: no e-mail address for recipient, message not sent")


def org_recipients(org, roles=("staff", "org_admin")):
    """Where messages to a union go: the phones (else e-mail addresses) of its active officials holding one of
    ``roles`` there, else the union's contact phone. Every area notifies a union through this one query."""
    from .scope import role_assignment_model

    out = []
    rows = (role_assignment_model().objects.filter(org=org, role__in=roles, user__is_active=True)
            .values_list("user__phone", "user__email"))
    for phone, email in rows:
        if phone or email:
            out.append(phone or email)
    if not out and getattr(org, "contact_phone", ""):
        out.append(org.contact_phone)
    return sorted(set(out))


def notify_org(org, subject, body, roles=("staff", "org_admin")):
    """Send a message to a union's officials once the current transaction commits."""
    for recipient in org_recipients(org, roles):
        send_on_commit(recipient, subject, body)


def send(recipient, subject, body):
    backend = import_string(settings.GONGHUI_NOTIFY_BACKEND)()
    backend.send(recipient, str(subject), str(body))


def send_on_commit(recipient, subject, body):
    """Send a message once the current transaction commits (at once outside a transaction).

    A write that rolls back sends nothing: the SMS or e-mail is queued with ``transaction.on_commit`` while the
    "sent" marks are written in the same transaction as the write. The text is fixed now (in the user's
    language); a failing gateway is logged and does not undo the committed write (robust callback).
    """
    from django.db import transaction

    subject, body = str(subject), str(body)
    transaction.on_commit(lambda: send(recipient, subject, body), robust=True)
