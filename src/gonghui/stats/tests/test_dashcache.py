"""A large subtree's dashboard comes from the cache until anything is written, then it is computed again: never
stale (stats.dashcache)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.models import AuditAction
from gonghui.members.models import Member
from gonghui.members.services import create_member, withdraw_member
from gonghui.tools.testing import member_data

pytestmark = pytest.mark.django_db


def _members_figure(client, org):
    url = reverse("stats-dashboard-list") + f"?org={org.code}&period={timezone.localdate().year}"
    with CaptureQueriesContext(connection) as queries:
        body = client.get(url).json()
    figure = next(f for f in body["figures"] if f["key"] == "members")
    return figure["value"], len(queries)


@pytest.mark.parametrize("large", [True, False])
def test_the_cached_dashboard_follows_every_write(tree, users, members, api_for, settings, large):
    settings.GONGHUI_DASHBOARD_CACHE_MIN_ORGS = 1 if large else 10**6
    settings.GONGHUI_DASHBOARD_CACHE_SETTLE_SECONDS = 0  # the test's writes are committed (one transaction)
    client, city = api_for(users["root"]), tree["city"]
    first, computed = _members_figure(client, city)
    again, served = _members_figure(client, city)
    assert again == first
    assert (served < computed / 3) if large else (served == computed)  # a small subtree is computed each time
    # Writes no figure reads keep it: a sign-in (last_login) and an entry of the change log (an export).
    users["a_staff"].last_login = timezone.now()
    users["a_staff"].save(update_fields=["last_login"])
    audit.record(AuditAction.EXPORT, None, user=users["a_staff"], model=Member, count=1, note="csv")
    assert _members_figure(client, city)[1] == served
    create_member(users["root"], tree["EA1"], member_data(name="新会员"))
    assert _members_figure(client, city)[0] == first + 1
    withdraw_member(users["root"], members["ea1_b"], "调离")
    assert _members_figure(client, city)[0] == first


def test_nothing_is_kept_while_a_write_may_be_uncommitted(tree, users, members, api_for, settings):
    settings.GONGHUI_DASHBOARD_CACHE_MIN_ORGS = 1
    settings.GONGHUI_DASHBOARD_CACHE_SETTLE_SECONDS = 3600  # the fixtures wrote just now
    client = api_for(users["root"])
    assert _members_figure(client, tree["city"])[1] == _members_figure(client, tree["city"])[1]  # computed twice
