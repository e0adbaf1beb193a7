from gonghui.core.api.viewsets import ScopedModelViewSet, Step, WorkflowActionsMixin

from .. import selectors, services
from ..filtersets import OfferFilterSet
from ..models import Offer
from .serializers import AnswerSerializer, OfferSerializer, SendSerializer


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
             "answer": Step(lambda user, o, d: services.answer_offer(user, o, **d), serializer=AnswerSerializer)}
