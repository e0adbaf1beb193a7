"""``/api/v1/rights-cases/``, ``/api/v1/legal-aid-referrals/`` (read-only) and ``/api/v1/early-warnings/``: the
same selectors, filtersets and services as the pages; every workflow step is a POST action on the case."""

from django.shortcuts import get_object_or_404
from rest_framework.response import Response

from gonghui.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet, Step, WorkflowActionsMixin

from .. import selectors, services
from ..filtersets import CaseFilterSet, LegalAidFilterSet, WarningFilterSet
from ..models import Case, EarlyWarning, LegalAidReferral
from . import serializers as s


def _legal_aid_result(user, case, d):
    referral = get_object_or_404(LegalAidReferral, pk=d["referral"], case=case)
    return services.record_legal_aid_result(user, referral, result=d["result"], result_on=d["result_on"],
                                            amount_awarded=d.get("amount_awarded"),
                                            amount_recovered=d.get("amount_recovered"), note=d.get("note", ""))


class CaseViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """Rights cases (维权案件). Create records a staff intake; the workflow steps are POST actions (from
    ``Case.workflow``)."""

    serializer_class = s.CaseSerializer
    filterset_class = CaseFilterSet
    ordering_fields = ["received_at", "deadline", "closed_at", "amount_recovered"]
    selector = staticmethod(selectors.cases_for)
    http_method_names = ["get", "post", "head", "options"]
    workflow_model = Case
    steps = {
        "accept": Step(lambda user, c, d: services.accept_case(user, c), description="Accept the case."),
        "route": Step(lambda user, c, d: services.route_case(user, c, d["kind"], d["to_org"], d["reason"]),
                      serializer=s.RouteSerializer, description="Pass the case on."),
        "start_mediation": Step(lambda user, c, d: services.start_mediation(user, c, d["mediator"]),
                                serializer=s.MediatorSerializer, description="Start mediation."),
        "extend": Step(lambda user, c, d: services.extend_deadline(
            user, c, d["new_deadline"], worker_consent=d["worker_consent"], employer_consent=d["employer_consent"],
            consent_note=d["consent_note"]), serializer=s.ExtendSerializer,
            description="Extend the mediation period."),
        "session": Step(lambda user, c, d: services.record_session(
            user, c, held_on=d["held_on"], mediator=d.get("mediator", ""), notes=d["notes"],
            participants=d.get("participants", "")), serializer=s.SessionSerializer,
            description="Record a mediation session."),
        "close": Step(lambda user, c, d: services.close_case(
            user, c, d["outcome"], reason=d.get("reason", ""), agreement_amount=d.get("agreement_amount"),
            paying_deadline=d.get("paying_deadline"), amount_recovered=d.get("amount_recovered"),
            referred_to=d.get("referred_to", ""), legal_aid_offered=d.get("legal_aid_offered", False)),
            serializer=s.CloseSerializer, description="Close the case with an outcome."),
        "recovery": Step(lambda user, c, d: services.record_recovery(user, c, d["amount_recovered"]),
                         serializer=s.RecoverySerializer, description="Record the amount recovered."),
        "reopen": Step(lambda user, c, d: services.reopen_case(user, c, d["reason"]), serializer=s.ReasonSerializer,
                       description="Reopen the case."),
        "legal_aid": Step(lambda user, c, d: services.refer_legal_aid(
            user, c, provider_kind=d["provider_kind"], provider_name=d["provider_name"], note=d.get("note", "")),
            serializer=s.LegalAidInSerializer, description="Refer for legal aid."),
        "legal_aid_result": Step(_legal_aid_result, serializer=s.LegalAidResultSerializer,
                                 description="Record the legal aid result."),
    }

    def get_serializer_context(self):
        ctx = super().get_serializer_context()
        ctx["detail"] = self.action == "retrieve"
        return ctx

    def out_of_scope_response(self, obj):
        """Passed on beyond the caller's scope: only where it went."""
        return Response({"id": obj.pk, "reference_no": obj.reference_no, "handling_org": obj.handling_org_id})


class LegalAidReferralViewSet(ScopedReadOnlyViewSet):
    """Legal aid referrals (法律援助), read-only: referred and recorded through the case's actions."""

    serializer_class = s.LegalAidReferralSerializer
    filterset_class = LegalAidFilterSet
    ordering_fields = ["referred_at", "result_on", "amount_recovered"]
    selector = staticmethod(selectors.legal_aid_referrals_for)


class WarningViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """Early warnings (预警): raise, list (the board), acknowledge (by the union it is reported to), resolve."""

    serializer_class = s.WarningSerializer
    filterset_class = WarningFilterSet
    ordering_fields = ["raised_at", "report_due_at", "escalations"]
    selector = staticmethod(selectors.warnings_for)
    http_method_names = ["get", "post", "head", "options"]
    workflow_model = EarlyWarning
    steps = {
        "acknowledge": Step(lambda user, w, d: services.acknowledge_warning(user, w, d.get("response", "")),
                            serializer=s.ResponseSerializer,
                            description="Acknowledge (the union the warning is reported to)."),
        "resolve": Step(lambda user, w, d: services.close_warning(user, w, d.get("response", "")),
                        serializer=s.ResponseSerializer, description="Mark resolved (the raising union)."),
    }
