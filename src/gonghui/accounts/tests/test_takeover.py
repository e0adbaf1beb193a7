"""Issue 15, part 1: an administrator manages an account only when it may manage every role the account holds.

A district org_admin could set the password of, or deactivate, an official homed in its district who also
holds a role at the city above it. Such an account is now not found (404) on every page and API path.
"""

import pytest
from django.urls import reverse

from gonghui.accounts import selectors, services
from gonghui.accounts.models import RoleAssignment, User
from gonghui.tools.testing import make_official

USERS = "/api/v1/users/"
ROLES = "/api/v1/role-assignments/"
PASSWORD = "Xk29-lantern-river"


@pytest.fixture
def city_official(tree, users):
    """Homed in district A (so district A's admin once managed it), with org_admin at the city."""
    official = make_official("city_deputy", tree["A"], "viewer")
    RoleAssignment.objects.create(user=official, org=tree["city"], role="org_admin")
    return official


def _page_paths(account, assignment):
    pk = account.pk
    return [
        ("get", reverse("accounts:user_detail", args=[pk]), {}),
        ("get", reverse("accounts:user_edit", args=[pk]), {}),
        ("post", reverse("accounts:user_edit", args=[pk]), {
            "username": account.username, "full_name": "x", "home_org": "C01A", "is_active": "on",
            "password1": PASSWORD, "password2": PASSWORD}),
        ("get", reverse("accounts:user_deactivate", args=[pk]), {}),
        ("post", reverse("accounts:user_deactivate", args=[pk]), {}),
        ("post", reverse("accounts:role_add", args=[pk]), {"org": "C01A", "role": "staff"}),
        ("post", reverse("accounts:role_remove", args=[assignment.pk]), {}),
    ]


def test_district_admin_cannot_manage_an_official_with_a_role_above_it(client_for, users, tree, city_official):
    before = User.objects.get(pk=city_official.pk).password
    home_role = RoleAssignment.objects.get(user=city_official, org=tree["A"])
    client = client_for(users["a_admin"])
    for method, url, data in _page_paths(city_official, home_role):
        assert getattr(client, method)(url, data).status_code == 404, url
    listed = client.get(reverse("accounts:user_list")).context["table"].data.data
    assert city_official.pk not in {u.pk for u in listed}
    city_official.refresh_from_db()
    assert city_official.password == before and city_official.is_active
    assert RoleAssignment.objects.filter(user=city_official).count() == 2


def test_same_on_the_api(api_for, users, tree, city_official):
    home_role = RoleAssignment.objects.get(user=city_official, org=tree["A"])
    api = api_for(users["a_admin"])
    url = f"{USERS}{city_official.pk}/"
    assert api.get(url).status_code == 404
    assert api.patch(url, {"password": PASSWORD}, format="json").status_code == 404
    assert api.patch(url, {"is_active": False}, format="json").status_code == 404
    assert api.delete(f"{ROLES}{home_role.pk}/").status_code == 404
    response = api.post(ROLES, {"user": city_official.pk, "org": tree["A"].pk, "role": "staff"}, format="json")
    assert response.status_code == 400 and "user" in response.json()
    assert city_official.pk not in {row["id"] for row in api.get(USERS).json()["results"]}
    assert api_for(users["a_viewer"]).get(url).status_code == 404
    city_official.refresh_from_db()
    assert city_official.check_password("Gonghui-test-2026") and city_official.is_active


def test_district_admin_still_manages_accounts_with_roles_inside_the_district(client_for, api_for, users, tree):
    clerk = make_official("a_clerk", tree["A"], "viewer")
    RoleAssignment.objects.create(user=clerk, org=tree["EA1"], role="staff")
    client = client_for(users["a_admin"])
    assert client.get(reverse("accounts:user_detail", args=[clerk.pk])).status_code == 200
    assert client.post(reverse("accounts:user_deactivate", args=[clerk.pk])).status_code == 302
    api = api_for(users["a_admin"])
    response = api.patch(f"{USERS}{clerk.pk}/", {"is_active": True, "password": PASSWORD}, format="json")
    assert response.status_code == 200
    # Every role the account holds is listed.
    assert sorted((r["org_code"], r["role"]) for r in response.json()["roles"]) == [("C01A", "viewer"),
                                                                                     ("C01EA1", "staff")]
    clerk.refresh_from_db()
    assert clerk.check_password(PASSWORD) and clerk.is_active


def test_city_admin_manages_the_official_and_sees_every_role(api_for, users, city_official):
    row = api_for(users["city_admin"]).get(f"{USERS}{city_official.pk}/").json()
    assert sorted((r["org_code"], r["role"]) for r in row["roles"]) == [("C01", "org_admin"), ("C01A", "viewer")]
    response = api_for(users["city_admin"]).patch(f"{USERS}{city_official.pk}/", {"full_name": "副主席"},
                                                  format="json")
    assert response.status_code == 200


def test_an_admin_of_a_township_who_only_views_the_district_cannot_manage_a_district_role(
        client_for, api_for, users, tree):
    """Seeing an account is not enough: every role it holds must be one the actor may manage."""
    actor = make_official("a1_admin", tree["A1"], "org_admin")
    RoleAssignment.objects.create(user=actor, org=tree["A"], role="viewer")
    target = make_official("a1_clerk", tree["A1"], "staff")
    RoleAssignment.objects.create(user=target, org=tree["A"], role="staff")
    assert selectors.users_for(actor).filter(pk=target.pk).exists()
    assert not selectors.may_manage(actor, target)
    assert client_for(actor).get(reverse("accounts:user_detail", args=[target.pk])).status_code == 404
    assert api_for(actor).patch(f"{USERS}{target.pk}/", {"password": PASSWORD}, format="json").status_code == 404
    with pytest.raises(services.PermissionDenied):
        services.update_official(actor, target, password=PASSWORD)
