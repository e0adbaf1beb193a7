"""API serializers of contacts and the service network: related records are chosen among the caller's own, and
writes go through the services."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gonghui.core import scope
from gonghui.core.api.serializers import ScopedModelSerializer, ScopedPrimaryKeyField
from gonghui.members.models import Member
from gonghui.orgs.models import EmployerUnit

from .. import services
from ..models import (
    CareVisit,
    ContactArea,
    ContactAssignment,
    ContactVisit,
    CustodyAgreement,
    CustodyMember,
    Mediator,
)


def _members(user):
    return Member.objects.for_user(user)


def _units(user):
    return EmployerUnit.objects.for_user(user)


class CustodyAgreementSerializer(ScopedModelSerializer):
    service = staticmethod(services.save_custody)
    members_covered = serializers.SerializerMethodField()

    class Meta:
        model = CustodyAgreement
        fields = ["id", "org", "counterpart", "signed_on", "starts_on", "ends_on", "notes", "members_covered",
                  "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


    def get_members_covered(self, obj) -> int:
        counted = getattr(obj, "members_covered", None)  # annotated on lists (custody_for)
        return obj.covered.count() if counted is None else counted


class CustodyMemberSerializer(serializers.ModelSerializer):
    agreement = ScopedPrimaryKeyField(lambda user: CustodyAgreement.objects.for_user(user))
    member = ScopedPrimaryKeyField(_members)
    member_name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = CustodyMember
        fields = ["id", "agreement", "org", "member", "member_name", "since", "created_at"]
        read_only_fields = ["org", "created_at"]
        validators = []

    def create(self, validated_data):
        return services.add_custody_member(self.context["request"].user, validated_data["agreement"],
                                           member=validated_data["member"], since=validated_data.get("since"))

    def update(self, instance, validated_data):
        raise serializers.ValidationError({"member": [_("Remove the member and add the right one instead.")]})


class ContactAreaSerializer(ScopedModelSerializer):
    unions = serializers.PrimaryKeyRelatedField(many=True, required=False,
                                                queryset=scope.org_model().objects.all(),
                                                help_text=_(
                                                    "Ids of the unions in the area (your own part of the tree)."))

    class Meta:
        model = ContactArea
        fields = ["id", "org", "name", "lead", "unions", "notes", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def _write(self, instance, data):
        return services.save_area(self.context["request"].user, instance, **data)


class ContactAssignmentSerializer(ScopedModelSerializer):
    service = staticmethod(services.save_contact)
    unit = ScopedPrimaryKeyField(_units, help_text=_("Id of the employer."))
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = ContactAssignment
        fields = ["id", "org", "cadre", "unit", "unit_name", "since", "until", "notes", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class ContactVisitSerializer(ScopedModelSerializer):
    assignment = ScopedPrimaryKeyField(lambda user: ContactAssignment.objects.for_user(user))

    class Meta:
        model = ContactVisit
        fields = ["id", "assignment", "org", "visited_on", "problems", "problems_raised", "problems_solved", "notes",
                  "created_at"]
        read_only_fields = ["org", "created_at"]

    def _write(self, instance, data):
        user = self.context["request"].user
        assignment = data.pop("assignment", None)
        if instance is not None and assignment is not None and assignment != instance.assignment:
            raise serializers.ValidationError({"assignment": [_("A logged visit stays with its assignment.")]})
        return services.save_contact_visit(user, instance, assignment=assignment, **data)


class CareVisitSerializer(ScopedModelSerializer):
    service = staticmethod(services.save_visit)
    member = ScopedPrimaryKeyField(_members, required=False, allow_null=True)
    unit = ScopedPrimaryKeyField(_units, required=False, allow_null=True)

    class Meta:
        model = CareVisit
        fields = ["id", "org", "kind", "visited_on", "member", "unit", "person", "visitors", "amount", "notes",
                  "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class RosterMediatorSerializer(ScopedModelSerializer):
    """A mediator of the roster (named apart from the rights API's step that names a case's mediator)."""

    class Meta:
        model = Mediator
        fields = ["id", "org", "committee", "name", "phone", "speciality", "since", "active"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["phone"] = instance.phone_masked  # as on the page and in the exports
        return data
