"""The officials' workbench (the home page): the to-do list every area contributes, the key figures of the
user's scope with their trend, and recent activity.

An area with figures declares ``AreaConfig.key_figures``: a ``callable(user, today)`` returning
:class:`KeyFigure` lines (the statistics do, reading the indicators' registry, so the workbench shows the same
figure as the dashboard).

An area declares ``AreaConfig.todo = "gonghui.<area>.selectors.workbench_todo"``: a ``callable(user, today)``
returning :class:`TodoItem` lines, built with :func:`todo_item` from a scoped queryset, so each line counts
exactly what its list shows and opens its first records directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from .registry import registry, resolve
from .selectors import audit_log_for

URGENCIES = ("overdue", "due", "open")  # most pressing first
SHOWN = 5


@dataclass(frozen=True)
class TodoItem:
    """A kind of waiting work: how many, the list of them all, and the first few records."""

    key: str
    label: Any
    count: int
    url: str
    urgency: str = "open"  # overdue | due | open
    records: tuple = ()  # (text, url, when)


def todo_item(key, label, queryset, url, *, urgency="open", when=None, text=str):
    """A :class:`TodoItem` from a scoped, ordered queryset (one COUNT and one short SELECT)."""
    count = queryset.count()
    records = tuple((text(obj), obj.get_absolute_url(), getattr(obj, when) if when else None)
                    for obj in queryset[:SHOWN]) if count else ()
    return TodoItem(key, label, count, url, urgency, records)


@dataclass(frozen=True)
class KeyFigure:
    """A figure of the user's scope: its value now, the same figure at an earlier day, and the records behind it."""

    key: str
    label: Any
    value: Any  # int, Decimal (a rate in percent) or None (nothing to divide by)
    url: str | None
    unit: Any = ""
    kind: str = "count"  # count | ratio
    note: Any = ""  # what it counts beyond its name ("this year")
    previous: Any = None
    previous_on: Any = None  # the day of ``previous`` (None: no earlier figure)
    higher_is_better: bool = True

    @property
    def change(self):
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def change_display(self):
        """The change with its sign and thousands separators ("+1,234", "-0.5"); "" without an earlier figure."""
        change = self.change
        return "" if change is None else f"{change:+,}"

    @property
    def trend(self):
        """up | down | same, or "" without an earlier figure."""
        change = self.change
        if change is None:
            return ""
        return "up" if change > 0 else "down" if change < 0 else "same"

    @property
    def improved(self):
        """Whether the change goes the good way (None when unchanged or unknown)."""
        if not self.change:
            return None
        return (self.change > 0) == self.higher_is_better


def key_figures(user, today=None):
    """Every area's key figures for ``user``'s scope."""
    today = today or timezone.localdate()
    out = []
    for target in registry.key_figures:
        out.extend(resolve(target)(user, today))
    return out


def todo(user, today=None):
    """Every area's waiting work for ``user``, most urgent first; lines with nothing waiting left out."""
    today = today or timezone.localdate()
    items = []
    for target in registry.todo:
        items.extend(i for i in resolve(target)(user, today) if i.count)
    return sorted(items, key=lambda i: URGENCIES.index(i.urgency))


def urgency_counts(items):
    return {u: sum(i.count for i in items if i.urgency == u) for u in URGENCIES}


def recent_activity(user, limit=10):
    """The latest changes in the user's part of the tree (the change log, scoped and masked as on its page)."""
    return list(audit_log_for(user).order_by("-timestamp")[:limit])
