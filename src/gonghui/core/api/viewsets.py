"""The base of every API endpoint: the queryset comes from a scoped selector, writes go through services."""

from django.http import Http404
from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied

from gonghui.core import scope


class ScopedViewSetMixin:
    """Subclasses set ``selector`` (``callable(user) -> QuerySet`` already restricted to the scope).

    ``org_of(obj)`` names the organisation that decides write rights on an object. Reads need only
    scope; writes need ``write_action`` ("change" by default) at that organisation.
    """

    selector = None
    write_action = "change"

    def get_queryset(self):
        return self.selector(self.request.user)

    def org_of(self, obj):
        return obj.audit_org() if hasattr(obj, "audit_org") else None

    def check_org_permission(self, org, action=None):
        if not scope.can(self.request.user, action or self.write_action, org):
            if org is not None and not scope.in_scope(self.request.user, org):
                raise Http404
            raise PermissionDenied()

    def get_object(self):
        obj = super().get_object()
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            self.check_org_permission(self.org_of(obj))
        return obj


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    pass
