"""Reads of organisations and employer units. Every query a user triggers starts from the scope."""

from django.db.models import Count
from django.db.models.functions import Substr

from gonghui.core import scope
from gonghui.members.choices import HOLDING_STATUSES

from .choices import OrgStatus
from .models import EmployerUnit, Organisation


def orgs_for(user):
    return Organisation.objects.for_user(user)


def live_orgs_for(user):
    return orgs_for(user).filter(status__in=(OrgStatus.PREPARING, OrgStatus.ACTIVE))


def units_for(user):
    return EmployerUnit.objects.for_user(user).select_related("area_org", "union")


def scope_roots(user):
    """The organisations at the top of the user's part of the tree."""
    if scope.is_unrestricted(user):
        return Organisation.get_root_nodes()
    return Organisation.objects.filter(path__in=scope.scope_paths(user)).order_by("path")


def subtree_counts(nodes):
    """For each node: organisations below it and members in its subtree (holding statuses).

    Two grouped queries whatever the number of nodes: members and organisations are grouped by the
    prefix of their organisation's path at the nodes' depth.
    """
    nodes = list(nodes)
    if not nodes:
        return {}
    from gonghui.members.models import Member

    counts = {n.pk: {"orgs": 0, "members": 0} for n in nodes}
    by_depth = {}
    for n in nodes:
        by_depth.setdefault(n.depth, []).append(n)
    for depth, group in by_depth.items():
        length = depth * Organisation.steplen
        paths = {n.path: n.pk for n in group}
        common = _common_prefix([n.path for n in group])
        org_rows = (
            Organisation.objects.filter(path__startswith=common, depth__gt=depth)
            .annotate(prefix=Substr("path", 1, length))
            .values("prefix")
            .annotate(n=Count("id"))
        )
        for row in org_rows:
            if row["prefix"] in paths:
                counts[paths[row["prefix"]]]["orgs"] = row["n"]
        member_rows = (
            Member.objects.filter(org__path__startswith=common, status__in=HOLDING_STATUSES)
            .annotate(prefix=Substr("org__path", 1, length))
            .values("prefix")
            .annotate(n=Count("id"))
        )
        for row in member_rows:
            if row["prefix"] in paths:
                counts[paths[row["prefix"]]]["members"] = row["n"]
    return counts


def _common_prefix(paths):
    first, last = min(paths), max(paths)
    i = 0
    while i < len(first) and i < len(last) and first[i] == last[i]:
        i += 1
    return first[:i]


def children_in_scope(user, parent):
    return orgs_for(user).filter(path__startswith=parent.path, depth=parent.depth + 1).order_by("path")


def find_org_by_code(code):
    """Exact lookup of a live union by its code, outside the scope: transfers are addressed this way.

    Returns the organisation or None; callers show no more than its name.
    """
    code = (code or "").strip()
    if not code:
        return None
    return Organisation.objects.filter(code=code, status__in=(OrgStatus.PREPARING, OrgStatus.ACTIVE)).first()


def search_orgs(user, q, limit=20):
    qs = live_orgs_for(user)
    if q:
        from django.db.models import Q

        qs = qs.filter(Q(name__icontains=q) | Q(code__istartswith=q))
    return qs[:limit]
