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

    Keys: city, A, A1, EA1, EA2, B, B1, EB1.
    """
    city = Organisation.add_root(name="测试市总工会", code="C01", org_type=OrgType.CITY_FEDERATION, level=OrgLevel.CITY)
    orgs = {"city": city}
    for key in ("A", "B"):
        d = city.add_child(name=f"{key}区总工会", code=f"C01{key}", org_type=OrgType.COUNTY_FEDERATION,
                           level=OrgLevel.COUNTY)
        orgs[key] = d
        t = d.add_child(name=f"{key}区一街道工会", code=f"C01{key}1", org_type=OrgType.TOWNSHIP,
                        level=OrgLevel.TOWNSHIP)
        orgs[f"{key}1"] = t
    for key, parent in (("EA1", "A1"), ("EA2", "A1"), ("EB1", "B1")):
        parent_obj = Organisation.objects.get(pk=orgs[parent].pk)
        orgs[key] = parent_obj.add_child(name=f"{key}公司工会", code=f"C01{key}", org_type=OrgType.ENTERPRISE,
                                         level=OrgLevel.GRASSROOTS)
    refresh([o.pk for o in orgs.values()], ("orgs",))  # built without the services: count them once
    return {k: Organisation.objects.get(pk=v.pk) for k, v in orgs.items()}


def make_official(username, org=None, role="staff", password="Gonghui-test-2026", superuser=False):
    user = User.objects.create_user(username=username, password=password, full_name=username, home_org=org,
                                    is_superuser=superuser, is_staff=superuser)
    if org is not None and not superuser:
        RoleAssignment.objects.create(user=user, org=org, role=role)
    return user
