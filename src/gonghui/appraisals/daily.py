"""The daily step of standards and appraisal (run by gonghui.core.daily): re-check reminders.

An award whose re-check falls due within ``RECHECK_REMIND_DAYS`` (or is already past due) is reminded once per
due date: the awarded union and the union above (which re-checks) are told (``core.notify.notify_org``). The
reminder is claimed by a conditional UPDATE of ``reminded_recheck_for``, so a second run sends nothing; a re-check
moves the due date, and the next one is reminded in its turn.
"""

import datetime

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import notify

from .choices import RECHECK_REMIND_DAYS, AppraisalStatus
from .models import Appraisal


def run(now):
    today = timezone.localtime(now).date()
    due = (Appraisal.objects.filter(status=AppraisalStatus.AWARDED, recheck_due__isnull=False,
                                    recheck_due__lte=today + datetime.timedelta(days=RECHECK_REMIND_DAYS))
           .filter(Q(reminded_recheck_for__isnull=True) | ~Q(reminded_recheck_for=F("recheck_due")))
           .select_related("org", "scheme"))
    sent = 0
    for appraisal in due:
        with transaction.atomic():
            claimed = (Appraisal.objects.filter(pk=appraisal.pk, status=AppraisalStatus.AWARDED,
                                                recheck_due=appraisal.recheck_due)
                       .exclude(reminded_recheck_for=appraisal.recheck_due)
                       .update(reminded_recheck_for=appraisal.recheck_due))
            if not claimed:
                continue
            subject = _("An award is due for its re-check")
            body = _("%(org)s, %(scheme)s (%(grade)s): the re-check is due on %(date)s.") % {
                "org": appraisal.org.name, "scheme": appraisal.scheme.name, "grade": appraisal.grade,
                "date": appraisal.recheck_due.isoformat()}
            notify.notify_org(appraisal.org, subject, body)
            parent = appraisal.org.get_parent()
            if parent is not None:
                notify.notify_org(parent, subject, body)
            sent += 1
    return {"recheck_reminders": sent}
