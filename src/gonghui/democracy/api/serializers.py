from rest_framework import serializers

from gonghui.core.api.serializers import ScopedModelSerializer, ScopedPrimaryKeyField
from gonghui.members.models import Member
from gonghui.orgs.models import EmployerUnit

from .. import services
from ..choices import Rating
from ..models import AgendaItem, Congress, Delegate, EmployerRule, Motion, Session, Setup, StarRating


def _units(user):
    return EmployerUnit.objects.for_user(user)


def _congresses(user):
    return Congress.objects.for_user(user)


class CongressSetupSerializer(ScopedModelSerializer):
    service = staticmethod(services.save_setup)
    unit = ScopedPrimaryKeyField(_units)

    class Meta:
        model = Setup
        fields = ["id", "unit", "org", "form", "body", "established_on", "note", "file_name"]
        read_only_fields = ["file_name"]


class CongressTermSerializer(ScopedModelSerializer):
    class Meta:
        model = Congress
        fields = ["id", "org", "body", "title", "term", "started_on", "min_frontline_percent"]


class CongressDelegateSerializer(ScopedModelSerializer):
    service = staticmethod(services.save_delegate)
    congress = ScopedPrimaryKeyField(_congresses)
    member = ScopedPrimaryKeyField(lambda user: Member.objects.for_user(user))
    name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = Delegate
        fields = ["id", "congress", "member", "name", "constituency", "category"]

    def update(self, instance, validated_data):
        validated_data.pop("congress", None)  # a delegate stays in its term
        return self._write(instance, validated_data)


class CongressSessionSerializer(ScopedModelSerializer):
    service = staticmethod(services.save_session)
    congress = ScopedPrimaryKeyField(_congresses)
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Session
        fields = ["id", "congress", "name", "number", "kind", "status", "due_on", "held_on", "delegates_total",
                  "delegates_present", "has_quorum", "note"]
        read_only_fields = ["status", "held_on", "delegates_total", "delegates_present", "has_quorum"]


class CongressHoldBody(serializers.Serializer):
    held_on = serializers.DateField()
    delegates_present = serializers.IntegerField(min_value=0)


class CongressItemSerializer(ScopedModelSerializer):
    service = staticmethod(services.save_item)
    session = ScopedPrimaryKeyField(lambda user: Session.objects.for_user(user))

    class Meta:
        model = AgendaItem
        fields = ["id", "session", "kind", "title", "votes_for", "votes_against", "votes_abstain", "result",
                  "resolution"]
        read_only_fields = ["votes_for", "votes_against", "votes_abstain", "result"]


class CongressVoteBody(serializers.Serializer):
    votes_for = serializers.IntegerField(min_value=0)
    votes_against = serializers.IntegerField(min_value=0)
    votes_abstain = serializers.IntegerField(min_value=0)
    resolution = serializers.CharField(required=False, allow_blank=True)


class CongressMotionSerializer(ScopedModelSerializer):
    service = staticmethod(services.file_motion)
    congress = ScopedPrimaryKeyField(_congresses)
    filer = ScopedPrimaryKeyField(lambda user: Delegate.objects.for_user(user), required=False, allow_null=True)

    class Meta:
        model = Motion
        fields = ["id", "congress", "number", "title", "content", "filer", "filer_name", "filed_on", "status",
                  "decision_reason", "department", "reply_due", "reply", "replied_on", "implemented_on",
                  "implementation", "rating"]
        read_only_fields = ["number", "status", "decision_reason", "department", "reply_due", "reply", "replied_on",
                            "implemented_on", "implementation", "rating"]

    def update(self, instance, validated_data):
        validated_data.pop("congress", None)
        return self._write(instance, validated_data)


class MotionReasonBody(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True)


class MotionAssignBody(serializers.Serializer):
    department = serializers.CharField(max_length=100)
    reply_due = serializers.DateField()


class MotionAnswerBody(serializers.Serializer):
    reply = serializers.CharField()
    replied_on = serializers.DateField()


class MotionImplementBody(serializers.Serializer):
    implementation = serializers.CharField()
    implemented_on = serializers.DateField()


class MotionRateBody(serializers.Serializer):
    rating = serializers.ChoiceField(choices=Rating.choices)


class EmployerRuleSerializer(ScopedModelSerializer):
    service = staticmethod(services.save_rule)
    unit = ScopedPrimaryKeyField(_units)
    item = ScopedPrimaryKeyField(lambda user: AgendaItem.objects.for_user(user), required=False, allow_null=True)
    passed = serializers.BooleanField(source="is_passed", read_only=True)

    class Meta:
        model = EmployerRule
        fields = ["id", "unit", "org", "kind", "title", "adopted_on", "item", "passed", "note"]
        read_only_fields = ["org"]

    def update(self, instance, validated_data):
        validated_data.pop("unit", None)
        return self._write(instance, validated_data)


class StarRatingSerializer(ScopedModelSerializer):
    service = staticmethod(services.rate_congress)
    congress = ScopedPrimaryKeyField(_congresses)

    class Meta:
        model = StarRating
        fields = ["id", "congress", "year", "stars", "rated_by", "rated_on", "evidence"]
        read_only_fields = ["rated_by"]

    def update(self, instance, validated_data):
        validated_data.pop("congress", None)
        return self._write(instance, validated_data)
