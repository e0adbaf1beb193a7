"""``/api/v1/orgs/`` and ``/api/v1/units/``: the same selectors, filters and services as the pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from gonghui.core import scope
from gonghui.core.api.viewsets import ScopedModelViewSet

from .. import selectors, services
from ..filtersets import EmployerUnitFilterSet, OrganisationFilterSet
from .serializers import (
    ActivateSerializer,
    DissolveSerializer,
    EmployerUnitSerializer,
    MergeSerializer,
    MoveSerializer,
    OrganisationSerializer,
)


class OrganisationViewSet(ScopedModelViewSet):
    """Union organisations in the caller's part of the tree. Organisations are never deleted: dissolve or merge them."""

    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    selector = staticmethod(selectors.org_list_for)
    # Writes need org_admin (manage_orgs) at the organisation. The coarse check before the lookup stays at
    # "change", so an id outside the caller's scope answers 404 rather than 403 (no existence leak).
    write_action = "change"
    manage_action = "manage_orgs"
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    ordering_fields = ["name", "code", "org_type", "level", "status", "next_election_due", "path"]
    ordering = ["path"]

    def check_org_permission(self, org, action=None):
        super().check_org_permission(org, action or self.manage_action)

    def create(self, request, *args, **kwargs):
        if not scope.can(request.user, self.manage_action, None):
            raise PermissionDenied()
        return super().create(request, *args, **kwargs)

    def _done(self, org):
        org = selectors.org_list_for(self.request.user).filter(pk=org.pk).first() or org
        return Response(OrganisationSerializer(org, context=self.get_serializer_context()).data)

    def _run(self, serializer_class, perform):
        obj = self.get_object()
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return self._done(perform(obj, serializer.validated_data))

    @extend_schema(request=MoveSerializer, responses=OrganisationSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Move the organisation with its whole subtree under another parent."""
        return self._run(MoveSerializer, lambda obj, d: services.move_org(request.user, obj, d["parent"]))

    @extend_schema(request=DissolveSerializer, responses=OrganisationSerializer)
    @action(detail=True, methods=["post"])
    def dissolve(self, request, pk=None):
        """撤销: refused while members or active sub-organisations remain."""
        return self._run(DissolveSerializer, lambda obj, d: services.dissolve_org(request.user, obj, d["reason"], d.get("date")))

    @extend_schema(request=MergeSerializer, responses=OrganisationSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """合并: members, sub-organisations, employer units and pending transfers move to the target."""
        return self._run(
            MergeSerializer, lambda obj, d: services.merge_org(request.user, obj, d["target"], d["reason"], d.get("date"))
        )

    @extend_schema(request=ActivateSerializer, responses=OrganisationSerializer)
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        """筹建 → 正常: a union in preparation is established."""
        return self._run(ActivateSerializer, lambda obj, d: services.activate_org(request.user, obj, d.get("date")))

    @extend_schema(request=None, responses=OrganisationSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filterset_class=None, ordering_fields=None)
    def children(self, request, pk=None):
        """The direct sub-organisations in scope, with the counts of organisations and members in each subtree."""
        parent = self.get_object()
        qs = selectors.with_parent(selectors.children_in_scope(request.user, parent))
        page = self.paginate_queryset(qs)
        rows = list(page if page is not None else qs)
        context = {**self.get_serializer_context(), "counts": selectors.subtree_counts(rows)}
        data = OrganisationSerializer(rows, many=True, context=context).data
        if page is not None:
            return self.get_paginated_response(data)
        return Response(data, status=status.HTTP_200_OK)


class EmployerUnitViewSet(ScopedModelViewSet):
    """Employer units (单位) in the census of the caller's part of the tree. Not deleted through the API."""

    serializer_class = EmployerUnitSerializer
    filterset_class = EmployerUnitFilterSet
    selector = staticmethod(selectors.units_for)
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    ordering_fields = ["name", "credit_code", "employee_count", "created_at"]
    ordering = ["name"]
