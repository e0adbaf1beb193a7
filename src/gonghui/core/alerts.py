"""Record alerts: what one area knows about another area's record, shown on that record's page and in the API.

An area cannot import another (``docs/dev/conventions.md``, layering), yet some facts belong on another's page:
an employer rule the workers' congress never passed weakens the employer in a rights case at that employer. The
area that knows declares a provider for the other model's label::

    class DemocracyConfig(AreaConfig):
        record_alerts = (("rights.case", "gonghui.democracy.alerts.case_alerts"),)

A provider is ``callable(user, obj) -> iterable of RecordAlert``; it reads through its own scoped selectors (a
user sees an alert only about records in their scope). ``core/detail_base.html`` shows them above the page's own
``alerts`` block (``{% record_alerts object %}``) and ``GET /api/v1/record-alerts/?model=<label>&id=<pk>`` returns
them for a record the caller may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .registry import registry, resolve

LEVELS = ("danger", "warning", "info")


@dataclass(frozen=True)
class RecordAlert:
    """One alert on a record's page: its ``level`` (a Bootstrap alert colour), the text, and where it leads."""

    key: str
    level: str
    message: Any
    url: str = ""
    link_text: Any = ""

    def __post_init__(self):
        if self.level not in LEVELS:
            raise ValueError(f"alert level {self.level!r} is not one of {LEVELS}")


def providers_for(model):
    return registry.record_alerts.get(model._meta.label_lower, [])


def alerts_for(user, obj):
    """Every registered area's alerts on ``obj`` for ``user``, the most serious first."""
    found = []
    for provider in providers_for(type(obj)):
        found.extend(resolve(provider)(user, obj) or ())
    return sorted(found, key=lambda a: LEVELS.index(a.level))
