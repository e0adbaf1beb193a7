"""Collective bargaining in the statistics: offers to bargain sent in the period by the unions of a subtree (in their
own name and on another union's behalf, 代行要约), those answered, the answer rate, and the offers now past their
reply date. Each counts the records its list shows (``within`` the subtree, the period on ``sent_from``/``sent_to``)."""

import dataclasses

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.stats.registry import RatioIndicator, RecordIndicator, list_url, register, register_section

from .choices import OfferStatus

SECTION = "bargaining"
MODEL, LIST = "bargaining.Offer", "bargaining:offer_list"

register_section(SECTION, _("Collective bargaining"))


@dataclasses.dataclass(eq=False)
class OverdueOffers(RecordIndicator):
    """Sent offers whose reply date has passed with no reply: a stock, as of today."""

    def records(self, period):
        return super().records(period).filter(reply_due__lt=timezone.localdate())


register(RecordIndicator(
    "bargaining_offers_sent", _("Offers to bargain sent"), unit=_("offers"), section=SECTION,
    help=_("Offers to bargain (要约) the unions of the subtree sent in the period, in their own name or on another "
           "union's behalf."),
    model=MODEL, date_field="sent_on", list_url_name=LIST))
register(RecordIndicator(
    "bargaining_offers_sent_direct", _("Offers sent in the union's own name"), unit=_("offers"), section=SECTION,
    help=_("Offers sent in the period by the union that bargains itself."),
    model=MODEL, date_field="sent_on", where=Q(on_behalf_of__isnull=True), list_url_name=LIST,
    list_params={"acting": "no"}))
register(RecordIndicator(
    "bargaining_offers_sent_acting", _("Offers sent on another union's behalf"), unit=_("offers"), section=SECTION,
    help=_("Offers a union above sent in the period for a grassroots union (代行要约)."),
    model=MODEL, date_field="sent_on", where=Q(on_behalf_of__isnull=False), list_url_name=LIST,
    list_params={"acting": "yes"}))
register(RecordIndicator(
    "bargaining_offers_answered", _("Offers to bargain answered"), unit=_("offers"), section=SECTION,
    help=_("Offers sent in the period whose reply has been recorded."),
    model=MODEL, date_field="sent_on", where=Q(status=OfferStatus.ANSWERED), list_url_name=LIST,
    list_params={"answered": "yes"}))
register(RatioIndicator(
    "bargaining_offer_answer_rate", _("Offer answer rate"), section=SECTION, numerator="bargaining_offers_answered",
    denominator="bargaining_offers_sent", help=_("Offers answered ÷ offers sent in the period."),
    drilldown=lambda org, p: list_url(LIST, within=org.code, sent_from=p.start.isoformat(),
                                      sent_to=p.end.isoformat())))
register(OverdueOffers(
    "bargaining_offers_overdue", _("Offers past their reply date"), unit=_("offers"), section=SECTION,
    higher_is_better=False,
    help=_("Offers sent and not answered whose reply date has passed (now, whatever the period)."),
    model=MODEL, where=Q(status=OfferStatus.SENT), list_url_name=LIST, list_params={"waiting": "overdue"}))
register(RecordIndicator(
    "bargaining_rounds_held", _("Negotiation rounds held"), unit=_("rounds"), section=SECTION,
    help=_("Rounds of collective negotiation held in the period on offers of the subtree's unions."),
    model="bargaining.NegotiationRound", org_field="offer__org", date_field="held_on",
    list_url_name="bargaining:round_list"))
register(RecordIndicator(
    "bargaining_instructors", _("Bargaining instructors"), unit=_("people"), section=SECTION,
    help=_("Bargaining instructors (协商指导员) on the rosters of the subtree's unions (now, whatever the period)."),
    model="bargaining.Instructor", where=Q(active=True), list_url_name="bargaining:instructor_list",
    list_params={"active": "true"}))
