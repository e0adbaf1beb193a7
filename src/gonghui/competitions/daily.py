"""The daily step of competitions and mass innovation (run by gonghui.core.daily): a proposal waiting for a decision
longer than the reminder period is reminded to its union once (``reminded_on``), claimed by a conditional UPDATE so
that a second run sends nothing."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import notify

from .models import Proposal
from .selectors import waiting_q


def run(now):
    today = timezone.localtime(now).date()
    sent = 0
    waiting = Proposal.objects.filter(waiting_q(today), reminded_on__isnull=True).select_related("org")
    for proposal in waiting:
        with transaction.atomic():
            claimed = Proposal.objects.filter(waiting_q(today), pk=proposal.pk,
                                              reminded_on__isnull=True).update(reminded_on=today)
            if not claimed:
                continue
            notify.notify_org(proposal.org, _("A proposal is waiting for a decision"),
                              _("Proposal %(no)s \"%(title)s\" by %(author)s, filed on %(date)s, has not been decided "
                                "on yet.") % {"no": proposal.number, "title": proposal.title,
                                              "author": proposal.author_name, "date": proposal.filed_on.isoformat()})
            sent += 1
    return {"proposal_reminders": sent}
