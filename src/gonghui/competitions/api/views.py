"""The API of competitions and mass innovation: the same scope, filters and services as the pages; workflow steps
are POST actions generated from the declared transitions."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from gonghui.core.api.viewsets import ScopedModelViewSet, Step, WorkflowActionsMixin

from .. import selectors, services
from ..filtersets import (
    AssociationFilterSet,
    CompetitionFilterSet,
    ContestFilterSet,
    EntrantFilterSet,
    InnovationFilterSet,
    MentorshipFilterSet,
    ParticipantFilterSet,
    ProposalFilterSet,
    StudioFilterSet,
)
from ..models import Mentorship, Proposal, TechAssociation
from . import serializers as s


class CompetitionViewSet(ScopedModelViewSet):
    serializer_class, filterset_class = s.CompetitionSerializer, CompetitionFilterSet
    selector = staticmethod(selectors.competitions_for)


class ParticipantViewSet(ScopedModelViewSet):
    serializer_class, filterset_class = s.ParticipantSerializer, ParticipantFilterSet
    selector = staticmethod(selectors.participants_for)


class ContestViewSet(ScopedModelViewSet):
    serializer_class, filterset_class = s.ContestSerializer, ContestFilterSet
    selector = staticmethod(selectors.contests_for)


class EntrantViewSet(ScopedModelViewSet):
    serializer_class, filterset_class = s.EntrantSerializer, EntrantFilterSet
    selector = staticmethod(selectors.entrants_for)

    @extend_schema(request=None, responses={201: s.EntrantSerializer})
    @action(detail=True, methods=["post"], url_path="send-up")
    def send_up(self, request, pk=None):
        """Send the winner up to the next level's contest: the entry created there, linked to this one."""
        up = services.send_up(request.user, self.get_object())
        return Response(s.EntrantSerializer(up, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)


class ProposalViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    serializer_class, filterset_class = s.ProposalSerializer, ProposalFilterSet
    selector = staticmethod(selectors.proposals_for)
    workflow_model = Proposal
    steps = {
        "evaluate": Step(lambda user, obj, d: services.evaluate_proposal(user, obj, **d), serializer=s.EvaluateBody),
        "adopt": Step(lambda user, obj, d: services.adopt_proposal(user, obj, **d), serializer=s.AdoptBody),
        "reject": Step(lambda user, obj, d: services.reject_proposal(user, obj, reason=d.get("reason", "")),
                       serializer=s.RejectBody),
        "implement": Step(lambda user, obj, d: services.implement_proposal(user, obj, **d),
                          serializer=s.ImplementBody),
    }


class InnovationViewSet(ScopedModelViewSet):
    serializer_class, filterset_class = s.InnovationSerializer, InnovationFilterSet
    selector = staticmethod(selectors.innovations_for)


class StudioViewSet(ScopedModelViewSet):
    serializer_class, filterset_class = s.StudioSerializer, StudioFilterSet
    selector = staticmethod(selectors.studios_for)


class AssociationViewSet(ScopedModelViewSet):
    model, filterset_class = TechAssociation, AssociationFilterSet
    fields = ("org", "name", "employer_name", "lead_name", "member_count", "founded_on", "note")
    selector = staticmethod(selectors.associations_for)


class MentorshipViewSet(ScopedModelViewSet):
    model, filterset_class = Mentorship, MentorshipFilterSet
    fields = ("org", "master_name", "apprentice_name", "trade", "employer_name", "starts_on", "ends_on", "outcome")
    selector = staticmethod(selectors.mentorships_for)
