from rest_framework.permissions import SAFE_METHODS, BasePermission

from gonghui.core import scope


class IsOfficial(BasePermission):
    """Signed in as a union official with at least one role assignment (or a superuser).

    Object-level rights are checked by the viewset against the object's organisation
    (``ScopedModelViewSet.check_org_permission``); objects out of scope never get that far (404).
    """

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if scope.is_unrestricted(user):
            return True
        if not scope.scope_paths(user):
            return False
        if request.method in SAFE_METHODS:
            return True
        return scope.can(user, getattr(view, "write_action", "change"), None)
