"""Pluggable delivery of SMS and e-mail messages (codes, activation links, reminders).

``settings.GONGHUI_NOTIFY_BACKEND`` names a class with ``send(recipient, subject, body)``. The default
writes to the log, so the demo needs no gateway; a deployment plugs in its SMS provider. The log never holds
what a message gives access with: links are cut after their plain path (the token is gone), one-time codes and
the numbers of people are masked (:func:`mask_message`). Tests read whole messages from ``outbox``
(:class:`OutboxBackend`, selected for every test by the root conftest), as Django's tests read ``mail.outbox``.
"""

import logging
import re
import threading
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


class Outbox(list):
    """The test outbox: reading it first waits for the messages sent in threads (:func:`send_detached`)."""

    def __iter__(self):
        wait_sent()
        return super().__iter__()

    def __len__(self):
        wait_sent()
        return super().__len__()

    def __getitem__(self, index):
        wait_sent()
        return super().__getitem__(index)


outbox = Outbox()  # messages sent through OutboxBackend, whole (tests)


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


_sending = []  # threads of send_detached still running
_sending_lock = threading.Lock()


def send_detached(recipient, subject, body, *, on_commit=True):
    """Send a message in a thread of its own once the current transaction commits (at once outside one, or
    with ``on_commit=False`` when the message goes with no write).

    For answers that must not tell who has an account (a sign-in code, a password link): the request does not
    wait for the gateway, so how long it takes says nothing about whether a message went out."""
    from django.db import transaction

    subject, body = str(subject), str(body)

    def start():
        thread = threading.Thread(target=_send_in_thread, args=(recipient, subject, body), daemon=True)
        with _sending_lock:
            _sending[:] = [t for t in _sending if t.is_alive()]
            _sending.append(thread)
        thread.start()

    if on_commit:
        transaction.on_commit(start, robust=True)
    else:
        start()


def _send_in_thread(recipient, subject, body):
    from django.db import connections

    try:
        send(recipient, subject, body)
    except Exception:  # a failing gateway is logged, as in send_on_commit
        logger.exception("notify: sending failed")
    finally:
        connections.close_all()


def wait_sent(timeout=10):
    """Wait for the messages being sent in threads (tests, and the worker before it exits)."""
    with _sending_lock:
        threads = list(_sending)
    for thread in threads:
        if thread is not threading.current_thread():
            thread.join(timeout)
