"""Fixtures shared by every test: a small union tree and officials with roles at several levels."""

import os

import pytest

os.environ.setdefault("GONGHUI_FAST_HASHER", "1")


@pytest.fixture
def tree(db):
    from gonghui.core.testing import build_small_city

    return build_small_city()


@pytest.fixture
def users(tree):
    """superuser; city_admin; a_admin, a_staff, a_viewer (district A); b_staff (district B); ea1_staff."""
    from gonghui.core.testing import make_official

    return {
        "root": make_official("root", superuser=True),
        "city_admin": make_official("city_admin", tree["city"], "org_admin"),
        "a_admin": make_official("a_admin", tree["A"], "org_admin"),
        "a_staff": make_official("a_staff", tree["A"], "staff"),
        "a_viewer": make_official("a_viewer", tree["A"], "viewer"),
        "b_staff": make_official("b_staff", tree["B"], "staff"),
        "ea1_staff": make_official("ea1_staff", tree["EA1"], "staff"),
    }


@pytest.fixture
def members(tree, users):
    """Two members in EA1 (district A) and one in EB1 (district B), created through the service."""
    from gonghui.core.testing import member_data
    from gonghui.members.services import create_member

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
