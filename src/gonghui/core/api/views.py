from django.http import JsonResponse
from django.views.defaults import page_not_found
from rest_framework.exceptions import NotFound

from gonghui.core.filtersets import AuditLogFilterSet
from gonghui.core.selectors import audit_log_for

from .serializers import AuditLogSerializer
from .viewsets import ScopedReadOnlyViewSet


class AuditLogViewSet(ScopedReadOnlyViewSet):
    """The change log, as far as the caller's scope reaches."""

    serializer_class = AuditLogSerializer
    filterset_class = AuditLogFilterSet
    ordering_fields = ["timestamp"]
    selector = staticmethod(audit_log_for)


def not_found(request, exception=None):
    """404 for a URL that matches nothing: under ``/api/`` the API's JSON answer (an id no record can have, such as
    ``1.5``, never reaches a view), elsewhere Django's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404,
                            json_dumps_params={"ensure_ascii": False})
    return page_not_found(request, exception)
