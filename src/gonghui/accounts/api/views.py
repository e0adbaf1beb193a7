from django.http import Http404
from rest_framework import mixins, viewsets
from rest_framework.permissions import SAFE_METHODS, BasePermission

from gonghui.core import scope
from gonghui.core.api.permissions import IsOfficial
from gonghui.core.api.viewsets import ScopedViewSetMixin

from .. import services, tokens
from ..filtersets import RoleAssignmentFilterSet, UserFilterSet
from ..models import ApiToken
from ..selectors import may_manage, require_manageable, role_assignments_for, users_with_roles_for
from .serializers import ApiTokenSerializer, RoleAssignmentSerializer, UserSerializer


class IsOfficialObjectFirst(IsOfficial):
    """``IsOfficial``, except that a write to one object is let through to the object lookup.

    The viewset then answers 404 when the object is outside the caller's scope and 403 when the caller's
    role at its organisation is too weak (``ScopedViewSetMixin.get_object``), so a non-administrator
    cannot tell from a 403 that an account exists elsewhere in the tree.
    """

    def has_permission(self, request, view):
        lookup = view.lookup_url_kwarg or view.lookup_field
        if request.method not in SAFE_METHODS and lookup in view.kwargs:
            user = request.user
            return bool(user and user.is_authenticated and user.is_active
                        and (scope.is_unrestricted(user) or scope.scope_paths(user)))
        return super().has_permission(request, view)


class UserViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                  mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Officials' accounts in the caller's part of the tree. Only organisation administrators may write;
    accounts are deactivated (``is_active: false``), never deleted. ``password`` is write-only."""

    serializer_class = UserSerializer
    filterset_class = UserFilterSet
    ordering_fields = ["username", "full_name", "last_login", "date_joined"]
    ordering = ["username"]
    write_action = "manage_users"
    permission_classes = [IsOfficialObjectFirst]
    selector = staticmethod(users_with_roles_for)

    def org_of(self, obj):
        return obj.home_org

    def get_object(self):
        account = super().get_object()
        if self.request.method not in SAFE_METHODS and not may_manage(self.request.user, account):
            raise Http404  # it holds a role the caller may not manage (selectors.users_managed_by)
        return account


class RoleAssignmentViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                            mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """Who holds which role where. Posting a (user, org) pair that exists changes the role there."""

    serializer_class = RoleAssignmentSerializer
    filterset_class = RoleAssignmentFilterSet
    ordering_fields = ["created_at", "role"]
    write_action = "manage_users"
    permission_classes = [IsOfficialObjectFirst]
    selector = staticmethod(role_assignments_for)

    def org_of(self, obj):
        return obj.org

    def get_object(self):
        assignment = super().get_object()
        if self.request.method not in SAFE_METHODS:
            require_manageable(self.request.user, assignment.user)
        return assignment

    def perform_destroy(self, instance):
        services.revoke_role(self.request.user, instance)


class IsSignedInOfficialAccount(BasePermission):
    """Any active official's account (with or without a role); not a member's portal account."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.is_active and not user.is_member_account)


class ApiTokenViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin,
                      viewsets.GenericViewSet):
    """The caller's own API tokens (nobody sees another's): list them, make one (the answer carries its key, shown
    once), revoke one (DELETE). Tokens expire ``GONGHUI_TOKEN_DAYS`` after they are made; a password change
    revokes them all."""

    serializer_class = ApiTokenSerializer
    permission_classes = [IsSignedInOfficialAccount]
    filter_backends = []
    queryset = ApiToken.objects.none()  # for the schema; requests read get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ApiToken.objects.none()
        return tokens.tokens_of(self.request.user)

    def perform_destroy(self, instance):
        tokens.revoke_token(self.request.user, instance)
