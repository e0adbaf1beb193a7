"""Reads: targets and letters in the caller's scope, and the progress of targets (完成进度)."""

import dataclasses
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core import formats
from gonghui.core.workbench import todo_item
from gonghui.orgs.choices import OrgStatus
from gonghui.orgs.models import Organisation
from gonghui.stats.periods import Period
from gonghui.stats.registry import StatsContext, percent

from .choices import DEFAULT_PACE_TOLERANCE
from .models import ResponsibilityLetter, Target
from .services import target_indicator_map


def targets_for(user):
    return Target.objects.for_user(user).select_related("issuer", "org")


def letters_for(user):
    return ResponsibilityLetter.objects.for_user(user).select_related("issuer", "org")


def pace_tolerance():
    return Decimal(str(getattr(settings, "GONGHUI_TARGET_PACE_TOLERANCE", DEFAULT_PACE_TOLERANCE)))


def live_children(issuer):
    return list(Organisation.objects.filter(
        path__startswith=issuer.path, depth=issuer.depth + 1, status__in=(OrgStatus.PREPARING, OrgStatus.ACTIVE),
    ).order_by("path"))


# --- progress ---------------------------------------------------------------------------------------------


@dataclasses.dataclass
class ProgressRow:
    org: object
    indicator: object
    target: Decimal | None
    actual: object
    completion: Decimal | None
    behind: bool
    url: str | None
    rank: int | None = None
    target_obj: object = None

    @property
    def bar(self):
        """Width of the completion bar (0–100)."""
        return min(float(self.completion or 0), 100.0)

    def as_dict(self):
        return {
            "org": self.org.pk, "org_code": self.org.code, "org_name": self.org.name,
            "target": _num(self.target), "actual": _num(self.actual),
            "completion": None if self.completion is None else str(self.completion),
            "rank": self.rank, "behind_pace": self.behind, "url": self.url,
            "target_id": self.target_obj.pk if self.target_obj is not None else None,
        }


def _num(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return formats.plain_decimal(value)
    return value


def completion(indicator, actual, target):
    """Actual ÷ target in percent (one decimal). For rates: actual rate ÷ target rate."""
    if actual is None or target is None or not target:
        return None
    return percent(actual, target)


def is_behind(indicator, actual, target, comp, share, tolerance):
    """Behind the pace of the year?

    Counts: completion below the elapsed share of the year (in percent) minus the tolerance.
    Rates: below the target once the year is over, or below target × elapsed share before.
    """
    if target is None or share <= 0:
        return False
    share = Decimal(str(share))
    if indicator.is_ratio:
        if actual is None:
            return bool(target)
        actual = Decimal(actual)
        if share >= 1:
            return actual < target
        return actual < target * share
    if not target:
        return False
    return comp is not None and comp < share * 100 - tolerance


def _rank(rows):
    """Competition ranking by completion (1, 2, 2, 4); rows without a completion are not ranked."""
    ranked = sorted((r for r in rows if r.completion is not None), key=lambda r: -r.completion)
    prev, rank = None, 0
    for i, r in enumerate(ranked, 1):
        if r.completion != prev:
            rank, prev = i, r.completion
        r.rank = rank
    unranked = [r for r in rows if r.completion is None]
    return ranked + sorted(unranked, key=lambda r: r.org.path)


def _build(indicators, orgs, targets, year, today):
    """Rows per indicator for ``orgs``, from one StatsContext load."""
    period = Period.year(year)
    share = period.elapsed_share(today)
    tolerance = pace_tolerance()
    ctx = StatsContext(period, indicators=indicators)  # of the members the unions hold, only what these read
    ids = [o.pk for o in orgs]
    ctx.load(ids)
    sections = []
    for ind in indicators:
        values = ctx.values(ind, ids)
        rows = []
        for o in orgs:
            t = targets.get((o.pk, ind.key))
            target = t.value if t is not None else None
            actual = values.get(o.pk)
            comp = completion(ind, actual, target)
            rows.append(ProgressRow(
                org=o, indicator=ind, target=target, actual=actual, completion=comp,
                behind=is_behind(ind, actual, target, comp, share, tolerance), url=ind.url(o, period), target_obj=t,
            ))
        with_target = [r for r in rows if r.target is not None]
        total = None
        if not ind.is_ratio and with_target:
            t_sum = sum(r.target for r in with_target)
            a_sum = sum(r.actual or 0 for r in with_target)
            comp = completion(ind, a_sum, t_sum)
            total = {"target": t_sum, "actual": a_sum, "completion": comp,
                     "behind": is_behind(ind, a_sum, t_sum, comp, share, tolerance)}
        sections.append({
            "indicator": ind, "key": ind.key, "name": ind.name, "unit": ind.unit, "is_ratio": ind.is_ratio,
            "rows": _rank(with_target) + sorted([r for r in rows if r.target is None], key=lambda r: r.org.path),
            "total": total, "behind_count": sum(1 for r in with_target if r.behind),
        })
    return {"period": period, "elapsed_share": share, "tolerance": tolerance, "sections": sections}


def _indicators_with_targets(keys):
    return [i for k, i in target_indicator_map().items() if k in keys]


def progress_board(user, issuer, year, today=None):
    """Progress of the targets ``issuer`` handed down to its children for ``year`` (the issuer must be in scope)."""
    children = live_children(issuer)
    targets = {(t.org_id, t.indicator): t for t in targets_for(user).filter(issuer=issuer, year=year)}
    extra = {t.org_id for t in targets.values()} - {c.pk for c in children}
    if extra:  # a child dissolved since: still shown with its targets
        children += [t.org for t in targets.values() if t.org_id in extra and t.org not in children]
    indicators = _indicators_with_targets({k for _o, k in targets})
    data = _build(indicators, children, targets, year, today)
    data.update(issuer=issuer, year=year, mode="issuer", orgs=children)
    return data


def own_progress(user, org, year, today=None):
    """The targets handed down to ``org`` for ``year`` and their progress (what a child sees of its own)."""
    targets = {(t.org_id, t.indicator): t for t in targets_for(user).filter(org=org, year=year)}
    indicators = _indicators_with_targets({k for _o, k in targets})
    data = _build(indicators, [org], targets, year, today)
    issuer = next(iter(targets.values())).issuer if targets else None
    data.update(issuer=issuer, org=org, year=year, mode="org", orgs=[org])
    for s in data["sections"]:
        for r in s["rows"]:
            r.rank = None  # the siblings are not the child's business
    return data


def board_as_json(data):
    return {
        "issuer": ({"id": data["issuer"].pk, "code": data["issuer"].code, "name": data["issuer"].name}
                   if data.get("issuer") else None),
        "org": ({"id": data["org"].pk, "code": data["org"].code, "name": data["org"].name}
                if data.get("org") else None),
        "year": data["year"],
        "elapsed_share": round(data["elapsed_share"], 4),
        "tolerance": _num(data["tolerance"]),
        "indicators": [
            {
                "key": s["key"], "name": str(s["name"]), "unit": str(s["unit"]), "is_ratio": s["is_ratio"],
                "behind_pace": s["behind_count"],
                "total": ({"target": _num(s["total"]["target"]), "actual": s["total"]["actual"],
                           "completion": None if s["total"]["completion"] is None else str(s["total"]["completion"]),
                           "behind_pace": s["total"]["behind"]} if s["total"] else None),
                "rows": [r.as_dict() for r in s["rows"]],
            }
            for s in data["sections"]
        ],
    }


def behind_target_ids(queryset, today=None):
    """Ids of the targets in ``queryset`` that are behind pace (one StatsContext per year present)."""
    rows = list(queryset.values_list("pk", "year", "org_id", "indicator", "value"))
    indicators = target_indicator_map()
    tolerance = pace_tolerance()
    by_year = {}
    for row in rows:
        by_year.setdefault(row[1], []).append(row)
    behind = []
    for year, items in by_year.items():
        period = Period.year(year)
        share = period.elapsed_share(today or timezone.localdate())
        ctx = StatsContext(period, indicators=[indicators[r[3]] for r in items if r[3] in indicators])
        ids = {r[2] for r in items}
        ctx.load(ids)
        for pk, _y, org_id, key, value in items:
            ind = indicators.get(key)
            if ind is None:
                continue
            actual = ctx.values(ind, sorted(ids)).get(org_id)
            comp = completion(ind, actual, value)
            if is_behind(ind, actual, value, comp, share, tolerance):
                behind.append(pk)
    return behind


def workbench_todo(user, today):
    """This year's targets behind the pace of the year, in the user's scope."""
    this_year = targets_for(user).filter(year=today.year)
    if not this_year.exists():
        return []
    behind = this_year.filter(pk__in=behind_target_ids(this_year, today)).order_by("org__path", "indicator")
    url = f"{reverse('targets:target_list')}?year={today.year}&behind=yes"
    return [todo_item("targets_behind", _("Targets behind the pace of the year"), behind, url, urgency="due")]
