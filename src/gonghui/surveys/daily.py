"""The daily round: open surveys past their closing date are closed (idempotent)."""

from django.utils import timezone

from . import services


def run(now):
    return {"surveys_closed": services.close_expired(timezone.localdate(now))}
