"""The daily round: reminders and escalations that every area runs once a day (and more often when it needs).

An area joins by declaring ``daily`` on its ``AreaConfig`` (by default its ``daily.run(now) -> dict`` when it
has a ``daily`` module). The round runs from ``gonghui daily`` (cron or a systemd timer in the embedded mode)
and from Celery beat in production (``CELERY_BEAT_SCHEDULE`` in settings); it is idempotent, so running it
twice sends nothing twice.
"""

import logging

from django.utils import timezone

from .registry import ordered_by_area, registry, resolve

logger = logging.getLogger("gonghui.daily")


def run_daily(now=None):
    """Run every area's daily step; one failing area does not stop the others (its error is logged)."""
    now = now or timezone.now()
    results = {}
    for label, step in ordered_by_area(registry.daily):
        try:
            results[label] = resolve(step)(now)
        except Exception:  # noqa: BLE001  (logged with its traceback; the other areas still run)
            logger.exception("daily step of %s failed", label)
            results[label] = {"error": True}
    results["planner_statistics"] = refresh_planner_statistics()
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
