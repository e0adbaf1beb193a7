"""The daily step of labour protection (``gonghui daily`` / Celery beat; idempotent).

Problems not fixed by their deadline are marked overdue once and reported to the inspecting union and the union
above it (each in the small transaction that writes the mark, so a run that rolls back sends nothing and the next
run sends it once). A problem re-inspected with a new deadline escalates again if that one passes too.
"""

from django.utils import timezone

from . import services


def run(now):
    today = timezone.localdate(now) if timezone.is_aware(now) else now.date()
    return {"hazards_escalated": services.escalate_overdue(today)}
