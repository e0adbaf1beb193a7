"""The daily step of open affairs (run by gonghui.core.daily): idempotent.

- the schedule: every active scheduled catalogue item gets its due posting for the period that began (a new
  month, quarter or year);
- reminders: a posting whose period ended unposted is overdue; the union keeping it is told once
  (``reminded_on``), and an open problem past its deadline likewise, once per deadline.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, notify
from gonghui.core.models import AuditAction

from .choices import SCHEDULED, PostingStatus, ProblemStatus
from .models import DisclosureItem, Posting, Problem
from .periods import token_of
from .services import ensure_schedule


def schedule(today):
    """Only the items that lack the period holding today are read (each frequency has its own current period)."""
    created = 0
    for frequency in SCHEDULED:
        lacking = (DisclosureItem.objects.filter(active=True, frequency=frequency, since__lte=today)
                   .exclude(postings__period=token_of(frequency, today)))
        for item in lacking.iterator():
            created += ensure_schedule(item, today)
    if created:  # the round's own change, in the log as one entry
        audit.record(AuditAction.CREATE, None, model=Posting, count=created,
                     note=f"daily schedule {today.isoformat()}")
    return created


def posting_reminders(today):
    sent = 0
    overdue = (Posting.objects.filter(status=PostingStatus.DUE, period_end__lt=today, reminded_on__isnull=True)
               .select_related("item__system__unit", "org"))
    for posting in overdue.iterator():
        with transaction.atomic():
            claimed = Posting.objects.filter(pk=posting.pk, status=PostingStatus.DUE,
                                             reminded_on__isnull=True).update(reminded_on=today)
            if not claimed:
                continue
            notify.notify_org(posting.org, _("Open-affairs posting overdue"),
                              _("%(item)s of %(employer)s for %(period)s was due by %(date)s and is not posted.") % {
                                  "item": posting.item.title, "employer": posting.item.system.unit.name,
                                  "period": posting.period, "date": posting.period_end.isoformat()})
            sent += 1
    return sent


def problem_reminders(today):
    sent = 0
    overdue = Problem.objects.filter(status=ProblemStatus.OPEN, deadline__lt=today).select_related(
        "inspection__system__unit", "org")
    for problem in overdue.iterator():
        if problem.reminded_for == problem.deadline:
            continue
        with transaction.atomic():
            claimed = Problem.objects.filter(pk=problem.pk, status=ProblemStatus.OPEN).exclude(
                reminded_for=problem.deadline).update(reminded_for=problem.deadline)
            if not claimed:
                continue
            notify.notify_org(problem.org, _("Open-affairs problem past its deadline"),
                              _("The problem \"%(problem)s\" at %(employer)s was to be fixed by %(date)s.") % {
                                  "problem": problem.description, "employer": problem.inspection.system.unit.name,
                                  "date": problem.deadline.isoformat()})
            sent += 1
    return sent


def run(now):
    today = timezone.localtime(now).date()
    return {
        "postings_scheduled": schedule(today),
        "posting_reminders": posting_reminders(today),
        "problem_reminders": problem_reminders(today),
        "postings_overdue": Posting.objects.filter(status=PostingStatus.DUE, period_end__lt=today).count(),
    }
