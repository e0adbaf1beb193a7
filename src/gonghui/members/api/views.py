"""API of the member registry, join applications and transfers (same filters and services as the pages).

The workflow actions come from the models' declared transitions (``WorkflowActionsMixin``): one ``Step`` each.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from gonghui.core import scope
from gonghui.core.api.viewsets import ScopedReadOnlyViewSet, ScopedViewSetMixin, Step, WorkflowActionsMixin
from gonghui.core.services import reveal
from gonghui.orgs.selectors import find_org_by_code

from .. import selectors, services
from ..filtersets import ApplicationFilterSet, MemberFilterSet, TransferFilterSet
from ..models import JoinApplication, Member, Transfer
from .serializers import (
    ApproveSerializer,
    JoinApplicationSerializer,
    MemberEventSerializer,
    MemberSerializer,
    MemberTransferSerializer,
    ReasonDateSerializer,
    RequiredReasonSerializer,
    TransferCreateSerializer,
    TransferSerializer,
)

RevealSerializer = inline_serializer("RevealedIdNumber", {"id_number": serializers.CharField()})


def _revealed_id_number(user, obj):
    """The record's full ID number (audited, ``gonghui.core.services.reveal``); 403 for a role that may not."""
    try:
        return reveal(user, obj)["id_number"]
    except DjangoPermissionDenied:
        raise PermissionDenied() from None


def _start_transfer(user, member, data):
    """The union is given by code (it may lie outside the caller's scope); errors name ``to_org_code``."""
    to_org = find_org_by_code(data["to_org_code"])
    if to_org is None:
        raise ValidationError({"to_org_code": _("No active union has this code.")})
    try:
        return services.start_transfer(user, member, to_org, data.get("reason", ""))
    except ValidationError as e:
        if hasattr(e, "error_dict") and "to_org" in e.error_dict:
            raise ValidationError({"to_org_code": e.error_dict["to_org"]}) from None
        raise


def _status_step(service, description):
    """A status change of a member: an optional reason and effective date."""
    return Step(lambda user, member, d: service(user, member, d.get("reason", ""), date=d.get("date")),
                serializer=ReasonDateSerializer, response=MemberSerializer, description=description)


class MemberViewSet(WorkflowActionsMixin, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Members in the caller's part of the union tree. Status changes go through the actions below.

    ``id_number`` is masked on read; ``GET members/{id}/?reveal=1`` (roles that may reveal) returns it in
    full and writes an audit entry. Phones are masked in lists.
    """

    serializer_class = MemberSerializer
    filterset_class = MemberFilterSet
    selector = staticmethod(selectors.members_for)
    ordering_fields = ["join_date", "name", "member_no", "status"]
    workflow_model = Member

    @property
    def ordering(self):
        """As the list page: a search by name lists names in order unless ``ordering`` is given (read from the
        name index, not tens of thousands of matches sorted by join date)."""
        request = getattr(self, "request", None)
        if request is not None and selectors.is_name_search(request.query_params.get("q")):
            return ["name", "id"]
        return ["-join_date", "-id"]
    steps = {
        "withdraw": _status_step(services.withdraw_member,
                                 "退会: an active or retained member leaves the union (reason required)."),
        "reinstate": _status_step(services.reinstate_member,
                                  "恢复会籍: a withdrawn or retained member becomes active again."),
        "retain": _status_step(services.retain_membership, "保留会籍."),
        "deceased": _status_step(services.record_death, "Record the member's death."),
        "transfer_start": Step(_start_transfer, serializer=MemberTransferSerializer, response=TransferSerializer,
                               status=status.HTTP_201_CREATED,
                               description="Start a transfer to the union with the given code (转出)."),
    }

    def get_serializer_context(self):
        ctx = super().get_serializer_context()
        ctx["mask_phone"] = self.action == "list"
        return ctx

    @extend_schema(parameters=[OpenApiParameter("reveal", bool, description="Return the full ID number (audited).")])
    def retrieve(self, request, *args, **kwargs):
        member = self.get_object()
        context = self.get_serializer_context()
        if request.query_params.get("reveal") in ("1", "true", "yes"):
            _revealed_id_number(request.user, member)
            context["reveal"] = True
        return Response(self.get_serializer_class()(member, context=context).data)

    @extend_schema(request=None, responses=RevealSerializer)
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """The full ID number (roles that may reveal it); every call is written to the audit log."""
        member = get_object_or_404(self.get_queryset(), pk=pk)
        return Response({"id_number": _revealed_id_number(request.user, member)})

    @extend_schema(responses=MemberEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        """The member's history: joins, transfers, edits and status changes, newest first."""
        member = self.get_object()
        events = selectors.member_history(member)
        page = self.paginate_queryset(events)
        context = {"may_reveal": scope.can(request.user, "reveal_pii", member.org)}
        if page is not None:
            return self.get_paginated_response(MemberEventSerializer(page, many=True, context=context).data)
        return Response(MemberEventSerializer(events, many=True, context=context).data)


class JoinApplicationViewSet(WorkflowActionsMixin, ScopedViewSetMixin, mixins.ListModelMixin,
                             mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Join applications (入会申请) to unions in scope. Staff may enter one (channel: staff) and decide."""

    serializer_class = JoinApplicationSerializer
    filterset_class = ApplicationFilterSet
    selector = staticmethod(selectors.applications_for)
    ordering_fields = ["created_at", "name", "status"]
    ordering = ["-created_at", "-id"]
    workflow_model = JoinApplication
    steps = {
        "approve": Step(lambda user, app, d: services.approve_application(user, app, join_date=d.get("join_date")),
                        serializer=ApproveSerializer, response=MemberSerializer, status=status.HTTP_201_CREATED,
                        description="Approve: the applicant becomes a member (and is invited to the portal). "
                                    "409 if already decided."),
        "reject": Step(lambda user, app, d: services.reject_application(user, app, d["reason"]),
                       serializer=RequiredReasonSerializer, response=JoinApplicationSerializer,
                       description="Reject with a reason. 409 if already decided."),
    }

    def get_serializer_context(self):
        ctx = super().get_serializer_context()
        ctx["mask_phone"] = self.action == "list"
        return ctx

    @extend_schema(request=None, responses=RevealSerializer)
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """The applicant's full ID number (audited)."""
        app = get_object_or_404(self.get_queryset(), pk=pk)
        return Response({"id_number": _revealed_id_number(request.user, app)})


class TransferViewSet(WorkflowActionsMixin, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Transfers (会员关系接转) from or to unions in scope. ``direction=incoming|outgoing`` filters by side.

    Create starts a transfer (the sending union); ``accept`` and ``refuse`` are for the receiving union,
    ``cancel`` for the sender. 409 when the transfer was decided in the meantime.
    """

    serializer_class = TransferSerializer
    filterset_class = TransferFilterSet
    selector = staticmethod(selectors.transfers_for)
    ordering_fields = ["started_at", "decided_at", "status"]
    ordering = ["-started_at", "-id"]
    workflow_model = Transfer
    steps = {
        "accept": Step(lambda user, transfer, d: services.accept_transfer(user, transfer), response=TransferSerializer,
                       description="The receiving union accepts: the member moves to it."),
        "refuse": Step(lambda user, transfer, d: services.refuse_transfer(user, transfer, d["reason"]),
                       serializer=RequiredReasonSerializer, response=TransferSerializer,
                       description="The receiving union refuses (reason required): the member stays with the sender."),
        "cancel": Step(lambda user, transfer, d: services.cancel_transfer(user, transfer), response=TransferSerializer,
                       description="The sending union withdraws the transfer."),
    }

    def get_serializer_class(self):
        return TransferCreateSerializer if self.action == "create" else TransferSerializer

    def run_step(self, request, transition, step):
        # Both unions see the transfer, so the other union's step is refused (403), not hidden (404).
        if not transition.user_may(request.user, self.get_object()):
            raise PermissionDenied()
        return super().run_step(request, transition, step)

    @extend_schema(request=TransferCreateSerializer, responses={201: TransferSerializer})
    def create(self, request, *args, **kwargs):
        ser = TransferCreateSerializer(data=request.data, context=self.get_serializer_context())
        ser.is_valid(raise_exception=True)
        transfer = _start_transfer(request.user, ser.validated_data["member"], ser.validated_data)
        return Response(TransferSerializer(transfer).data, status=status.HTTP_201_CREATED)
