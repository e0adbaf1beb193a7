"""API of the member registry, join applications and transfers (same filters and services as the pages)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from gonghui.core import scope
from gonghui.core.api.viewsets import ScopedReadOnlyViewSet, ScopedViewSetMixin

from .. import selectors, services
from ..filtersets import ApplicationFilterSet, MemberFilterSet, TransferFilterSet
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


class MemberViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Members in the caller's part of the union tree. Status changes go through the actions below.

    ``id_number`` is masked on read; ``GET members/{id}/?reveal=1`` (roles that may reveal) returns it in
    full and writes an audit entry. Phones are masked in lists.
    """

    serializer_class = MemberSerializer
    filterset_class = MemberFilterSet
    selector = staticmethod(selectors.members_for)
    ordering_fields = ["join_date", "name", "member_no", "status"]
    ordering = ["-join_date", "-id"]

    def get_serializer_context(self):
        ctx = super().get_serializer_context()
        ctx["mask_phone"] = self.action == "list"
        return ctx

    @extend_schema(parameters=[OpenApiParameter("reveal", bool, description="Return the full ID number (audited).")])
    def retrieve(self, request, *args, **kwargs):
        member = self.get_object()
        context = self.get_serializer_context()
        if request.query_params.get("reveal") in ("1", "true", "yes"):
            if not scope.can(request.user, "reveal_pii", member.org):
                raise PermissionDenied()
            services.reveal_id_number(request.user, member)
            context["reveal"] = True
        return Response(self.get_serializer_class()(member, context=context).data)

    def _status_action(self, request, service, *, reason_required=False):
        member = self.get_object()
        ser = (RequiredReasonSerializer if reason_required else ReasonDateSerializer)(data=request.data)
        ser.is_valid(raise_exception=True)
        member = service(request.user, member, ser.validated_data.get("reason", ""), date=ser.validated_data.get("date"))
        return Response(MemberSerializer(member, context=self.get_serializer_context()).data)

    @extend_schema(request=ReasonDateSerializer, responses=MemberSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """退会: an active or retained member leaves the union (reason required)."""
        return self._status_action(request, services.withdraw_member)

    @extend_schema(request=ReasonDateSerializer, responses=MemberSerializer)
    @action(detail=True, methods=["post"])
    def reinstate(self, request, pk=None):
        """恢复会籍: a withdrawn or retained member becomes active again."""
        return self._status_action(request, services.reinstate_member)

    @extend_schema(request=ReasonDateSerializer, responses=MemberSerializer)
    @action(detail=True, methods=["post"])
    def retain(self, request, pk=None):
        """保留会籍."""
        return self._status_action(request, services.retain_membership)

    @extend_schema(request=ReasonDateSerializer, responses=MemberSerializer)
    @action(detail=True, methods=["post"])
    def death(self, request, pk=None):
        """Record the member's death."""
        return self._status_action(request, services.record_death)

    @extend_schema(request=MemberTransferSerializer, responses={201: TransferSerializer})
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        """Start a transfer to the union with the given code (转出)."""
        member = self.get_object()
        ser = MemberTransferSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        transfer = _start_transfer(request.user, member, ser.validated_data)
        return Response(TransferSerializer(transfer).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=RevealSerializer)
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """The full ID number (roles that may reveal it); every call is written to the audit log."""
        member = self._get_for_reveal()
        return Response({"id_number": services.reveal_id_number(request.user, member)})

    @extend_schema(responses=MemberEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        """The member's history: joins, transfers, edits and status changes, newest first."""
        member = self.get_object()
        events = selectors.member_history(member)
        page = self.paginate_queryset(events)
        if page is not None:
            return self.get_paginated_response(MemberEventSerializer(page, many=True).data)
        return Response(MemberEventSerializer(events, many=True).data)

    def _get_for_reveal(self):
        member = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if not scope.can(self.request.user, "reveal_pii", member.org):
            raise PermissionDenied()
        return member


def _start_transfer(user, member, data):
    from django.core.exceptions import ValidationError

    from gonghui.orgs.selectors import find_org_by_code

    to_org = find_org_by_code(data["to_org_code"])
    if to_org is None:
        raise ValidationError({"to_org_code": _no_such_union()})
    try:
        return services.start_transfer(user, member, to_org, data.get("reason", ""))
    except ValidationError as e:
        if hasattr(e, "error_dict") and "to_org" in e.error_dict:
            raise ValidationError({"to_org_code": e.error_dict["to_org"]}) from None
        raise


def _no_such_union():
    from django.utils.translation import gettext as _

    return _("No active union has this code.")


class JoinApplicationViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                             viewsets.GenericViewSet):
    """Join applications (入会申请) to unions in scope. Staff may enter one (channel: staff) and decide."""

    serializer_class = JoinApplicationSerializer
    filterset_class = ApplicationFilterSet
    selector = staticmethod(selectors.applications_for)
    ordering_fields = ["created_at", "name", "status"]
    ordering = ["-created_at", "-id"]

    def get_serializer_context(self):
        ctx = super().get_serializer_context()
        ctx["mask_phone"] = self.action == "list"
        return ctx

    @extend_schema(request=ApproveSerializer, responses={201: MemberSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve: the applicant becomes a member (and is invited to the portal). 409 if already decided."""
        app = self.get_object()
        ser = ApproveSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        member = services.approve_application(request.user, app, join_date=ser.validated_data.get("join_date"))
        return Response(MemberSerializer(member, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RequiredReasonSerializer, responses=JoinApplicationSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Reject with a reason. 409 if already decided."""
        app = self.get_object()
        ser = RequiredReasonSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        app = services.reject_application(request.user, app, ser.validated_data["reason"])
        return Response(JoinApplicationSerializer(app, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses=RevealSerializer)
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """The applicant's full ID number (audited)."""
        app = get_object_or_404(self.get_queryset(), pk=pk)
        if not scope.can(request.user, "reveal_pii", app.org):
            raise PermissionDenied()
        return Response({"id_number": services.reveal_id_number(request.user, app)})


class TransferViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Transfers (会员关系接转) from or to unions in scope. ``direction=incoming|outgoing`` filters by side.

    Create starts a transfer (the sending union); ``accept`` and ``refuse`` are for the receiving union,
    ``cancel`` for the sender. 409 when the transfer was decided in the meantime.
    """

    serializer_class = TransferSerializer
    filterset_class = TransferFilterSet
    selector = staticmethod(selectors.transfers_for)
    ordering_fields = ["started_at", "decided_at", "status"]
    ordering = ["-started_at", "-id"]

    def get_serializer_class(self):
        return TransferCreateSerializer if self.action == "create" else TransferSerializer

    def get_object(self):
        # Rights depend on the side (receiver decides, sender cancels): the services check them.
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    @extend_schema(request=TransferCreateSerializer, responses={201: TransferSerializer})
    def create(self, request, *args, **kwargs):
        ser = TransferCreateSerializer(data=request.data, context=self.get_serializer_context())
        ser.is_valid(raise_exception=True)
        transfer = _start_transfer(request.user, ser.validated_data["member"], ser.validated_data)
        return Response(TransferSerializer(transfer).data, status=status.HTTP_201_CREATED)

    def _decide(self, fn, reason_required=False):
        transfer = self.get_object()  # out of scope: 404 before anything else
        args = ()
        if reason_required:
            ser = RequiredReasonSerializer(data=self.request.data)
            ser.is_valid(raise_exception=True)
            args = (ser.validated_data["reason"],)
        try:
            transfer = fn(self.request.user, transfer, *args)
        except DjangoPermissionDenied:
            raise PermissionDenied() from None
        return Response(TransferSerializer(transfer).data)

    @extend_schema(request=None, responses=TransferSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """The receiving union accepts: the member moves to it."""
        return self._decide(services.accept_transfer)

    @extend_schema(request=RequiredReasonSerializer, responses=TransferSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        """The receiving union refuses (reason required): the member stays with the sender."""
        return self._decide(services.refuse_transfer, reason_required=True)

    @extend_schema(request=None, responses=TransferSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """The sending union withdraws the transfer."""
        return self._decide(services.cancel_transfer)
