"""Builders for tests across areas: a small union tree, officials with roles, valid member data.

They compose several areas (the tree, its statistics counters, accounts), so they live above the areas; each
area's own builders and scope-matrix builders are in its ``testing`` module.
"""

import datetime  # noqa: F401  (member_data's defaults)

from gonghui.accounts.models import RoleAssignment, User
from gonghui.core.testing import make_credit_code, make_id_number, make_phone  # noqa: F401  (one import for tests
from gonghui.members.testing import member_data  # noqa: F401
from gonghui.orgs.choices import OrgLevel, OrgType
from gonghui.orgs.models import Organisation
from gonghui.stats.counters import refresh


def build_small_city():
    """City → 2 districts → a township each → enterprise unions; returns a dict of organisations by key.

    Keys: city, A, A1, EA1, EA2, B, B1, EB1. Nearly every test builds it, so the nodes below the root are written
    in one statement with the paths treebeard's ``add_child`` would give them (the tree is checked in
    ``orgs/tests``).
    """
    city = Organisation.add_root(name="测试市总工会", code="C01", org_type=OrgType.CITY_FEDERATION, level=OrgLevel.CITY)
    # key: (parent key, name, code, type, level), parents first
    spec = {
        "A": ("city", "A区总工会", "C01A", OrgType.COUNTY_FEDERATION, OrgLevel.COUNTY),
        "B": ("city", "B区总工会", "C01B", OrgType.COUNTY_FEDERATION, OrgLevel.COUNTY),
        "A1": ("A", "A区一街道工会", "C01A1", OrgType.TOWNSHIP, OrgLevel.TOWNSHIP),
        "B1": ("B", "B区一街道工会", "C01B1", OrgType.TOWNSHIP, OrgLevel.TOWNSHIP),
        "EA1": ("A1", "EA1公司工会", "C01EA1", OrgType.ENTERPRISE, OrgLevel.GRASSROOTS),
        "EA2": ("A1", "EA2公司工会", "C01EA2", OrgType.ENTERPRISE, OrgLevel.GRASSROOTS),
        "EB1": ("B1", "EB1公司工会", "C01EB1", OrgType.ENTERPRISE, OrgLevel.GRASSROOTS),
    }
    paths, children = {"city": city.path}, {}
    nodes = []
    for key, (parent, name, code, org_type, level) in spec.items():
        children[parent] = children.get(parent, 0) + 1
        paths[key] = Organisation._get_path(paths[parent], len(paths[parent]) // Organisation.steplen + 1,
                                            children[parent])
        nodes.append(Organisation(name=name, code=code, org_type=org_type, level=level, path=paths[key],
                                  depth=len(paths[key]) // Organisation.steplen,
                                  numchild=sum(1 for p, *_ in spec.values() if p == key)))
    Organisation.objects.bulk_create(nodes)
    Organisation.objects.filter(pk=city.pk).update(numchild=children["city"])
    by_path = Organisation.objects.filter(path__startswith=city.path).in_bulk(field_name="path")
    orgs = {key: by_path[path] for key, path in paths.items()}
    refresh([o.pk for o in orgs.values()], ("orgs",))  # built without the services: count them once
    return orgs


def make_officials(specs, password="Gonghui-test-2026"):
    """Several officials at once: ``{username: (org, role)}``, ``(None, "superuser")`` for a superuser."""
    from django.contrib.auth.hashers import make_password

    hashed = make_password(password)
    users = User.objects.bulk_create([
        User(username=name, password=hashed, full_name=name, home_org=org,
             is_superuser=role == "superuser", is_staff=role == "superuser")
        for name, (org, role) in specs.items()])
    RoleAssignment.objects.bulk_create([RoleAssignment(user=user, org=org, role=role)
                                        for user, (org, role) in zip(users, specs.values())
                                        if org is not None and role != "superuser"])
    return {user.username: user for user in users}


def standard_officials(tree):
    """The officials of the root ``conftest.py``'s ``users``: superuser; city_admin; a_admin, a_staff, a_viewer
    (district A); b_staff (district B); ea1_staff."""
    return make_officials({
        "root": (None, "superuser"),
        "city_admin": (tree["city"], "org_admin"),
        "a_admin": (tree["A"], "org_admin"),
        "a_staff": (tree["A"], "staff"),
        "a_viewer": (tree["A"], "viewer"),
        "b_staff": (tree["B"], "staff"),
        "ea1_staff": (tree["EA1"], "staff"),
    })


def make_official(username, org=None, role="staff", password="Gonghui-test-2026", superuser=False):
    user = User.objects.create_user(username=username, password=password, full_name=username, home_org=org,
                                    is_superuser=superuser, is_staff=superuser)
    if org is not None and not superuser:
        RoleAssignment.objects.create(user=user, org=org, role=role)
    return user
