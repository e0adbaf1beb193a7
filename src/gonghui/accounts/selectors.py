from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q

from gonghui.core import scope
from gonghui.core.selectors import audit_log_for

from .choices import UserKind
from .models import RoleAssignment, User


def users_for(user):
    """Officials' accounts the user may see: those belonging to an organisation in scope."""
    qs = User.objects.filter(kind=UserKind.OFFICIAL).select_related("home_org")
    if scope.is_unrestricted(user):
        return qs
    return qs.filter(scope.scope_filter(user, "home_org") & ~Q(is_superuser=True))


def users_with_roles_for(user):
    """``users_for`` with each account's role assignments (in the user's scope) fetched in one more query."""
    assignments = RoleAssignment.objects.filter(scope.scope_filter(user, "org")).select_related("org")
    return (
        users_for(user)
        .prefetch_related(Prefetch("role_assignments", queryset=assignments, to_attr="scoped_roles"))
        .order_by("home_org__path", "username")
    )


def role_assignments_for(user):
    return RoleAssignment.objects.for_user(user).select_related("user", "org")


def roles_of(viewer, account):
    """The account's role assignments the viewer may see, and how many others it has outside the viewer's scope."""
    visible = list(role_assignments_for(viewer).filter(user=account))
    total = RoleAssignment.objects.filter(user=account).count()
    return visible, total - len(visible)


def user_history(viewer, account, limit=100):
    """The account's change log as far as the viewer's scope reaches: edits, sign-ins and role changes."""
    user_ct = ContentType.objects.get_for_model(User)
    role_ct = ContentType.objects.get_for_model(RoleAssignment)
    return audit_log_for(viewer).filter(
        Q(content_type=user_ct, object_id=str(account.pk))
        | Q(content_type=role_ct, after__user_id=account.pk)
        | Q(content_type=role_ct, before__user_id=account.pk)
    )[:limit]

