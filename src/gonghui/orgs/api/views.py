"""``/api/v1/orgs/`` and ``/api/v1/units/``: the same selectors, filters and services as the pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from gonghui.core import scope
from gonghui.core.api.viewsets import ScopedModelViewSet, Step, WorkflowActionsMixin

from .. import selectors, services
from ..filtersets import EmployerUnitFilterSet, OrganisationFilterSet
from ..models import Organisation
from .serializers import (
    ActivateSerializer,
    DissolveSerializer,
    EmployerUnitSerializer,
    MergeSerializer,
    MoveSerializer,
    OrganisationSerializer,
)


class OrganisationViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """Union organisations in the caller's part of the tree. Organisations are never deleted: dissolve or merge them.

    The workflow steps (``activate``, ``move``, ``merge``, ``dissolve``) are the POST actions of
    ``Organisation.workflow``; each answers with the organisation as it is after the step.
    """

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
    workflow_model = Organisation
    steps = {
        "activate": Step(lambda user, org, d: services.activate_org(user, org, d.get("date")),
                         serializer=ActivateSerializer,
                         description="筹建 → 正常: a union in preparation is established."),
        "move": Step(lambda user, org, d: services.move_org(user, org, d["parent"]), serializer=MoveSerializer,
                     description="Move the organisation with its whole subtree under another parent."),
        "merge": Step(lambda user, org, d: services.merge_org(user, org, d["target"], d["reason"], d.get("date")),
                      serializer=MergeSerializer,
                      description="合并: members, sub-organisations, employer units and pending transfers move to "
                                  "the target."),
        "dissolve": Step(lambda user, org, d: services.dissolve_org(user, org, d["reason"], d.get("date")),
                         serializer=DissolveSerializer,
                         description="撤销: refused while members or active sub-organisations remain."),
    }

    def check_org_permission(self, org, action=None):
        super().check_org_permission(org, action or self.manage_action)

    def create(self, request, *args, **kwargs):
        if not scope.can(request.user, self.manage_action, None):
            raise PermissionDenied()
        return super().create(request, *args, **kwargs)

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
