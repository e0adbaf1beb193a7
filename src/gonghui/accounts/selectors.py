from django.db.models import Q

from gonghui.core import scope

from .choices import UserKind
from .models import RoleAssignment, User


def users_for(user):
    """Officials' accounts the user may see: those belonging to an organisation in scope."""
    qs = User.objects.filter(kind=UserKind.OFFICIAL).select_related("home_org")
    if scope.is_unrestricted(user):
        return qs
    return qs.filter(scope.scope_filter(user, "home_org") & ~Q(is_superuser=True))


def role_assignments_for(user):
    return RoleAssignment.objects.for_user(user).select_related("user", "org")
