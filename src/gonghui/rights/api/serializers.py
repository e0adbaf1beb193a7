"""API serializers: reads mask the complainant for users off the case's path; writes call the services."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gonghui.core.api.serializers import ScopedPrimaryKeyField
from gonghui.orgs.api.serializers import ScopedOrgField
from gonghui.orgs.models import Organisation
from gonghui.orgs.selectors import units_for

from .. import services
from ..choices import (
    STAFF_CHANNELS,
    LegalAidProvider,
    LegalAidResult,
    Outcome,
    ReferredTo,
    RoutingKind,
    WarningKind,
)
from ..models import Case, CaseRouting, EarlyWarning, LegalAidReferral
from ..tables import complainant_text


class WorkerInSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    id_number = serializers.CharField(max_length=20, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    amount_claimed = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)


class RoutingSerializer(serializers.ModelSerializer):
    from_org_code = serializers.CharField(source="from_org.code", read_only=True, default=None)
    to_org_code = serializers.CharField(source="to_org.code", read_only=True)

    class Meta:
        model = CaseRouting
        fields = ["kind", "from_org", "from_org_code", "to_org", "to_org_code", "reason", "at"]


class LegalAidSerializer(serializers.ModelSerializer):
    class Meta:
        model = LegalAidReferral
        fields = ["id", "provider_kind", "provider_name", "referred_at", "status", "result", "result_on",
                  "amount_awarded", "amount_recovered", "result_note"]


class LegalAidReferralSerializer(serializers.ModelSerializer):
    """A referral in the list ``/api/v1/legal-aid-referrals/``: the case's complainant follows its privacy rule."""

    case_reference_no = serializers.CharField(source="case.reference_no", read_only=True)
    case_url = serializers.HyperlinkedRelatedField(source="case", view_name="rights-case-detail", read_only=True)
    complainant = serializers.SerializerMethodField()
    identity_visible = serializers.BooleanField(read_only=True, default=False)
    employer_name = serializers.CharField(source="case.employer_name", read_only=True)
    handling_org = serializers.IntegerField(source="case.handling_org_id", read_only=True)
    handling_org_code = serializers.CharField(source="case.handling_org.code", read_only=True)

    class Meta:
        model = LegalAidReferral
        fields = ["id", "case", "case_reference_no", "case_url", "complainant", "identity_visible", "employer_name",
                  "handling_org", "handling_org_code", "provider_kind", "provider_name", "referred_at", "status",
                  "result", "result_on", "amount_awarded", "amount_recovered", "result_note"]
        read_only_fields = fields

    def get_complainant(self, obj) -> str:
        return complainant_text(obj.case, getattr(obj, "identity_visible", False))


class CaseSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="rights-case-detail", read_only=True)
    received_org = ScopedOrgField(help_text=_("Id of the union that received the complaint."))
    handling_org = ScopedOrgField(required=False, allow_null=True,
                                  help_text=_("Keep the case at this union instead of sending it to the union "
                                              "covering the employer."))
    handling_org_code = serializers.CharField(source="handling_org.code", read_only=True)
    unit = ScopedPrimaryKeyField(units_for, required=False, allow_null=True)
    channel = serializers.ChoiceField(choices=STAFF_CHANNELS)
    complainant = serializers.SerializerMethodField()
    identity_visible = serializers.BooleanField(read_only=True, default=False)
    workers = WorkerInSerializer(many=True, write_only=True,
                                 help_text=_("The workers; the first is the complainant."))
    total_recovered = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = ["id", "url", "reference_no", "channel", "case_type", "facts", "amount_claimed", "is_group",
                  "worker_count", "unit", "employer_name", "received_org", "handling_org", "handling_org_code",
                  "complainant", "identity_visible", "anonymous", "workers", "status", "received_at", "accepted_at",
                  "mediator", "deadline", "extensions", "overdue", "overdue_at", "closed_at", "outcome",
                  "outcome_reason", "agreement_amount", "paying_deadline", "amount_recovered", "legal_aid_recovered",
                  "total_recovered", "referred_to", "legal_aid_offered", "satisfaction", "reopened", "duplicate_of"]
        read_only_fields = ["reference_no", "anonymous", "status", "received_at", "accepted_at", "mediator", "deadline",
                            "extensions", "overdue_at", "closed_at", "outcome", "outcome_reason", "agreement_amount",
                            "paying_deadline", "amount_recovered", "legal_aid_recovered", "referred_to",
                            "legal_aid_offered", "satisfaction", "reopened", "duplicate_of"]
        extra_kwargs = {"employer_name": {"required": False}}

    def get_complainant(self, obj) -> str:
        return complainant_text(obj)

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if self.context.get("detail"):
            data["path"] = RoutingSerializer(instance.routings.select_related("from_org", "to_org"), many=True).data
            data["legal_aid"] = LegalAidSerializer(instance.legal_aid.all(), many=True).data
        return data

    def create(self, validated_data):
        d = validated_data
        data = {k: d.get(k) for k in ("channel", "case_type", "unit", "employer_name", "facts", "amount_claimed",
                                      "is_group", "worker_count")}
        case = services.file_case(self.context["request"].user, d["received_org"], data, d.get("workers") or [],
                                  handling_org=d.get("handling_org"))
        case.identity_visible = services.may_see_identity(self.context["request"].user, case)
        return case


class RouteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[c for c in RoutingKind.choices if c[0] != RoutingKind.INTAKE])
    to_org = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.get_queryset().live(),
                                                help_text=_("Id of the union the case goes to."))
    reason = serializers.CharField(max_length=1000)


class MediatorSerializer(serializers.Serializer):
    mediator = serializers.CharField(max_length=50)


class ExtendSerializer(serializers.Serializer):
    new_deadline = serializers.DateField()
    worker_consent = serializers.BooleanField()
    employer_consent = serializers.BooleanField()
    consent_note = serializers.CharField(max_length=1000)


class SessionSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    mediator = serializers.CharField(max_length=50, required=False, allow_blank=True)
    participants = serializers.CharField(max_length=300, required=False, allow_blank=True)
    notes = serializers.CharField(max_length=5000)


class CloseSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    agreement_amount = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    paying_deadline = serializers.DateField(required=False, allow_null=True)
    amount_recovered = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    referred_to = serializers.ChoiceField(choices=ReferredTo.choices, required=False, allow_blank=True)
    legal_aid_offered = serializers.BooleanField(required=False, default=False)


class RecoverySerializer(serializers.Serializer):
    amount_recovered = serializers.DecimalField(max_digits=14, decimal_places=2)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class LegalAidInSerializer(serializers.Serializer):
    provider_kind = serializers.ChoiceField(choices=LegalAidProvider.choices)
    provider_name = serializers.CharField(max_length=100)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class LegalAidResultSerializer(serializers.Serializer):
    referral = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    result = serializers.ChoiceField(choices=LegalAidResult.choices)
    result_on = serializers.DateField()
    amount_awarded = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    amount_recovered = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class WarningSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="early-warning-detail", read_only=True)
    raised_by_org = ScopedOrgField(help_text=_("Id of the union raising the warning."))
    raised_by_org_code = serializers.CharField(source="raised_by_org.code", read_only=True)
    report_to_code = serializers.CharField(source="report_to.code", read_only=True, default=None)
    unit = ScopedPrimaryKeyField(units_for, required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=WarningKind.choices)

    class Meta:
        model = EarlyWarning
        fields = ["id", "url", "reference_no", "raised_by_org", "raised_by_org_code", "raised_at", "kind", "title",
                  "description", "unit", "employer_name", "workers_involved", "report_to", "report_to_code",
                  "report_due_at", "escalations", "status", "acknowledged_at", "acknowledged_org", "response"]
        read_only_fields = ["reference_no", "raised_at", "report_to", "report_due_at", "escalations", "status",
                            "acknowledged_at", "acknowledged_org", "response"]

    def create(self, validated_data):
        d = validated_data
        return services.raise_warning(self.context["request"].user, d["raised_by_org"], d)


class ResponseSerializer(serializers.Serializer):
    response = serializers.CharField(max_length=2000, required=False, allow_blank=True)


