from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from gonghui.core import scope
from gonghui.core.api.parsers import JSONParser
from gonghui.core.api.viewsets import ScopedModelViewSet

from .. import selectors, services
from ..filtersets import LetterFilterSet, TargetFilterSet
from ..views import _default_org
from .serializers import LetterSerializer, TargetSerializer


class IssuerRightsMixin:
    def org_of(self, obj):
        return obj.rights_org()

    def check_org_permission(self, org, action=None):
        # The object came through the scoped selector (visible); changing it needs the right at the issuer.
        if not scope.can(self.request.user, action or self.write_action, org):
            raise PermissionDenied()


class TargetViewSet(IssuerRightsMixin, ScopedModelViewSet):
    """Targets handed down (指标下达). ``progress`` gives the progress board of an issuer (or of one organisation)."""

    serializer_class = TargetSerializer
    filterset_class = TargetFilterSet
    ordering_fields = ["year", "indicator", "value", "updated_at"]
    selector = staticmethod(selectors.targets_for)

    def perform_destroy(self, instance):
        services.delete_target(self.request.user, instance)

    @extend_schema(responses=OpenApiTypes.OBJECT, filters=False, parameters=[
        OpenApiParameter("issuer", OpenApiTypes.STR, description="Code of the issuing union (its children ranked)."),
        OpenApiParameter("org", OpenApiTypes.STR, description="Code of a union (its own targets)."),
        OpenApiParameter("year", OpenApiTypes.INT, description="The year (default: this year)."),
    ])
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def progress(self, request):
        """``?issuer=CODE&year=2026`` (the issuer's children ranked) or ``?org=CODE&year=2026`` (its own targets)."""
        user = request.user
        year = services.check_year(request.query_params.get("year") or timezone.localdate().year)
        if request.query_params.get("org"):
            org = scope.org_by_code(user, request.query_params["org"])
            if org is None:
                raise Http404
            data = selectors.own_progress(user, org, year)
        else:
            code = request.query_params.get("issuer")
            issuer = scope.org_by_code(user, code) if code else _default_org(user)
            if issuer is None:
                raise Http404
            data = selectors.progress_board(user, issuer, year)
        return Response(selectors.board_as_json(data))


class LetterViewSet(IssuerRightsMixin, ScopedModelViewSet):
    """Responsibility letters (责任状); the scan is uploaded as multipart and fetched by ``download``."""

    serializer_class = LetterSerializer
    filterset_class = LetterFilterSet
    ordering_fields = ["year", "signed_on", "updated_at"]
    selector = staticmethod(selectors.letters_for)
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def perform_destroy(self, instance):
        services.delete_letter(self.request.user, instance)

    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        return self.get_object().download()
