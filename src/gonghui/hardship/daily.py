"""The daily step of hardship aid (run by gonghui.core.daily): idempotent, each reminder sent once.

- yearly review reminders: active archives whose review falls due within 30 days; the union's officials
  (``core.notify.notify_org``) are told once per due date (``review_reminded_for``);
- visit tasks falling due (四必访): major holidays (New Year, Spring Festival) 14 days ahead for every
  active archive, and a child entering university in the archive's household at the start of the school year;
  the unique (archive, occasion, due date) makes a second run create nothing;
- public notice periods that ended move the archive on to approval by the level above.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import notify

from .choices import DEFAULT_TASK_LEAD_DAYS, ArchiveStatus, Occasion, Relation, TaskStatus
from .models import HardshipArchive, HouseholdMember, VisitTask
from .services import end_notice

# Spring Festival dates (lunar New Year); the setting GONGHUI_HARDSHIP_FESTIVALS can replace the list.
SPRING_FESTIVAL = {2025: (1, 29), 2026: (2, 17), 2027: (2, 6), 2028: (1, 26), 2029: (2, 13), 2030: (2, 3)}


def festivals(year):
    custom = getattr(settings, "GONGHUI_HARDSHIP_FESTIVALS", None)
    if custom:
        return [datetime.date(year, m, d) for m, d in custom]
    days = [datetime.date(year, 1, 1)]
    if year in SPRING_FESTIVAL:
        days.append(datetime.date(year, *SPRING_FESTIVAL[year]))
    return days


def review_reminders(today):
    due = HardshipArchive.objects.filter(
        status=ArchiveStatus.ACTIVE, next_review_due__lte=today + datetime.timedelta(days=30)).select_related("org")
    sent = 0
    for archive in due.iterator():
        if archive.review_reminded_for == archive.next_review_due:
            continue
        with transaction.atomic():
            claimed = HardshipArchive.objects.filter(pk=archive.pk, status=ArchiveStatus.ACTIVE).exclude(
                review_reminded_for=archive.next_review_due).update(review_reminded_for=archive.next_review_due)
            if not claimed:
                continue
            notify.notify_org(archive.org, _("Yearly review of a hardship archive"),
                              _("The archive %(no)s of %(org)s is due for its yearly review on %(date)s.") % {
                                  "no": archive.archive_no, "org": archive.org.name,
                                  "date": archive.next_review_due.isoformat()})
            sent += 1
    return sent


def _task(archive_id, org_id, occasion, due_on, note=""):
    if VisitTask.objects.filter(archive_id=archive_id, occasion=occasion, due_on=due_on).exists():
        return 0
    try:
        with transaction.atomic():
            VisitTask.objects.create(archive_id=archive_id, org_id=org_id, occasion=occasion, due_on=due_on, note=note)
    except IntegrityError:
        return 0
    return 1


def visit_tasks(today):
    lead = datetime.timedelta(days=int(getattr(settings, "GONGHUI_HARDSHIP_TASK_LEAD_DAYS", DEFAULT_TASK_LEAD_DAYS)))
    created = 0
    active = HardshipArchive.objects.filter(status=ArchiveStatus.ACTIVE)
    for day in festivals(today.year) + festivals(today.year + 1):
        if today <= day <= today + lead:
            for archive_id, org_id in active.values_list("pk", "org_id"):
                created += _task(archive_id, org_id, Occasion.FESTIVAL, day)
    school_start = datetime.date(today.year, 9, 1)
    if today <= school_start <= today + lead:
        students = HouseholdMember.objects.filter(
            archive__status=ArchiveStatus.ACTIVE, school_entry_year=today.year,
            relation__in=[Relation.CHILD, Relation.GRANDCHILD]).values_list("archive_id", "archive__org_id", "name")
        for archive_id, org_id, name in students:
            created += _task(archive_id, org_id, Occasion.UNIVERSITY, school_start, name)
    return created


def notices(today):
    moved = 0
    for archive in HardshipArchive.objects.filter(status=ArchiveStatus.NOTICE, notice_end__lt=today):
        try:
            end_notice(None, archive, today=today)
            moved += 1
        except Exception:  # noqa: BLE001  (a race with an official: the archive moved already)
            continue
    return moved


def run(now):
    today = timezone.localtime(now).date()
    return {
        "review_reminders": review_reminders(today),
        "visit_tasks": visit_tasks(today),
        "notices_ended": notices(today),
        "open_tasks": VisitTask.objects.filter(status=TaskStatus.OPEN, due_on__lte=today).count(),
    }
