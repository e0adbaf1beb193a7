"""API of surveys: the surveys in the caller's scope, their questions, their results, and opening and closing."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from gonghui.core import pii, scope
from gonghui.core.api.viewsets import ScopedModelViewSet, Step, WorkflowActionsMixin

from .. import selectors, services
from ..filtersets import SurveyFilterSet
from ..models import Survey
from .serializers import QuestionSerializer, ResultsSerializer, SurveySerializer


class SurveyViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """Surveys organised in the caller's scope. ``questions/`` lists a survey's questions, ``results/`` the counts
    per question (never who answered)."""

    model = workflow_model = Survey
    serializer_class = SurveySerializer
    filterset_class = SurveyFilterSet
    selector = staticmethod(selectors.surveys_for)
    ordering = ["-opens_on", "-id"]
    steps = {"open": Step(lambda user, survey, d: services.open_survey(user, survey)),
             "close": Step(lambda user, survey, d: services.close_survey(user, survey))}

    def get_queryset(self):
        return super().get_queryset().prefetch_related("target_orgs")

    def perform_destroy(self, instance):
        services.delete_survey(self.request.user, instance)

    @extend_schema(responses=QuestionSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def questions(self, request, pk=None):
        survey = self.get_object()
        return Response(QuestionSerializer(selectors.questions_of(survey), many=True).data)

    @extend_schema(responses=ResultsSerializer, filters=False)
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def results(self, request, pk=None):
        survey = self.get_object()
        can_reveal = scope.can(request.user, "reveal_pii", survey.org)
        result = selectors.results(survey)
        for r in result:
            r["rows"] = [{**row, "label": str(row["label"])} for row in r["rows"]]
            r["texts"] = r["texts"] if can_reveal else [pii.mask_free_text(t) for t in r["texts"]]
        data = {"responses": survey.response_count, "targeted": survey.target_count,
                "response_rate": selectors.response_rate(survey), "questions": result}
        return Response(ResultsSerializer(data).data)
