"""Test machinery every area shares: valid identifiers, the scope-matrix registry and URL discovery, racing
connections. Builders that compose areas are in ``gonghui.tools.testing``; each area's in its ``testing``."""

import datetime
import itertools
import random

from .validators import CREDIT_CODE_CHARS, credit_code_check_char, id_check_char

_counter = itertools.count(1)


def make_id_number(birth=datetime.date(1990, 5, 17), gender="M", region="320311", seq=None):
    """A valid 18-digit ID number with the given birth date and gender."""
    seq = next(_counter) if seq is None else seq
    order = (seq % 500) * 2 + (1 if gender == "M" else 0)  # odd order digit = male
    body = f"{region}{birth:%Y%m%d}{order:03d}"
    return body + id_check_char(body)


def make_credit_code(seq=None, rng=None):
    """A valid 18-character unified social credit code."""
    rng = rng or random.Random(seq if seq is not None else next(_counter))
    body = "91" + "320311" + "".join(rng.choice(CREDIT_CODE_CHARS) for _ in range(9))
    return body + credit_code_check_char(body)


def make_phone(seq=None):
    seq = next(_counter) if seq is None else seq
    return f"139{seq % 100000000:08d}"


# --- The scope "world": one object of every scoped model inside each district ----------------------
#
# The scope matrix (tests/scope/) discovers every concrete model that declares ``scope_org_fields`` and
# needs a builder for it here, keyed by model label (``app_label.modelname``, lower case). A builder is
# ``builder(org, actor, marker) -> object``: ``org`` is a grassroots (enterprise) union inside one
# district, ``actor`` a superuser, and ``marker`` a unique text (letters and digits) that the builder
# must put where list pages and exports show it (a name, a code, a user's full name). Build through the
# services. A new app with a scoped model registers its builder with ``@register_scope_builder(...)``
# (in its area's ``testing`` module), otherwise the matrix fails and names the model.

SCOPE_WORLD_BUILDERS = {}


def register_scope_builder(label):
    def _register(func):
        SCOPE_WORLD_BUILDERS[label.lower()] = func
        return func

    return _register


def load_app_builders():
    """Import every area's ``testing`` module (``AreaConfig.testing``), where it registers its scope builders."""
    import importlib

    from .registry import registry

    for module in registry.scope_builders:
        importlib.import_module(module)


def scoped_models():
    """Concrete models that declare ``scope_org_fields`` (the scope matrix covers each of them)."""
    from django.apps import apps

    return [m for m in apps.get_models() if getattr(m, "scope_org_fields", None) is not None
            and not m._meta.abstract and not m._meta.proxy]


def model_label(model):
    return model._meta.label_lower


def scope_q(model, org):
    """Objects of ``model`` placed inside ``org``'s subtree (computed here, independently of selectors)."""
    from django.db.models import Q

    q = Q(pk__in=[])
    for field in model.scope_org_fields:
        q |= Q(**{(f"{field}__path__startswith" if field else "path__startswith"): org.path})
    return q


def build_scope_world(tree, actor, districts=("A", "B"), grassroots=None):
    """One object of every scoped model inside each district, with unique markers.

    Returns ``{"objects": {label: {district: obj}}, "markers": {district: {label: marker}},
    "missing": [labels without a builder]}``. ``grassroots`` maps district → the union to build in
    (default EA1 for A and EB1 for B).
    """
    load_app_builders()
    grassroots = grassroots or {"A": tree["EA1"], "B": tree["EB1"]}
    world = {"objects": {}, "markers": {d: {} for d in districts}, "missing": []}
    for n, model in enumerate(sorted(scoped_models(), key=model_label)):
        label = model_label(model)
        builder = SCOPE_WORLD_BUILDERS.get(label)
        if builder is None:
            world["missing"].append(label)
            continue
        for district in districts:
            marker = f"QX{district}{n:02d}{label.split('.')[1][:3].upper()}Z"
            obj = builder(grassroots[district], actor, marker)
            world["objects"].setdefault(label, {})[district] = obj
            world["markers"][district][label] = marker
    return world


# --- URL discovery for the scope matrix -----------------------------------------------------------


class UrlEntry:
    """One URL pattern of the project, flattened: its full route, name with namespaces, view and kwargs."""

    def __init__(self, route, name, callback, kwarg_names):
        self.route = route
        self.name = name
        self.callback = callback
        self.kwarg_names = tuple(kwarg_names)
        self.view_class = getattr(callback, "view_class", None)  # Django class-based views
        self.viewset = getattr(callback, "cls", None)  # DRF viewsets and API views
        self.actions = dict(getattr(callback, "actions", None) or {})  # DRF router: method -> action

    def __repr__(self):
        return f"<UrlEntry {self.name or '?'} {self.route}>"

    def reverse(self, **kwargs):
        from django.urls import reverse

        return reverse(self.name, kwargs=kwargs)


def iter_url_entries(resolver=None, prefix="", namespace=None, kwarg_names=()):
    """Every URL pattern reachable from the root URLconf (recursively through includes)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        names = list(kwarg_names) + list(p.pattern.regex.groupindex)
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from iter_url_entries(p, prefix + str(p.pattern), ns, names)
        elif isinstance(p, URLPattern):
            name = None
            if p.name:
                name = f"{namespace}:{p.name}" if namespace else p.name
            yield UrlEntry(prefix + str(p.pattern), name, p.callback, names)


def unrestricted_user():
    """An unsaved superuser: ``selector(unrestricted_user()).model`` names a view's model without a database."""
    from django.contrib.auth import get_user_model

    return get_user_model()(username="__matrix__", is_superuser=True, is_active=True)

# Pages that take a ``pk`` and scope it by hand instead of through ScopedObjectMixin: URL name → model
# label of the object the pk names. The scope matrix checks them like the others (GET only).
SCOPE_PK_VIEW_MODELS = {
    "orgs:org_tree_children": "orgs.organisation",
}


# --- racing connections ------------------------------------------------------------------------------------


def run_together(jobs, timeout=60):
    """Run each callable in a thread of its own (each with its own database connection), released together by a
    barrier: two officials acting at the same moment. Returns ``[("ok", result) | ("error", exception)]`` in
    the order of ``jobs``."""
    import threading

    from django.db import connections

    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def run(i, job):
        try:
            barrier.wait(timeout=10)
            outcomes[i] = ("ok", job())
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test checks
            outcomes[i] = ("error", exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=timeout)
    return outcomes
