"""API serializers; ``create``/``update`` call the services."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gonghui.orgs.api.serializers import ScopedOrgField

from .. import services
from ..models import ResponsibilityLetter, Target


class TargetSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="target-detail", read_only=True)
    issuer = ScopedOrgField(help_text=_("Id of the organisation handing the target down."))
    org = ScopedOrgField(help_text=_("Id of a live direct child of the issuer."))
    issuer_code = serializers.CharField(source="issuer.code", read_only=True)
    org_code = serializers.CharField(source="org.code", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    indicator = serializers.CharField(max_length=60, help_text=_("Key of a target indicator of the registry."))
    indicator_name = serializers.CharField(read_only=True)
    unit = serializers.CharField(read_only=True)
    value = serializers.CharField(help_text=_("A number; for a rate, a percentage between 0 and 100."))

    class Meta:
        model = Target
        fields = ["id", "url", "year", "issuer", "issuer_code", "org", "org_code", "org_name", "indicator",
                  "indicator_name", "unit", "value", "note", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        validators = []  # uniqueness: the service sets or updates

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["value"] = str(instance.value)
        return data

    def validate(self, attrs):
        if self.instance is not None:
            for field in ("year", "issuer", "org", "indicator"):
                if field in attrs and attrs[field] != getattr(self.instance, field):
                    raise serializers.ValidationError(
                        {field: [_("Only the value and the note of a target can be changed.")]})
        return attrs

    def create(self, validated_data):
        d = validated_data
        return services.set_target(self.context["request"].user, d["issuer"], d["year"], d["org"], d["indicator"],
                                   d["value"], d.get("note", ""))

    def update(self, instance, validated_data):
        return services.update_target(self.context["request"].user, instance, value=validated_data.get("value"),
                                      note=validated_data.get("note"))


class LetterSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="responsibilityletter-detail", read_only=True)
    issuer = ScopedOrgField(help_text=_("Id of the organisation handing the targets down."))
    org = ScopedOrgField(help_text=_("Id of a live direct child of the issuer."))
    issuer_code = serializers.CharField(source="issuer.code", read_only=True)
    org_code = serializers.CharField(source="org.code", read_only=True)
    attachment = serializers.FileField(write_only=True, required=False,
                                       help_text=_("The scanned letter (PDF, JPEG or PNG), sent as multipart."))
    remove_attachment = serializers.BooleanField(write_only=True, required=False, default=False)
    has_attachment = serializers.SerializerMethodField()
    attachment_name = serializers.CharField(source="file_name", read_only=True)
    attachment_type = serializers.CharField(source="file_type", read_only=True)
    download_url = serializers.HyperlinkedIdentityField(view_name="responsibilityletter-download", read_only=True)

    class Meta:
        model = ResponsibilityLetter
        fields = ["id", "url", "year", "issuer", "issuer_code", "org", "org_code", "issuer_signatory",
                  "issuer_signatory_title", "org_signatory", "org_signatory_title", "signed_on", "note",
                  "attachment", "remove_attachment", "has_attachment", "attachment_name", "attachment_type",
                  "download_url", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        validators = []

    def get_has_attachment(self, obj) -> bool:
        return bool(obj.file)

    def validate(self, attrs):
        if self.instance is not None:
            for field in ("year", "issuer", "org"):
                if field in attrs and attrs[field] != getattr(self.instance, field):
                    raise serializers.ValidationError({field: [_("Record a new letter instead.")]})
        return attrs

    def create(self, validated_data):
        d = validated_data
        data = {f: d.get(f) for f in services.LETTER_FIELDS if f in d}
        return services.create_letter(self.context["request"].user, d["issuer"], d["org"], d["year"], data,
                                      attachment=d.get("attachment"))

    def update(self, instance, validated_data):
        d = validated_data
        data = {f: d[f] for f in services.LETTER_FIELDS if f in d}
        return services.update_letter(self.context["request"].user, instance, data, attachment=d.get("attachment"),
                                      remove_attachment=d.get("remove_attachment", False))
