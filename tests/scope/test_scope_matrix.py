"""The scope matrix: nobody sees or touches anything outside their part of the union tree.

Generic on purpose: pages and API endpoints are discovered from the URL resolver, and the data from
the models that declare ``scope_org_fields``, so a new app is covered without editing this file. It
only has to register a world builder (``gonghui.core.testing.register_scope_builder``) for each scoped
model; the first test fails and names the model when one is missing.

The world (``build_scope_world``): districts A and B each get one object of every scoped model, named
with a unique marker (``QXA…Z`` / ``QXB…Z``). Officials a_staff, a_admin and a_viewer act for district A.

Pages (views subclassing ``ScopedObjectMixin``):
- with a ``pk``: district B's objects answer 404 to a_staff and a_admin, for GET and (views with a
  ``post``) POST, and a POST changes nothing; district A's object answers a_admin (control).
- without kwargs (lists and create forms): no B marker anywhere in the page (nor in ``?export=csv``
  of a list); a list shows A's object of its model. The audit log (``SEARCHED_LISTS``) grows with every
  builder, so its first page may hold other entries: there each district's user searches for its own
  marker (found) and for every marker of the other district (none found).
- a_viewer: POST to every edit/action page (A's object) and create page is refused (403), or
  redirected with nothing changed.
API (viewsets subclassing ``ScopedViewSetMixin`` under /api/v1/):
- list as a_staff: exactly the in-scope objects (ids and ``count``), no B ids;
- retrieve/update/partial_update/destroy and every detail action on B's object: 404, nothing changed;
- a_viewer: every write (create, update, delete, actions) is 403 and changes nothing.
"""

import csv
import io
import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import resolve

from gonghui.core.api.viewsets import ScopedViewSetMixin
from gonghui.core.testing import (
    OWNER_PK_VIEWS,
    SCOPE_PK_VIEW_MODELS,
    build_scope_world,
    iter_url_entries,
    model_label,
    scope_q,
    unrestricted_user,
)
from gonghui.core.views import ObjectListView, OfficialRequiredMixin, ScopedObjectMixin

pytestmark = pytest.mark.django_db

WRITE_METHODS = {"post", "put", "patch", "delete"}


# --- discovery (at collection time: the URLconf and models are importable without a database) ---------


def _model_of(cls, entry=None):
    if entry is not None and entry.name in SCOPE_PK_VIEW_MODELS:
        from django.apps import apps

        return apps.get_model(SCOPE_PK_VIEW_MODELS[entry.name])
    selector = getattr(cls, "selector", None)
    if selector is None:
        return getattr(cls, "model", None)
    try:
        return selector(unrestricted_user()).model
    except Exception as exc:  # pragma: no cover - reported by test_every_scoped_view_is_scannable
        return exc


def _entries():
    try:
        return list(iter_url_entries())
    except ImproperlyConfigured:  # pragma: no cover
        return []


ALL_ENTRIES = _entries()
PAGES = [e for e in ALL_ENTRIES if e.view_class is not None and e.viewset is None
         and isinstance(e.view_class, type) and issubclass(e.view_class, ScopedObjectMixin)]
PAGE_PK = [e for e in PAGES if e.kwarg_names == ("pk",)]
OFFICIAL_PAGES = [e for e in ALL_ENTRIES if e.view_class is not None and e.viewset is None
                  and isinstance(e.view_class, type) and issubclass(e.view_class, OfficialRequiredMixin)]
# Views that take a pk but scope by hand (not through ScopedObjectMixin): their model comes from
# gonghui.core.testing.SCOPE_PK_VIEW_MODELS, and they get the same 404 checks.
HAND_SCOPED_PK = [e for e in OFFICIAL_PAGES
                  if e.kwarg_names == ("pk",) and not issubclass(e.view_class, ScopedObjectMixin)]
PAGE_NO_KWARGS = [e for e in OFFICIAL_PAGES if not e.kwarg_names]
PAGE_OTHER = [e for e in PAGES if e.kwarg_names and e.kwarg_names != ("pk",)]
PAGE_WRITES = [e for e in PAGES if hasattr(e.view_class, "post") and e.kwarg_names in ((), ("pk",))
               and not issubclass(e.view_class, ObjectListView)]

API = [e for e in ALL_ENTRIES if e.viewset is not None and isinstance(e.viewset, type)
       and issubclass(e.viewset, ScopedViewSetMixin) and "format" not in e.kwarg_names]
API_LIST = [e for e in API if not e.kwarg_names and "list" in e.actions.values()]
API_CREATE = [e for e in API if not e.kwarg_names and e.actions.get("post")]
API_DETAIL = [e for e in API if e.kwarg_names == ("pk",)]
API_OTHER = [e for e in API if e.kwarg_names and e.kwarg_names != ("pk",)]


def _id(entry):
    model = _model_of(entry.viewset or entry.view_class, entry)
    label = model_label(model) if isinstance(model, type) else "?"
    return f"{entry.name}[{label}]"


# --- the world -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker):
    """The world is built once for the module (it is the same for every test, and building it takes longer than
    most tests), in a transaction rolled back at the module's end with the files it stored; each test runs in a
    savepoint inside it (``db``), so what a test writes is undone before the next."""
    from django.db import transaction
    from django.test import override_settings

    from gonghui.core.attachments import atomic_with_files
    from gonghui.tools.testing import build_small_city, standard_officials

    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=fast), atomic_with_files():
        tree = build_small_city()
        users = standard_officials(tree)
        w = build_scope_world(tree, users["root"])
        w["tree"], w["users"] = tree, users
        yield w
        transaction.set_rollback(True)


@pytest.fixture
def world(_module_world, db):
    return _module_world


def _b_markers(world):
    return sorted(world["markers"]["B"].values())


def _a_marker(world, model):
    return world["markers"]["A"].get(model_label(model))


def _outside_a(world, model, limit=3):
    """Objects of ``model`` outside district A: the world's B object first, then others (B, the city)."""
    objs = []
    built = world["objects"].get(model_label(model), {}).get("B")
    if built is not None:
        objs.append(built)
    objs += list(model._default_manager.exclude(scope_q(model, world["tree"]["A"])).exclude(
        pk__in=[o.pk for o in objs]).order_by("pk")[: limit - len(objs)])
    return objs


def _row(model, pk):
    return list(model._default_manager.filter(pk=pk).values())


def _state(model, pk):
    """What a refused write must leave untouched: the object's row, its table's size, the audit log."""
    from gonghui.core.models import AuditLog

    return {"row": _row(model, pk), "count": model._default_manager.count(), "audit": AuditLog.objects.count()}


def _scoped_model_or_fail(entry, world):
    model = _model_of(entry.viewset or entry.view_class, entry)
    if isinstance(model, Exception) or model is None:
        pytest.fail(f"{entry.name} ({entry.route}): cannot tell the view's model from selector(superuser): {model!r}")
    if model_label(model) not in world["objects"]:
        pytest.fail(
            f"{entry.name} ({entry.route}) reads {model_label(model)}, which has no scope_org_fields or no world "
            "builder: declare scope_org_fields and register_scope_builder() so the matrix can check it"
        )
    return model


def _found_markers(text, markers):
    low = text.lower()
    return [m for m in markers if m.lower() in low]


# --- the world itself --------------------------------------------------------------------------


def test_every_scoped_model_has_a_world_builder(world):
    assert not world["missing"], (
        "scoped models without a builder in gonghui.core.testing.SCOPE_WORLD_BUILDERS: "
        f"{world['missing']} — register one with @register_scope_builder('<app_label.model>')"
    )


def test_world_objects_sit_in_their_district_and_the_queryset_scope_agrees(world):
    users, tree = world["users"], world["tree"]
    for label, by_district in world["objects"].items():
        model = type(by_district["A"])
        for district, obj in by_district.items():
            other = "B" if district == "A" else "A"
            assert model._default_manager.filter(scope_q(model, tree[district]), pk=obj.pk).exists(), (label, district)
            assert not model._default_manager.filter(scope_q(model, tree[other]), pk=obj.pk).exists(), (label, district)
        if hasattr(model._default_manager, "for_user"):
            visible = set(model._default_manager.for_user(users["a_staff"]).values_list("pk", flat=True))
            assert by_district["A"].pk in visible, label
            assert by_district["B"].pk not in visible, label


def test_discovery_found_the_pages_and_endpoints():
    """Guards the matrix against silently checking nothing (e.g. a changed base class)."""
    assert PAGES, "no page subclasses ScopedObjectMixin"
    assert API_LIST, "no API list endpoint subclasses ScopedViewSetMixin"
    print(
        f"\nscope matrix: {len(PAGES)} scoped pages ({len(PAGE_PK)} with pk, {len(PAGE_NO_KWARGS)} without kwargs, "
        f"{len(PAGE_WRITES)} accepting POST), {len(API)} API routes ({len(API_LIST)} lists, {len(API_DETAIL)} detail "
        f"routes); not covered (other kwargs): {[e.name for e in PAGE_OTHER + API_OTHER]}"
    )


def test_every_view_taking_a_pk_is_covered():
    """A view with a pk outside ScopedObjectMixin must name its model in SCOPE_PK_VIEW_MODELS to be checked."""
    unknown = [
        e.name for e in ALL_ENTRIES
        if "pk" in e.kwarg_names and e.view_class is not None and e.viewset is None
        and not issubclass(e.view_class, ScopedObjectMixin) and e.name not in SCOPE_PK_VIEW_MODELS
        and not (e.name or "").startswith("portal:") and e.name not in OWNER_PK_VIEWS
    ]
    unscoped_api = [
        e.name for e in ALL_ENTRIES
        if "pk" in e.kwarg_names and e.viewset is not None and not issubclass(e.viewset, ScopedViewSetMixin)
        and e.name not in OWNER_PK_VIEWS
    ]
    assert not unknown and not unscoped_api, (
        f"views taking a pk that the matrix cannot check (pages: {unknown}, API: {unscoped_api}): subclass "
        "ScopedObjectMixin / ScopedViewSetMixin, or add the page to gonghui.core.testing.SCOPE_PK_VIEW_MODELS"
    )


# --- pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("entry", PAGE_PK + HAND_SCOPED_PK, ids=_id)
def test_page_with_pk_outside_scope_is_not_found(entry, world, client_for):
    model = _scoped_model_or_fail(entry, world)
    users = world["users"]
    # Control: the page works for district A's object, so a 404 below means "not found", not "broken".
    control = world["objects"][model_label(model)]["A"]
    response = client_for(users["a_admin"]).get(entry.reverse(pk=control.pk))
    assert response.status_code not in (404, 500), (
        f"GET {entry.reverse(pk=control.pk)} as a_admin (A's own {model_label(model)}): {response.status_code}"
    )
    problems = []
    for who in ("a_staff", "a_admin"):
        client = client_for(users[who])
        for obj in _outside_a(world, model):
            url = entry.reverse(pk=obj.pk)
            response = client.get(url)
            if response.status_code != 404:
                problems.append(f"GET {url} as {who} ({obj!s} outside A): {response.status_code}, expected 404")
            if hasattr(entry.view_class, "post") and entry.name not in SCOPE_PK_VIEW_MODELS:
                before = _state(model, obj.pk)
                response = client.post(url, {})
                if response.status_code != 404:
                    problems.append(f"POST {url} as {who} ({obj!s} outside A): {response.status_code}, expected 404")
                if _state(model, obj.pk) != before:
                    problems.append(f"POST {url} as {who} changed {obj!s}: {before} -> {_state(model, obj.pk)}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("entry", PAGE_NO_KWARGS, ids=_id)
def test_page_without_kwargs_shows_nothing_from_outside_scope(entry, world, client_for):
    """Lists, create forms (their choices), autocompletes and searches: no district B object anywhere."""
    users = world["users"]
    is_list = issubclass(entry.view_class, ObjectListView)
    model = _scoped_model_or_fail(entry, world) if is_list else None
    url = entry.reverse()
    problems = []
    for who in ("a_staff", "a_admin"):
        client = client_for(users[who])
        first = client.get(url)
        if first.status_code == 403 and who != "a_admin":
            continue  # a list for a stronger role (e.g. user accounts for org_admins): a_admin checks it
        if is_list and first.status_code != 200:
            problems.append(f"GET {url} as {who}: {first.status_code}, expected 200")
            continue
        for params in ({}, {"q": "QX"}, {"q": "QXB"}, {"term": "QXB"}):
            response = client.get(url, params)
            if response.status_code in (302, 403, 405) and not is_list:
                continue
            raw = b"".join(response.streaming_content) if response.streaming else response.content
            body = raw.decode("utf-8", "replace")
            leaked = _found_markers(body, _b_markers(world))
            if leaked:
                problems.append(f"GET {url} {params or ''} as {who} shows district B objects {leaked}")
            if is_list and params.get("q") != "QXB" and model_label(model) not in SEARCHED_LISTS:
                mine = _a_marker(world, model)
                if mine and not _found_markers(body, [mine]):
                    problems.append(f"GET {url} {params or ''} as {who} does not show district A's "
                                    f"{model_label(model)} {mine}")
        if is_list and model_label(model) in SEARCHED_LISTS and who == "a_staff":  # one search per record type
            problems += _searched_list_problems(client, url, model, world, who, "A")
        if is_list:
            mine = _a_marker(world, model)
            export = client.get(url, {"export": "csv"})
            if export.status_code != 200:
                problems.append(f"GET {url}?export=csv as {who}: {export.status_code}")
                continue
            raw = b"".join(export.streaming_content) if export.streaming else export.content
            text = _decode_csv(raw)
            leaked = _found_markers(text, _b_markers(world))
            if leaked:
                problems.append(f"GET {url}?export=csv as {who} exports district B objects {leaked}")
            if mine and not _found_markers(text, [mine]):
                problems.append(f"GET {url}?export=csv as {who} does not export district A's {mine}")
    if is_list and model_label(model) in SEARCHED_LISTS:
        # The other district's user finds its own entry and not A's (both sides of the same search).
        problems += _searched_list_problems(client_for(users["b_staff"]), url, model, world, "b_staff", "B")
    assert not problems, "\n".join(problems)


# Lists whose first page cannot be expected to hold a district's marker: the audit log grows with every builder
# (each writes entries), so the newest 50 entries may all be other models'. There the marker is searched for
# through the list's own ``q`` filter (the audit log's searches the object's repr and the note): a district's
# user must find its own entry, and must find none of the other district's markers.
SEARCHED_LISTS = {"core.auditlog"}


def _searched_list_problems(client, url, model, world, who, district):
    other = "B" if district == "A" else "A"
    view = resolve(url).func.view_class
    assert "q" in view.filterset_class.base_filters, f"{url}: the matrix searches this list with ?q="
    problems = []
    mine = world["markers"][district][model_label(model)]
    body = _body(client.get(url, {"q": mine}))
    if not _found_markers(body, [mine]):
        problems.append(f"GET {url}?q={mine} as {who} does not find district {district}'s {model_label(model)} {mine}")
    theirs = sorted(world["markers"][other].values())
    for marker in theirs:
        body = _body(client.get(url, {"q": marker}))
        leaked = _found_markers(body, theirs)
        if leaked:
            problems.append(f"GET {url}?q={marker} as {who} finds district {other}'s {leaked}")
    return problems


def _body(response):
    """The rows of the list's table (the filter form, the sort and export links echo the search term)."""
    assert response.status_code == 200, response.status_code
    html = (b"".join(response.streaming_content) if response.streaming else response.content).decode("utf-8", "replace")
    start, end = html.find("<tbody"), html.rfind("</tbody>")
    assert start != -1 and end > start, "the list renders its rows in a <tbody>"
    return html[start:end]


def _decode_csv(raw):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover
        text = raw.decode("utf-8", "replace")
    list(csv.reader(io.StringIO(text)))  # it is CSV
    return text


@pytest.mark.parametrize("entry", PAGE_WRITES, ids=_id)
def test_viewer_cannot_change_anything_through_pages(entry, world, client_for):
    users = world["users"]
    client = client_for(users["a_viewer"])
    if entry.kwarg_names == ("pk",):
        model = _scoped_model_or_fail(entry, world)
        obj = world["objects"][model_label(model)]["A"]
        url = entry.reverse(pk=obj.pk)
        before = _state(model, obj.pk)
    else:
        model = _model_of(entry.view_class)
        url = entry.reverse()
        before = _state(model, None) if isinstance(model, type) else None
        obj = None
    response = client.post(url, {})
    after = _state(model, obj.pk if obj else None) if before is not None else None
    assert response.status_code in (403, 302, 303), f"POST {url} as a_viewer: {response.status_code}, expected 403"
    assert after == before, f"POST {url} as a_viewer changed data: {before} -> {after}"


# --- API -----------------------------------------------------------------------------------


def _results(response):
    data = response.json()
    if isinstance(data, dict) and "results" in data:
        return data["results"], data.get("count")
    return data, None


def _row_id(row):
    for key in ("id", "pk"):
        if isinstance(row, dict) and key in row:
            return row[key]
    pytest.fail(f"API row without an id: {row!r}")


@pytest.mark.parametrize("entry", API_LIST, ids=_id)
def test_api_list_holds_exactly_the_objects_in_scope(entry, world, api_for):
    model = _scoped_model_or_fail(entry, world)
    users, tree = world["users"], world["tree"]
    base = (entry.viewset.selector(users["root"]) if entry.viewset.selector is not None
            else model._default_manager.for_user(users["root"]))
    expected = set(base.filter(scope_q(model, tree["A"])).values_list("pk", flat=True))
    outside = set(base.exclude(scope_q(model, tree["A"])).values_list("pk", flat=True))
    url = entry.reverse()
    response = api_for(users["a_staff"]).get(url, {"page_size": 1000})
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    rows, count = _results(response)
    got = {_row_id(r) for r in rows}
    leaked = got & outside
    assert not leaked, f"GET {url} as a_staff returns objects outside district A: " + ", ".join(
        str(o) for o in model._default_manager.filter(pk__in=leaked)
    )
    leaked_text = _found_markers(json.dumps(rows, ensure_ascii=False), _b_markers(world))
    assert not leaked_text, f"GET {url} as a_staff mentions district B objects {leaked_text}"
    assert got == expected, f"GET {url} as a_staff: missing {expected - got}, unexpected {got - expected}"
    own = world["objects"][model_label(model)]["A"].pk
    assert own in got or own not in set(base.values_list("pk", flat=True)), (
        f"GET {url} as a_staff does not list district A's {model_label(model)}")
    if count is not None:
        assert count == len(expected), f"GET {url} as a_staff: count {count}, but {len(expected)} objects are in scope"


@pytest.mark.parametrize("entry", API_DETAIL, ids=_id)
def test_api_detail_outside_scope_is_not_found(entry, world, api_for):
    model = _scoped_model_or_fail(entry, world)
    users = world["users"]
    control = world["objects"][model_label(model)]["A"]
    if "get" in entry.actions:
        response = api_for(users["a_admin"]).get(entry.reverse(pk=control.pk))
        assert response.status_code == 200, (
            f"GET {entry.reverse(pk=control.pk)} as a_admin (A's own object): {response.status_code}"
        )
    problems = []
    for who in ("a_staff", "a_admin"):
        client = api_for(users[who])
        for obj in _outside_a(world, model):
            url = entry.reverse(pk=obj.pk)
            for method in entry.actions:
                before = _state(model, obj.pk)
                response = getattr(client, method)(url, {}, format="json")
                if response.status_code == 405 and _refused_for_any_object(entry, method, world, api_for):
                    continue  # the method is switched off for every object: says nothing about this one
                if response.status_code != 404:
                    problems.append(f"{method.upper()} {url} ({entry.actions[method]}) as {who}, {obj!s} outside A: "
                                    f"{response.status_code}, expected 404")
                if method in WRITE_METHODS and _state(model, obj.pk) != before:
                    problems.append(f"{method.upper()} {url} as {who} changed {obj!s}")
    assert not problems, "\n".join(problems)


def _refused_for_any_object(entry, method, world, api_for):
    """Does ``method`` answer 405 for district A's own object too (as a_admin)?"""
    model = _model_of(entry.viewset, entry)
    obj = world["objects"][model_label(model)]["A"]
    response = getattr(api_for(world["users"]["a_admin"]), method)(entry.reverse(pk=obj.pk), {}, format="json")
    return response.status_code == 405


@pytest.mark.parametrize("entry", [e for e in API_CREATE + API_DETAIL if set(e.actions) & WRITE_METHODS], ids=_id)
def test_api_viewer_cannot_write(entry, world, api_for):
    model = _scoped_model_or_fail(entry, world)
    users = world["users"]
    client = api_for(users["a_viewer"])
    obj = world["objects"][model_label(model)]["A"]
    problems = []
    for method in sorted(set(entry.actions) & WRITE_METHODS):
        url = entry.reverse(pk=obj.pk) if entry.kwarg_names else entry.reverse()
        before = _state(model, obj.pk)
        response = getattr(client, method)(url, {}, format="json")
        if response.status_code != 403:
            problems.append(f"{method.upper()} {url} ({entry.actions[method]}) as a_viewer: {response.status_code}, "
                            "expected 403")
        if _state(model, obj.pk) != before:
            problems.append(f"{method.upper()} {url} as a_viewer changed data")
    assert not problems, "\n".join(problems)
