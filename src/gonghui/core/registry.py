"""What each area contributes, collected in one place (in the manner of NetBox's ``registry``).

An area is a Django app whose ``AppConfig`` subclasses :class:`AreaConfig` and declares what it brings:
its pages and API under a URL prefix, navigation entries, home-page cards and to-do items, a daily step,
demo data, indicator modules and import/export kinds. ``AreaConfig.ready`` puts the declarations here; the
project's URLconf, navigation, home page, daily round, demo loader and statistics read them from here and
never name an area. Adding an area is its folder plus one line in ``INSTALLED_APPS``
(``docs/dev/adding-an-area.md``).

Dotted paths (``"gonghui.rights.daily.run"``) are imported when first used, so an area's declarations cost
nothing at start-up and cannot make import cycles.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _

# --- the pieces an area declares ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Menu:
    """A drop-down of the main navigation that several areas add entries to."""

    key: str
    label: Any
    order: int
    end: bool = False  # opens towards the left (the last menu of the bar)


# The menus every area can use. An area may declare a menu of its own in ``AreaConfig.menus``.
MENUS = {
    "members": Menu("members", _("Members"), 30),
    "statistics": Menu("statistics", _("Statistics"), 40),
    # Several areas share these: bargaining and contracts; notices, the suggestion box and surveys; competitions,
    # honours and appraisals (创先争优); member benefits, employment and training (服务职工).
    "building": Menu("building", _("Organisation building"), 25),
    "bargaining": Menu("bargaining", _("Collective bargaining"), 55),
    "protection": Menu("protection", _("Labour protection"), 57),
    "excellence": Menu("excellence", _("Competitions and awards"), 62),
    "services": Menu("services", _("Services for workers"), 65),
    "outreach": Menu("outreach", _("Reaching members"), 70),
    "funds": Menu("funds", _("Union funds"), 80),
    "system": Menu("system", _("System"), 90, end=True),
}


@dataclass(frozen=True)
class NavItem:
    """A link of the main navigation: top-level (``menu=None``) or in a drop-down."""

    label: Any
    url_name: str
    order: int = 100
    menu: str | None = None
    action: str | None = None  # shown only to users who may do this somewhere (``scope.can(user, action, None)``)


@dataclass(frozen=True)
class PortalLink:
    """A page of the member portal an area offers: a tab of the bottom bar (``tab=True``) or a tile on the portal's
    home page. ``key`` is the ``active_tab`` its pages set, so the bar highlights it."""

    label: Any
    url_name: str
    key: str
    order: int = 100
    tab: bool = False
    description: Any = ""


@dataclass(frozen=True)
class HomeCard:
    """A figure on the home page: ``count(user)`` and the list it opens (``url_name`` + ``query``); ``key`` names it
    in the page's context."""

    key: str
    label: Any
    count: str | Callable  # callable(user) -> int, or a dotted path to one
    url_name: str
    query: str | Callable = ""  # a query string, or callable(today) -> query string
    order: int = 100
    warn_when_positive: bool = False


@dataclass(frozen=True)
class ImportKind:
    """A kind of spreadsheet import (members, organisations, units ...): its importer class (dotted path)."""

    key: str
    label: Any
    importer: str


# --- the registry itself -------------------------------------------------------------------------------------


@dataclass
class Registry:
    areas: dict = field(default_factory=dict)  # label -> AreaConfig
    menus: dict = field(default_factory=lambda: dict(MENUS))
    nav: list = field(default_factory=list)
    home_cards: list = field(default_factory=list)
    todo: list = field(default_factory=list)  # dotted paths or callables(user, today) -> [workbench.TodoItem]
    key_figures: list = field(default_factory=list)  # dotted paths or callables(user, today) -> [workbench.KeyFigure]
    daily: list = field(default_factory=list)  # (area label, dotted path or callable(now) -> dict)
    demo: list = field(default_factory=list)  # (area label, dotted path or callable(context) -> dict)
    scope_builders: list = field(default_factory=list)  # dotted module paths registering scope-world builders
    import_kinds: dict = field(default_factory=dict)  # key -> ImportKind
    transition_labels: dict = field(default_factory=dict)  # audit tags that are not workflow transitions
    audit_values: dict = field(default_factory=dict)  # change-log key -> dotted path of callable(value) -> words
    search: list = field(default_factory=list)  # gonghui.core.search.SearchSource
    portal_links: list = field(default_factory=list)  # PortalLink
    portal_panels: list = field(default_factory=list)  # dotted paths or callables(request, member) -> HTML or ""
    record_alerts: dict = field(default_factory=dict)  # model label -> [dotted path or callable(user, obj)]


registry = Registry()


def resolve(target):
    """A callable from a dotted path (``"pkg.module.attr"``), or the callable itself."""
    if callable(target):
        return target
    module_name, _sep, attr = target.rpartition(".")
    return getattr(importlib.import_module(module_name), attr)


def module_exists(module_name):
    """Whether the module can be imported, found without importing it (nor running its code)."""
    try:
        return importlib.util.find_spec(module_name) is not None
    except ModuleNotFoundError as e:  # a parent package is missing
        if not module_name.startswith(f"{e.name}."):
            raise
        return False


class AreaConfig(AppConfig):
    """The ``AppConfig`` of an area: declarations only; ``ready()`` registers them.

    - ``url_prefix`` / ``urls``: the officials' pages (``"rights/"``, default module ``<app>.urls``);
      ``api_routes``: (URL prefix, dotted path of a viewset) pairs registered on the API's router; or
      ``api_urls``: an API URL module of its own (default ``<app>.api.urls`` when it exists);
      ``extra_urls``: more (prefix, module) pairs (default: the member portal's pages of the area,
      ``<app>.portal_urls`` at ``portal/<label>/``, when that module exists).
    - ``nav``, ``menus``, ``home_cards``: navigation and the home page.
    - ``todo``: dotted path of ``callable(user, today) -> [TodoItem]`` for the workbench's to-do list
      (``gonghui.core.workbench``).
    - ``key_figures``: dotted path of ``callable(user, today) -> [KeyFigure]``: the workbench's key figures with
      their trend (the statistics declare them, from the indicators' registry).
    - ``daily``: dotted path of ``callable(now) -> dict`` (default ``<app>.daily.run`` when it exists; ``""``
      for none).
    - ``demo``: dotted path of ``load(ctx)`` adding the area's demo records through its services (default
      ``<app>.demo.load`` when it exists).
    - ``testing``: the module registering the area's scope-world builders (default ``<app>.testing``).
    - ``indicators``: modules that register statistics indicators (imported at start; default
      ``<app>.indicators`` when it exists).
    - ``import_kinds``: spreadsheet imports the area offers.
    - ``transition_labels``: change-log tags that are not workflow transitions (``{"document": _("...")}``).
    - ``search``: what the header's search box finds in the area (``gonghui.core.search.SearchSource``).
    - ``portal_links``: the area's pages in the member portal (``PortalLink``: a tab of the bottom bar or a tile on
      the portal's home page).
    - ``portal_panels``: dotted paths of ``callable(request, member) -> str``: a panel of the area on the member
      portal's home page (the member's own figures, rendered by the area; "" for none).
    - ``audit_values``: change-log keys whose values are references the reader knows by a name
      (``{"job": "gonghui.imports.selectors.job_label"}``: an import job's id shown as its file and number).
    - ``record_alerts``: (model label, dotted path of ``callable(user, obj) -> [RecordAlert]``) pairs: what the
      area shows on another area's record page (``gonghui.core.alerts``).
    """

    url_prefix: str | None = None
    urls: str | None = None
    api_urls: str | None = None
    api_routes: tuple = ()
    extra_urls: tuple | None = None
    nav: tuple = ()
    menus: tuple = ()
    home_cards: tuple = ()
    todo: str | None = None
    key_figures: str | None = None
    daily: str | None = None
    demo: str | None = None
    testing: str | None = None
    indicators: tuple | None = None
    import_kinds: tuple = ()
    transition_labels: dict = {}
    audit_values: dict = {}
    search: tuple = ()
    portal_links: tuple = ()
    portal_panels: tuple = ()
    record_alerts: tuple = ()
    order: int = 100  # order of the area's demo and daily steps
    default = False  # not a candidate itself when an area's apps.py imports it (Django picks the subclass)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "default" not in cls.__dict__:
            cls.default = True

    def ready(self):
        register_area(self)

    # The modules an area has by convention, found once.
    def default_module(self, suffix):
        name = f"{self.name}.{suffix}"
        return name if module_exists(name) else None

    def page_modules(self):
        """The (prefix, module) pairs of the area's pages beside its ``url_prefix``."""
        if self.extra_urls is not None:
            return self.extra_urls
        portal = self.default_module("portal_urls")
        return ((f"portal/{self.label}/", portal),) if portal else ()

    def indicator_modules(self):
        if self.indicators is not None:
            return self.indicators
        return tuple(filter(None, [self.default_module("indicators")]))


def register_area(config):
    if config.label in registry.areas:
        return
    registry.areas[config.label] = config
    for menu in config.menus:
        registry.menus[menu.key] = menu
    registry.nav.extend(config.nav)
    registry.home_cards.extend(config.home_cards)
    if config.todo:
        registry.todo.append(config.todo)
    if config.key_figures:
        registry.key_figures.append(config.key_figures)
    daily = config.daily if config.daily is not None else (
        f"{config.name}.daily.run" if config.default_module("daily") else "")
    if daily:
        registry.daily.append((config.label, daily))
    demo = config.demo if config.demo is not None else (
        f"{config.name}.demo.load" if config.default_module("demo") else "")
    if demo:
        registry.demo.append((config.label, demo))
    testing = config.testing if config.testing is not None else config.default_module("testing")
    if testing:
        registry.scope_builders.append(testing)
    for kind in config.import_kinds:
        registry.import_kinds[kind.key] = kind
    registry.transition_labels.update(config.transition_labels)
    registry.audit_values.update(config.audit_values)
    registry.search.extend(config.search)
    registry.portal_links.extend(config.portal_links)
    registry.portal_panels.extend(config.portal_panels)
    for label, provider in config.record_alerts:
        registry.record_alerts.setdefault(label.lower(), []).append(provider)
    for module in config.indicator_modules():
        importlib.import_module(module)


def areas():
    """The registered areas in ``INSTALLED_APPS`` order."""
    order = [c.label for c in apps.get_app_configs()]
    return sorted(registry.areas.values(), key=lambda c: order.index(c.label))


def page_urls():
    """(prefix, urls module) of every area's pages, for the project's URLconf."""
    out = []
    for config in areas():
        for prefix, module in config.page_modules():
            out.append((prefix, module))
        if config.url_prefix is not None:
            out.append((config.url_prefix, config.urls or f"{config.name}.urls"))
    return out


def api_url_modules():
    out = []
    for config in areas():
        module = config.api_urls or (f"{config.name}.api.urls" if config.default_module("api.urls") else None)
        if module:
            out.append(module)
    return out


def api_routes():
    """(prefix, viewset class, basename) of every area's declared API routes."""
    out = []
    for config in areas():
        for prefix, viewset in config.api_routes:
            cls = resolve(viewset)
            out.append((prefix, cls, getattr(cls, "basename", None) or prefix.replace("-", "")))
    return out


def portal_panels(request, member):
    """The areas' panels on the member portal's home page (rendered HTML), those with something to show."""
    return [html for html in (resolve(p)(request, member) for p in registry.portal_panels) if html]


def portal_links():
    """The member portal's pages offered by the areas, in order."""
    return sorted(registry.portal_links, key=lambda link: link.order)


def navigation(user):
    """The main navigation for ``user``: [(menu or None, [NavItem])] in order, empty menus left out."""
    from . import scope

    def visible(item):
        return item.action is None or scope.can(user, item.action, None)

    top = {}
    for item in sorted(registry.nav, key=lambda i: i.order):
        if not visible(item):
            continue
        if item.menu is None:
            top[("item", item.url_name)] = (item.order, None, [item])
        else:
            menu = registry.menus[item.menu]
            top.setdefault(("menu", menu.key), (menu.order, menu, []))[2].append(item)
    return [(menu, items) for _order, menu, items in sorted(top.values(), key=lambda t: t[0])]


def ordered_by_area(entries):
    """``[(area label, target)]`` in the areas' ``order`` (then ``INSTALLED_APPS``)."""
    rank = {c.label: (c.order, i) for i, c in enumerate(areas())}
    return sorted(entries, key=lambda e: rank.get(e[0], (1000, 0)))


def transition_label(model, name):
    """The change log's words for a transition ``name`` of ``model`` (its workflow first), or ``name``."""
    workflow = getattr(model, "workflow", None) if model is not None else None
    if workflow is not None:
        label = workflow.label(name)
        if label is not None:
            return label
    label = registry.transition_labels.get(name)
    return label if label is not None else name

