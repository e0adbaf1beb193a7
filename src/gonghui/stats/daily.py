"""The statistics' daily step: keep today's figures of the officials' scopes (the workbench's trend)."""

from django.utils import timezone

from .workbench import record_snapshots


def run(now):
    return {"snapshots": record_snapshots(timezone.localdate(now))}
