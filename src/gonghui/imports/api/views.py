"""``/api/v1/import-jobs/``: upload a sheet, follow its check and import, start, cancel, fetch the errors;
``/api/v1/import-templates/{kind}/``: the import workbooks. Same scope and roles as the pages."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from gonghui.core import audit, jobs
from gonghui.core.api.parsers import JSONParser
from gonghui.core.api.viewsets import ScopedViewSetMixin
from gonghui.core.models import AuditAction

from ..choices import import_kind_choices, is_import_kind
from ..filtersets import ImportJobFilterSet
from ..models import ImportJob
from ..views import (
    CHECK_JOB,
    TEMPLATE_LANGUAGES,
    jobs_for,
    mark_stale,
    start_or_resume,
    template_filename,
    xlsx_response,
)
from .serializers import ImportJobCreateSerializer, ImportJobSerializer

XLSX_RESPONSE = {(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY}


class ImportJobViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       viewsets.GenericViewSet):
    """Import jobs in the caller's part of the union tree.

    ``POST`` (multipart: ``kind``, ``org`` id, ``mode``, ``file``) stores the upload and starts the check
    (a dry run); poll the job until ``status`` is ``validated`` (or ``failed``), read ``preview``, then
    ``POST start/``. Writes need the ``change`` role at the job's organisation.
    """

    serializer_class = ImportJobSerializer
    filterset_class = ImportJobFilterSet
    selector = staticmethod(jobs_for)
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    ordering_fields = ["created_at", "status"]
    ordering = ["-created_at", "-id"]

    queryset = ImportJob.objects.none()  # for the schema; requests use the selector

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ImportJob.objects.none()
        if self.action in ("list", "retrieve"):
            mark_stale()
        return super().get_queryset()

    @extend_schema(request={"multipart/form-data": ImportJobCreateSerializer}, responses={201: ImportJobSerializer})
    def create(self, request, *args, **kwargs):
        from .. import services

        ser = ImportJobCreateSerializer(data=request.data, context=self.get_serializer_context())
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        self.check_org_permission(d["org"])
        job = services.create_job(request.user, d["kind"], d["file"], d["org"], d["mode"])
        jobs.enqueue(CHECK_JOB, job.pk)
        job.refresh_from_db()
        return Response(ImportJobSerializer(job, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={202: ImportJobSerializer})
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        """Import a checked job (``validated``), or continue one that stopped half-way (``failed`` while importing).

        400 when all-or-nothing has errors, 409 on a race.
        """
        job = self.get_object()
        start_or_resume(request.user, job)
        job.refresh_from_db()
        return Response(ImportJobSerializer(job, context=self.get_serializer_context()).data,
                        status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={202: ImportJobSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Stop the job after its current batch (rows already imported stay imported)."""
        from .. import services

        job = self.get_object()
        services.request_cancel(request.user, job)
        job.refresh_from_db()
        return Response(ImportJobSerializer(job, context=self.get_serializer_context()).data,
                        status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses=XLSX_RESPONSE)
    @action(detail=True, methods=["get"])
    def errors(self, request, pk=None):
        """The error report (xlsx): the rows with errors as uploaded, with what is wrong."""
        from .. import services

        job = self.get_object()
        self.check_org_permission(job.org)
        content = services.error_report(job)
        audit.record(AuditAction.EXPORT, job, user=request.user, count=job.error_rows, note="import error report")
        return xlsx_response(content, f"import-errors-{job.pk}.xlsx")


class ImportTemplateViewSet(viewsets.ViewSet):
    """``GET /api/v1/import-templates/{kind}/?lang=zh-hans|en``: an empty import workbook (xlsx)."""

    lookup_field = "kind"
    lookup_value_regex = "[a-z_]+"

    @extend_schema(parameters=[OpenApiParameter("lang", str, enum=list(TEMPLATE_LANGUAGES))], responses=XLSX_RESPONSE)
    def retrieve(self, request, kind=None):
        from .. import services

        if not is_import_kind(kind):
            raise NotFound()
        lang = (request.query_params.get("lang") or "zh-hans").lower()
        if lang not in TEMPLATE_LANGUAGES:
            lang = "zh-hans"
        return xlsx_response(services.template_workbook(kind, lang), template_filename(kind, lang))

    @extend_schema(responses=OpenApiResponse(description="The kinds with a template"))
    def list(self, request):
        base = request.build_absolute_uri()
        return Response([{"kind": k, "label": str(label), "url": f"{base}{k}/"} for k, label in import_kind_choices()])
