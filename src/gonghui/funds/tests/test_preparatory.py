"""Preparatory funds (建会筹备金): an employer without a union pays; the collecting union holds the grassroots share;
when a union is founded at the employer the held amount is released to it as a linked pair, once; the figure
"preparatory funds held" equals its recount and opens its records."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gonghui.core.models import AuditLog
from gonghui.core.testing import make_credit_code
from gonghui.funds import preparatory, services
from gonghui.funds.choices import EntryKind, FundKind, Level
from gonghui.funds.models import Fund, LedgerEntry

pytestmark = pytest.mark.django_db


def test_held_at_the_level_above_then_released_once_to_the_founded_union(tree, users, client_for, api_for):
    from gonghui.orgs.choices import OrgType
    from gonghui.orgs.services import create_org, create_unit, update_unit
    from gonghui.stats.periods import Period
    from gonghui.stats.registry import StatsContext, get

    root, staff = users["root"], users["a_staff"]
    street = tree["A1"]
    unit = create_unit(root, name="新兴科技有限公司", credit_code=make_credit_code(), ownership="private",
                       industry="C", employee_count=80, area_org=street)
    with pytest.raises(ValidationError) as err:  # the employer must be in the collecting union's census
        services.save_remittance(staff, None, org=tree["EA1"], employer="新兴科技", year=2025,
                                 payroll_base="1000000", unit=unit)
    assert "unit" in err.value.message_dict
    res = api_for(staff).post("/api/v1/remittances/", {"org": street.pk, "employer": "新兴科技", "year": 2025,
                                                      "payroll_base": "1000000", "unit": unit.pk}, format="json")
    assert res.status_code == 201, res.content
    page = client_for(staff).post(reverse("funds:remittance_pay", args=[res.json()["id"]]),
                                  {"date": "2025-06-01", "amount": "10000", "channel": "tax"})
    assert page.status_code == 302
    held = LedgerEntry.objects.get(fund__kind=FundKind.PREPARATORY)
    assert (held.org, held.amount, held.level, held.unit) == (street, Decimal("6000.00"), Level.GRASSROOTS, unit)
    assert LedgerEntry.objects.get(level=Level.PARENT).org == street
    assert LedgerEntry.objects.get(level=Level.HIGHER).org == tree["A"]

    period, ctx = Period.year(2025), StatsContext(Period.year(2025), "total")
    indicator = get("funds_preparatory_held")
    for org in (tree["city"], tree["A"], street, tree["EA1"], tree["B"]):
        assert ctx.values("funds_preparatory_held", [org.pk])[org.pk] == indicator.recount(org, period)
    assert ctx.values("funds_preparatory_held", [street.pk])[street.pk] == Decimal("6000.00")
    drill = client_for(staff).get(indicator.url(tree["A"], period))
    assert drill.status_code == 200 and "新兴科技" in drill.text

    new = create_org(root, street, name="新兴科技有限公司工会", code="C01A1X", org_type=OrgType.ENTERPRISE)
    update_unit(root, unit, union=new)  # the union founded at the employer covers it: the held amount released
    out = LedgerEntry.objects.get(kind=EntryKind.PREP_OUT)
    into = LedgerEntry.objects.get(kind=EntryKind.PREP_IN)
    assert (out.org, out.amount, out.counterpart) == (street, Decimal("-6000.00"), new)
    assert (into.org, into.amount, into.counterpart, into.fund.kind) == (new, Decimal("6000.00"), street,
                                                                         FundKind.UNION_FUNDS)
    assert AuditLog.objects.filter(object_id__in=[str(out.pk), str(into.pk)], action="create").count() == 2
    assert preparatory.release(root, unit) == []  # never twice
    update_unit(root, unit, employee_count=90)
    assert LedgerEntry.objects.filter(kind=EntryKind.PREP_IN).count() == 1
    assert Fund.objects.get(org=street, kind=FundKind.PREPARATORY).balance == Decimal("0")
    assert StatsContext(period, "total").values("funds_preparatory_held", [street.pk])[street.pk] == Decimal("0")

    services.record_payment(staff, services.Remittance.objects.get(pk=res.json()["id"]), amount="100",
                            date=datetime.date(2025, 7, 1))  # covered now: the new union is the grassroots level
    assert LedgerEntry.objects.filter(org=new, level=Level.GRASSROOTS, amount=Decimal("60.00")).exists()
