"""Serializers of the member API. Writes go through members.services; PII is masked on read."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gonghui.core.api.serializers import ScopedPrimaryKeyField
from gonghui.core.pii import mask_free_text
from gonghui.orgs.selectors import live_orgs_for, units_for

from .. import services
from ..choices import ApplicationChannel
from ..models import JoinApplication, Member, MemberEvent, Transfer


def _user(serializer):
    return serializer.context["request"].user


class PersonSerializerMixin:
    """ID number: written in full, read masked (unless the view put ``reveal`` in the context); phone masked
    in lists (``mask_phone`` in the context)."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if "id_number" in data:
            data["id_number"] = instance.id_number if self.context.get("reveal") else instance.id_number_masked
        if "phone" in data and self.context.get("mask_phone"):
            data["phone"] = instance.phone_masked
        return data


class MemberSerializer(PersonSerializerMixin, serializers.ModelSerializer):
    org = ScopedPrimaryKeyField(live_orgs_for, help_text=_("The union (id); changed only through a transfer."))
    org_name = serializers.CharField(source="org.name", read_only=True)
    org_code = serializers.CharField(source="org.code", read_only=True)
    unit = ScopedPrimaryKeyField(units_for, required=False, allow_null=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True, default=None)
    id_number = serializers.CharField(max_length=20)
    gender = serializers.CharField(required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Member
        fields = [
            "id", "member_no", "name", "id_number", "gender", "birth_date", "ethnicity", "education",
            "political_status", "phone", "org", "org_name", "org_code", "unit", "unit_name", "job_title",
            "employment_type", "join_date", "status", "status_display", "status_changed_on", "created_at", "updated_at",
        ]
        read_only_fields = ["member_no", "status", "status_changed_on", "created_at", "updated_at"]
        extra_kwargs = {"phone": {"max_length": 20}, "join_date": {"required": False}}

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, (list, tuple)) and hasattr(self.instance, "pk"):
            fields["org"].read_only = True  # moving to another union is a transfer
            fields["id_number"].required = False
        return fields

    def create(self, validated_data):
        org = validated_data.pop("org")
        return services.create_member(_user(self), org, validated_data)

    def update(self, instance, validated_data):
        validated_data.pop("org", None)
        return services.update_member(_user(self), instance, validated_data)


class MemberEventSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    from_org_name = serializers.CharField(source="from_org.name", read_only=True, default=None)
    to_org_name = serializers.CharField(source="to_org.name", read_only=True, default=None)
    actor = serializers.StringRelatedField()

    class Meta:
        model = MemberEvent
        fields = ["id", "kind", "kind_display", "date", "from_org", "from_org_name", "to_org", "to_org_name", "note",
                  "actor", "created_at"]

    def to_representation(self, instance):
        """ID and mobile numbers typed into the note are masked unless the reader may reveal personal data."""
        data = super().to_representation(instance)
        if not self.context.get("may_reveal"):
            data["note"] = mask_free_text(data["note"])
        return data


class ReasonDateSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")
    date = serializers.DateField(required=False, allow_null=True, default=None)


class RequiredReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class MemberTransferSerializer(serializers.Serializer):
    to_org_code = serializers.CharField(max_length=30)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")


class ApproveSerializer(serializers.Serializer):
    join_date = serializers.DateField(required=False, allow_null=True, default=None)


class JoinApplicationSerializer(PersonSerializerMixin, serializers.ModelSerializer):
    org = ScopedPrimaryKeyField(live_orgs_for)
    org_name = serializers.CharField(source="org.name", read_only=True)
    id_number = serializers.CharField(max_length=20)
    gender = serializers.CharField(required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = JoinApplication
        fields = [
            "id", "reference_no", "org", "org_name", "name", "id_number", "gender", "birth_date", "ethnicity",
            "education", "political_status", "phone", "unit_name", "job_title", "employment_type", "channel",
            "status", "status_display",
            "decision_reason", "decided_at", "member", "created_at",
        ]
        read_only_fields = ["reference_no", "channel", "status", "decision_reason", "decided_at", "member",
                            "created_at"]
        extra_kwargs = {"phone": {"max_length": 20}}

    def create(self, validated_data):
        org = validated_data.pop("org")
        return services.submit_application(org, validated_data, user=_user(self), channel=ApplicationChannel.STAFF)


class TransferSerializer(serializers.ModelSerializer):
    """Both sides read a transfer: the member's name, number and masked ID, and both unions' names."""

    member_name = serializers.CharField(source="member.name", read_only=True)
    member_no = serializers.CharField(source="member.member_no", read_only=True)
    member_id_number = serializers.CharField(source="member.id_number_masked", read_only=True)
    from_org_name = serializers.CharField(source="from_org.name", read_only=True)
    to_org_name = serializers.CharField(source="to_org.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Transfer
        fields = [
            "id", "member", "member_name", "member_no", "member_id_number", "from_org", "from_org_name", "to_org",
            "to_org_name", "status", "status_display", "reason", "started_at", "decided_at", "decision_note",
        ]
        read_only_fields = fields


class TransferCreateSerializer(serializers.Serializer):
    member = ScopedPrimaryKeyField(lambda user: Member.objects.for_user(user))
    to_org_code = serializers.CharField(max_length=30)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")
