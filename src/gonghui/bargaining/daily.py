"""The daily step of collective bargaining (``gonghui daily``; idempotent): each sending union is told once about
every offer whose reply date has passed without a reply. The "told" mark (``overdue_reminded_on``) is written in
the same small transaction that queues the message, so a run that fails sends nothing and the next sends it once."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.exceptions import WorkflowConflict
from gonghui.core.notify import notify_org
from gonghui.core.workflow import transition

from .choices import OfferStatus
from .models import Offer


def remind_overdue(now):
    today = timezone.localtime(now).date()
    reminded = 0
    waiting = Offer.objects.filter(status=OfferStatus.SENT, reply_due__lt=today, overdue_reminded_on__isnull=True)
    for offer in waiting.select_related("org").order_by("reply_due", "pk")[:5000]:
        try:
            with transaction.atomic():
                transition(offer, None, "remind", changes={"overdue_reminded_on": today}, check=False, now=now,
                           where=Q(overdue_reminded_on__isnull=True))
                names = "、".join(offer.employers.values_list("name", flat=True))
                notify_org(offer.org, _("Offer %(ref)s: no reply") % {"ref": offer.reference_no},
                           _("The offer to bargain %(ref)s sent on %(sent)s to %(names)s was due for a reply on "
                             "%(due)s and no reply has been recorded. Follow it up, or ask the union above or the "
                             "labour department to help.") % {"ref": offer.reference_no, "sent": offer.sent_on,
                                                              "names": names, "due": offer.reply_due})
        except WorkflowConflict:  # answered or reminded meanwhile
            continue
        reminded += 1
    return reminded


def run(now):
    return {"bargaining_offers_overdue_reminded": remind_overdue(now)}
