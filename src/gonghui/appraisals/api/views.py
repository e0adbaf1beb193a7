"""The API of standards and appraisal: the same scope, filters and services as the pages; workflow steps are POST
actions generated from the declared transitions."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from gonghui.core.api.parsers import JSONParser
from gonghui.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet, Step, WorkflowActionsMixin

from .. import selectors, services
from ..filtersets import (
    AppraisalFilterSet,
    CriterionFilterSet,
    RatingFilterSet,
    RoundFilterSet,
    SchemeFilterSet,
    ScoreFilterSet,
)
from ..models import Appraisal, EvidenceFile, RatingRound, Scheme
from . import serializers as s

NO_DELETE = ["get", "post", "put", "patch", "head", "options"]


class SchemeViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    serializer_class, filterset_class = s.AppraisalSchemeSerializer, SchemeFilterSet
    selector = staticmethod(selectors.schemes_for)
    workflow_model = Scheme
    steps = {"publish": Step(lambda user, obj, d: services.publish_scheme(user, obj)),
             "retire": Step(lambda user, obj, d: services.retire_scheme(user, obj))}


class CriterionViewSet(ScopedModelViewSet):
    serializer_class, filterset_class = s.AppraisalCriterionSerializer, CriterionFilterSet
    selector = staticmethod(selectors.criteria_for)

    def perform_destroy(self, instance):
        services.delete_criterion(self.request.user, instance)


class AppraisalViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    serializer_class, filterset_class = s.AppraisalSerializer, AppraisalFilterSet
    selector = staticmethod(selectors.appraisals_for)
    http_method_names = NO_DELETE
    workflow_model = Appraisal
    steps = {
        "apply": Step(lambda user, obj, d: services.apply(user, obj)),
        "inspect": Step(lambda user, obj, d: services.inspect(user, obj, s.score_map(d["scores"]),
                                                              findings=d["findings"],
                                                              inspected_on=d["inspected_on"]),
                        serializer=s.AppraisalInspectBody),
        "accept": Step(lambda user, obj, d: services.accept(user, obj, d["accepted_on"]),
                       serializer=s.AppraisalAcceptBody),
        "send_back": Step(lambda user, obj, d: services.send_back(user, obj, d["reason"]),
                          serializer=s.AppraisalReasonBody),
        "award": Step(lambda user, obj, d: services.award(user, obj, **d), serializer=s.AppraisalAwardBody),
        "recheck": Step(lambda user, obj, d: services.recheck(user, obj, **d), serializer=s.AppraisalRecheckBody),
        "revoke": Step(lambda user, obj, d: services.revoke(user, obj, d["reason"]), serializer=s.AppraisalReasonBody),
    }

    @extend_schema(request=s.AppraisalSelfCheckBody, responses={200: s.AppraisalSerializer})
    @action(detail=True, methods=["post"], url_path="self-check")
    def self_check(self, request, pk=None):
        """The union's own scores for the criteria scored by hand (while it checks itself)."""
        appraisal = self.get_object()
        body = s.AppraisalSelfCheckBody(data=request.data)
        body.is_valid(raise_exception=True)
        appraisal = services.self_check(request.user, appraisal, s.score_map(body.validated_data["scores"]))
        return Response(s.AppraisalSerializer(appraisal, context=self.get_serializer_context()).data)

    @extend_schema(request={"multipart/form-data": s.AppraisalEvidenceBody}, responses={201: dict})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def evidence(self, request, pk=None):
        """Attach a file of evidence to a criterion (multipart: ``criterion``, ``file``) during the self-check."""
        appraisal = self.get_object()
        body = s.AppraisalEvidenceBody(data=request.data)
        body.is_valid(raise_exception=True)
        f = services.attach_evidence(request.user, appraisal, body.validated_data["criterion"],
                                     body.validated_data["file"])
        return Response(s.evidence_file_data(f, appraisal.pk), status=status.HTTP_201_CREATED)


    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"evidence/(?P<file>[0-9]+)", url_name="evidence-delete",
            http_method_names=["delete", "options"])
    def delete_evidence(self, request, pk=None, file=None):
        """Remove a file of evidence during the self-check (400 once applied for); in the change log."""
        appraisal = self.get_object()
        evidence = get_object_or_404(EvidenceFile, pk=file, score__appraisal=appraisal)
        services.delete_evidence(request.user, appraisal, evidence)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ScoreViewSet(ScopedReadOnlyViewSet):
    serializer_class, filterset_class = s.AppraisalScoreSerializer, ScoreFilterSet
    selector = staticmethod(selectors.scores_for)


class RoundViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    serializer_class, filterset_class = s.RatingRoundSerializer, RoundFilterSet
    selector = staticmethod(selectors.rounds_for)
    workflow_model = RatingRound
    steps = {"close": Step(lambda user, obj, d: services.close_round(user, obj))}


class RatingViewSet(ScopedReadOnlyViewSet):
    serializer_class, filterset_class = s.MemberRatingSerializer, RatingFilterSet
    selector = staticmethod(selectors.ratings_for)
