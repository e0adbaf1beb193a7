"""The daily round of union funds: audit findings past their deadline reminded to the union audited."""

from django.utils import timezone

from . import services


def run(now):
    return {"audit_findings_reminded": services.remind_findings(timezone.localtime(now).date())}
