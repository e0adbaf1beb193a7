"""``/api/v1/rights-cases/``, ``/api/v1/legal-aid-referrals/`` (read-only) and ``/api/v1/early-warnings/``: the
same selectors, filtersets and services as the pages; every workflow step is a POST action on the case."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from gonghui.core import scope
from gonghui.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet

from .. import selectors, services
from ..filtersets import CaseFilterSet, LegalAidFilterSet, WarningFilterSet
from ..models import LegalAidReferral
from . import serializers as s


class CaseViewSet(ScopedModelViewSet):
    """Rights cases (维权案件). Create records a staff intake; the workflow steps are POST actions."""

    serializer_class = s.CaseSerializer
    filterset_class = CaseFilterSet
    ordering_fields = ["received_at", "deadline", "closed_at", "amount_recovered"]
    selector = staticmethod(selectors.cases_for)
    http_method_names = ["get", "post", "head", "options"]

    def get_serializer_context(self):
        ctx = super().get_serializer_context()
        ctx["detail"] = self.action == "retrieve"
        return ctx

    def _step(self, request, serializer_class, perform):
        case = self.get_object()
        data = None
        if serializer_class is not None:
            ser = serializer_class(data=request.data, context=self.get_serializer_context())
            ser.is_valid(raise_exception=True)
            data = ser.validated_data
        perform(case, data)
        fresh = self.get_queryset().filter(pk=case.pk).first()
        if fresh is None:  # passed on beyond the caller's scope
            return Response({"id": case.pk, "reference_no": case.reference_no, "handling_org": case.handling_org_id})
        return Response(s.CaseSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._step(request, None, lambda c, d: services.accept_case(request.user, c))

    @extend_schema(request=s.RouteSerializer, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def route(self, request, pk=None):
        return self._step(request, s.RouteSerializer,
                          lambda c, d: services.route_case(request.user, c, d["kind"], d["to_org"], d["reason"]))

    @extend_schema(request=s.MediatorSerializer, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"], url_path="start-mediation")
    def start_mediation(self, request, pk=None):
        return self._step(request, s.MediatorSerializer,
                          lambda c, d: services.start_mediation(request.user, c, d["mediator"]))

    @extend_schema(request=s.ExtendSerializer, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        return self._step(request, s.ExtendSerializer, lambda c, d: services.extend_deadline(
            request.user, c, d["new_deadline"], worker_consent=d["worker_consent"],
            employer_consent=d["employer_consent"], consent_note=d["consent_note"]))

    @extend_schema(request=s.SessionSerializer, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"], url_path="record-session")
    def record_session(self, request, pk=None):
        return self._step(request, s.SessionSerializer, lambda c, d: services.record_session(
            request.user, c, held_on=d["held_on"], mediator=d.get("mediator", ""), notes=d["notes"],
            participants=d.get("participants", "")))

    @extend_schema(request=s.CloseSerializer, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"], url_path="close-with-outcome")
    def close_with_outcome(self, request, pk=None):
        return self._step(request, s.CloseSerializer, lambda c, d: services.close_case(
            request.user, c, d["outcome"], reason=d.get("reason", ""), agreement_amount=d.get("agreement_amount"),
            paying_deadline=d.get("paying_deadline"), amount_recovered=d.get("amount_recovered"),
            referred_to=d.get("referred_to", ""), legal_aid_offered=d.get("legal_aid_offered", False)))

    @extend_schema(request=s.RecoverySerializer, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"], url_path="record-recovery")
    def record_recovery(self, request, pk=None):
        return self._step(request, s.RecoverySerializer,
                          lambda c, d: services.record_recovery(request.user, c, d["amount_recovered"]))

    @extend_schema(request=s.ReasonSerializer, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._step(request, s.ReasonSerializer, lambda c, d: services.reopen_case(request.user, c, d["reason"]))

    @extend_schema(request=s.LegalAidInSerializer, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"], url_path="refer-legal-aid")
    def refer_legal_aid(self, request, pk=None):
        return self._step(request, s.LegalAidInSerializer, lambda c, d: services.refer_legal_aid(
            request.user, c, provider_kind=d["provider_kind"], provider_name=d["provider_name"], note=d.get("note", "")))

    @extend_schema(request=s.LegalAidResultSerializer, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"], url_path="legal-aid-result")
    def legal_aid_result(self, request, pk=None):
        def perform(c, d):
            referral = get_object_or_404(LegalAidReferral, pk=d["referral"], case=c)
            services.record_legal_aid_result(request.user, referral, result=d["result"], result_on=d["result_on"],
                                             amount_awarded=d.get("amount_awarded"),
                                             amount_recovered=d.get("amount_recovered"), note=d.get("note", ""))
        return self._step(request, s.LegalAidResultSerializer, perform)


class LegalAidReferralViewSet(ScopedReadOnlyViewSet):
    """Legal aid referrals (法律援助), read-only: referred and recorded through the case's actions."""

    serializer_class = s.LegalAidReferralSerializer
    filterset_class = LegalAidFilterSet
    ordering_fields = ["referred_at", "result_on", "amount_recovered"]
    selector = staticmethod(selectors.legal_aid_referrals_for)


class WarningViewSet(ScopedModelViewSet):
    """Early warnings (预警): raise, list (the board), acknowledge (by the union it is reported to), resolve."""

    serializer_class = s.WarningSerializer
    filterset_class = WarningFilterSet
    ordering_fields = ["raised_at", "report_due_at", "escalations"]
    selector = staticmethod(selectors.warnings_for)
    http_method_names = ["get", "post", "head", "options"]

    def check_org_permission(self, org, action=None):
        if self.action == "acknowledge":
            return  # checked by the service at the union the warning is reported to
        super().check_org_permission(org, action)

    @extend_schema(request=s.ResponseSerializer, responses=s.WarningSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        warning = self.get_object()
        ser = s.ResponseSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        if warning.report_to is None or not scope.can(request.user, "change", warning.report_to):
            raise PermissionDenied()
        services.acknowledge_warning(request.user, warning, ser.validated_data.get("response", ""))
        return Response(s.WarningSerializer(self.get_queryset().get(pk=warning.pk),
                                            context=self.get_serializer_context()).data)

    @extend_schema(request=s.ResponseSerializer, responses=s.WarningSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        warning = self.get_object()
        ser = s.ResponseSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        services.close_warning(request.user, warning, ser.validated_data.get("response", ""))
        return Response(s.WarningSerializer(self.get_queryset().get(pk=warning.pk),
                                            context=self.get_serializer_context()).data)
