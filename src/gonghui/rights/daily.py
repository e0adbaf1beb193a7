"""The daily step of rights protection (run by ``gonghui daily`` / Celery beat; idempotent).

1. Mediations past their deadline are flagged overdue and the worker is told, once, that arbitration is open
   to them (劳动争议调解仲裁法 art. 14).
2. Each union holding open cases gets one reminder a day listing the new ones, those due soon and the overdue.
3. Early warnings not acknowledged in time go one level up (again each time the period passes).

Each message is queued with ``transaction.on_commit`` inside the small transaction that writes its "sent" mark
(``arbitration_notice_at``, ``reminded_on``, the escalation), so a step that rolls back sends nothing and the
next run sends it once.
"""

import datetime

from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.exceptions import WorkflowConflict
from gonghui.core.notify import notify_org
from gonghui.core.workflow import transition

from . import services, verification
from .choices import CLOCK_STATUSES, CaseStatus, EventKind, WarningStatus, due_soon_days
from .models import Case, CaseEvent, EarlyWarning


def flag_overdue(now):
    """Flag the mediations past their deadline and tell each worker once. Returns how many were flagged."""
    flagged = 0
    due = Case.objects.filter(status__in=CLOCK_STATUSES, deadline__lt=now, arbitration_notice_at__isnull=True)
    for case in due.select_related("handling_org").order_by("deadline")[:5000]:
        try:
            with transaction.atomic():
                # The system step ``overdue`` of Case.workflow: the "told once" mark, and when it first went overdue.
                transition(case, None, "overdue", changes={
                    "arbitration_notice_at": now, "overdue_at": Coalesce(F("overdue_at"), Value(now))},
                    where=Q(deadline__lt=now, arbitration_notice_at__isnull=True), check=False, now=now)
                note = _("Mediation has not reached agreement within the legal period. You may apply to the labour "
                         "dispute arbitration commission; the union can refer you to legal aid.")
                CaseEvent.objects.create(case=case, kind=EventKind.OVERDUE, at=now, note=note, public=True)
                # Sent when this case's transaction commits, together with its "told once" mark.
                services.notify_worker(case, _("Your case %(ref)s") % {"ref": case.reference_no}, note)
        except WorkflowConflict:  # flagged meanwhile, or no longer in mediation
            continue
        flagged += 1
    return flagged


def remind_officials(now):
    """One message a day per union holding new, due-soon or overdue cases. Returns the number of messages."""
    today = timezone.localtime(now).date()
    soon = now + datetime.timedelta(days=due_soon_days())
    needs = (Q(status=CaseStatus.RECEIVED) | Q(status__in=CLOCK_STATUSES, deadline__lte=soon))
    cases = list(Case.objects.filter(needs).exclude(reminded_on=today).select_related("handling_org")
                 .order_by("handling_org__path", "deadline")[:20000])
    by_org = {}
    for c in cases:
        by_org.setdefault(c.handling_org_id, (c.handling_org, []))[1].append(c)
    sent = 0
    for org, items in by_org.values():
        with transaction.atomic():
            ids = [c.pk for c in items]
            if not Case.objects.filter(pk__in=ids).exclude(reminded_on=today).update(reminded_on=today):
                continue
            new = [c.reference_no for c in items if c.status == CaseStatus.RECEIVED]
            overdue = [c.reference_no for c in items if c.status in CLOCK_STATUSES and c.deadline < now]
            soon_refs = [c.reference_no for c in items if c.status in CLOCK_STATUSES and c.deadline >= now]
            lines = []
            if new:
                lines.append(_("New, to accept: %(refs)s") % {"refs": ", ".join(new[:20])})
            if soon_refs:
                lines.append(_("Mediation due soon: %(refs)s") % {"refs": ", ".join(soon_refs[:20])})
            if overdue:
                lines.append(_("Overdue: %(refs)s") % {"refs": ", ".join(overdue[:20])})
            subject = _("Rights cases to handle (%(n)d)") % {"n": len(items)}
            body = "\n".join(lines)
            # Sent when the "reminded today" marks commit; a rolled-back round sends nothing.
            notify_org(org, subject, body)
        sent += 1
    return sent


def escalate_warnings(now):
    escalated = 0
    late = EarlyWarning.objects.filter(status=WarningStatus.REPORTED, report_due_at__lt=now).select_related(
        "report_to", "raised_by_org")
    for warning in late.order_by("report_due_at")[:5000]:
        if services.escalate_warning(warning, now=now):
            escalated += 1
    return escalated


def run(now):
    return {
        "overdue_flagged": flag_overdue(now),
        "reminders": remind_officials(now),
        "warnings_escalated": escalate_warnings(now),
        "codes_purged": verification.purge(now),
    }
