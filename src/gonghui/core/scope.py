"""The one place that decides what a user may see and do.

A user acts for organisations through role assignments; what they may see is the union of those
organisations' subtrees. Trees use materialised paths, so a subtree is ``path__startswith``. Every
selector, view, API endpoint, export, count and autocomplete calls :func:`scope_filter` (through
``ScopedQuerySet.for_user``) and :func:`role_at` for what the user may do with an object.
"""

import operator
from functools import reduce

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import CharField, Exists, F, Func, OuterRef, Q, Subquery
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual, Range
from django.utils.translation import gettext as _

ROLE_VIEWER = "viewer"
ROLE_STAFF = "staff"
ROLE_ORG_ADMIN = "org_admin"
ROLE_RANK = {ROLE_VIEWER: 1, ROLE_STAFF: 2, ROLE_ORG_ADMIN: 3}

# What each role may do (actions are checked with ``can``).
ACTIONS = {
    "view": ROLE_VIEWER,
    "change": ROLE_STAFF,  # create, edit and run workflows
    "reveal_pii": ROLE_STAFF,
    "manage_users": ROLE_ORG_ADMIN,
    "manage_orgs": ROLE_ORG_ADMIN,  # create, move, dissolve, merge organisations
    "assist": ROLE_STAFF,  # household, health and income details of workers in hardship (困难职工帮扶)
}


def _assignments(user):
    """(path, role) pairs of the user's role assignments, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return ()
    cached = getattr(user, "_gonghui_assignments", None)
    if cached is None:
        live = ("preparing", "active")
        cached = tuple(role_assignment_model().objects.filter(user=user, org__status__in=live)
                       .values_list("org__path", "role"))
        user._gonghui_assignments = cached
    return cached


def role_assignment_model():
    """The model of role assignments (``settings.GONGHUI_ROLE_ASSIGNMENT_MODEL``, like ``AUTH_USER_MODEL``)."""
    return apps.get_model(settings.GONGHUI_ROLE_ASSIGNMENT_MODEL)


def org_model():
    """The model of the union tree (``settings.GONGHUI_ORG_MODEL``)."""
    return apps.get_model(settings.GONGHUI_ORG_MODEL)


def orgs_for(user):
    """The organisations ``user`` may see."""
    return org_model().objects.for_user(user)


def org_by_code(user, code):
    """The organisation with ``code`` (or ``Name (CODE)`` as the code pickers show it) in the user's scope, or
    None: a code outside the scope is simply not found."""
    code = (code or "").strip()
    if code.endswith(")") and "(" in code:
        code = code.rsplit("(", 1)[1][:-1].strip()
    if user is None or not code:
        return None
    return orgs_for(user).filter(code=code).first()


def clear_cache(user):
    if hasattr(user, "_gonghui_assignments"):
        del user._gonghui_assignments


def is_unrestricted(user):
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def scope_paths(user):
    """The minimal set of tree paths whose subtrees the user may see."""
    paths = sorted({p for p, _ in _assignments(user)})
    minimal = []
    for p in paths:
        if not any(p.startswith(m) for m in minimal):
            minimal.append(p)
    return minimal


def scope_filter(user, *org_fields, model=None):
    """A Q object restricting a queryset to objects whose org (through any of ``org_fields``) is in scope.

    ``org_fields`` name foreign keys to ``orgs.Organisation`` (or ``""`` for the Organisation model itself).
    With ``model`` (the queryset's) and more than one field, on SQLite each narrow subtree is the keys of the
    model's rows found through that field alone: an OR over two joined paths reads no index in SQLite, which then
    scanned a province's 1.1 million employer units for a township's list (1 s).
    """
    if is_unrestricted(user):
        return Q()
    paths = scope_paths(user)
    if not paths:
        return Q(pk__in=[])
    if model is not None and len(org_fields) > 1 and connection.vendor == "sqlite":
        return reduce(operator.or_, (
            subtree_q(field, p) if _is_wide(p) else Q(pk__in=model._base_manager.filter(subtree_q(field, p))
                                                      .values("pk"))
            for field in org_fields for p in paths))
    return reduce(operator.or_, (subtree_q(field, p) for field in org_fields for p in paths))


def _is_wide(path):
    return len(path) // org_model().steplen <= getattr(settings, "GONGHUI_WIDE_SCOPE_DEPTH", 2)


def action_filter(user, action, *org_fields):
    """Like :func:`scope_filter`, but only the subtrees where the user's role allows ``action``."""
    if is_unrestricted(user):
        return Q()
    needed = ROLE_RANK[ACTIONS[action]]
    paths = sorted({p for p, r in _assignments(user) if ROLE_RANK[r] >= needed})
    paths = [p for i, p in enumerate(paths) if not any(p.startswith(m) for m in paths[:i])]
    if not paths:
        return Q(pk__in=[])
    return reduce(operator.or_, (subtree_q(f, p) for f in org_fields for p in paths))


class _Unindexed(Func):
    """``+path``: the same value, but SQLite will not drive the query from the path index (see subtree_q)."""

    template = "+%(expressions)s"
    output_field = CharField()


def subtree_q(field, path):
    """Objects whose organisation (through ``field``; ``""``: the Organisation itself) lies in the subtree at
    ``path``: on SQLite a range on the path index (``LIKE 'path%'`` scans every organisation there).

    A wide subtree (a province or city federation and above, ``GONGHUI_WIDE_SCOPE_DEPTH``) holds most rows of a
    table: reading its organisations first and sorting all their members would cost seconds at province scale. On
    SQLite, whose planner cannot tell, the range is then written so that it does not use the index, and SQLite
    walks the index of the list's sort column instead, stopping after a page (PostgreSQL's planner chooses well on
    its own statistics)."""
    tree = org_model()
    low = path  # the subtree's paths are path and path + anything: up to path + "ZZZ..." (digits and capitals)
    high = path + tree.alphabet[-1] * (tree._meta.get_field("path").max_length - len(path))
    column = f"{field}__path" if field else "path"
    wide = _is_wide(path)
    if connection.vendor != "sqlite":
        # PostgreSQL serves LIKE 'path%' from the path's varchar_pattern_ops index, and plans it better than the
        # range (a township's member list: 48 ms against 91 ms at province scale).
        return Q(**{f"{column}__startswith": path})
    if wide and field:
        # The organisation's path read per row (a primary-key probe), not joined: with a join SQLite builds a Bloom
        # filter over every organisation first (500,000 at a province: 80 ms) whatever the LIMIT.
        path_of = Subquery(tree.objects.filter(pk=OuterRef(field)).values("path")[:1], output_field=CharField())
        return Q(Range(path_of, (low, high)))
    if wide:
        value = _Unindexed(F(column))
        return Q(GreaterThanOrEqual(value, low)) & Q(LessThanOrEqual(value, high))
    return Q(**{f"{column}__range": (low, high)})


def role_at(user, org_path):
    """The strongest role the user holds at an organisation (given by its tree path), or None."""
    if is_unrestricted(user):
        return ROLE_ORG_ADMIN
    best = None
    for path, role in _assignments(user):
        if org_path.startswith(path) and (best is None or ROLE_RANK[role] > ROLE_RANK[best]):
            best = role
    return best


def can(user, action, org):
    """May ``user`` do ``action`` at ``org`` (an Organisation, or None for 'anywhere in scope')?"""
    needed = ROLE_RANK[ACTIONS[action]]
    if is_unrestricted(user):
        return True
    if org is None:
        return any(ROLE_RANK[r] >= needed for _, r in _assignments(user))
    role = role_at(user, org.path)
    return role is not None and ROLE_RANK[role] >= needed


def in_scope(user, org):
    return org is not None and role_at(user, org.path) is not None


def require(user, action, org):
    """PermissionDenied unless ``user`` may do ``action`` at ``org`` (the check every service starts with)."""
    if not can(user, action, org):
        raise PermissionDenied(_("Your role does not allow this."))


# --- Officials' accounts ------------------------------------------------------------------------------------

def accounts_filter(user, action=None):
    """A Q object on the user model: the accounts ``user`` may see (``action=None``) or may do ``action`` to
    (``"manage_users"``).

    An account is within reach only when its home organisation AND every organisation where it holds a role
    are: an administrator of a district cannot see, let alone reset the password of or deactivate, an
    official homed in the district who also holds a role at the city above it. Superusers' accounts are
    only for superusers.
    """
    if is_unrestricted(user):
        return Q()
    if action is None:
        home, roles = scope_filter(user, "home_org"), scope_filter(user, "org")
    else:
        home, roles = action_filter(user, action, "home_org"), action_filter(user, action, "org")
    beyond = role_assignment_model().objects.filter(user=OuterRef("pk")).exclude(roles)
    return home & ~Q(is_superuser=True) & ~Exists(beyond)
