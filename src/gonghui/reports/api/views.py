"""API of the annual report: rounds, reports (figures edited through the service) and the workflow steps."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from gonghui.core import scope
from gonghui.core.api.viewsets import ScopedViewSetMixin, Step, WorkflowActionsMixin

from .. import selectors, services
from ..filtersets import ReportFilterSet, ReportRoundFilterSet
from ..models import Report
from .serializers import (
    CommentSerializer,
    ReportRoundCreateSerializer,
    ReportRoundSerializer,
    ReportSerializer,
    ReportValuesSerializer,
)


class ReportRoundViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                         mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Reporting rounds opened in or above the caller's part of the tree. POST opens a round."""

    serializer_class = ReportRoundSerializer
    filterset_class = ReportRoundFilterSet
    selector = staticmethod(selectors.rounds_for)
    ordering_fields = ["year", "deadline"]
    ordering = ["-year", "id"]

    @extend_schema(request=ReportRoundCreateSerializer, responses={201: ReportRoundSerializer})
    def create(self, request, *args, **kwargs):
        ser = ReportRoundCreateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        org = scope.orgs_for(request.user).filter(code=d["org_code"].strip()).first()
        if org is None:
            raise ValidationError({"org_code": ValidationError("No union with this code in your scope.")})
        kw = {"year": d["year"], "deadline": d["deadline"], "title": d.get("title", "")}
        if d.get("warn_change_share") is not None:
            kw["warn_change_share"] = d["warn_change_share"]
        rnd = services.open_round(request.user, org, **kw)
        return Response(ReportRoundSerializer(rnd).data, status=status.HTTP_201_CREATED)


class ReportViewSet(WorkflowActionsMixin, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Annual reports in the caller's scope. PATCH ``values`` to enter or correct figures; POST the steps."""

    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet
    selector = staticmethod(selectors.reports_for)
    ordering_fields = ["status", "submitted_at"]
    ordering = ["round", "org__path"]
    workflow_model = Report
    steps = {
        "submit": Step(lambda user, report, d: services.submit_report(user, report),
                       description="Submit to the union above (refused while a child's report is not accepted)."),
        "refresh": Step(lambda user, report, d: services.refresh_figures(user, report),
                        description="Take the figures from the records again (before submission only: 409 once "
                                    "submitted)."),
        "return": Step(lambda user, report, d: services.return_report(user, report, d.get("comment", "")),
                       serializer=CommentSerializer, error_fields={"reason": "comment"},
                       description="Return with a comment (the union above)."),
        "accept": Step(lambda user, report, d: services.accept_report(user, report, d.get("comment", "")),
                       serializer=CommentSerializer, description="Accept (the union above): the report is frozen."),
    }

    def retrieve(self, request, *args, **kwargs):
        report = self.get_object()
        data = ReportSerializer(report).data
        fig = services.reported(report)
        data["figures"] = {k: (str(v) if v is not None and not isinstance(v, int) else v) for k, v in fig.items()}
        data["warnings"] = [{**w, "previous": str(w["previous"]), "value": str(w["value"]), "change": str(w["change"])}
                            for w in services.warnings_for(report, fig)]
        return Response(data)

    @extend_schema(request=ReportValuesSerializer, responses=ReportSerializer)
    def update(self, request, *args, **kwargs):
        report = self.get_object()
        ser = ReportValuesSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        report, warnings = services.update_values(request.user, report, ser.validated_data["values"])
        data = ReportSerializer(report).data
        data["warnings"] = [w["message"] for w in warnings]
        return Response(data)
