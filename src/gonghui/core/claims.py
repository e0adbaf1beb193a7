"""Claims: one unit of background work is done by one worker, however many workers, beats or deliveries there are.

Before working, a worker claims the work's key (a row of :class:`~gonghui.core.models.JobClaim`, primary key =
the key): the INSERT of a new key is atomic on every database, so of two workers claiming at once one wins and the
other sees the work is taken (or done) and leaves it. The rule:

- a key that is **done** is never claimed again (a redelivered message, a second beat, a double click do nothing);
- a key that is **running** is left alone while its worker reports (``heartbeat_at``, refreshed every
  ``stale_after / 4`` seconds by a thread while the work runs);
- a running key whose worker has been silent for ``stale_after`` seconds (default
  ``GONGHUI_CLAIM_STALE_SECONDS`` = 120: the worker was killed, the machine lost) may be **taken over**, and so may
  a key that **failed**: the work is restarted, and each job resumes from what it committed (its own idempotency).

A worker that was thought dead and comes back finds the claim no longer its own: :func:`finish` changes nothing.
Records with their own state (an import job) claim the record itself the same way (a conditional UPDATE), see
:mod:`gonghui.imports.services`.
"""

import contextlib
import datetime
import logging
import threading

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import JobClaim

logger = logging.getLogger("gonghui.jobs")

RUNNING, DONE, FAILED = "running", "done", "failed"


def stale_seconds():
    return int(getattr(settings, "GONGHUI_CLAIM_STALE_SECONDS", 120))


class Claim:
    def __init__(self, key, worker, claimed_at, takeover=False):
        self.key, self.worker, self.claimed_at, self.takeover = key, worker, claimed_at, takeover

    def mine(self):
        return JobClaim.objects.filter(key=self.key, worker=self.worker, claimed_at=self.claimed_at, status=RUNNING)


def claim(key, worker=None, *, stale_after=None):
    """Claim ``key`` for ``worker``: a :class:`Claim`, or None when the work is done, or running elsewhere."""
    from .jobs import worker_id

    worker = (worker or worker_id())[:100]
    now = timezone.now()
    try:
        with transaction.atomic():  # a savepoint inside a caller's transaction
            JobClaim.objects.create(key=key, worker=worker, claimed_at=now, heartbeat_at=now)
        return Claim(key, worker, now)
    except IntegrityError:
        pass
    limit = now - datetime.timedelta(seconds=stale_seconds() if stale_after is None else stale_after)
    # The WHERE is evaluated again on the row once locked: of two takeovers at once, one updates a row.
    taken = JobClaim.objects.filter(Q(status=FAILED) | Q(status=RUNNING, heartbeat_at__lt=limit), key=key).update(
        status=RUNNING, worker=worker, claimed_at=now, heartbeat_at=now, finished_at=None,
        takeovers=F("takeovers") + 1)
    if taken:
        logger.warning("claim %s taken over by %s", key, worker)
        return Claim(key, worker, now, takeover=True)
    return None


def heartbeat(c):
    return c.mine().update(heartbeat_at=timezone.now())


def finish(c, ok=True):
    """Mark the claim done (or failed: it may be claimed again at once); False when it was taken over meanwhile."""
    now = timezone.now()
    return bool(c.mine().update(status=DONE if ok else FAILED, finished_at=now, heartbeat_at=now))


class _Heartbeat(threading.Thread):
    """Refreshes the claim while the work runs (its own database connection, closed at the end)."""

    def __init__(self, c, every):
        super().__init__(daemon=True, name=f"heartbeat {c.key}")
        self.claim, self.every, self.stop = c, every, threading.Event()

    def run(self):
        try:
            while not self.stop.wait(self.every):
                try:
                    heartbeat(self.claim)
                except Exception:  # noqa: BLE001  (a missed beat is retried; the work goes on)
                    logger.exception("heartbeat of %s failed", self.claim.key)
        finally:
            connection.close()


@contextlib.contextmanager
def claimed(key, worker=None, *, stale_after=None):
    """``with claimed(key) as c:`` — ``c`` is None when another worker has (or had) the work; otherwise the work
    runs with a heartbeat and the claim ends done, or failed when the body raises."""
    c = claim(key, worker, stale_after=stale_after)
    if c is None:
        yield None
        return
    beat = _Heartbeat(c, max(1.0, (stale_seconds() if stale_after is None else stale_after) / 4))
    beat.start()
    ok = False
    try:
        yield c
        ok = True
    finally:
        beat.stop.set()
        beat.join()
        finish(c, ok)


def purge(days=7):
    """Forget finished claims older than ``days`` (longer than any redelivery can come late: the broker's visibility
    timeout); returns how many rows went. Run by the periodic housekeeping."""
    limit = timezone.now() - datetime.timedelta(days=days)
    return JobClaim.objects.filter(status__in=(DONE, FAILED), finished_at__lt=limit).delete()[0]
