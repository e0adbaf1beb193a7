"""The officials' workbench (the home page): the to-do list every area contributes, and recent activity.

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
