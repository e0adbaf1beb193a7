"""Lists run a fixed number of queries whatever the page size (pinned, so an N+1 fails here)."""

import pytest
from django.db import connection

from gonghui.members import services
from gonghui.tools.testing import member_data

# Queries per request, for a staff official (session, user, roles, count, the page's keys, the page: the table
# pages, the queryset is not paged twice; its rows join others, so the keys come first: core.paging.keys_first).
# The same on both databases.
PINNED = {
    "member_list": 6,
    "application_list": 6,
    "transfer_list": 6,
    "api_members": 5,
    "api_applications": 5,
    "api_transfers": 5,
}


@pytest.fixture
def busy(tree, users):
    root = users["root"]
    members = [services.create_member(root, tree["EA1" if i % 2 else "EA2"],
                                      member_data(name=f"成员{i}")) for i in range(6)]
    for i in range(4):
        services.submit_application(tree["EA1"], member_data(name=f"申请{i}"))
    for m in members[:4]:
        services.start_transfer(root, m, tree["EB1"], "moved")
    return members


@pytest.mark.parametrize("key,url", [
    ("member_list", "/members/?status=transferring&sort=name"),
    ("application_list", "/members/applications/"),
    ("transfer_list", "/members/transfers/?direction=outgoing"),
])
def test_list_pages_run_a_fixed_number_of_queries(busy, users, client_for, constant_queries, key, url):
    count = constant_queries(client_for(users["a_staff"]), url)
    assert count == PINNED[key], f"{url}: {count} queries ({connection.vendor}); pinned {PINNED[key]}"


@pytest.mark.parametrize("key,url", [
    ("api_members", "/api/v1/members/?ordering=name"),
    ("api_applications", "/api/v1/join-applications/"),
    ("api_transfers", "/api/v1/transfers/"),
])
def test_api_lists_run_a_fixed_number_of_queries(busy, users, api_for, constant_queries, key, url):
    count = constant_queries(api_for(users["a_staff"]), url, param="page_size")
    assert count == PINNED[key], f"{url}: {count} queries ({connection.vendor}); pinned {PINNED[key]}"


def test_exports_run_a_fixed_number_of_queries(busy, users, client_for, django_assert_max_num_queries):
    c = client_for(users["a_staff"])
    with django_assert_max_num_queries(8):
        response = c.get("/members/", {"export": "csv"})
        b"".join(response.streaming_content)
