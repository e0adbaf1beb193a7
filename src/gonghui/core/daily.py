"""The daily round: reminders and escalations that every area runs once a day (and more often when it needs).

An area joins by declaring ``daily`` on its ``AreaConfig`` (by default its ``daily.run(now) -> dict`` when it
has a ``daily`` module). The round runs from ``gonghui daily`` (cron or a systemd timer in the embedded mode)
and from Celery beat in production (``CELERY_BEAT_SCHEDULE`` in settings, hourly); it is idempotent, so running it
twice sends nothing twice.

Several callers at once (two beats, two workers, cron and beat): each area's step is claimed for the current slot
(``GONGHUI_DAILY_SLOT_SECONDS``, one hour by default, the beat's period) as ``daily:<area>:<slot start>`` in
:mod:`gonghui.core.claims`, so it runs at most once per slot; a step that failed, or whose worker died (silent for
``GONGHUI_CLAIM_STALE_SECONDS``), may be run again by the next caller in the same slot.
"""

import contextlib
import datetime
import logging

from django.conf import settings
from django.utils import timezone

from . import claims
from .registry import ordered_by_area, registry, resolve

logger = logging.getLogger("gonghui.daily")


def slot_of(now):
    """The start of the slot ``now`` falls in (UTC, ISO), e.g. ``2026-12-04T23:00:00``."""
    seconds = max(60, int(getattr(settings, "GONGHUI_DAILY_SLOT_SECONDS", 3600)))
    start = int(now.timestamp()) // seconds * seconds
    return datetime.datetime.fromtimestamp(start, datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S")


def run_daily(now=None, *, force=False):
    """Run every area's daily step not yet run in this slot (all of them with ``force``); one failing area does
    not stop the others (its error is logged)."""
    now = now or timezone.now()
    slot = slot_of(now)
    results = {}
    for label, step in ordered_by_area(registry.daily):
        # The claim's heartbeat goes on while the step runs: a long step is not taken for dead.
        with contextlib.nullcontext(True) if force else claims.claimed(f"daily:{label}:{slot}") as claim:
            if claim is None:
                results[label] = {"skipped": "run in this slot already, or running elsewhere"}
                continue
            try:
                results[label] = resolve(step)(now)
            except Exception:  # noqa: BLE001  (logged with its traceback; the other areas still run)
                logger.exception("daily step of %s failed", label)
                results[label] = {"error": True}
                if not force:
                    claims.finish(claim, ok=False)  # the next caller in this slot may run it again
        logger.info("daily step of %s (slot %s) ran: %s", label, slot, results[label])
    # Once a day (not once a slot): on SQLite a province's database takes a minute or two to analyse.
    day = now.date().isoformat()
    with contextlib.nullcontext(True) if force else claims.claimed(f"daily:planner_statistics:{day}") as claim:
        results["planner_statistics"] = (refresh_planner_statistics() if claim is not None
                                         else {"skipped": "run today already, or running elsewhere"})
    logger.info("daily round done: %s", results)
    return results


def refresh_planner_statistics():
    """SQLite keeps no statistics of its own (PostgreSQL's autovacuum does): once a day ``ANALYZE`` every table
    in full, so that the planner knows a city from a grassroots union (a province's database: a minute or two)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return {"skipped": connection.vendor}
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA analysis_limit=0")
        cursor.execute("ANALYZE")
    return {"analyzed": True}
