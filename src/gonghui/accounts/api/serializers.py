"""Serializers for officials' accounts and role assignments. Writes go through accounts.services;
every foreign key is looked up in the caller's scope, so an organisation or user outside it is 'not found'."""

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gonghui.core.validators import check_mobile
from gonghui.orgs.selectors import live_orgs_for

from .. import services, tokens
from ..choices import Role
from ..models import ApiToken, RoleAssignment, User
from ..selectors import role_assignments_for, users_for


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A foreign key whose choices come from ``scoped(request.user)``."""

    def __init__(self, scoped, **kwargs):
        self.scoped = scoped
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.scoped(request.user) if request is not None else self.scoped(None).none()


class RoleSummarySerializer(serializers.ModelSerializer):
    org_code = serializers.CharField(source="org.code", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)

    class Meta:
        model = RoleAssignment
        fields = ["id", "org", "org_code", "org_name", "role"]


class UserSerializer(serializers.ModelSerializer):
    home_org = ScopedPrimaryKeyRelatedField(live_orgs_for)
    home_org_code = serializers.CharField(source="home_org.code", read_only=True)
    password = serializers.CharField(write_only=True, required=False, style={"input_type": "password"},
                                     trim_whitespace=False, help_text=_("Required when creating an account."))
    phone = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    roles = RoleSummarySerializer(
        source="scoped_roles", many=True, read_only=True,
        help_text=_("Every role the account holds: an account that holds a role outside the caller's part of the "
                    "tree is not listed at all."))

    class Meta:
        model = User
        fields = [
            "id", "username", "full_name", "email", "phone", "home_org", "home_org_code", "is_active", "roles",
            "password", "last_login", "date_joined",
        ]
        read_only_fields = ["last_login", "date_joined"]
        # Uniqueness is checked by the service (its message says 'taken' in the user's language).
        extra_kwargs = {"username": {"validators": [UnicodeUsernameValidator()]}}

    def validate_phone(self, value):
        return check_mobile(value) if value else ""

    def validate(self, attrs):
        if self.instance is None and not attrs.get("password"):
            raise serializers.ValidationError({"password": [_("Enter a password for the new account.")]})
        return attrs

    def create(self, validated_data):
        password = validated_data.pop("password")
        return services.create_official(self.context["request"].user, password=password, **validated_data)

    def update(self, instance, validated_data):
        password = validated_data.pop("password", None)
        return services.update_official(self.context["request"].user, instance, password=password, **validated_data)

    def to_representation(self, instance):
        if not hasattr(instance, "scoped_roles"):  # after a write: load the roles the caller may see
            request = self.context.get("request")
            instance.scoped_roles = list(role_assignments_for(request.user).filter(user=instance)) if request else []
        return super().to_representation(instance)


class RoleAssignmentSerializer(serializers.ModelSerializer):
    user = ScopedPrimaryKeyRelatedField(users_for)
    org = ScopedPrimaryKeyRelatedField(live_orgs_for)
    role = serializers.ChoiceField(choices=Role.choices)
    username = serializers.CharField(source="user.username", read_only=True)
    org_code = serializers.CharField(source="org.code", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = RoleAssignment
        fields = ["id", "user", "username", "org", "org_code", "org_name", "role", "role_display", "created_at"]
        read_only_fields = ["created_at"]
        validators = []  # (user, org) is unique: posting again changes the role there (services.assign_role)

    def create(self, validated_data):
        return services.assign_role(self.context["request"].user, validated_data["user"], validated_data["org"],
                                    validated_data["role"])


class ApiTokenSerializer(serializers.ModelSerializer):
    """One of the caller's own API tokens. ``key`` is in the answer to the POST that makes the token, never again."""

    key = serializers.SerializerMethodField(help_text=_("Only in the answer that makes the token."))

    class Meta:
        model = ApiToken
        fields = ["id", "name", "created_at", "last_used_at", "expires_at", "key"]
        read_only_fields = ["created_at", "last_used_at", "expires_at"]

    def get_key(self, obj) -> str | None:
        return getattr(obj, "new_key", None)

    def create(self, validated_data):
        token, key = tokens.create_token(self.context["request"].user, validated_data.get("name", ""))
        token.new_key = key
        return token
