"""The API of democratic management: the same scope, filters and services as the pages; workflow steps are POST
actions generated from the declared transitions."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from gonghui.core.api.viewsets import ScopedModelViewSet, Step, WorkflowActionsMixin

from .. import selectors, services
from ..filtersets import (
    CongressFilterSet,
    DelegateFilterSet,
    ItemFilterSet,
    MotionFilterSet,
    RuleFilterSet,
    SessionFilterSet,
    SetupFilterSet,
    StarFilterSet,
)
from ..models import Motion, Session
from . import serializers as s


class SetupViewSet(ScopedModelViewSet):
    serializer_class, filterset_class = s.CongressSetupSerializer, SetupFilterSet
    selector = staticmethod(selectors.setups_for)


class CongressViewSet(ScopedModelViewSet):
    serializer_class, filterset_class = s.CongressTermSerializer, CongressFilterSet
    selector = staticmethod(selectors.congresses_for)


class DelegateViewSet(ScopedModelViewSet):
    serializer_class, filterset_class = s.CongressDelegateSerializer, DelegateFilterSet
    selector = staticmethod(selectors.delegates_for)


class SessionViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    serializer_class, filterset_class = s.CongressSessionSerializer, SessionFilterSet
    selector = staticmethod(selectors.sessions_for)
    workflow_model = Session
    steps = {
        "hold": Step(lambda user, obj, d: services.hold_session(user, obj, **d), serializer=s.CongressHoldBody),
        "close": Step(lambda user, obj, d: services.close_session(user, obj)),
    }


class ItemViewSet(ScopedModelViewSet):
    serializer_class, filterset_class = s.CongressItemSerializer, ItemFilterSet
    selector = staticmethod(selectors.items_for)

    @extend_schema(request=s.CongressVoteBody, responses={200: s.CongressItemSerializer})
    @action(detail=True, methods=["post"])
    def vote(self, request, pk=None):
        """Record the vote on the item (a session held with a quorum; passed by more than half of all delegates)."""
        item = self.get_object()
        body = s.CongressVoteBody(data=request.data)
        body.is_valid(raise_exception=True)
        item = services.record_vote(request.user, item, **body.validated_data)
        return Response(s.CongressItemSerializer(item, context=self.get_serializer_context()).data)


class MotionViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    serializer_class, filterset_class = s.CongressMotionSerializer, MotionFilterSet
    selector = staticmethod(selectors.motions_for)
    workflow_model = Motion
    steps = {
        "accept": Step(lambda user, obj, d: services.accept_motion(user, obj, d.get("reason", "")),
                       serializer=s.MotionReasonBody),
        "make_opinion": Step(lambda user, obj, d: services.make_opinion(user, obj, d.get("reason", "")),
                             serializer=s.MotionReasonBody),
        "assign": Step(lambda user, obj, d: services.assign_motion(user, obj, **d), serializer=s.MotionAssignBody),
        "answer": Step(lambda user, obj, d: services.answer_motion(user, obj, **d), serializer=s.MotionAnswerBody),
        "implement": Step(lambda user, obj, d: services.implement_motion(user, obj, **d),
                          serializer=s.MotionImplementBody),
        "rate": Step(lambda user, obj, d: services.rate_motion(user, obj, **d), serializer=s.MotionRateBody),
    }


class RuleViewSet(ScopedModelViewSet):
    serializer_class, filterset_class = s.EmployerRuleSerializer, RuleFilterSet
    selector = staticmethod(selectors.rules_for)


class StarViewSet(ScopedModelViewSet):
    serializer_class, filterset_class = s.StarRatingSerializer, StarFilterSet
    selector = staticmethod(selectors.stars_for)
