"""Builders for tests, the demo and benchmarks: a small union tree, officials with roles, valid identifiers."""

import datetime
import itertools
import random

from .validators import CREDIT_CODE_CHARS, credit_code_check_char, id_check_char

_counter = itertools.count(1)


def make_id_number(birth=datetime.date(1990, 5, 17), gender="M", region="320311", seq=None):
    """A valid 18-digit ID number with the given birth date and gender."""
    seq = next(_counter) if seq is None else seq
    order = (seq % 500) * 2 + (1 if gender == "M" else 0)  # odd order digit = male
    body = f"{region}{birth:%Y%m%d}{order:03d}"
    return body + id_check_char(body)


def make_credit_code(seq=None, rng=None):
    """A valid 18-character unified social credit code."""
    rng = rng or random.Random(seq if seq is not None else next(_counter))
    body = "91" + "320311" + "".join(rng.choice(CREDIT_CODE_CHARS) for _ in range(9))
    return body + credit_code_check_char(body)


def make_phone(seq=None):
    seq = next(_counter) if seq is None else seq
    return f"139{seq % 100000000:08d}"


def build_small_city():
    """City → 2 districts → a township each → enterprise unions; returns a dict of organisations by key.

    Keys: city, A, A1, EA1, EA2, B, B1, EB1.
    """
    from gonghui.orgs.choices import OrgLevel, OrgType
    from gonghui.orgs.models import Organisation

    city = Organisation.add_root(name="测试市总工会", code="C01", org_type=OrgType.CITY_FEDERATION, level=OrgLevel.CITY)
    orgs = {"city": city}
    for key in ("A", "B"):
        d = city.add_child(name=f"{key}区总工会", code=f"C01{key}", org_type=OrgType.COUNTY_FEDERATION, level=OrgLevel.COUNTY)
        orgs[key] = d
        t = d.add_child(name=f"{key}区一街道工会", code=f"C01{key}1", org_type=OrgType.TOWNSHIP, level=OrgLevel.TOWNSHIP)
        orgs[f"{key}1"] = t
    for key, parent in (("EA1", "A1"), ("EA2", "A1"), ("EB1", "B1")):
        parent_obj = Organisation.objects.get(pk=orgs[parent].pk)
        orgs[key] = parent_obj.add_child(name=f"{key}公司工会", code=f"C01{key}", org_type=OrgType.ENTERPRISE, level=OrgLevel.GRASSROOTS)
    return {k: Organisation.objects.get(pk=v.pk) for k, v in orgs.items()}


def make_official(username, org=None, role="staff", password="Gonghui-test-2026", superuser=False):
    from gonghui.accounts.models import RoleAssignment, User

    user = User.objects.create_user(username=username, password=password, full_name=username, home_org=org,
                                    is_superuser=superuser, is_staff=superuser)
    if org is not None and not superuser:
        RoleAssignment.objects.create(user=user, org=org, role=role)
    return user


def member_data(**overrides):
    """Valid form data for a member (gender and birth date consistent with the ID number)."""
    birth = overrides.pop("birth_date", datetime.date(1990, 5, 17))
    gender = overrides.pop("gender", "M")
    data = {
        "name": "张三",
        "id_number": make_id_number(birth, gender),
        "gender": gender,
        "birth_date": birth,
        "phone": make_phone(),
        "ethnicity": "01",
        "education": "bachelor",
        "political_status": "masses",
        "employment_type": "regular",
        "join_date": datetime.date(2024, 3, 1),
    }
    data.update(overrides)
    return data
