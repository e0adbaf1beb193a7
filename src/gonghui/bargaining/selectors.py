"""Reads of collective bargaining: the offers of the user's subtree (sent by its unions or on their behalf) and
the workbench's offers waiting for a reply."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core import scope
from gonghui.core.workbench import todo_item

from .choices import DUE_SOON_DAYS, OfferStatus
from .models import Instructor, NegotiationRound, Offer, OfferCampaign


def offers_for(user):
    return Offer.objects.for_user(user).select_related("org", "on_behalf_of")


def overdue_q(today):
    return Q(status=OfferStatus.SENT, reply_due__lt=today)


def due_q(today):
    return Q(status=OfferStatus.SENT, reply_due__gte=today, reply_due__lte=today + datetime.timedelta(
        days=DUE_SOON_DAYS))


def workbench_todo(user, today):
    if not scope.can(user, "change", None):
        return []
    waiting = offers_for(user).filter(scope.action_filter(user, "change", "org")).order_by("reply_due", "pk")
    url = reverse("bargaining:offer_list") + "?waiting="
    return [
        todo_item("bargaining_offers_overdue", _("Offers to bargain past their reply date"),
                  waiting.filter(overdue_q(today)), url + "overdue", urgency="overdue", when="reply_due"),
        todo_item("bargaining_offers_due", _("Offers to bargain whose reply is due within %(n)d days") % {
            "n": DUE_SOON_DAYS}, waiting.filter(due_q(today)), url + "due", urgency="due", when="reply_due"),
    ]


def campaigns_for(user):
    return OfferCampaign.objects.for_user(user).select_related("org")


def campaign_counts(campaign, today):
    """The campaign's offers: sent (not withdrawn), answered and overdue, in one query."""
    offers = campaign.offers.exclude(sent_on__isnull=True)
    return offers.aggregate(
        sent=Count("pk", filter=~Q(status=OfferStatus.WITHDRAWN)),
        answered=Count("pk", filter=Q(status=OfferStatus.ANSWERED)),
        overdue=Count("pk", filter=overdue_q(today)))


def rounds_for(user):
    return NegotiationRound.objects.for_user(user).select_related("offer__org", "instructor")


def instructors_for(user):
    return Instructor.objects.for_user(user).select_related("org")
