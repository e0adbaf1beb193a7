import pytest

from gonghui.members.services import submit_application
from gonghui.tools.testing import member_data


@pytest.fixture
def pending_app(tree, users):
    """A pending online application to EA1."""
    data = member_data(name="陈静", gender="F")
    data.pop("join_date")
    return submit_application(tree["EA1"], data)


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run a service and execute its on-commit callbacks (the portal account is opened after commit)."""

    def _run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return _run
