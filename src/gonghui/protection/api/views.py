"""``/api/v1/inspections/`` and ``/api/v1/inspection-findings/``: the same selectors, filtersets and services as
the pages; the steps of a problem found (response, re-inspection, arrears recovered, the rights case) are POST
actions on it."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from gonghui.core.api.serializers import ScopedModelSerializer
from gonghui.core.api.viewsets import ScopedModelViewSet, Step, WorkflowActionsMixin

from .. import selectors, services
from ..filtersets import AgreementFilterSet, FindingFilterSet, InspectionFilterSet, StationFilterSet
from ..models import Finding, Inspection, RestStation, SafetyAgreement


def _save_inspection(user, instance, org=None, unit_code=None, **data):
    unit = None
    if instance is None:
        unit = selectors.units_for(user).filter(credit_code=(unit_code or "").strip().upper()).first()
        if unit is None:
            raise ValidationError({"unit_code": _("No employer unit with this credit code in your scope.")})
    return services.save_inspection(user, instance, org, unit=unit, **data)


class InspectionSerializer(ScopedModelSerializer):
    service = staticmethod(_save_inspection)
    org_code = serializers.CharField(source="org.code", read_only=True)
    unit_code = serializers.CharField(source="unit.credit_code", required=False,
                                      help_text="Credit code of the employer inspected (on create).")
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Inspection
        fields = ["id", "org", "org_code", "unit_code", "unit_name", "kind", "campaign", "inspected_on", "inspectors",
                  "summary", "status", "closed_on", "created_at", "updated_at"]
        read_only_fields = ["status", "closed_on", "created_at", "updated_at"]

    def validate(self, attrs):
        unit = attrs.pop("unit", None)
        if unit is not None and self.instance is None:
            attrs["unit_code"] = unit.get("credit_code")
        return attrs


def _save_finding(user, instance, inspection_id=None, **data):
    inspection = None
    if instance is None:
        inspection = selectors.inspections_for(user).filter(pk=inspection_id).first()
        if inspection is None:
            raise ValidationError({"inspection": _("No such inspection in your scope.")})
    if "arrears_amount" in data and data["arrears_amount"] is None:
        data["arrears_amount"] = "0"
    return services.save_finding(user, instance, inspection, **data)


class FindingSerializer(ScopedModelSerializer):
    service = staticmethod(_save_finding)
    inspection = serializers.IntegerField(source="inspection_id", required=False)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    arrears_amount = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    arrears_names = serializers.CharField(required=False, allow_blank=True, write_only=True,
                                          help_text="Workers owed wages, one a line: name, then amount.")
    fix_mode = serializers.ChoiceField(choices=Finding._meta.get_field("fix_mode").choices, required=False)
    rights_case_reference = serializers.SerializerMethodField()

    class Meta:
        model = Finding
        fields = ["id", "inspection", "org", "unit", "unit_name", "item", "description", "severity", "fix_mode",
                  "found_on", "deadline", "status", "response", "responded_on", "reinspected_on", "reinspections",
                  "fixed_on", "overdue_on", "escalated_to", "arrears_workers", "arrears_amount", "arrears_names",
                  "recovered_workers", "amount_recovered", "rights_case", "rights_case_reference", "created_at",
                  "updated_at"]
        read_only_fields = ["org", "unit", "found_on", "status", "response", "responded_on", "reinspected_on",
                            "reinspections", "fixed_on", "overdue_on", "escalated_to", "recovered_workers",
                            "amount_recovered", "rights_case", "created_at", "updated_at"]

    def get_rights_case_reference(self, obj) -> str | None:
        return obj.rights_case.reference_no if obj.rights_case_id else None

    def update(self, instance, validated_data):
        validated_data.pop("inspection_id", None)
        validated_data.pop("fix_mode", None)
        return super().update(instance, validated_data)


class FindingResponseSerializer(serializers.Serializer):
    responded_on = serializers.DateField()
    response = serializers.CharField(max_length=4000)


class ReinspectionSerializer(serializers.Serializer):
    reinspected_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class NotFixedSerializer(ReinspectionSerializer):
    deadline = serializers.DateField()


class ArrearsRecoverySerializer(serializers.Serializer):
    recovered_workers = serializers.IntegerField(min_value=0)
    amount_recovered = serializers.CharField(max_length=30)


class InspectionViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """Inspections of employers (work safety, occupational health, labour-law supervision)."""

    serializer_class = InspectionSerializer
    filterset_class = InspectionFilterSet
    ordering_fields = ["inspected_on", "id"]
    selector = staticmethod(selectors.inspections_for)
    workflow_model = Inspection
    steps = {"close": Step(lambda user, i, d: services.close_inspection(user, i))}


class FindingViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """Problems and hazards found at inspections; the steps are POST actions."""

    serializer_class = FindingSerializer
    filterset_class = FindingFilterSet
    ordering_fields = ["found_on", "deadline", "id"]
    selector = staticmethod(selectors.findings_for)
    workflow_model = Finding
    steps = {
        "respond": Step(lambda user, f, d: services.respond(user, f, d["responded_on"], d["response"]),
                        serializer=FindingResponseSerializer, description="Record the employer's response."),
        "fix": Step(lambda user, f, d: services.fix(user, f, d["reinspected_on"], d.get("note", "")),
                    serializer=ReinspectionSerializer, description="Re-inspected: fixed."),
        "refix": Step(lambda user, f, d: services.refix(user, f, d["reinspected_on"], d["deadline"],
                                                        d.get("note", "")),
                      serializer=NotFixedSerializer, description="Re-inspected: not fixed, a new deadline."),
        "open_case": Step(lambda user, f, d: services.open_rights_case(user, f),
                          description="Open a rights case for the wage arrears."),
        "recover": Step(lambda user, f, d: services.record_recovery(user, f, d["recovered_workers"],
                                                                    d["amount_recovered"]),
                        serializer=ArrearsRecoverySerializer, description="Record the arrears recovered (totals)."),
    }


def _save_agreement(user, instance, unit_code=None, **data):
    unit = None
    if instance is None:
        unit = selectors.units_for(user).filter(credit_code=(unit_code or "").strip().upper()).first()
        if unit is None:
            raise ValidationError({"unit_code": _("No employer unit with this credit code in your scope.")})
    return services.save_agreement(user, instance, unit, **data)


class AgreementSerializer(ScopedModelSerializer):
    service = staticmethod(_save_agreement)
    unit_code = serializers.CharField(source="unit.credit_code", required=False,
                                      help_text="Credit code of the employer (on create).")
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = SafetyAgreement
        fields = ["id", "org", "unit_code", "unit_name", "signed_on", "ends_on", "committee", "one_law_three_cards",
                  "notes", "updated_at"]
        read_only_fields = ["org", "updated_at"]

    def validate(self, attrs):
        unit = attrs.pop("unit", None)
        if unit is not None and self.instance is None:
            attrs["unit_code"] = unit.get("credit_code")
        return attrs


class AgreementViewSet(ScopedModelViewSet):
    """Employers' labour safety and health agreements and committees (one record per employer)."""

    serializer_class = AgreementSerializer
    filterset_class = AgreementFilterSet
    selector = staticmethod(selectors.agreements_for)
    ordering_fields = ["signed_on", "id"]


class StationSerializer(ScopedModelSerializer):
    # text, not "uri": a station without a map link answers "" (the model's URLField still checks a link given)
    map_url = serializers.CharField(required=False, allow_blank=True, max_length=200)

    class Meta:
        model = RestStation
        fields = ["id", "org", "name", "address", "services", "opening_hours", "map_url", "opened_on", "active"]


class StationViewSet(ScopedModelViewSet):
    """Rest stations (安康驿站) for outdoor workers."""

    serializer_class = StationSerializer
    selector = staticmethod(selectors.stations_for)
    filterset_class = StationFilterSet
    ordering_fields = ["name", "id"]
