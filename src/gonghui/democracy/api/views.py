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
    serializer_class, filterset_class = s.SetupSerializer, SetupFilterSet
    selector = staticmethod(selectors.setups_for)


class CongressViewSet(ScopedModelViewSet):
    serializer_class, filterset_class = s.CongressSerializer, CongressFilterSet
    selector = staticmethod(selectors.congresses_for)


class DelegateViewSet(ScopedModelViewSet):
    serializer_class, filterset_class = s.DelegateSerializer, DelegateFilterSet
    selector = staticmethod(selectors.delegates_for)


class SessionViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    serializer_class, filterset_class = s.SessionSerializer, SessionFilterSet
    selector = staticmethod(selectors.sessions_for)
    workflow_model = Session
    steps = {
        "hold": Step(lambda user, obj, d: services.hold_session(user, obj, **d), serializer=s.HoldBody),
        "close": Step(lambda user, obj, d: services.close_session(user, obj)),
    }


class ItemViewSet(ScopedModelViewSet):
    serializer_class, filterset_class = s.ItemSerializer, ItemFilterSet
    selector = staticmethod(selectors.items_for)

    @extend_schema(request=s.VoteBody, responses={200: s.ItemSerializer})
    @action(detail=True, methods=["post"])
    def vote(self, request, pk=None):
        """Record the vote on the item (a session held with a quorum; passed by more than half of all delegates)."""
        item = self.get_object()
        body = s.VoteBody(data=request.data)
        body.is_valid(raise_exception=True)
        item = services.record_vote(request.user, item, **body.validated_data)
        return Response(s.ItemSerializer(item, context=self.get_serializer_context()).data)


class MotionViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    serializer_class, filterset_class = s.MotionSerializer, MotionFilterSet
    selector = staticmethod(selectors.motions_for)
    workflow_model = Motion
    steps = {
        "accept": Step(lambda user, obj, d: services.accept_motion(user, obj, d.get("reason", "")),
                       serializer=s.ReasonBody),
        "make_opinion": Step(lambda user, obj, d: services.make_opinion(user, obj, d.get("reason", "")),
                             serializer=s.ReasonBody),
        "assign": Step(lambda user, obj, d: services.assign_motion(user, obj, **d), serializer=s.AssignBody),
        "answer": Step(lambda user, obj, d: services.answer_motion(user, obj, **d), serializer=s.AnswerBody),
        "implement": Step(lambda user, obj, d: services.implement_motion(user, obj, **d),
                          serializer=s.ImplementBody),
        "rate": Step(lambda user, obj, d: services.rate_motion(user, obj, **d), serializer=s.RateBody),
    }


class RuleViewSet(ScopedModelViewSet):
    serializer_class, filterset_class = s.RuleSerializer, RuleFilterSet
    selector = staticmethod(selectors.rules_for)


class StarViewSet(ScopedModelViewSet):
    serializer_class, filterset_class = s.StarSerializer, StarFilterSet
    selector = staticmethod(selectors.stars_for)
