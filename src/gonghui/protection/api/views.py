"""``/api/v1/inspections/`` and ``/api/v1/inspection-findings/``: the same selectors, filtersets and services as
the pages; the steps of a problem found (response, re-inspection, arrears recovered, the rights case) are POST
actions on it."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from gonghui.core.api.serializers import ScopedModelSerializer
from gonghui.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet, Step, WorkflowActionsMixin

from .. import selectors, services
from ..choices import AwardCategory
from ..filtersets import (
    AccidentFilterSet,
    AgreementFilterSet,
    AwardFilterSet,
    EnrolmentFilterSet,
    FindingFilterSet,
    InspectionFilterSet,
    InspectorFilterSet,
    RoundFilterSet,
    StationFilterSet,
)
from ..models import (
    AccidentInvestigation,
    AnkangAward,
    AnkangEnrolment,
    AnkangRound,
    Finding,
    FindingPhoto,
    Inspection,
    RestStation,
    SafetyAgreement,
    SafetyInspector,
)


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


class PhotoSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = FindingPhoto
        fields = ["id", "file_name", "file_type", "file_size", "uploaded_at", "download_url"]

    def get_download_url(self, obj) -> str:
        return reverse("protection:finding_photo_download", args=[obj.finding_id, obj.pk])


class PhotoBody(serializers.Serializer):
    photo = serializers.FileField(help_text="JPG or PNG, at most 5 MB (multipart).")


class FindingSerializer(ScopedModelSerializer):
    service = staticmethod(_save_finding)
    inspection = serializers.IntegerField(source="inspection_id", required=False)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    arrears_amount = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    arrears_names = serializers.CharField(required=False, allow_blank=True, write_only=True,
                                          help_text="Workers owed wages, one a line: name, then amount.")
    fix_mode = serializers.ChoiceField(choices=Finding._meta.get_field("fix_mode").choices, required=False)
    rights_case_reference = serializers.SerializerMethodField()
    photos = serializers.SerializerMethodField(help_text="Photos of the hazard (downloaded, never shown inline).")

    class Meta:
        model = Finding
        fields = ["id", "inspection", "org", "unit", "unit_name", "item", "description", "severity", "fix_mode",
                  "found_on", "deadline", "status", "response", "responded_on", "reinspected_on", "reinspections",
                  "fixed_on", "overdue_on", "escalated_to", "arrears_workers", "arrears_amount", "arrears_names",
                  "recovered_workers", "amount_recovered", "rights_case", "rights_case_reference", "photos",
                  "created_at", "updated_at"]
        read_only_fields = ["org", "unit", "found_on", "status", "response", "responded_on", "reinspected_on",
                            "reinspections", "fixed_on", "overdue_on", "escalated_to", "recovered_workers",
                            "amount_recovered", "rights_case", "created_at", "updated_at"]

    def get_rights_case_reference(self, obj) -> str | None:
        return obj.rights_case.reference_no if obj.rights_case_id else None

    @extend_schema_field(PhotoSerializer(many=True))
    def get_photos(self, obj):
        return PhotoSerializer(obj.photos.all(), many=True).data

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
    """Problems and hazards found at inspections; the steps are POST actions; ``photos`` adds a photo."""

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

    def get_queryset(self):
        return super().get_queryset().prefetch_related("photos")

    @extend_schema(request={"multipart/form-data": PhotoBody}, responses={201: FindingSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def photos(self, request, pk=None):
        """Add a photo of the hazard (multipart: ``photo``; JPG or PNG by its content, at most 5 MB, 10 a
        problem)."""
        finding = self.get_object()
        try:
            Finding.workflow.require(finding, request.user, "photo")
        except DjangoPermissionDenied as e:
            self.refuse_step(finding, Finding.workflow["photo"], e)
        body = PhotoBody(data=request.data)
        body.is_valid(raise_exception=True)
        services.add_photo(request.user, finding, body.validated_data["photo"])
        fresh = self.get_queryset().get(pk=finding.pk)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_201_CREATED)


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


# --- 安康杯 ------------------------------------------------------------------------------------------------------

class AnkangRoundSerializer(ScopedModelSerializer):
    service = staticmethod(services.save_round)
    org_code = serializers.CharField(source="org.code", read_only=True)

    class Meta:
        model = AnkangRound
        fields = ["id", "org", "org_code", "year", "title", "criteria", "quota_enterprise", "quota_organiser",
                  "quota_team", "quota_individual", "status", "created_at"]
        read_only_fields = ["status", "created_at"]


class AwardInputSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=AwardCategory.choices)
    enrolment = serializers.IntegerField(required=False, allow_null=True,
                                         help_text="An enrolment of this round (every category but organiser).")
    org_code = serializers.CharField(required=False, allow_blank=True,
                                     help_text="The union awarded (category organiser).")
    name = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                 help_text="The team or person awarded (team, individual).")


def _give_award(user, record, d):
    from gonghui.core import scope

    enrolment = record.enrolments.filter(pk=d.get("enrolment")).first() if d.get("enrolment") else None
    org = scope.org_by_code(user, d["org_code"]) if d.get("org_code") else None
    services.give_award(user, record, d["category"], enrolment=enrolment, org=org, name=d.get("name", ""))
    return record


class RoundViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """安康杯 rounds: yearly, organised by a union; ``award`` gives an award within the category's quota."""

    serializer_class = AnkangRoundSerializer
    filterset_class = RoundFilterSet
    ordering_fields = ["year", "id"]
    selector = staticmethod(selectors.rounds_for)
    workflow_model = AnkangRound
    steps = {"close": Step(lambda user, r, d: services.close_round(user, r)),
             "award": Step(_give_award, serializer=AwardInputSerializer, description="Give an award.",
                           error_fields={"org": "org_code"})}


def _save_enrolment(user, instance, round_id=None, unit_code=None, **data):
    round, unit = None, None
    if instance is None:
        round = selectors.rounds_for(user).filter(pk=round_id).first()
        if round is None:
            raise ValidationError({"round": _("No such round in your scope.")})
        unit = selectors.units_for(user).filter(credit_code=(unit_code or "").strip().upper()).first()
        if unit is None:
            raise ValidationError({"unit_code": _("No employer unit with this credit code in your scope.")})
    return services.save_enrolment(user, instance, round, unit=unit, **data)


class AnkangEnrolmentSerializer(ScopedModelSerializer):
    service = staticmethod(_save_enrolment)
    round = serializers.IntegerField(source="round_id", required=False)
    unit_code = serializers.CharField(source="unit.credit_code", required=False,
                                      help_text="Credit code of the employer (on create).")
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = AnkangEnrolment
        fields = ["id", "round", "org", "unit_code", "unit_name", "enrolled_on", "workers", "scores", "score",
                  "created_at"]
        read_only_fields = ["org", "scores", "score", "created_at"]

    def validate(self, attrs):
        unit = attrs.pop("unit", None)
        if self.instance is not None:
            attrs.pop("round_id", None)
        elif unit is not None:
            attrs["unit_code"] = unit.get("credit_code")
        return attrs


class ScoreInputSerializer(serializers.Serializer):
    points = serializers.DictField(child=serializers.CharField(allow_blank=True),
                                   help_text="Points per criterion of the round: {criterion: points}.")


class EnrolmentViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """Employers enrolled in 安康杯 rounds; ``score`` records the points per criterion."""

    serializer_class = AnkangEnrolmentSerializer
    filterset_class = EnrolmentFilterSet
    ordering_fields = ["enrolled_on", "score", "id"]
    selector = staticmethod(selectors.enrolments_for)
    workflow_model = AnkangEnrolment
    steps = {"score": Step(lambda user, e, d: services.score_enrolment(user, e, d["points"]),
                           serializer=ScoreInputSerializer, description="Score the employer.")}


class AwardSerializer(serializers.ModelSerializer):
    class Meta:
        model = AnkangAward
        fields = ["id", "round", "org", "category", "enrolment", "name", "awarded_on"]


class AwardViewSet(ScopedReadOnlyViewSet):
    """安康杯 awards (given on the round: ``POST /api/v1/ankang-rounds/<id>/award/``)."""

    serializer_class = AwardSerializer
    filterset_class = AwardFilterSet
    ordering_fields = ["awarded_on", "id"]
    selector = staticmethod(selectors.awards_for)


# --- 群监员 and accidents ----------------------------------------------------------------------------------------

def _save_inspector(user, instance, member_no=None, **data):
    member = None
    if instance is None:
        member = selectors.members_for(user).filter(member_no=(member_no or "").strip()).first()
        if member is None:
            raise ValidationError({"member_no": _("No member with this number in your scope.")})
    return services.save_inspector(user, instance, member, **data)


class InspectorSerializer(ScopedModelSerializer):
    service = staticmethod(_save_inspector)
    member_no = serializers.CharField(source="member.member_no", required=False,
                                      help_text="The member's number (on create).")
    name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = SafetyInspector
        fields = ["id", "org", "member_no", "name", "trained_on", "certificate_no", "active", "problems_found",
                  "violations_stopped", "created_at"]
        read_only_fields = ["org", "problems_found", "violations_stopped", "created_at"]

    def validate(self, attrs):
        member = attrs.pop("member", None)
        if member is not None and self.instance is None:
            attrs["member_no"] = member.get("member_no")
        return attrs


class ReportInputSerializer(serializers.Serializer):
    reported_on = serializers.DateField()
    problems_found = serializers.IntegerField(min_value=0)
    violations_stopped = serializers.IntegerField(min_value=0)
    description = serializers.CharField(max_length=4000)


class InspectorViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """The roster of safety inspectors (群监员); ``report`` records a report of problems and violations."""

    serializer_class = InspectorSerializer
    filterset_class = InspectorFilterSet
    ordering_fields = ["trained_on", "id"]
    selector = staticmethod(selectors.inspectors_for)
    workflow_model = SafetyInspector
    steps = {"report": Step(lambda user, i, d: services.record_report(
        user, i, d["reported_on"], d["problems_found"], d["violations_stopped"], d["description"]),
        serializer=ReportInputSerializer, description="Record a report.")}


def _save_accident(user, instance, org=None, unit_code=None, **data):
    unit = None
    if instance is None:
        unit = selectors.units_for(user).filter(credit_code=(unit_code or "").strip().upper()).first()
        if unit is None:
            raise ValidationError({"unit_code": _("No employer unit with this credit code in your scope.")})
    return services.save_accident(user, instance, org, unit=unit, **data)


class AccidentSerializer(ScopedModelSerializer):
    service = staticmethod(_save_accident)
    unit_code = serializers.CharField(source="unit.credit_code", required=False,
                                      help_text="Credit code of the employer (on create).")
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = AccidentInvestigation
        fields = ["id", "org", "unit_code", "unit_name", "occurred_on", "description", "deaths", "injuries", "cause",
                  "responsibility", "measures", "education", "union_findings", "status", "closed_on", "created_at"]
        read_only_fields = ["status", "closed_on", "created_at"]

    def validate(self, attrs):
        unit = attrs.pop("unit", None)
        if unit is not None and self.instance is None:
            attrs["unit_code"] = unit.get("credit_code")
        if self.instance is not None:
            attrs.pop("org", None)
        return attrs


class AccidentViewSet(WorkflowActionsMixin, ScopedModelViewSet):
    """The union's part in accident investigations (四不放过); ``close`` when all four are recorded."""

    serializer_class = AccidentSerializer
    filterset_class = AccidentFilterSet
    ordering_fields = ["occurred_on", "id"]
    selector = staticmethod(selectors.accidents_for)
    workflow_model = AccidentInvestigation
    steps = {"close": Step(lambda user, a, d: services.close_accident(user, a))}
