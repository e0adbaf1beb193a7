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
