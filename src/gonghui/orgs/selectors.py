"""Reads of organisations and employer units. Every query a user triggers starts from the scope."""

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Substr
from django.utils import timezone

from gonghui.core import scope

from . import hooks
from .choices import LIVE_STATUSES, CommitteeKind, CommitteePosition
from .models import EmployerUnit, Organisation, common_ancestor_path


def orgs_for(user):
    return Organisation.objects.for_user(user)


def live_orgs_for(user):
    return orgs_for(user).filter(status__in=LIVE_STATUSES)


def units_for(user):
    return EmployerUnit.objects.for_user(user).select_related("area_org", "union")


def live_org_count(user):
    return live_orgs_for(user).count()


def unit_count(user):
    return units_for(user).count()


def elections_overdue_count(user):
    return live_orgs_for(user).filter(next_election_due__lte=timezone.localdate()).count()


def scope_roots(user):
    """The organisations at the top of the user's part of the tree."""
    if scope.is_unrestricted(user):
        return Organisation.get_root_nodes()
    return Organisation.objects.filter(path__in=scope.scope_paths(user)).order_by("path")


def subtree_counts(nodes, *, all_orgs=True):
    """For each node: organisations below it, whatever their status (``orgs``; not counted with ``all_orgs=False``:
    a grouped count over a province's 500,000 organisations, 0.3 s), what the areas above count in its
    subtree (``hooks.subtree_counts``) and the figures the statistics give for it (``hooks.subtree_figures``:
    ``live_orgs``, ``members``: the indicators of those names, as on the dashboard).

    A fixed number of grouped queries whatever the number of nodes (one per depth of the nodes, and one more
    per area that counts): organisations and records are grouped by the prefix of their organisation's path
    at the nodes' depth.
    """
    nodes = list(nodes)
    if not nodes:
        return {}
    counts = {n.pk: ({"orgs": 0} if all_orgs else {}) for n in nodes}
    by_depth = {}
    for n in nodes:
        by_depth.setdefault(n.depth, []).append(n)
    for depth, group in by_depth.items():
        length = depth * Organisation.steplen
        paths = {n.path: n.pk for n in group}
        common = common_ancestor_path([n.path for n in group])
        org_rows = () if not all_orgs else (
            Organisation.objects.filter(path__startswith=common, depth__gt=depth)
            .order_by()  # the manager orders by path, which would split the groups
            .annotate(prefix=Substr("path", 1, length))
            .values("prefix")
            .annotate(n=Count("id"))
        )
        for row in org_rows:
            if row["prefix"] in paths:
                counts[paths[row["prefix"]]]["orgs"] = row["n"]
        for name, by_prefix in hooks.subtree_counts(common, depth):
            for path, pk in paths.items():
                counts[pk][name] = by_prefix.get(path, 0)
    for figures in hooks.subtree_figures(nodes):
        for name, by_pk in figures.items():
            for pk, n in by_pk.items():
                counts[pk][name] = n
    return counts


def children_in_scope(user, parent):
    return orgs_for(user).filter(path__startswith=parent.path, depth=parent.depth + 1).order_by("path")


def find_org_by_code(code):
    """Exact lookup of a live union by its code, outside the scope: transfers are addressed this way.

    Returns the organisation or None; callers show no more than its name.
    """
    code = (code or "").strip()
    if not code:
        return None
    return Organisation.objects.filter(code=code, status__in=LIVE_STATUSES).first()


def search_orgs(user, q, limit=20):
    qs = live_orgs_for(user)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__istartswith=q))
    return qs[:limit]


# --- pages and API -------------------------------------------------------------------------------

def _parent_subquery(field):
    """A subquery giving the parent's ``field`` from the materialised path (no query per row)."""
    parent_path = Substr(OuterRef("path"), 1, (OuterRef("depth") - 1) * Organisation.steplen)
    return Subquery(Organisation.objects.filter(path=parent_path).order_by().values(field)[:1])


def with_parent(qs):
    """Annotate ``parent_pk``, ``parent_name`` and ``parent_code`` (one query for a whole page)."""
    return qs.annotate(
        parent_pk=_parent_subquery("pk"), parent_name=_parent_subquery("name"), parent_code=_parent_subquery("code")
    )


def org_list_for(user):
    """The organisations list (page and API): scoped, with the parent's name and code."""
    return with_parent(orgs_for(user))


def org_detail_for(user):
    return orgs_for(user).select_related("merged_into")


def tree_nodes(qs, include_closed=False):
    return qs if include_closed else qs.filter(status__in=LIVE_STATUSES)


def tree_children(user, parent, *, include_closed=False, offset=0, limit=100):
    """One page of a node's children in the scope, with their subtree counts.

    Returns ``(children, counts, has_more)``; a fixed number of queries whatever the page size.
    """
    qs = tree_nodes(children_in_scope(user, parent), include_closed)
    rows = list(qs[offset:offset + limit + 1])
    has_more = len(rows) > limit
    rows = rows[:limit]
    return rows, subtree_counts(rows, all_orgs=include_closed), has_more  # the tree shows "orgs" only then


def ancestor_paths(path):
    step = Organisation.steplen
    return [path[:i] for i in range(step, len(path), step)]


def breadcrumbs(user, orgs):
    """For each organisation: its ancestors, top first, as ``(org, in_scope)`` pairs (one query for all)."""
    orgs = list(orgs)
    wanted = {p for o in orgs for p in ancestor_paths(o.path)}
    found = Organisation.objects.filter(path__in=wanted).only("pk", "name", "code", "path", "depth", "status")
    by_path = {o.path: o for o in found}
    result = {}
    for o in orgs:
        chain = [by_path[p] for p in ancestor_paths(o.path) if p in by_path]
        result[o.pk] = [(a, scope.in_scope(user, a)) for a in chain]
    return result


def search_tree(user, q, *, include_closed=False, limit=50):
    """Organisations matching a name or code, with breadcrumbs and counts: ``(rows, has_more)``.

    ``rows`` is a list of ``(org, ancestors, counts)``.
    """
    q = (q or "").strip()
    if not q:
        return [], False
    qs = tree_nodes(orgs_for(user), include_closed).filter(Q(name__icontains=q) | Q(code__istartswith=q))
    found = list(qs.order_by("depth", "path")[: limit + 1])
    has_more = len(found) > limit
    found = found[:limit]
    crumbs = breadcrumbs(user, found)
    counts = subtree_counts(found, all_orgs=include_closed)
    return [(o, crumbs[o.pk], counts[o.pk]) for o in found], has_more


def committee_by_kind(org):
    """Committee seats grouped by committee, in the order of CommitteeKind, chairs first."""
    position_rank = {p: i for i, p in enumerate((CommitteePosition.CHAIR, CommitteePosition.VICE_CHAIR,
                                                  CommitteePosition.DIRECTOR, CommitteePosition.MEMBER))}
    seats = sorted(org.committee_members.all(), key=lambda s: (position_rank.get(s.position, 9), s.pk))
    groups = []
    for kind, label in CommitteeKind.choices:
        rows = [s for s in seats if s.committee == kind]
        if rows:
            groups.append((label, rows))
    return groups


def org_overview(user, org, *, children_limit=50, units_limit=20):
    """What the organisation page shows besides the record itself."""
    ancestors = breadcrumbs(user, [org])[org.pk]
    children, counts, more_children = tree_children(user, org, include_closed=True, limit=children_limit)
    covered = EmployerUnit.objects.filter(union=org).order_by("name")
    return {
        "ancestors": ancestors,
        "children": [(c, counts[c.pk]) for c in children],
        "more_children": more_children,
        "counts": subtree_counts([org])[org.pk],
        "committee": committee_by_kind(org),
        "covered_units": list(covered[:units_limit]),
        "covered_unit_count": covered.count(),
    }


def search_units(user, q, limit=20):
    qs = EmployerUnit.objects.for_user(user)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(credit_code__istartswith=q.upper()))
    return qs.order_by("name")[:limit]


def unit_detail_for(user):
    return units_for(user)
