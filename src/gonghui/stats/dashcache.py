"""The dashboard of a large subtree, kept in the cache until the data changes (``gonghui.core.generation``).

A province's dashboard folds a hundred and more figures, some of them grouped over every employer of the province
(cases, agreements, congresses...): seconds, where the counters give the member figures in milliseconds. Small
subtrees (under ``GONGHUI_DASHBOARD_CACHE_MIN_ORGS`` organisations) may be computed every time.
"""

from django.conf import settings

from gonghui.core import generation
from gonghui.core.generation import GENERATION_KEY, MOVED_AT_KEY, bump, connect, data_changed  # noqa: F401

from .models import NO_DAY, OrgCounter


def _size(org):
    """Live organisations in the subtree, from its counter (one row)."""
    return (OrgCounter.objects.filter(org=org, key="o.count", day=NO_DAY).values_list("total", flat=True).first()
            or 0)


def cached(org, period, compute):
    """``compute(org, period)``, from the cache when the subtree is large enough and nothing was written since."""
    least = getattr(settings, "GONGHUI_DASHBOARD_CACHE_MIN_ORGS", 1)
    if least > 1 and _size(org) < least:
        return compute(org, period)
    return generation.cached(f"stats:dashboard:{org.pk}:{period.token}", lambda: compute(org, period))
