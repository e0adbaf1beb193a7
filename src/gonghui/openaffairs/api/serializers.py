"""API serializers of open affairs; writes go through the services."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gonghui.core.api.serializers import ScopedModelSerializer, ScopedPrimaryKeyField
from gonghui.orgs.models import EmployerUnit

from .. import selectors, services
from ..models import DisclosureItem, Inspection, OpenAffairsSystem, Posting, Problem


def _units(user):
    return EmployerUnit.objects.for_user(user)


class FileFieldsMixin(serializers.Serializer):
    has_file = serializers.SerializerMethodField()

    def get_has_file(self, obj) -> bool:
        return bool(obj.file)


class OpenAffairsSystemSerializer(FileFieldsMixin, serializers.ModelSerializer):
    unit = ScopedPrimaryKeyField(_units, help_text=_("Id of the employer."))
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    org_code = serializers.CharField(source="org.code", read_only=True)
    document = serializers.FileField(write_only=True, required=False,
                                     help_text=_("The rules document (PDF, JPEG or PNG), sent as multipart."))
    remove_document = serializers.BooleanField(write_only=True, required=False, default=False)

    class Meta:
        model = OpenAffairsSystem
        fields = ["id", "unit", "unit_name", "org", "org_code", "kind", "established", "established_on",
                  "leading_group", "notes", "document", "remove_document", "has_file", "file_name", "file_type",
                  "created_at", "updated_at"]
        read_only_fields = ["org", "file_name", "file_type", "created_at", "updated_at"]
        validators = []

    def validate(self, attrs):
        if self.instance is not None and "unit" in attrs and attrs["unit"] != self.instance.unit:
            raise serializers.ValidationError({"unit": [_("The employer of a recorded system cannot change.")]})
        return attrs

    def _save(self, instance, d):
        data = {f: d[f] for f in services.SYSTEM_FIELDS if f in d}
        return services.save_system(self.context["request"].user, instance, unit=d.get("unit"),
                                    document=d.get("document"), remove_document=d.get("remove_document", False),
                                    **data)

    def create(self, validated_data):
        return self._save(None, validated_data)

    def update(self, instance, validated_data):
        return self._save(instance, validated_data)


class DisclosureItemSerializer(ScopedModelSerializer):
    system = ScopedPrimaryKeyField(selectors.systems_for, help_text=_("Id of the employer's open-affairs system."))
    employer = serializers.CharField(source="system.unit.name", read_only=True)
    service = services.save_item

    class Meta:
        model = DisclosureItem
        fields = ["id", "system", "employer", "org", "title", "category", "department", "frequency", "form", "since",
                  "active", "notes", "created_at", "updated_at"]
        read_only_fields = ["org", "created_at", "updated_at"]
        validators = []
        extra_kwargs = {"since": {"required": False}}


class DisclosurePostingSerializer(FileFieldsMixin, serializers.ModelSerializer):
    item = ScopedPrimaryKeyField(selectors.items_for, help_text=_("Id of the disclosure item."))
    employer = serializers.CharField(source="item.system.unit.name", read_only=True)
    period = serializers.CharField(max_length=10, required=False, allow_blank=True,
                                   help_text=_("2026-11 (monthly), 2026Q4 (quarterly), 2026 (yearly)."))
    evidence = serializers.FileField(write_only=True, required=False,
                                     help_text=_("The evidence (PDF, JPEG or PNG), sent as multipart."))
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Posting
        fields = ["id", "item", "employer", "org", "period", "period_start", "period_end", "status", "is_overdue",
                  "posted_on", "form", "place", "note", "posted_by", "evidence", "has_file", "file_name",
                  "created_at", "updated_at"]
        read_only_fields = ["org", "period_start", "period_end", "status", "posted_by", "file_name", "created_at",
                            "updated_at"]
        validators = []
        extra_kwargs = {"posted_on": {"required": False}}

    def create(self, validated_data):
        d = validated_data
        return services.record_posting(self.context["request"].user, d["item"], period=d.get("period", ""),
                                       posted_on=d.get("posted_on"), form=d.get("form", ""), place=d.get("place", ""),
                                       note=d.get("note", ""), evidence=d.get("evidence"))

    def update(self, instance, validated_data):
        return services.update_posting(self.context["request"].user, instance, **{
            k: v for k, v in validated_data.items() if k in ("form", "place", "note")})


class PostDisclosureSerializer(serializers.Serializer):
    posted_on = serializers.DateField()
    form = serializers.ChoiceField(choices=Posting._meta.get_field("form").choices, required=False, allow_blank=True)
    place = serializers.CharField(max_length=150, required=False, allow_blank=True)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class OpenAffairsInspectionSerializer(ScopedModelSerializer):
    system = ScopedPrimaryKeyField(selectors.systems_for, help_text=_("Id of the employer's open-affairs system."))
    employer = serializers.CharField(source="system.unit.name", read_only=True)
    service = services.save_inspection

    class Meta:
        model = Inspection
        fields = ["id", "system", "employer", "org", "inspected_on", "inspectors", "summary", "created_at",
                  "updated_at"]
        read_only_fields = ["org", "created_at", "updated_at"]
        validators = []

    def update(self, instance, validated_data):
        data = {"inspected_on": instance.inspected_on, "inspectors": instance.inspectors, "summary": instance.summary}
        data.update({k: v for k, v in validated_data.items() if k in data})
        return services.save_inspection(self.context["request"].user, instance, **data)


class InspectionProblemSerializer(ScopedModelSerializer):
    inspection = ScopedPrimaryKeyField(selectors.inspections_for, help_text=_("Id of the inspection."))
    item = ScopedPrimaryKeyField(selectors.items_for, required=False, allow_null=True,
                                 help_text=_("Id of the disclosure item concerned (optional)."))
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Problem
        fields = ["id", "inspection", "org", "item", "description", "deadline", "status", "is_overdue",
                  "rectification", "rectified_on", "verified_by", "verified_on", "created_at", "updated_at"]
        read_only_fields = ["org", "status", "rectification", "rectified_on", "verified_by", "verified_on",
                            "created_at", "updated_at"]
        validators = []

    def validate(self, attrs):
        if self.instance is not None and "inspection" in attrs and attrs["inspection"] != self.instance.inspection:
            raise serializers.ValidationError({"inspection": [_("A problem stays with its inspection.")]})
        return attrs

    def _write(self, instance, data):
        merged = {"item": instance.item, "description": instance.description,
                  "deadline": instance.deadline} if instance is not None else {}
        merged.update({k: v for k, v in data.items() if k in ("item", "description", "deadline")})
        return services.save_problem(self.context["request"].user, instance, inspection=data.get("inspection"),
                                     **merged)


class RectifyProblemSerializer(serializers.Serializer):
    rectification = serializers.CharField()
    rectified_on = serializers.DateField()


class ReopenProblemSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)
