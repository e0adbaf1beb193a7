"""``/api/v1/stats/indicators/`` (the registry) and ``/api/v1/stats/dashboard/`` (figures of an organisation)."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from gonghui.core.api.permissions import IsOfficial

from .. import selectors
from ..forms import clean_code
from ..periods import parse_period
from ..registry import all_indicators, section_label
from .serializers import DashboardSerializer, IndicatorSerializer


class IndicatorViewSet(viewsets.ViewSet):
    """The indicators every dashboard, target and annual report reads."""

    permission_classes = [IsOfficial]
    pagination_class = None

    @extend_schema(responses=IndicatorSerializer(many=True))
    def list(self, request):
        rows = [{
            "key": i.key, "name": str(i.name), "unit": str(i.unit), "section": i.section,
            "section_label": str(section_label(i.section)), "kind": i.kind, "rollup": i.rollup, "target": i.target,
            "report_table": i.report_table, "derived": i.derived, "help": str(i.help),
            "higher_is_better": i.higher_is_better,
        } for i in all_indicators()]
        return Response(IndicatorSerializer(rows, many=True).data)


class DashboardViewSet(viewsets.ViewSet):
    """Every figure of an organisation's subtree for a period, with the URL of the records behind each."""

    permission_classes = [IsOfficial]
    replica_reads = "list"
    pagination_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter("org", OpenApiTypes.STR,
                             description="Organisation code (default: the root of your scope)."),
            OpenApiParameter("period", OpenApiTypes.STR,
                             description="2026, 2026-Q3, 2026-07 or 2026-01-01~2026-06-30."),
            OpenApiParameter("start", OpenApiTypes.DATE, description="Start of a custom period (with end)."),
            OpenApiParameter("end", OpenApiTypes.DATE, description="End of a custom period (with start)."),
            OpenApiParameter("sort", OpenApiTypes.STR, description="Rank the children by this indicator."),
        ],
        responses=DashboardSerializer,
    )
    def list(self, request):
        params = request.query_params
        try:
            period = parse_period(params.get("period"), start=params.get("start"), end=params.get("end"))
        except ValidationError as e:
            raise serializers.ValidationError({"period": e.messages}) from None
        org = selectors.dashboard_org(request.user, clean_code(params.get("org")))
        if org is None:
            raise Http404(_("No organisation with this code in your part of the union tree."))
        data = selectors.cached_dashboard_data(org, period)
        selectors.sort_children(data, params.get("sort", ""))
        data["period"] = {"token": period.token, "kind": period.kind, "start": period.start, "end": period.end,
                          "label": period.label}
        return Response(DashboardSerializer(data).data)
