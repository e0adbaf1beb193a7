"""API serializers. Foreign keys are looked up in the caller's scope (an id outside it "does not exist");
``create``/``update`` and the workflow actions call the services."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.relations import PKOnlyObject

from gonghui.core.validators import check_credit_code, validate_not_future

from .. import services
from ..choices import OrgStatus
from ..models import EmployerUnit, Organisation
from ..selectors import live_orgs_for

ORG_WRITE_FIELDS = services.ORG_FIELDS


class ScopedOrgField(serializers.PrimaryKeyRelatedField):
    """An organisation id, looked up among the live organisations in the caller's scope."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Organisation.objects.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Organisation.objects.none()
        return live_orgs_for(request.user)


class ParentField(ScopedOrgField):
    """Read: the parent's id (annotated by the selector, so a page of organisations costs one query)."""

    def get_attribute(self, instance):
        pk = getattr(instance, "parent_pk", None)
        if pk is None and not hasattr(instance, "parent_pk") and instance.depth > 1:
            pk = instance.get_parent().pk
        return PKOnlyObject(pk=pk) if pk is not None else None


class OrganisationSerializer(serializers.ModelSerializer):
    parent = ParentField(required=False, allow_null=True,
                         help_text=_("Id of the parent organisation; set on creation, changed only through the move "
                                     "action."))
    parent_name = serializers.CharField(read_only=True, default=None)
    parent_code = serializers.CharField(read_only=True, default=None)
    org_type_display = serializers.CharField(source="get_org_type_display", read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    status = serializers.ChoiceField(
        choices=OrgStatus.choices, required=False,
        help_text=_("On creation: active (default) or preparing. Later changes go through the workflow actions."),
    )
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    level = serializers.ChoiceField(choices=Organisation._meta.get_field("level").choices, required=False,
                                    help_text=_("Left empty on creation, the usual level of the type is used."))
    url = serializers.HyperlinkedIdentityField(view_name="org-detail", read_only=True)
    sub_organisations = serializers.SerializerMethodField(
        help_text=_("Organisations in the subtree below this one (given by the children action, otherwise null).")
    )
    members = serializers.SerializerMethodField(
        help_text=_("Members in the subtree (given by the children action, otherwise null).")
    )

    class Meta:
        model = Organisation
        fields = [
            "id", "url", "name", "code", "org_type", "org_type_display", "level", "level_display", "status",
            "status_display",
            "parent", "parent_name", "parent_code", "depth", "numchild",
            "founded_on", "approved_on", "approval_doc_no", "chair_name", "term_number", "term_started_on",
            "next_election_due",
            "address", "contact_phone", "notes", "merged_into", "closed_on", "created_at", "updated_at",
            "sub_organisations", "members",
        ]
        read_only_fields = ["depth", "numchild", "merged_into", "closed_on", "created_at", "updated_at"]
        extra_kwargs = {"code": {"validators": []}}  # the service checks it, with the same message as the pages

    def _count(self, obj, key):
        counts = self.context.get("counts")
        return counts[obj.pk][key] if counts and obj.pk in counts else None

    def get_sub_organisations(self, obj) -> int | None:
        return self._count(obj, "orgs")

    def get_members(self, obj) -> int | None:
        return self._count(obj, "members")

    def validate(self, attrs):
        request = self.context["request"]
        if self.instance is None:
            if attrs.get("parent") is None and not request.user.is_superuser:
                raise serializers.ValidationError({"parent": [_("Choose the parent organisation.")]})
            if attrs.get("status", OrgStatus.ACTIVE) not in (OrgStatus.ACTIVE, OrgStatus.PREPARING):
                raise serializers.ValidationError(
                    {"status": [_("A new organisation is either active or in preparation.")]})
        else:
            parent_path = self.instance.path[:-Organisation.steplen]
            if "parent" in attrs and (attrs["parent"] is None or attrs["parent"].path != parent_path):
                raise serializers.ValidationError({"parent": [_("Use the move action to change the parent.")]})
            if "status" in attrs and attrs["status"] != self.instance.status:
                raise serializers.ValidationError(
                    {"status": [_("The status changes only through the workflow actions.")]})
        return attrs

    def create(self, validated_data):
        parent = validated_data.pop("parent", None)
        data = {k: v for k, v in validated_data.items() if k in ORG_WRITE_FIELDS}
        return services.create_org(self.context["request"].user, parent, **data)

    def update(self, instance, validated_data):
        data = {k: v for k, v in validated_data.items() if k in ORG_WRITE_FIELDS and k != "status"}
        return services.update_org(self.context["request"].user, instance, **data)


class MoveSerializer(serializers.Serializer):
    parent = ScopedOrgField(help_text=_("Id of the new parent organisation."))


class DissolveSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)
    date = serializers.DateField(required=False, validators=[validate_not_future])


class MergeSerializer(serializers.Serializer):
    target = ScopedOrgField(help_text=_("Id of the union to merge into."))
    reason = serializers.CharField(max_length=1000)
    date = serializers.DateField(required=False, validators=[validate_not_future])


class ActivateSerializer(serializers.Serializer):
    date = serializers.DateField(required=False, validators=[validate_not_future])


class EmployerUnitSerializer(serializers.ModelSerializer):
    area_org = ScopedOrgField(help_text=_("Id of the union whose census of employers includes this unit."))
    union = ScopedOrgField(required=False, allow_null=True,
                           help_text=_("Id of the union covering this employer, or null."))
    area_org_name = serializers.CharField(source="area_org.name", read_only=True)
    union_name = serializers.CharField(source="union.name", read_only=True, default=None)
    ownership_display = serializers.CharField(source="get_ownership_display", read_only=True)
    industry_display = serializers.CharField(source="get_industry_display", read_only=True)
    has_union = serializers.BooleanField(read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="unit-detail", read_only=True)

    class Meta:
        model = EmployerUnit
        fields = [
            "id", "url", "name", "credit_code", "ownership", "ownership_display", "industry", "industry_display",
            "employee_count", "address", "area_org", "area_org_name", "union", "union_name", "has_union",
            "established_on", "operating_status", "sales_band", "village", "should_have_union",
            "created_at", "updated_at",
        ]
        read_only_fields = ["should_have_union", "created_at", "updated_at"]
        extra_kwargs = {"credit_code": {"validators": []}}

    def validate_credit_code(self, value):
        try:
            code = check_credit_code(value)
        except DjangoValidationError as e:
            raise serializers.ValidationError(e.messages) from None
        taken = EmployerUnit.objects.filter(credit_code=code)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise serializers.ValidationError(
                _("An employer unit with this unified social credit code is already registered."))
        return code

    def create(self, validated_data):
        return services.create_unit(self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        return services.update_unit(self.context["request"].user, instance, **validated_data)
