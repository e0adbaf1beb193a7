"""Users pages: org_admin only, scoped to the admin's subtree; every write through the services, audited."""

import pytest
from django.urls import reverse

from gonghui.accounts import services
from gonghui.accounts.models import RoleAssignment, User
from gonghui.core.models import AuditAction, AuditLog
from gonghui.tools.testing import make_official

NEW_PASSWORD = "Xk29-lantern-river"


def _new_user_data(tree, **overrides):
    data = {
        "username": "ea2_clerk", "full_name": "钱七", "phone": "138 0013 8000", "email": "qian@example.cn",
        "home_org": f"{tree['EA2'].name} ({tree['EA2'].code})", "role": "staff",
        "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


# --- who may enter ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["a_staff", "a_viewer", "b_staff", "ea1_staff"])
def test_non_admins_get_403(client_for, users, name):
    client = client_for(users[name])
    me = users[name]  # an account in the official's own scope
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.get(reverse("accounts:user_add")).status_code == 403
    assert client.post(reverse("accounts:user_add"), {}).status_code == 403
    assert client.get(reverse("accounts:user_detail", args=[me.pk])).status_code == 403
    assert client.post(reverse("accounts:user_edit", args=[me.pk]), {"full_name": "x"}).status_code == 403
    assert client.post(reverse("accounts:user_deactivate", args=[me.pk])).status_code == 403
    assert client.post(reverse("accounts:role_add", args=[me.pk]),
                       {"org": me.home_org.code, "role": "org_admin"}).status_code == 403
    assignment = RoleAssignment.objects.get(user=me)
    assert client.post(reverse("accounts:role_remove", args=[assignment.pk])).status_code == 403
    me.refresh_from_db()
    assert me.is_active and me.full_name == name and RoleAssignment.objects.get(user=me).role == assignment.role


def test_non_admins_get_404_outside_their_scope(client_for, users):
    client = client_for(users["ea1_staff"])
    assert client.get(reverse("accounts:user_detail", args=[users["a_viewer"].pk])).status_code == 404
    assert client.post(reverse("accounts:user_edit", args=[users["a_viewer"].pk]), {}).status_code == 404


def test_list_shows_only_the_admins_subtree(client_for, users):
    response = client_for(users["a_admin"]).get(reverse("accounts:user_list"))
    assert response.status_code == 200
    shown = {row.record.username for row in response.context["table"].rows}
    assert shown == {"a_admin", "a_staff", "a_viewer", "ea1_staff"}
    html = response.content.decode()
    assert "city_admin" not in html and "b_staff" not in html


def test_city_admin_sees_both_districts_but_not_the_superuser(client_for, users):
    response = client_for(users["city_admin"]).get(reverse("accounts:user_list"))
    shown = {row.record.username for row in response.context["table"].rows}
    assert shown == {"city_admin", "a_admin", "a_staff", "a_viewer", "b_staff", "ea1_staff"}


@pytest.mark.parametrize("params, expected", [
    ({"q": "staff"}, {"a_staff", "ea1_staff"}),
    ({"org": "C01A1"}, {"ea1_staff"}),
    ({"org": "A区一街道工会 (C01A1)"}, {"ea1_staff"}),
    ({"org": "C01B"}, set()),  # outside the admin's scope: matches nothing
    ({"role": "viewer"}, {"a_viewer"}),
    ({"role": "org_admin"}, {"a_admin"}),
])
def test_list_filters(client_for, users, params, expected):
    response = client_for(users["a_admin"]).get(reverse("accounts:user_list"), params)
    assert {row.record.username for row in response.context["table"].rows} == expected


def test_list_filter_active(client_for, users):
    users["a_viewer"].is_active = False
    users["a_viewer"].save()
    response = client_for(users["a_admin"]).get(reverse("accounts:user_list"), {"is_active": "false"})
    assert {row.record.username for row in response.context["table"].rows} == {"a_viewer"}


def test_list_query_count_is_constant(client_for, users, tree, constant_queries):
    for i in range(6):
        make_official(f"extra{i}", tree["EA1"], "viewer")
    constant_queries(client_for(users["a_admin"]), reverse("accounts:user_list"))


def test_list_exports_csv_with_masked_phone(client_for, users):
    users["a_staff"].phone = "13912345678"
    users["a_staff"].save()
    response = client_for(users["a_admin"]).get(reverse("accounts:user_list"), {"export": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert "139****5678" in body and "13912345678" not in body


def test_out_of_scope_user_is_not_found(client_for, users):
    client = client_for(users["a_admin"])
    for name in ("city_admin", "b_staff", "root"):
        pk = users[name].pk
        assert client.get(reverse("accounts:user_detail", args=[pk])).status_code == 404
        assert client.get(reverse("accounts:user_edit", args=[pk])).status_code == 404
        assert client.post(reverse("accounts:user_deactivate", args=[pk])).status_code == 404
        assert client.post(reverse("accounts:role_add", args=[pk]), {"org": "C01A", "role": "staff"}).status_code == 404
    b_role = RoleAssignment.objects.get(user=users["b_staff"])
    assert client.post(reverse("accounts:role_remove", args=[b_role.pk])).status_code == 404
    assert RoleAssignment.objects.filter(pk=b_role.pk).exists()


# --- create / edit / deactivate ----------------------------------------------------------------------------

def test_admin_creates_an_official_with_a_role(client_for, users, tree):
    client = client_for(users["a_admin"])
    page = client.get(reverse("accounts:user_add"))
    assert page.status_code == 200
    response = client.post(reverse("accounts:user_add"), _new_user_data(tree))
    user = User.objects.get(username="ea2_clerk")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:user_detail", args=[user.pk])
    assert user.home_org == tree["EA2"] and user.phone == "13800138000" and user.kind == "official"
    assert user.check_password(NEW_PASSWORD)
    assert RoleAssignment.objects.get(user=user).role == "staff"
    assert AuditLog.objects.filter(action=AuditAction.CREATE, object_id=str(user.pk), user=users["a_admin"]).exists()
    # The new account signs in.
    client.logout()
    assert client.post(reverse("accounts:login"),
                       {"username": "ea2_clerk", "password": NEW_PASSWORD}).status_code == 302


def test_create_by_bare_code(client_for, users, tree):
    response = client_for(users["a_admin"]).post(reverse("accounts:user_add"), _new_user_data(tree, home_org="C01EA2"))
    assert response.status_code == 302


@pytest.mark.parametrize("overrides, field", [
    ({"home_org": "C01B"}, "home_org"),  # outside the admin's subtree
    ({"home_org": "NOPE"}, "home_org"),
    ({"username": "a_staff"}, "username"),  # taken
    ({"username": "bad name!"}, "username"),
    ({"phone": "12345"}, "phone"),
    ({"email": "not-an-address"}, "email"),
    ({"password2": "something-else"}, "password2"),
    ({"password1": "12345678", "password2": "12345678"}, "password1"),  # too weak
    ({"full_name": ""}, "full_name"),
])
def test_create_errors_are_shown_next_to_the_field(client_for, users, tree, overrides, field):
    response = client_for(users["a_admin"]).post(reverse("accounts:user_add"), _new_user_data(tree, **overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert 'is-invalid' in response.content.decode() or field in ("username",)
    assert not User.objects.filter(full_name="钱七").exists()


def test_phone_used_by_another_account(client_for, users, tree):
    users["a_staff"].phone = "13800138000"
    users["a_staff"].save()
    response = client_for(users["a_admin"]).post(reverse("accounts:user_add"), _new_user_data(tree))
    assert "phone" in response.context["form"].errors


def test_admin_edits_an_official(client_for, users, tree):
    target = users["a_viewer"]
    client = client_for(users["a_admin"])
    page = client.get(reverse("accounts:user_edit", args=[target.pk]))
    assert page.status_code == 200
    assert "C01A" in page.content.decode()  # the home org is pre-filled by code
    data = {"username": "a_viewer", "full_name": "孙八", "phone": "", "email": "", "home_org": "C01A1",
            "is_active": "on", "password1": "", "password2": ""}
    response = client.post(reverse("accounts:user_edit", args=[target.pk]), data)
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.full_name == "孙八" and target.home_org == tree["A1"]
    assert target.check_password("Gonghui-test-2026")  # empty password keeps the old one
    entry = AuditLog.objects.get(action=AuditAction.UPDATE, object_id=str(target.pk))
    assert entry.before["full_name"] == "a_viewer" and entry.after["full_name"] == "孙八"


def test_edit_sets_a_new_password(client_for, users):
    target = users["a_viewer"]
    data = {"username": "a_viewer", "full_name": "a_viewer", "home_org": "C01A", "is_active": "on",
            "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert client_for(users["a_admin"]).post(reverse("accounts:user_edit", args=[target.pk]), data).status_code == 302
    target.refresh_from_db()
    assert target.check_password(NEW_PASSWORD)


def test_edit_cannot_move_account_out_of_scope(client_for, users):
    target = users["a_viewer"]
    data = {"username": "a_viewer", "full_name": "x", "home_org": "C01B", "is_active": "on"}
    response = client_for(users["a_admin"]).post(reverse("accounts:user_edit", args=[target.pk]), data)
    assert response.status_code == 200 and "home_org" in response.context["form"].errors
    target.refresh_from_db()
    assert target.home_org.code == "C01A"


def test_deactivate_and_reactivate(client_for, users):
    target = users["a_staff"]
    client = client_for(users["a_admin"])
    assert client.get(reverse("accounts:user_deactivate", args=[target.pk])).status_code == 200
    response = client.post(reverse("accounts:user_deactivate", args=[target.pk]))
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_active
    assert RoleAssignment.objects.filter(user=target).exists()  # kept
    assert client.post(reverse("accounts:user_activate", args=[target.pk])).status_code == 302
    target.refresh_from_db()
    assert target.is_active
    assert AuditLog.objects.filter(action=AuditAction.UPDATE, object_id=str(target.pk)).count() == 2


def test_admin_cannot_deactivate_itself(client_for, users):
    admin = users["a_admin"]
    client = client_for(admin)
    client.post(reverse("accounts:user_deactivate", args=[admin.pk]))
    admin.refresh_from_db()
    assert admin.is_active


# --- roles ------------------------------------------------------------------------------------------------

def test_detail_shows_roles_and_change_log(client_for, users):
    client = client_for(users["a_admin"])
    client.post(reverse("accounts:role_add", args=[users["a_viewer"].pk]), {"org": "C01EA1", "role": "staff"})
    response = client.get(reverse("accounts:user_detail", args=[users["a_viewer"].pk]))
    assert response.status_code == 200
    roles = [a for a, _removable in response.context["roles"]]
    assert {(a.org.code, a.role) for a in roles} == {("C01A", "viewer"), ("C01EA1", "staff")}
    history = list(response.context["history"])
    assert any(e.content_type.model == "roleassignment" and e.action == AuditAction.CREATE for e in history)


def test_detail_hides_roles_outside_the_admins_subtree(client_for, users, tree):
    # Issue 15 part 1 changed this: an account holding a role outside the administrator's subtree is no longer
    # shown with that role hidden (and so manageable): it is not found at all; the city's administrator sees it all.
    services.assign_role(users["city_admin"], users["a_staff"], tree["B"], "viewer")
    response = client_for(users["a_admin"]).get(reverse("accounts:user_detail", args=[users["a_staff"].pk]))
    assert response.status_code == 404
    assert "B区总工会" not in response.content.decode()
    response = client_for(users["city_admin"]).get(reverse("accounts:user_detail", args=[users["a_staff"].pk]))
    assert sorted(a.org.code for a, _r in response.context["roles"]) == ["C01A", "C01B"]
    assert response.context["other_roles"] == 0


def test_add_role_then_change_it_then_remove(client_for, users, tree):
    target = users["a_viewer"]
    client = client_for(users["a_admin"])
    assert client.get(reverse("accounts:role_add", args=[target.pk])).status_code == 200
    response = client.post(reverse("accounts:role_add", args=[target.pk]), {"org": "C01A1", "role": "staff"})
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=target, org=tree["A1"])
    assert assignment.role == "staff"
    client.post(reverse("accounts:role_add", args=[target.pk]), {"org": "C01A1", "role": "org_admin"})
    assignment.refresh_from_db()
    assert assignment.role == "org_admin"
    assert client.get(reverse("accounts:role_remove", args=[assignment.pk])).status_code == 200  # confirmation
    response = client.post(reverse("accounts:role_remove", args=[assignment.pk]))
    assert response["Location"] == reverse("accounts:user_detail", args=[target.pk])
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    actions = list(AuditLog.objects.filter(content_type__model="roleassignment").values_list("action", flat=True))
    assert sorted(actions) == sorted([AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE])
    # The removed role stays in the account's change log.
    history = client.get(reverse("accounts:user_detail", args=[target.pk])).context["history"]
    assert sum(1 for e in history if e.content_type.model == "roleassignment") == 3


def test_cannot_grant_a_role_outside_the_subtree(client_for, users, tree):
    target = users["a_viewer"]
    response = client_for(users["a_admin"]).post(reverse("accounts:role_add", args=[target.pk]),
                                                 {"org": "C01", "role": "org_admin"})
    assert response.status_code == 200
    assert "org" in response.context["form"].errors
    assert not RoleAssignment.objects.filter(user=target, org=tree["city"]).exists()


def test_role_removal_refused_to_staff(client_for, users):
    assignment = RoleAssignment.objects.get(user=users["a_viewer"])
    assert client_for(users["a_staff"]).post(reverse("accounts:role_remove", args=[assignment.pk])).status_code == 403
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_a_removed_admin_loses_access_at_once(client_for, users):
    assignment = RoleAssignment.objects.get(user=users["a_admin"])
    client_for(users["city_admin"]).post(reverse("accounts:role_remove", args=[assignment.pk]))
    client = client_for(users["a_admin"])
    assert client.get(reverse("accounts:user_list")).status_code == 403
