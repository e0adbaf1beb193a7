"""Pluggable delivery of SMS and e-mail messages (codes, activation links, reminders).

``settings.GONGHUI_NOTIFY_BACKEND`` names a class with ``send(recipient, subject, body)``. The default
writes to the log, so the demo needs no gateway; a deployment plugs in its SMS provider. The log never holds
what a message gives access with: links are cut after their plain path (the token is gone), one-time codes and
the numbers of people are masked (:func:`mask_message`). Tests read whole messages from ``outbox``
(:class:`OutboxBackend`, selected for every test by the root conftest), as Django's tests read ``mail.outbox``.
"""

import logging
import re
from typing import NamedTuple

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("gonghui.notify")


_URL = re.compile(r"https?://[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]+")  # ends at CJK text and spaces
_PLAIN_SEGMENT = re.compile(r"[a-z][a-z_-]*")  # "portal", "set-password": words of a route, not a token
_CODE = re.compile(r"(?<![0-9A-Za-z*-])[0-9]{4,8}(?![0-9A-Za-z*-])")  # a code alone, not "KN00000001" or a date
MASK = "…"


def _mask_link(url):
    scheme, _sep, rest = url.partition("://")
    host, _sep, path = rest.partition("/")
    kept = []
    for segment in re.split(r"[/?#]", path):
        if not _PLAIN_SEGMENT.fullmatch(segment):
            return f"{scheme}://{host}/" + "".join(f"{s}/" for s in kept) + (MASK if segment else "")
        kept.append(segment)
    return url


def mask_message(text):
    """A message as the log may show it: ID numbers and phones masked (:func:`pii.redact`), every link cut where
    its path stops being plain words (a set-password link keeps ``/portal/set-password/`` only), and every
    standalone run of 4 to 8 digits (a verification code) replaced by ``******``."""
    from .pii import redact

    out, last = [], 0
    text = redact(str(text))
    for link in _URL.finditer(text):
        out.append(_CODE.sub("******", text[last:link.start()]))
        out.append(_mask_link(link.group(0)))
        last = link.end()
    out.append(_CODE.sub("******", text[last:]))
    return "".join(out)


class LogBackend:
    """Writes messages to the log (demo and development): the recipient's number, links and codes masked."""

    def send(self, recipient, subject, body):
        from .pii import mask_phone

        shown = recipient if "@" in recipient else mask_phone(recipient)
        logger.info("notify to=%s subject=%s body=%s", shown, mask_message(subject), mask_message(body))


class Message(NamedTuple):
    """A message as sent: ``(recipient, subject, body)``."""

    recipient: str
    subject: str
    body: str


outbox = []  # messages sent through OutboxBackend, whole (tests)


class OutboxBackend(LogBackend):
    """For tests: keeps every message whole in :data:`outbox` and logs it masked like :class:`LogBackend`."""

    def send(self, recipient, subject, body):
        outbox.append(Message(recipient, subject, body))
        super().send(recipient, subject, body)


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
