from gonghui.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet, Step, WorkflowActionsMixin

from .. import selectors, services
from ..filtersets import CampaignFilterSet, InstructorFilterSet, OfferFilterSet, RoundFilterSet
from ..models import Offer, OfferCampaign
from .serializers import (
    InstructorSerializer,
    OfferCampaignSerializer,
    OfferReplySerializer,
    OfferSerializer,
    RecordRoundSerializer,
    RoundSerializer,
    SendOffersSerializer,
    SendSerializer,
)


class OfferViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """Offers to bargain of the caller's subtree. POST ``send`` (``{"sent_on": "YYYY-MM-DD"}``, today by default),
    ``answer`` (``{"replied_on": ..., "reply": "accepted|refused|counter", "reply_note": ...}``) and ``withdraw``."""

    serializer_class = OfferSerializer
    filterset_class = OfferFilterSet
    selector = staticmethod(lambda user: selectors.offers_for(user).prefetch_related("employers"))
    ordering_fields = ["sent_on", "reply_due", "created_at"]
    workflow_model = Offer
    steps = {"send": Step(lambda user, o, d: services.send_offer(user, o, sent_on=d.get("sent_on")),
                          serializer=SendSerializer),
             "answer": Step(lambda user, o, d: services.answer_offer(user, o, **d), serializer=OfferReplySerializer),
             "record_round": Step(lambda user, o, d: services.record_round(user, o, **d),
                                  serializer=RecordRoundSerializer, response=RoundSerializer, status=201)}


class CampaignViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """Offer campaigns (集中要约行动月) of the caller's subtree. POST ``send-offers`` with
    ``{"employers": [ids], "sent_on": "YYYY-MM-DD"}`` sends one offer to each, all or none; ``close`` finishes it."""

    serializer_class = OfferCampaignSerializer
    filterset_class = CampaignFilterSet
    selector = staticmethod(selectors.campaigns_for)
    ordering_fields = ["starts_on", "created_at"]
    workflow_model = OfferCampaign
    steps = {"send_offers": Step(lambda user, c, d: services.send_campaign_offers(
        user, c, employers=d["employers"], sent_on=d.get("sent_on")) and c, serializer=SendOffersSerializer)}


class InstructorViewSet(ScopedModelViewSet):
    """The rosters of bargaining instructors (协商指导员) of the caller's subtree; phones masked."""

    serializer_class = InstructorSerializer
    filterset_class = InstructorFilterSet
    selector = staticmethod(selectors.instructors_for)
    ordering_fields = ["name"]


class RoundViewSet(ScopedReadOnlyViewSet):
    """Negotiation rounds; recorded by POST ``/bargaining-offers/<id>/record-round/``."""

    serializer_class = RoundSerializer
    filterset_class = RoundFilterSet
    selector = staticmethod(selectors.rounds_for)
    ordering_fields = ["held_on", "number"]
