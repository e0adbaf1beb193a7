"""Global search: one box in the header finds members, organisations, units and cases at once.

Each area declares what it offers (``AreaConfig.search``): a :class:`SearchSource` names the area's list view,
whose scoped queryset and ``q`` filter do the searching, so the box finds exactly what the list would find, in
the user's scope, masked as the list masks (a member by name, ID number, phone or member number; an
organisation by name or code; a case by reference). Nothing here knows an area.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.http import urlencode

from . import scope
from .registry import registry, resolve

PER_SOURCE = 5
MAX_QUERY = 100


@dataclass(frozen=True)
class SearchSource:
    """What an area's list view contributes to the global search.

    ``describe(obj)`` gives the second line of a result (masked where it holds personal data); ``action``: the
    right a user needs somewhere to see the source at all."""

    key: str
    label: Any
    list_view: str  # dotted path of an ObjectListView subclass (its selector and filterset's ``q``)
    list_url_name: str
    describe: Any = None  # callable(obj) -> str, or a dotted path to one
    action: str = "view"
    order: int = 100


@dataclass
class SearchGroup:
    source: SearchSource
    results: list  # [(text, url, description)]
    more: bool  # more than shown: the list holds the rest
    list_url: str


def clean_query(text):
    return " ".join((text or "").split())[:MAX_QUERY]


def sources_for(user):
    return [s for s in sorted(registry.search, key=lambda s: s.order) if scope.can(user, s.action, None)]


def _queryset(source, request, query):
    view = resolve(source.list_view)()
    view.setup(request)
    filterset = view.filterset_class({"q": query}, queryset=view.get_queryset(), request=request)
    return filterset.qs if filterset.is_valid() else filterset.queryset.none()


def search(request, text):
    """The groups of results for ``text`` (each at most ``PER_SOURCE``) for ``request.user``, sources without a
    hit left out."""
    query = clean_query(text)
    if not query:
        return []
    groups = []
    for source in sources_for(request.user):
        found = list(_queryset(source, request, query)[:PER_SOURCE + 1])
        if not found:
            continue
        describe = resolve(source.describe) if source.describe else (lambda obj: "")
        results = [(str(obj), obj.get_absolute_url(), describe(obj)) for obj in found[:PER_SOURCE]]
        list_url = f"{reverse(source.list_url_name)}?{urlencode({'q': query})}"
        groups.append(SearchGroup(source, results, len(found) > PER_SOURCE, list_url))
    return groups

