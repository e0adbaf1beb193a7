"""Test machinery every area shares: valid identifiers, the scope-matrix registry and URL discovery, the list
discovery and query counting of the pinned query counts (``tests/checks/test_query_counts.py``), racing
connections, and :class:`ModelViewTests`, the generic test of a model's pages and API that a new model's tests
subclass with data only. Builders that compose areas are in ``gonghui.tools.testing``; each area's in its
``testing``."""

import datetime
import importlib
import io
import itertools
import random
import re
import threading
import zipfile

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from .api.viewsets import ScopedViewSetMixin
from .models import AuditAction, AuditLog
from .registry import registry
from .validators import CREDIT_CODE_CHARS, credit_code_check_char, id_check_char
from .views import ObjectListView
from .workflow import available

try:  # a test dependency: the identifier builders above also serve the demo data, where pytest is absent
    import pytest
except ImportError:  # pragma: no cover
    pytest = None

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
    for module in registry.scope_builders:
        importlib.import_module(module)


def scoped_models():
    """Concrete models that declare ``scope_org_fields`` (the scope matrix covers each of them)."""
    return [m for m in apps.get_models() if getattr(m, "scope_org_fields", None) is not None
            and not m._meta.abstract and not m._meta.proxy]


def model_label(model):
    return model._meta.label_lower


def scope_q(model, org):
    """Objects of ``model`` placed inside ``org``'s subtree (computed here, independently of selectors)."""
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
        return reverse(self.name, kwargs=kwargs)


def iter_url_entries(resolver=None, prefix="", namespace=None, kwarg_names=()):
    """Every URL pattern reachable from the root URLconf (recursively through includes)."""
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
    return get_user_model()(username="__matrix__", is_superuser=True, is_active=True)

# Pages that take a ``pk`` and scope it by hand instead of through ScopedObjectMixin: URL name → model
# label of the object the pk names. The scope matrix checks them like the others (GET only).
SCOPE_PK_VIEW_MODELS = {
    "orgs:org_tree_children": "orgs.organisation",
}

# Pages and API routes whose pk names one of the signed-in user's OWN records (not an organisation's): they read
# through a selector of the user's own records, so even an official of the same district gets 404. The scope
# matrix (organisation scope) does not apply; the test named here checks another user's pk is not found.
OWNER_PK_VIEWS = {
    "accounts:token_revoke": "gonghui/accounts/tests/test_credentials.py::test_page_lists_makes_and_revokes_own_tokens",
    "apitoken-detail": "gonghui/accounts/tests/test_credentials.py::test_api_lists_makes_and_revokes_own_tokens",
    "benefits_portal:rate": "gonghui/benefits/tests/test_rules.py::test_a_member_rates_only_a_merchant_offered_to_them",
    "benefits_portal:insurance_claim":
        "gonghui/benefits/tests/test_portal_insurance.py::test_another_members_enrolment_is_not_found",
}


# --- lists and their query counts (tests/checks/test_query_counts.py) ----------------------------------------

# A list is fetched with a small and a large page: both must run the same number of queries (no N+1).
SMALL_PAGE, LARGE_PAGE = 2, 50


def list_page_entries(entries=None):
    """The list pages: URL patterns without arguments whose view subclasses ``ObjectListView``."""
    entries = list(iter_url_entries()) if entries is None else entries
    return [e for e in entries if e.viewset is None and isinstance(e.view_class, type)
            and issubclass(e.view_class, ObjectListView) and not e.kwarg_names]


def api_list_entries(entries=None):
    """The API lists: routes without arguments of a ``ScopedViewSetMixin`` viewset whose GET is ``list``."""
    entries = list(iter_url_entries()) if entries is None else entries
    return [e for e in entries if isinstance(e.viewset, type) and issubclass(e.viewset, ScopedViewSetMixin)
            and not e.kwarg_names and e.actions.get("get") == "list"]


def count_queries(client, url, params=None):
    """(queries run, response) of one GET of ``url``; the caller checks the response."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    return len(ctx.captured_queries), response


def list_rows(response):
    """(rows on this page, rows in the whole list) of a list page's or an API list's response."""
    if response.get("Content-Type", "").startswith("application/json"):
        data = response.json()
        return len(data["results"]), data["count"]
    page = response.context["table"].page
    return len(page.object_list), page.paginator.count


# --- racing connections ------------------------------------------------------------------------------------


def run_together(jobs, timeout=60):
    """Run each callable in a thread of its own (each with its own database connection), released together by a
    barrier: two officials acting at the same moment. Returns ``[("ok", result) | ("error", exception)]`` in
    the order of ``jobs``."""
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


# --- the generic test of one model's pages and API ----------------------------------------------------------

_markers = itertools.count(1)
_TRANSITION_BUTTON = re.compile(r'data-transition="([^"]+)"')


def response_text(response):
    """The body of a response as text, streamed or not (a CSV export's byte-order mark dropped)."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8-sig", "replace")


def xlsx_text(content):
    """The XML of every part of an XLSX file (shared and inline strings): enough to look for a value in it."""
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))


def shown_transitions(response):
    """The workflow steps whose buttons a page shows (``{% workflow_buttons %}`` marks each with its name)."""
    return _TRANSITION_BUTTON.findall(response_text(response))


def _skip(reason):
    pytest.skip(reason)


class ModelViewTests:
    """The pages and API of one model, tested the same way for every model: a new model's tests subclass this class
    with data only, and get a dozen checks that hold for every area.

    How to use it, in the area's ``tests/`` (the class name must start with ``Test`` for pytest to collect it)::

        from gonghui.core.testing import ModelViewTests

        from ..models import Motion


        class TestMotionViews(ModelViewTests):
            model = Motion
            list_url_name = "congress:motion_list"      # leave a name out (None) when the model has no such page
            detail_url_name = "congress:motion_detail"
            edit_url_name = "congress:motion_edit"
            delete_url_name = "congress:motion_delete"
            api_path = "/api/v1/motions/"               # "" when it has no API
            api_fields = ["id", "url", "title", ...]    # optional: the exact keys of an API object

            def form_data(self, obj, marker):           # valid edit-form data that changes the object
                return {"title": marker, "text": obj.text}

            def api_payload(self, tree, marker):        # a valid API create payload (``tree``: the test tree)
                return {"org": tree["EA2"].pk, "title": marker}

            def api_update(self, obj, marker):          # a valid API PATCH payload that changes the object
                return {"title": marker}

    The object under test is built by ``build(org, actor, marker)``: by default the model's scope-world builder
    (``register_scope_builder``, which every scoped model has), called with the grassroots union ``home`` (EA1)
    of district A, a superuser, and a unique marker (letters and digits) that the builder puts where the list,
    the detail page and the exports show it. Override ``build`` to test another kind of object. ``check_saved(obj,
    marker)`` may add what the edit must have changed. The users and the tree are the root ``conftest.py``'s
    fixtures: ``actor`` (a_staff, staff of district A) reads and writes, ``viewer`` (a_viewer, viewer in A) may
    not write, ``outsider`` (b_staff, staff of district B) may not even see; ``sibling`` (EA2) is a union of A
    without the object.

    The checks (each a test; a check of a page or API the model does not have is skipped):

    - the list page answers 200 and lists the object; its ``within`` filter (page and API) keeps it for its own
      union and drops it for the sibling union; its CSV and XLSX exports hold it;
    - the detail page shows it;
    - the edit page saves through the form (a redirect) and writes one change-log entry with what changed;
    - the delete page asks to confirm (GET changes nothing) and then deletes, with a change-log entry;
    - the official of another district gets 404 from the detail, edit and delete pages and the API's retrieve,
      and changes nothing;
    - a viewer cannot write: 403 from the edit and delete pages and the API's create, update and delete, and
      nothing changes;
    - the API's list, retrieve, create and update answer with the same shape (``api_fields`` pins it; the list's
      rows may differ by ``api_list_fields``);
    - the detail page shows exactly the workflow buttons ``Workflow.available`` gives the user (none for a model
      without a workflow), for the actor and for the viewer.
    """

    pytestmark = [pytest.mark.django_db] if pytest else []

    model = None
    list_url_name = None
    detail_url_name = None
    edit_url_name = None
    delete_url_name = None
    api_path = ""
    api_format = "json"  # "multipart" for an API that takes files
    api_fields = None
    api_list_fields = None
    actor, viewer, outsider = "a_staff", "a_viewer", "b_staff"
    home, sibling = "EA1", "EA2"

    # --- the data a subclass gives --------------------------------------------------------------------------------

    def build(self, org, actor, marker):
        load_app_builders()
        builder = SCOPE_WORLD_BUILDERS.get(model_label(self.model))
        if builder is None:
            raise NotImplementedError(f"{model_label(self.model)} has no scope-world builder: define build()")
        return builder(org, actor, marker)

    def form_data(self, obj, marker):
        raise NotImplementedError("form_data(obj, marker): valid data for the edit form that changes the object")

    def api_payload(self, tree, marker):
        raise NotImplementedError("api_payload(tree, marker): a valid payload for the API's create")

    def api_update(self, obj, marker):
        raise NotImplementedError("api_update(obj, marker): a valid PATCH payload that changes the object")

    def check_saved(self, obj, marker):
        """What the edit must have changed on ``obj`` (reloaded); the change-log entry is checked anyway."""

    # --- helpers --------------------------------------------------------------------------------------------------

    def make(self, tree, users):
        """(the object, reloaded; its marker)."""
        marker = f"QV{next(_markers):04d}Z"
        obj = self.build(tree[self.home], users["root"], marker)
        return self.model._default_manager.get(pk=obj.pk), marker

    def url(self, name, obj=None):
        if not name:
            _skip(f"{self.model.__name__} has no such page")
        return reverse(name, args=[obj.pk]) if obj is not None else reverse(name)

    def api_url(self, obj=None):
        if not self.api_path:
            _skip(f"{self.model.__name__} has no API")
        return f"{self.api_path}{obj.pk}/" if obj is not None else self.api_path

    def state(self, obj):
        """What a refused write must leave as it was: the object's row and the change log."""
        return list(self.model._default_manager.filter(pk=obj.pk).values()), AuditLog.objects.count()

    def entries(self, obj, action):
        return AuditLog.objects.filter(action=action, object_id=str(obj.pk),
                                       content_type__app_label=self.model._meta.app_label,
                                       content_type__model=self.model._meta.model_name)

    def api_ids(self, response):
        assert response.status_code == 200, (response.status_code, response.content[:300])
        return {row["id"] for row in response.json()["results"]}

    # --- lists ----------------------------------------------------------------------------------------------------

    def test_list_page_lists_the_object(self, tree, users, client_for):
        url = self.url(self.list_url_name)
        obj, marker = self.make(tree, users)
        response = client_for(users[self.actor]).get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert marker in response_text(response), f"{url} does not list {obj} ({marker})"

    def test_list_within_filter_keeps_the_union_subtree(self, tree, users, client_for, api_for):
        url = self.url(self.list_url_name)
        filterset = resolve(url).func.view_class.filterset_class
        assert "within" in filterset.base_filters, (
            f"{filterset.__name__} has no within filter: declare within = WithinFilter(<link to the organisation>)")
        obj, marker = self.make(tree, users)
        client = client_for(users[self.actor])
        inside = client.get(url, {"within": tree[self.home].code})
        assert inside.status_code == 200 and marker in response_text(inside), f"{url}?within={tree[self.home].code}"
        outside = client.get(url, {"within": tree[self.sibling].code})
        assert outside.status_code == 200 and marker not in response_text(outside), (
            f"{url}?within={tree[self.sibling].code} lists {obj}, which is not in that union")
        if self.api_path:
            api = api_for(users[self.actor])
            assert obj.pk in self.api_ids(api.get(self.api_path, {"within": tree[self.home].code}))
            assert obj.pk not in self.api_ids(api.get(self.api_path, {"within": tree[self.sibling].code}))

    def test_list_exports_hold_the_object(self, tree, users, client_for):
        url = self.url(self.list_url_name)
        obj, marker = self.make(tree, users)
        client = client_for(users[self.actor])
        csv_response = client.get(url, {"export": "csv"})
        assert csv_response.status_code == 200 and "text/csv" in csv_response["Content-Type"], url
        assert marker in response_text(csv_response), f"{url}?export=csv does not hold {obj}"
        xlsx = client.get(url, {"export": "xlsx"})
        assert xlsx.status_code == 200 and "spreadsheetml" in xlsx["Content-Type"], url
        content = b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content
        assert marker in xlsx_text(content), f"{url}?export=xlsx does not hold {obj}"

    # --- pages of one object --------------------------------------------------------------------------------------

    def test_detail_page_shows_the_object(self, tree, users, client_for):
        obj, marker = self.make(tree, users)
        url = self.url(self.detail_url_name, obj)
        response = client_for(users[self.actor]).get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert marker in response_text(response), f"{url} does not show {obj} ({marker})"

    def test_edit_page_saves_through_the_form_and_logs_the_change(self, tree, users, client_for):
        obj, marker = self.make(tree, users)
        url = self.url(self.edit_url_name, obj)
        client = client_for(users[self.actor])
        assert client.get(url).status_code == 200, url
        logged = set(self.entries(obj, AuditAction.UPDATE).values_list("pk", flat=True))
        new_marker = f"{marker}E"
        response = client.post(url, self.form_data(obj, new_marker))
        errors = response.context["form"].errors if response.status_code == 200 and response.context else None
        assert response.status_code == 302, (url, response.status_code, errors)
        entries = list(self.entries(obj, AuditAction.UPDATE).exclude(pk__in=logged))
        assert len(entries) == 1, f"POST {url}: {len(entries)} change-log entries, expected 1"
        assert entries[0].before != entries[0].after, f"POST {url}: the change-log entry records no change"
        self.check_saved(self.model._default_manager.get(pk=obj.pk), new_marker)

    def test_delete_page_asks_then_deletes_with_a_change_log_entry(self, tree, users, client_for):
        obj, _marker = self.make(tree, users)
        url = self.url(self.delete_url_name, obj)
        client = client_for(users[self.actor])
        ask = client.get(url)
        assert ask.status_code == 200 and 'method="post"' in response_text(ask), (url, ask.status_code)
        assert self.model._default_manager.filter(pk=obj.pk).exists(), f"GET {url} deleted {obj}"
        response = client.post(url)
        assert response.status_code == 302, (url, response.status_code)
        assert not self.model._default_manager.filter(pk=obj.pk).exists(), f"POST {url} did not delete {obj}"
        assert self.entries(obj, AuditAction.DELETE).exists(), f"POST {url} wrote no change-log entry"

    # --- who may --------------------------------------------------------------------------------------------------

    def test_official_of_another_district_gets_not_found(self, tree, users, client_for, api_for):
        obj, marker = self.make(tree, users)
        client, before, problems = client_for(users[self.outsider]), self.state(obj), []
        for name in (self.detail_url_name, self.edit_url_name, self.delete_url_name):
            if not name:
                continue
            url = reverse(name, args=[obj.pk])
            if (status := client.get(url).status_code) != 404:
                problems.append(f"GET {url}: {status}")
            if name != self.detail_url_name:
                data = self.form_data(obj, f"{marker}X") if name == self.edit_url_name else {}
                if (status := client.post(url, data).status_code) != 404:
                    problems.append(f"POST {url}: {status}")
        if self.api_path:
            api, url = api_for(users[self.outsider]), self.api_url(obj)
            if (status := api.get(url).status_code) != 404:
                problems.append(f"GET {url}: {status}")
            patched = api.patch(url, self.api_update(obj, f"{marker}X"), format=self.api_format)
            if patched.status_code != 404:
                problems.append(f"PATCH {url}: {patched.status_code}")
        assert not problems, f"{self.outsider} (another district) on {obj}, expected 404: {problems}"
        assert self.state(obj) == before, f"{self.outsider} changed {obj}"

    def test_viewer_cannot_write(self, tree, users, client_for, api_for):
        obj, marker = self.make(tree, users)
        client, before, problems = client_for(users[self.viewer]), self.state(obj), []
        for name, data in ((self.edit_url_name, self.form_data(obj, f"{marker}V") if self.edit_url_name else {}),
                           (self.delete_url_name, {})):
            if name:
                url = reverse(name, args=[obj.pk])
                if (status := client.post(url, data).status_code) != 403:
                    problems.append(f"POST {url}: {status}")
        if self.api_path:
            api, url = api_for(users[self.viewer]), self.api_url(obj)
            calls = (("POST", self.api_path, lambda: api.post(self.api_path, self.api_payload(tree, f"{marker}V"),
                                                              format=self.api_format)),
                     ("PATCH", url, lambda: api.patch(url, self.api_update(obj, f"{marker}V"), format=self.api_format)),
                     ("DELETE", url, lambda: api.delete(url)))
            for method, path, call in calls:
                if (status := call().status_code) not in (403, 405):
                    problems.append(f"{method} {path}: {status}")
        assert not problems, f"{self.viewer} (a viewer) wrote to {obj}, expected 403: {problems}"
        assert self.state(obj) == before, f"{self.viewer} changed {obj}"

    # --- the API --------------------------------------------------------------------------------------------------

    def test_api_list_retrieve_create_update_answer_the_same_shape(self, tree, users, api_for):
        url = self.api_url()
        obj, marker = self.make(tree, users)
        api = api_for(users[self.actor])
        listed = api.get(url)
        assert obj.pk in self.api_ids(listed), f"GET {url} does not list {obj}"
        assert {"count", "results"} <= set(listed.json()), f"GET {url} is not a paginated list"
        retrieved = api.get(self.api_url(obj))
        assert retrieved.status_code == 200, (self.api_url(obj), retrieved.status_code)
        shape = set(retrieved.json())
        if self.api_fields is not None:
            assert shape == set(self.api_fields), f"GET {self.api_url(obj)}: keys {sorted(shape)}"
        row = next(r for r in listed.json()["results"] if r["id"] == obj.pk)
        assert set(row) == set(self.api_list_fields or shape), f"GET {url}: row keys {sorted(row)}"
        created = api.post(url, self.api_payload(tree, f"{marker}C"), format=self.api_format)
        assert created.status_code == 201, (url, created.status_code, created.content[:500])
        assert set(created.json()) == shape, f"POST {url}: keys {sorted(created.json())}"
        assert self.model._default_manager.filter(pk=created.json()["id"]).exists(), f"POST {url} stored nothing"
        updated = api.patch(self.api_url(obj), self.api_update(obj, f"{marker}U"), format=self.api_format)
        assert updated.status_code == 200, (self.api_url(obj), updated.status_code, updated.content[:500])
        assert set(updated.json()) == shape, f"PATCH {self.api_url(obj)}: keys {sorted(updated.json())}"

    # --- workflow -------------------------------------------------------------------------------------------------

    def test_detail_page_shows_the_workflow_buttons_the_user_may_press(self, tree, users, client_for):
        obj, _marker = self.make(tree, users)
        url = self.url(self.detail_url_name, obj)
        for who in (self.actor, self.viewer):
            user = users[who]
            response = client_for(user).get(url)
            assert response.status_code == 200, (url, who, response.status_code)
            expected = ([t.name for t in available(obj, user) if t.url_name and t.button]
                        if hasattr(self.model, "workflow") else [])
            assert shown_transitions(response) == expected, f"GET {url} as {who}: buttons {shown_transitions(response)}"
