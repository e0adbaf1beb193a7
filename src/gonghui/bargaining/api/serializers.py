from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gonghui.core.api.serializers import ScopedModelSerializer
from gonghui.orgs.models import EmployerUnit

from .. import services
from ..choices import Reply, Topic
from ..models import Instructor, NegotiationRound, Offer, OfferCampaign


@extend_schema_field(OpenApiTypes.INT)  # an employer unit's id (the schema cannot guess it from a plain serializer)
class EmployersField(serializers.PrimaryKeyRelatedField):
    """Employers the caller may see; the service refuses the others by name."""

    def get_queryset(self):
        return EmployerUnit.objects.for_user(self.context["request"].user)


class OfferSerializer(ScopedModelSerializer):
    service = services.save_offer
    employers = EmployersField(many=True)
    topics = serializers.ListField(child=serializers.ChoiceField(choices=Topic.choices), allow_empty=False)
    acting = serializers.BooleanField(read_only=True)

    class Meta:
        model = Offer
        fields = ["id", "reference_no", "org", "on_behalf_of", "acting", "coverage", "employers", "topics",
                  "content", "sent_on", "reply_due", "replied_on", "reply", "reply_note", "status", "created_at",
                  "updated_at"]
        read_only_fields = ["reference_no", "sent_on", "reply_due", "replied_on", "reply", "reply_note", "status"]


class SendSerializer(serializers.Serializer):
    sent_on = serializers.DateField(required=False)


class OfferReplySerializer(serializers.Serializer):
    replied_on = serializers.DateField()
    reply = serializers.ChoiceField(choices=Reply.choices)
    reply_note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class OfferCampaignSerializer(ScopedModelSerializer):
    service = services.save_campaign
    topics = serializers.ListField(child=serializers.ChoiceField(choices=Topic.choices), allow_empty=False)

    class Meta:
        model = OfferCampaign
        fields = ["id", "org", "name", "starts_on", "ends_on", "topics", "content", "status", "created_at",
                  "updated_at"]
        read_only_fields = ["status"]


class SendOffersSerializer(serializers.Serializer):
    employers = EmployersField(many=True)
    sent_on = serializers.DateField(required=False)


class InstructorSerializer(ScopedModelSerializer):
    class Meta:
        model = Instructor
        fields = ["id", "org", "name", "phone", "expertise", "active", "created_at", "updated_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["phone"] = instance.phone_masked  # revealed only through the audited reveal
        return data


class RoundSerializer(serializers.ModelSerializer):
    has_minutes = serializers.SerializerMethodField()

    class Meta:
        model = NegotiationRound
        fields = ["id", "offer", "number", "held_on", "union_side", "employer_side", "instructor", "agreed",
                  "open_points", "has_minutes", "file_name", "created_at"]
        read_only_fields = fields

    def get_has_minutes(self, obj) -> bool:
        return bool(obj.file)


class RecordRoundSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    union_side = serializers.CharField(max_length=1000)
    employer_side = serializers.CharField(max_length=1000)
    instructor = serializers.PrimaryKeyRelatedField(queryset=Instructor.objects.all(), required=False,
                                                    allow_null=True)
    agreed = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    open_points = serializers.CharField(required=False, allow_blank=True, max_length=5000)
