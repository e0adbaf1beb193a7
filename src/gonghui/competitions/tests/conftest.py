import pytest


@pytest.fixture
def root(users):
    return users["root"]
