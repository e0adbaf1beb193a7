"""The 12351 hotline intake form: staff find the employer unit by name or credit code through the units
autocomplete, scoped to their part of the tree, and the picked code attaches the registered unit to the case."""

import pytest
from django.urls import reverse

from gonghui.rights.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit_b(tree, users):
    from gonghui.core.testing import make_credit_code
    from gonghui.orgs.services import create_unit

    return create_unit(users["root"], name="甲电子B区分厂", credit_code=make_credit_code(), ownership="private",
                       industry="C", employee_count=50, area_org=tree["B1"], union=tree["EB1"])


def _options(client, q):
    return client.get(reverse("orgs:unit_autocomplete"), {"q": q}).content.decode()


def test_the_intake_form_offers_the_scoped_unit_autocomplete(users, client_for):
    body = client_for(users["a_staff"]).get(reverse("rights:case_add")).content.decode()
    assert f'hx-get="{reverse("orgs:unit_autocomplete")}"' in body and 'name="unit"' in body


def test_staff_find_the_unit_by_name_or_credit_code_in_their_subtree_only(users, unit_ea1, unit_b, client_for):
    a = client_for(users["a_staff"])
    for q in ("甲电子", unit_ea1.credit_code[:8], unit_ea1.credit_code.lower()):
        html = _options(a, q)
        assert f'value="{unit_ea1.credit_code}"' in html and unit_ea1.name in html, q
        assert unit_b.credit_code not in html and unit_b.name not in html, q
    b = client_for(users["b_staff"])
    html = _options(b, "甲电子")
    assert unit_b.name in html and unit_ea1.name not in html
    assert _options(b, unit_ea1.credit_code) == ""


def _post(client, tree, unit_value, **extra):
    data = {"received_org": tree["A"].code, "channel": "hotline_12351", "case_type": "wage_arrears",
            "unit": unit_value, "name": "陈五", "facts": "拖欠工资两个月", "amount_claimed": "9000", **extra}
    return client.post(reverse("rights:case_add"), data)


def test_the_picked_credit_code_attaches_the_unit(tree, users, unit_ea1, unit_b, client_for):
    a = client_for(users["a_staff"])
    r = _post(a, tree, unit_ea1.credit_code)
    assert r.status_code == 302, r.content.decode()[:2000]
    case = Case.objects.get()
    assert case.unit == unit_ea1 and case.employer_name == unit_ea1.name and case.handling_org == tree["EA1"]
    # Another district's unit cannot be picked by typing its code: refused on the field, nothing recorded.
    r = _post(a, tree, unit_b.credit_code)
    assert r.status_code == 200 and "unit" in r.context["form"].errors
    assert Case.objects.count() == 1
