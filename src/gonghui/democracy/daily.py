"""The daily step of democratic management (run by gonghui.core.daily): reminders about motions' replies.

A motion assigned to a department is reminded once a week before its reply is due (``reminded_due_for``) and once
when the date has passed without a reply (``reminded_overdue_for``): the union holding the congress is told
(``core.notify.notify_org``). Each reminder is claimed by a conditional UPDATE, so a second run sends nothing.
"""

import datetime

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import notify

from .choices import MOTION_REMIND_DAYS, MotionStatus
from .models import Motion


def _remind(motions, marker, subject, body):
    sent = 0
    for motion in motions.select_related("congress__org"):
        with transaction.atomic():
            claimed = Motion.objects.filter(pk=motion.pk, status=MotionStatus.ASSIGNED).exclude(
                **{marker: F("reply_due")}).update(**{marker: motion.reply_due})
            if not claimed:
                continue
            notify.notify_org(motion.congress.org, subject, body % {
                "no": motion.number, "title": motion.title, "dept": motion.department,
                "date": motion.reply_due.isoformat()})
            sent += 1
    return sent


def run(now):
    today = timezone.localtime(now).date()
    assigned = Motion.objects.filter(status=MotionStatus.ASSIGNED, reply_due__isnull=False)
    not_marked = lambda marker: Q(**{f"{marker}__isnull": True}) | ~Q(**{marker: F("reply_due")})  # noqa: E731
    due = assigned.filter(not_marked("reminded_due_for"), reply_due__gte=today,
                          reply_due__lte=today + datetime.timedelta(days=MOTION_REMIND_DAYS))
    overdue = assigned.filter(not_marked("reminded_overdue_for"), reply_due__lt=today)
    return {
        "motion_reminders": _remind(due, "reminded_due_for", _("A motion's reply falls due"),
                                    _("Motion %(no)s \"%(title)s\": the reply of %(dept)s is due on %(date)s.")),
        "motions_overdue": _remind(overdue, "reminded_overdue_for", _("A motion's reply is overdue"),
                                   _("Motion %(no)s \"%(title)s\": the reply of %(dept)s was due on %(date)s and "
                                     "has not come.")),
    }
