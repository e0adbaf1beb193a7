import pytest

from gonghui.democracy import testing as dt


@pytest.fixture
def root(users):
    return users["root"]


@pytest.fixture
def congress(tree, root):
    return dt.congress(root, tree["EA1"])


@pytest.fixture
def nine(congress, root):
    """Nine delegates: six is the quorum, five a majority of all."""
    return dt.delegates(root, congress, 9)
