"""The daily round: reminders and escalations that every app runs once a day (and more often when it needs).

An app joins by having a ``daily`` module with ``run(now) -> dict`` (what it did, for the log). The round
runs from ``gonghui daily`` (cron or a systemd timer in the embedded mode) and from Celery beat in
production (``CELERY_BEAT_SCHEDULE`` in settings); it is idempotent, so running it twice sends nothing twice.
"""

import importlib
import logging

from django.apps import apps
from django.utils import timezone

logger = logging.getLogger("gonghui.daily")


def app_modules():
    for config in apps.get_app_configs():
        if not config.name.startswith("gonghui.") or config.name == "gonghui.core":
            continue
        try:
            module = importlib.import_module(f"{config.name}.daily")
        except ModuleNotFoundError as e:
            if e.name != f"{config.name}.daily":
                raise
            continue
        yield config.label, module


def run_daily(now=None):
    """Run every app's daily step; one failing app does not stop the others (its error is logged)."""
    now = now or timezone.now()
    results = {}
    for label, module in app_modules():
        try:
            results[label] = module.run(now)
        except Exception:  # noqa: BLE001  (logged with its traceback; the other apps still run)
            logger.exception("daily step of %s failed", label)
            results[label] = {"error": True}
    logger.info("daily round done: %s", results)
    return results
