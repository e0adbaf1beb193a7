"""The daily step of training (run by gonghui.core.daily): idempotent, each reminder sent once.

- placements whose three-month follow-up falls due (``Referral.follow_up_due``) and is not recorded: the job
  seeker's union (``core.notify.notify_org``) is told once per due date (``follow_up_reminded_for``).
"""

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import notify

from .choices import ReferralStatus
from .models import Referral


def follow_up_reminders(today):
    due = Referral.objects.filter(status=ReferralStatus.PLACED, followed_up_on__isnull=True,
                                  follow_up_due__lte=today).filter(
        Q(follow_up_reminded_for__isnull=True) | ~Q(follow_up_reminded_for=F("follow_up_due"))).select_related(
        "seeker", "seeker__org")
    sent = 0
    for referral in due.iterator():
        with transaction.atomic():
            claimed = Referral.objects.filter(pk=referral.pk, followed_up_on__isnull=True).filter(
                Q(follow_up_reminded_for__isnull=True) | ~Q(follow_up_reminded_for=F("follow_up_due"))).update(
                follow_up_reminded_for=F("follow_up_due"))
            if not claimed:
                continue
            notify.notify_org(referral.seeker.org, _("Follow up a job placement"), _(
                "%(name)s was placed at %(employer)s (%(job)s) on %(placed)s: record by %(due)s whether they are "
                "still in the job.") % {"name": referral.seeker.name, "employer": referral.employer,
                                         "job": referral.job, "placed": referral.placed_on.isoformat(),
                                         "due": referral.follow_up_due.isoformat()})
            sent += 1
    return sent


def run(now):
    today = timezone.localtime(now).date()
    return {"training_follow_up_reminders": follow_up_reminders(today)}
