from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from gonghui.core import scope
from gonghui.core.selectors import audit_log_for

from .choices import UserKind
from .models import RoleAssignment, User


def users_for(user):
    """Officials' accounts the user may see: home organisation AND every role in scope (``scope.accounts_filter``).

    An account that also holds a role beyond the user's part of the tree is not found, on every page and API
    path that reads through here; so every role such an account shows is one the user may see.
    """
    return User.objects.filter(kind=UserKind.OFFICIAL).filter(scope.accounts_filter(user)).select_related("home_org")


def users_managed_by(user):
    """Officials' accounts ``user`` may manage (edit, set the password of, deactivate, give roles to, see the
    tokens of): home organisation AND every role where ``user`` may ``manage_users``."""
    return (User.objects.filter(kind=UserKind.OFFICIAL).filter(scope.accounts_filter(user, "manage_users"))
            .select_related("home_org"))


def may_manage(user, account):
    """True when ``account`` is one of ``users_managed_by(user)``."""
    return users_managed_by(user).filter(pk=account.pk).exists()


def managed_account(user, pk):
    """The account ``pk`` for a management page or API call: 404 outside ``users_for``; 403 (PermissionDenied)
    when ``user`` may not manage users at its home organisation; 404 when it holds a role ``user`` may not
    manage (so an administrator cannot tell it from an account elsewhere in the tree)."""
    account = get_object_or_404(users_for(user), pk=pk)
    _require_manageable(user, account)
    return account


def require_manageable(user, account):
    """``managed_account``'s checks for an account reached through another record (a role assignment)."""
    if not users_for(user).filter(pk=account.pk).exists():
        raise Http404
    _require_manageable(user, account)


def _require_manageable(user, account):
    scope.require(user, "manage_users", account.home_org)
    if not may_manage(user, account):
        raise Http404


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


def user_history(viewer, account, limit=None):
    """The account's change log as far as the viewer's scope reaches: edits, sign-ins and role changes."""
    user_ct = ContentType.objects.get_for_model(User)
    role_ct = ContentType.objects.get_for_model(RoleAssignment)
    qs = audit_log_for(viewer).filter(
        Q(content_type=user_ct, object_id=str(account.pk))
        | Q(content_type=role_ct, after__user_id=account.pk)
        | Q(content_type=role_ct, before__user_id=account.pk)
    )
    return qs if limit is None else qs[:limit]

