"""Fixtures shared by every test: a small union tree and officials with roles at several levels."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Real hashing is slow by design; tests sign in thousands of times."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def outbox(settings):
    """Messages to members and officials (SMS, e-mail) as sent, whole: ``gonghui.core.notify.outbox``.

    The log backend masks links and codes, so tests read them here (as Django's tests read ``mail.outbox``)."""
    from gonghui.core import notify

    settings.GONGHUI_NOTIFY_BACKEND = "gonghui.core.notify.OutboxBackend"
    notify.outbox.clear()
    yield notify.outbox
    notify.outbox.clear()


@pytest.fixture
def tree(db):
    from gonghui.tools.testing import build_small_city

    return build_small_city()


@pytest.fixture
def users(tree):
    """superuser; city_admin; a_admin, a_staff, a_viewer (district A); b_staff (district B); ea1_staff."""
    from gonghui.tools.testing import standard_officials

    return standard_officials(tree)


@pytest.fixture
def members(tree, users):
    """Two members in EA1 (district A) and one in EB1 (district B), created through the service."""
    from gonghui.members.services import create_member
    from gonghui.tools.testing import member_data

    root = users["root"]
    return {
        "ea1_a": create_member(root, tree["EA1"], member_data(name="李明")),
        "ea1_b": create_member(root, tree["EA1"], member_data(name="王芳", gender="F")),
        "eb1_a": create_member(root, tree["EB1"], member_data(name="赵强")),
    }


@pytest.fixture
def client_for(client):
    """Sign the Django test client in as one of the ``users``: ``client_for(users['a_staff'])``."""

    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


@pytest.fixture
def api_for():
    """A DRF APIClient authenticated (by token) as the given user."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def _client(user):
        c = APIClient()
        token, _ = Token.objects.get_or_create(user=user)
        c.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return c

    return _client


@pytest.fixture
def constant_queries(django_assert_max_num_queries):
    """Assert that a list URL runs the same number of queries for a small and a large page.

    ``constant_queries(client, url, param="per_page")`` fetches the URL with a page size of 2 and of 50
    (the data must have more than 2 rows) and fails if the larger page needs more queries (an N+1).
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def _check(client, url, param="per_page"):
        sep = "&" if "?" in url else "?"
        counts = []
        for size in (2, 50):
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(f"{url}{sep}{param}={size}")
            assert response.status_code == 200, (url, response.status_code)
            counts.append(len(ctx.captured_queries))
        assert counts[0] == counts[1], f"{url}: {counts[0]} queries for 2 rows but {counts[1]} for 50 (N+1?)"
        return counts[0]

    return _check


@pytest.fixture(autouse=True)
def _clear_cache():
    """Throttles and rate limits live in the cache: every test starts with an empty one."""
    from django.core.cache import cache

    cache.clear()
    yield
