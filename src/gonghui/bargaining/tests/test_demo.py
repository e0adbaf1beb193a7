"""The demo loader runs through the services on a small tree."""

import pytest

from gonghui.bargaining import demo

pytestmark = pytest.mark.django_db

def test_demo(tree, users):
    from gonghui.core.testing import make_credit_code
    from gonghui.orgs.services import create_unit
    for i in range(8):
        create_unit(users["root"], name=f"企业{i}", credit_code=make_credit_code(), ownership="private",
                    industry="C", employee_count=30 if i < 3 else 300, area_org=tree["A1"],
                    union=tree["EA1"] if i == 7 else None)
    out = demo.load({"admin": users["root"], "district": tree["A"], "union": tree["EA1"],
                     "district_staff": users["a_staff"]})
    assert out["bargaining_offers"] >= 5
