"""API of the annual report: rounds, reports (figures edited through the service) and the workflow steps."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from gonghui.core.api.viewsets import ScopedViewSetMixin

from .. import selectors, services
from ..filtersets import ReportFilterSet, ReportRoundFilterSet
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
        from gonghui.orgs.selectors import orgs_for

        ser = ReportRoundCreateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        org = orgs_for(request.user).filter(code=d["org_code"].strip()).first()
        if org is None:
            raise ValidationError({"org_code": ValidationError("No union with this code in your scope.")})
        kw = {"year": d["year"], "deadline": d["deadline"], "title": d.get("title", "")}
        if d.get("warn_change_share") is not None:
            kw["warn_change_share"] = d["warn_change_share"]
        rnd = services.open_round(request.user, org, **kw)
        return Response(ReportRoundSerializer(rnd).data, status=status.HTTP_201_CREATED)


class ReportViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                    viewsets.GenericViewSet):
    """Annual reports in the caller's scope. PATCH ``values`` to enter or correct figures; POST the steps."""

    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet
    selector = staticmethod(selectors.reports_for)
    ordering_fields = ["status", "submitted_at"]
    ordering = ["round", "org__path"]

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

    @extend_schema(request=None, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit to the union above (refused while a child's report is not accepted)."""
        report = services.submit_report(request.user, self.get_object())
        return Response(ReportSerializer(report).data)

    @extend_schema(request=CommentSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        """Return with a comment (the union above)."""
        report = self.get_object()
        ser = CommentSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            report = services.return_report(request.user, report, ser.validated_data.get("comment", ""))
        except ValidationError as e:
            if hasattr(e, "error_dict") and "reason" in e.error_dict:
                raise ValidationError({"comment": e.error_dict["reason"]}) from None
            raise
        return Response(ReportSerializer(report).data)

    @extend_schema(request=CommentSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Accept (the union above): the report is frozen."""
        report = self.get_object()
        ser = CommentSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        report = services.accept_report(request.user, report, ser.validated_data.get("comment", ""))
        return Response(ReportSerializer(report).data)
