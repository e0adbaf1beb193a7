"""Query counts of every list page and API list, pinned in ``tests/query_counts.json`` (NetBox keeps them per view).

Discovered like the scope matrix: every page whose view subclasses ``ObjectListView`` and every API list of a
``ScopedViewSetMixin`` viewset (``gonghui.core.testing.list_page_entries`` / ``api_list_entries``), so a new list
is checked without editing this file. One world serves them all (built once for the module, rolled back at its
end): the scope world's object of every scoped model in each district, and more rows in district A (two more
grassroots unions get one of each) so that a small page shows fewer rows than a large one.

Each list is fetched as a district official (the org_admin of district A) once to warm the caches, then with a
page of 2 and a page of 50 rows. The two must run the same number of queries (no N+1), the list must hold more
rows than the small page (else the comparison proves nothing), and the number must equal the pinned one for this
database (counts differ by vendor: the file holds one table per ``connection.vendor``). A count that grows, a
count that falls (pin the lower one) and a new list fail with the way to update the file::

    GONGHUI_UPDATE_QUERY_COUNTS=1 python -m pytest tests/checks/test_query_counts.py
    DATABASE_URL=postgres://... GONGHUI_UPDATE_QUERY_COUNTS=1 python -m pytest tests/checks/test_query_counts.py
"""

import json
import os
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from gonghui.core.attachments import atomic_with_files
from gonghui.core.testing import (
    LARGE_PAGE,
    SCOPE_WORLD_BUILDERS,
    SMALL_PAGE,
    api_list_entries,
    build_scope_world,
    count_queries,
    iter_url_entries,
    list_page_entries,
    list_rows,
)
from gonghui.hardship.services import set_threshold
from gonghui.orgs.choices import OrgType
from gonghui.orgs.services import create_org
from gonghui.tools.testing import build_small_city, make_official

COUNTS_FILE = Path(__file__).resolve().parents[1] / "query_counts.json"
UPDATE = os.environ.get("GONGHUI_UPDATE_QUERY_COUNTS", "") not in ("", "0")
HOW = ("To pin this run's counts: GONGHUI_UPDATE_QUERY_COUNTS=1 python -m pytest tests/checks/test_query_counts.py "
       "(on SQLite, and with DATABASE_URL on PostgreSQL), then commit tests/query_counts.json.")

ENTRIES = list(iter_url_entries())
PAGES = list_page_entries(ENTRIES)
API_LISTS = api_list_entries(ENTRIES)
MEASURED = {}  # this run's counts by list, written to the file when GONGHUI_UPDATE_QUERY_COUNTS is set


def _earlier_threshold(tree, union, actor, n):
    """Income lines are kept once per district and year: more rows are earlier years' lines."""
    return set_threshold(actor, tree["A"], timezone.localdate().year - 1 - n, dibao_line="800", deep_line="800",
                         relative_line="1200")


# Models whose scope builder makes one row per district rather than per union: their further rows come from here
# (``builder(tree, union, actor, n)``, n = 0, 1).
MORE_ROWS = {"hardship.incomethreshold": _earlier_threshold}


def _key(entry):
    return entry.name or entry.route


def _pinned():
    return json.loads(COUNTS_FILE.read_text(encoding="utf-8")) if COUNTS_FILE.exists() else {}


@pytest.fixture(scope="module", autouse=True)
def _rewrite_the_file_when_asked():
    yield
    if not (UPDATE and MEASURED):
        return
    data = _pinned()
    counts = data.setdefault(connection.vendor, {})
    counts.update(MEASURED)
    known = {_key(e) for e in PAGES + API_LISTS}
    data[connection.vendor] = {k: v for k, v in sorted(counts.items()) if k in known}
    COUNTS_FILE.write_text(json.dumps(dict(sorted(data.items())), indent=2, ensure_ascii=False) + "\n",
                           encoding="utf-8")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The data of every list, built once for the module in a transaction rolled back at its end (stored files
    are deleted with it)."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=fast), atomic_with_files():
        tree = build_small_city()
        root = make_official("root", superuser=True)
        official = make_official("a_admin", tree["A"], "org_admin")
        scope_world = build_scope_world(tree, root)
        third = create_org(root, tree["A1"], name="EA3公司工会", code="C01EA3", org_type=OrgType.ENTERPRISE)
        refused = []
        for n, union in enumerate((tree["EA2"], third)):
            for label in sorted(scope_world["objects"]):
                try:
                    with transaction.atomic():  # a builder that cannot build twice leaves nothing half-written
                        if label in MORE_ROWS:
                            MORE_ROWS[label](tree, union, root, n)
                        else:
                            SCOPE_WORLD_BUILDERS[label](union, root, f"QC{n}{label.split('.')[1][:6].upper()}Z")
                except Exception as exc:  # noqa: BLE001 - reported by the list that lacks rows
                    refused.append(f"{label} in {union.code}: {exc!r}")
        token, _created = Token.objects.get_or_create(user=official)
        yield {"official": official, "token": token.key, "refused": refused}
        transaction.set_rollback(True)


def _page_client(world):
    client = Client()
    client.force_login(world["official"], backend="django.contrib.auth.backends.ModelBackend")
    return client


def _api_client(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {world['token']}")
    return client


def _check(world, client, entry, param):
    url, key = entry.reverse(), _key(entry)
    warm = client.get(url, {param: SMALL_PAGE})
    assert warm.status_code == 200, f"GET {url} as a district official: {warm.status_code}"
    small, small_response = count_queries(client, url, {param: SMALL_PAGE})
    large, large_response = count_queries(client, url, {param: LARGE_PAGE})
    assert small_response.status_code == large_response.status_code == 200, url
    shown, total = list_rows(large_response)
    assert total > SMALL_PAGE, (
        f"{key} ({url}): the world holds {total} rows for it, so a page of {SMALL_PAGE} shows them all and the "
        f"comparison proves nothing; its model's scope builder must build a row in another union, or MORE_ROWS "
        f"build more (refused: {world['refused']})")
    assert small == large, (f"{key} ({url}): {small} queries for a page of {SMALL_PAGE} rows but {large} for "
                            f"{shown} rows: a query per row (N+1); add select_related/prefetch_related")
    MEASURED[key] = small
    if UPDATE:
        return
    pinned = _pinned().get(connection.vendor, {}).get(key)
    assert pinned is not None, (f"{key} ({url}) is a new list: its {small} queries on {connection.vendor} are not "
                                f"pinned in tests/query_counts.json. {HOW}")
    assert small <= pinned, (f"{key} ({url}) runs {small} queries on {connection.vendor}, {small - pinned} more "
                             f"than the {pinned} pinned. Only if the extra queries are intended: {HOW}")
    assert small == pinned, (f"{key} ({url}) runs {small} queries on {connection.vendor}, fewer than the {pinned} "
                             f"pinned: pin the lower count. {HOW}")


def test_the_lists_are_discovered():
    """Guards the checks against silently checking nothing (e.g. a changed base class)."""
    assert PAGES, "no list page subclasses ObjectListView"
    assert API_LISTS, "no API list of a ScopedViewSetMixin viewset"
    assert "targets:target_list" in {_key(e) for e in PAGES} and "target-list" in {_key(e) for e in API_LISTS}


def test_every_pin_names_a_list():
    """A list that is gone (or renamed) leaves its pin behind: drop it."""
    known = {_key(e) for e in PAGES + API_LISTS}
    stale = sorted(set(_pinned().get(connection.vendor, {})) - known)
    assert UPDATE or not stale, f"tests/query_counts.json pins lists that do not exist: {stale}. {HOW}"


@pytest.mark.django_db
@pytest.mark.parametrize("entry", PAGES, ids=_key)
def test_list_page_query_count(entry, world):
    _check(world, _page_client(world), entry, "per_page")


@pytest.mark.django_db
@pytest.mark.parametrize("entry", API_LISTS, ids=_key)
def test_api_list_query_count(entry, world):
    _check(world, _api_client(world), entry, "page_size")
