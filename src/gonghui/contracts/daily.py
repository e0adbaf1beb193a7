"""The daily step of collective contracts (``gonghui daily`` / Celery beat; idempotent).

1. Submitted contracts the department has not objected to take effect on their date; contracts in force past
   their term expire.
2. The filing union is reminded once of each contract in force that expires within 90 days (续签), and once of
   each signed contract whose submission to the labour department is overdue.

Each reminder is queued on commit of the small transaction that writes its "reminded" mark, so a run that rolls
back sends nothing and the next run sends it once.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.notify import notify_org

from . import selectors, services
from .models import CollectiveContract


def remind_expiring(today):
    n = 0
    due = selectors.expiring(CollectiveContract.objects.all(), today).filter(expiry_reminded_on__isnull=True)
    for contract in due.select_related("org").order_by("ends_on")[:5000]:
        with transaction.atomic():
            if not CollectiveContract.objects.filter(pk=contract.pk, expiry_reminded_on__isnull=True).update(
                    expiry_reminded_on=today):
                continue  # another run reminded it meanwhile
            notify_org(contract.org, _("Collective contract %(number)s expires on %(day)s") % {
                "number": contract.number, "day": contract.ends_on.isoformat()},
                _("The collective contract \"%(title)s\" expires in %(days)d days. Start bargaining for its renewal "
                  "(续签).") % {"title": contract.title, "days": contract.days_to_expiry(today)})
        n += 1
    return n


def remind_submission(today):
    """Signed contracts whose submission is overdue: one reminder on the day after the deadline."""
    n = 0
    due = CollectiveContract.objects.filter(submission_due_on=today - datetime.timedelta(days=1),
                                            status="signed").select_related("org")
    for contract in due:
        notify_org(contract.org, _("Collective contract %(number)s: submission overdue") % {
            "number": contract.number},
            _("The signed contract was due at the labour department by %(day)s. Submit it now; a late submission "
              "is accepted but flagged.") % {"day": contract.submission_due_on.isoformat()})
        n += 1
    return n


def run(now):
    today = timezone.localdate(now) if timezone.is_aware(now) else now.date()
    return {
        "contracts_in_force": services.take_effect_due(today),
        "contracts_expired": services.expire_due(today),
        "expiry_reminders": remind_expiring(today),
        "submission_reminders": remind_submission(today),
    }
