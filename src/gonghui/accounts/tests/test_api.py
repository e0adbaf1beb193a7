"""/api/v1/users/ and /api/v1/role-assignments/: scoped reads, org_admin-only writes through the services."""

import pytest

from gonghui.accounts.models import RoleAssignment, User
from gonghui.accounts.services import open_member_account
from gonghui.core.models import AuditAction, AuditLog
from gonghui.tools.testing import make_official

USERS = "/api/v1/users/"
ROLES = "/api/v1/role-assignments/"
NEW_PASSWORD = "Xk29-lantern-river"


def _ids(response):
    return {row["username"] for row in response.json()["results"]}


def test_list_is_scoped_and_never_shows_passwords(api_for, users):
    response = api_for(users["a_admin"]).get(USERS)
    assert response.status_code == 200
    assert _ids(response) == {"a_admin", "a_staff", "a_viewer", "ea1_staff"}
    for row in response.json()["results"]:
        assert "password" not in row
    assert "pbkdf2" not in response.content.decode() and "md5$" not in response.content.decode()


def test_reads_are_open_to_any_official_in_scope(api_for, users):
    response = api_for(users["b_staff"]).get(USERS)
    assert _ids(response) == {"b_staff"}
    assert api_for(users["a_viewer"]).get(f"{USERS}{users['a_staff'].pk}/").status_code == 200


def test_out_of_scope_user_is_404(api_for, users):
    client = api_for(users["a_admin"])
    for name in ("b_staff", "city_admin", "root"):
        pk = users[name].pk
        assert client.get(f"{USERS}{pk}/").status_code == 404
        assert client.patch(f"{USERS}{pk}/", {"full_name": "x"}, format="json").status_code == 404


def test_list_filters(api_for, users):
    client = api_for(users["city_admin"])
    assert _ids(client.get(USERS, {"org": "C01B"})) == {"b_staff"}
    assert _ids(client.get(USERS, {"role": "org_admin"})) == {"city_admin", "a_admin"}
    assert _ids(client.get(USERS, {"q": "ea1"})) == {"ea1_staff"}


def test_roles_are_listed_with_each_user(api_for, users):
    row = api_for(users["a_admin"]).get(f"{USERS}{users['a_staff'].pk}/").json()
    assert [(r["org_code"], r["role"]) for r in row["roles"]] == [("C01A", "staff")]


def test_admin_creates_updates_and_deactivates(api_for, users, tree):
    client = api_for(users["a_admin"])
    response = client.post(USERS, {
        "username": "api_user", "full_name": "周九", "home_org": tree["EA1"].pk, "password": NEW_PASSWORD,
        "phone": "13700137000",
    }, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert "password" not in body and body["home_org_code"] == "C01EA1"
    user = User.objects.get(username="api_user")
    assert user.check_password(NEW_PASSWORD) and user.kind == "official"
    assert AuditLog.objects.filter(action=AuditAction.CREATE, object_id=str(user.pk)).exists()

    response = client.patch(f"{USERS}{user.pk}/", {"full_name": "周久", "password": "Another-long-pass-7"},
                            format="json")
    assert response.status_code == 200 and "password" not in response.json()
    user.refresh_from_db()
    assert user.full_name == "周久" and user.check_password("Another-long-pass-7")

    assert client.patch(f"{USERS}{user.pk}/", {"is_active": False}, format="json").status_code == 200
    user.refresh_from_db()
    assert not user.is_active
    assert client.delete(f"{USERS}{user.pk}/").status_code == 405  # accounts are deactivated, not deleted


@pytest.mark.parametrize("payload, field", [
    ({"username": "a_staff"}, "username"),
    ({"password": ""}, "password"),
    ({"password": "12345678"}, "password"),
    ({"phone": "555"}, "phone"),
])
def test_create_validation_errors_name_the_field(api_for, users, tree, payload, field):
    data = {"username": "api_user", "full_name": "周九", "home_org": tree["EA1"].pk, "password": NEW_PASSWORD,
            **payload}
    response = api_for(users["a_admin"]).post(USERS, data, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not User.objects.filter(full_name="周九").exists()


def test_create_with_home_org_outside_scope_is_refused(api_for, users, tree):
    response = api_for(users["a_admin"]).post(USERS, {
        "username": "api_user", "full_name": "周九", "home_org": tree["B"].pk, "password": NEW_PASSWORD}, format="json")
    assert response.status_code == 400 and "home_org" in response.json()


@pytest.mark.parametrize("name", ["a_staff", "a_viewer", "ea1_staff", "b_staff"])
def test_non_admins_cannot_write(api_for, users, tree, name):
    client = api_for(users[name])
    me = users[name]  # in the caller's own scope
    assert client.post(USERS, {"username": "x1", "full_name": "x", "home_org": tree["EA1"].pk,
                               "password": NEW_PASSWORD}, format="json").status_code == 403
    assert client.patch(f"{USERS}{me.pk}/", {"full_name": "x"}, format="json").status_code == 403
    assert client.put(f"{USERS}{me.pk}/", {}, format="json").status_code == 403
    assert client.post(ROLES, {"user": me.pk, "org": me.home_org.pk, "role": "org_admin"},
                       format="json").status_code == 403
    assignment = RoleAssignment.objects.get(user=me)
    assert client.delete(f"{ROLES}{assignment.pk}/").status_code == 403
    assert RoleAssignment.objects.filter(pk=assignment.pk, role=assignment.role).count() == 1
    me.refresh_from_db()
    assert me.full_name == name


def test_non_admin_writes_outside_scope_are_404(api_for, users):
    client = api_for(users["ea1_staff"])
    assert client.patch(f"{USERS}{users['a_viewer'].pk}/", {"full_name": "x"}, format="json").status_code == 404
    assignment = RoleAssignment.objects.get(user=users["b_staff"])
    assert client.delete(f"{ROLES}{assignment.pk}/").status_code == 404


def test_role_assignments_list_is_scoped(api_for, users):
    response = api_for(users["a_admin"]).get(ROLES)
    assert response.status_code == 200
    assert {r["username"] for r in response.json()["results"]} == {"a_admin", "a_staff", "a_viewer", "ea1_staff"}
    rows = api_for(users["a_admin"]).get(ROLES, {"org": "C01EA1"}).json()["results"]
    assert {r["username"] for r in rows} == {"ea1_staff"}
    b_role = RoleAssignment.objects.get(user=users["b_staff"])
    assert api_for(users["a_admin"]).get(f"{ROLES}{b_role.pk}/").status_code == 404
    assert api_for(users["a_admin"]).delete(f"{ROLES}{b_role.pk}/").status_code == 404


def test_admin_grants_changes_and_revokes_a_role(api_for, users, tree):
    client = api_for(users["a_admin"])
    response = client.post(ROLES, {"user": users["a_viewer"].pk, "org": tree["EA1"].pk, "role": "staff"}, format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["org_code"] == "C01EA1"
    # Posting the same pair again changes the role there.
    response = client.post(ROLES, {"user": users["a_viewer"].pk, "org": tree["EA1"].pk, "role": "org_admin"},
                           format="json")
    assert response.status_code == 201 and response.json()["id"] == pk and response.json()["role"] == "org_admin"
    assert client.delete(f"{ROLES}{pk}/").status_code == 204
    assert not RoleAssignment.objects.filter(pk=pk).exists()
    assert AuditLog.objects.filter(content_type__model="roleassignment", action=AuditAction.DELETE).count() == 1
    assert client.put(f"{ROLES}{users['a_viewer'].pk}/", {}, format="json").status_code == 405


@pytest.mark.parametrize("field", ["user", "org"])
def test_role_foreign_keys_are_checked_against_scope(api_for, users, tree, field):
    data = {"user": users["a_viewer"].pk, "org": tree["EA1"].pk, "role": "staff"}
    data[field] = users["b_staff"].pk if field == "user" else tree["B"].pk
    response = api_for(users["a_admin"]).post(ROLES, data, format="json")
    assert response.status_code == 400 and field in response.json()


def test_member_accounts_cannot_be_given_roles(api_for, users, tree, members):
    account = open_member_account(members["ea1_a"])
    response = api_for(users["root"]).post(ROLES, {"user": account.pk, "org": tree["EA1"].pk, "role": "staff"},
                                           format="json")
    assert response.status_code == 400  # members' accounts are not officials' accounts


def test_anonymous_is_refused(client, users):
    assert client.get(USERS).status_code in (401, 403)


@pytest.mark.parametrize("url", [USERS, ROLES])
def test_api_list_query_counts_are_constant(api_for, users, tree, constant_queries, url):
    for i in range(6):
        make_official(f"extra{i}", tree["EA1"], "viewer")
    constant_queries(api_for(users["a_admin"]), url, param="page_size")
