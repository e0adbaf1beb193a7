"""The census rule (which employers should have a union) and what follows from it: the flag every unit keeps
(``EmployerUnit.should_have_union``, counted by the statistics as ``u.required``), the small employers to bring
into regional or industry federations and the villages that should form a village federation."""

import datetime

from django.conf import settings
from django.db.models import Count, Q

from .choices import LIVE_STATUSES, OperatingStatus, OrgType
from .models import CensusRule, EmployerUnit, Organisation


def current_rule() -> CensusRule:
    """The rule in force (the default, from ``GONGHUI_UNIONISATION_THRESHOLD``, until one is saved)."""
    rule = CensusRule.objects.order_by("pk").first()
    if rule is None:
        rule = CensusRule(min_employees=int(getattr(settings, "GONGHUI_UNIONISATION_THRESHOLD", 25)))
    return rule


def required_q(today=None, rule=None) -> Q:
    """Units counted in 组建率's denominator: covered already, or the rule says they should have a union."""
    return Q(union__isnull=False) | (rule or current_rule()).q(today)


def recompute_flags(today=None, rule=None) -> list[int]:
    """Bring every unit's flag in line with the rule on ``today``; the census unions whose units changed."""
    rule = rule or current_rule()
    q = rule.q(today or datetime.date.today())
    on = EmployerUnit.objects.filter(q, should_have_union=False)
    off = EmployerUnit.objects.filter(should_have_union=True).exclude(q)
    areas = set(on.values_list("area_org_id", flat=True).distinct().order_by()) | set(
        off.values_list("area_org_id", flat=True).distinct().order_by())
    on.update(should_have_union=True)
    off.update(should_have_union=False)
    return sorted(areas)


def small_employers(units):
    """Employers without a union that the rule leaves out (too small, too new): to bring into a regional or
    industry federation (联合基层工会)."""
    return units.filter(union__isnull=True, should_have_union=False,
                        operating_status=OperatingStatus.OPERATING)


VILLAGE_UNION_TYPES = (OrgType.COMMUNITY, OrgType.JOINT_REGIONAL)


def villages_to_organise(units, min_employers=2):
    """[{area_org, village, employers}] of villages with ``min_employers`` or more operating employers and no
    live village (community or regional joint) union of that name under the census union."""
    rows = (units.exclude(village="").exclude(operating_status=OperatingStatus.CLOSED)
            .values("area_org", "village").annotate(employers=Count("pk")).filter(employers__gte=min_employers)
            .order_by("area_org", "village"))
    rows = list(rows)
    if not rows:
        return []
    areas = {o.pk: o for o in Organisation.objects.filter(pk__in={r["area_org"] for r in rows})}
    out = []
    for r in rows:
        area = areas[r["area_org"]]
        has = Organisation.objects.filter(path__startswith=area.path, org_type__in=VILLAGE_UNION_TYPES,
                                          status__in=LIVE_STATUSES, name__contains=r["village"]).exists()
        if not has:
            out.append({"area_org": area, "village": r["village"], "employers": r["employers"]})
    return out
