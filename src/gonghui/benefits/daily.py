"""The daily step of member benefits (``gonghui daily`` / Celery beat; idempotent).

The contracting union is reminded once of each merchant whose contract ends within 30 days (renew it, or the
discount disappears from the portal on the day after it ends). The reminder is queued on commit of the small
transaction that writes its "reminded" mark, so a run that rolls back sends nothing and the next run sends it once.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.notify import notify_org

from . import selectors
from .models import Merchant


def remind_expiring(today):
    n = 0
    due = selectors.expiring(Merchant.objects.all(), today).filter(expiry_reminded_on__isnull=True)
    for merchant in due.select_related("org").order_by("contract_ends_on")[:5000]:
        with transaction.atomic():
            if not Merchant.objects.filter(pk=merchant.pk, expiry_reminded_on__isnull=True).update(
                    expiry_reminded_on=today):
                continue  # another run reminded it meanwhile
            notify_org(merchant.org, _("Merchant contract of %(name)s expires on %(day)s") % {
                "name": merchant.name, "day": merchant.contract_ends_on.isoformat()},
                _("The discount contract with %(name)s (%(number)s) ends in %(days)d days. Renew it, or members "
                  "will no longer see the discount from the day after it ends.") % {
                    "name": merchant.name, "number": merchant.contract_number,
                    "days": (merchant.contract_ends_on - today).days})
        n += 1
    return n


def run(now):
    today = timezone.localdate(now) if timezone.is_aware(now) else now.date()
    return {"merchant_contract_reminders": remind_expiring(today)}
