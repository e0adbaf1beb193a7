"""The API of organisation building: the pages' scope, filters and services; workflow steps are POST actions."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from gonghui.core.api.viewsets import ScopedModelViewSet, Step, WorkflowActionsMixin

from .. import selectors, services
from ..filtersets import ApprovalFilterSet, CadreFilterSet, DocumentFilterSet, ElectionFilterSet, TermFilterSet
from ..models import Approval, Election
from . import serializers as s


class CadreViewSet(ScopedModelViewSet):
    serializer_class, filterset_class = s.CadreSerializer, CadreFilterSet
    selector = staticmethod(selectors.cadres_for)


class TermViewSet(ScopedModelViewSet):
    serializer_class, filterset_class = s.TermSerializer, TermFilterSet
    selector = staticmethod(selectors.terms_for)


class ElectionViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    serializer_class, filterset_class = s.ElectionSerializer, ElectionFilterSet
    selector = staticmethod(selectors.elections_for)
    workflow_model = Election
    http_method_names = ["get", "post", "patch", "head", "options"]
    steps = {
        "submit": Step(lambda user, obj, d: services.submit_election(user, obj)),
        "approve_candidates": Step(lambda user, obj, d: services.approve_candidates(user, obj, d.get("note", "")),
                                   serializer=s.BuildingReviewBody),
        "return": Step(lambda user, obj, d: services.return_election(user, obj, d["reason"]),
                       serializer=s.BuildingReasonBody),
        "hold": Step(lambda user, obj, d: services.hold_election(user, obj, **d), serializer=s.ElectionHoldBody),
        "confirm": Step(lambda user, obj, d: services.confirm_election(user, obj, **d),
                        serializer=s.BuildingDecisionBody),
    }

    @extend_schema(request=s.ElectionCandidateBody, responses={201: s.CandidateSerializer})
    @action(detail=True, methods=["post"])
    def candidates(self, request, pk=None):
        """Propose a candidate (before the candidates are submitted for review)."""
        election = self.get_object()
        body = s.ElectionCandidateBody(data=request.data)
        body.is_valid(raise_exception=True)
        candidate = services.add_candidate(request.user, election, **body.validated_data)
        return Response(s.CandidateSerializer(candidate).data, status=201)


class ApprovalViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    serializer_class, filterset_class = s.ApprovalSerializer, ApprovalFilterSet
    selector = staticmethod(selectors.approvals_for)
    workflow_model = Approval
    http_method_names = ["get", "post", "patch", "head", "options"]
    steps = {
        "approve": Step(lambda user, obj, d: services.approve(user, obj, **d), serializer=s.BuildingDecisionBody),
        "reject": Step(lambda user, obj, d: services.reject(user, obj, reason=d["reason"]),
                       serializer=s.BuildingReasonBody),
    }


class DocumentViewSet(ScopedModelViewSet):
    serializer_class, filterset_class = s.DocumentSerializer, DocumentFilterSet
    selector = staticmethod(selectors.documents_for)
