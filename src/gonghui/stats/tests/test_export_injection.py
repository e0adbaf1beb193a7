"""The dashboard workbook writes formula-like organisation names inert (issue 15, part 4)."""

import datetime

from django.urls import reverse

from gonghui.core.tests.injection import PAYLOADS, assert_xlsx_inert
from gonghui.orgs.models import Organisation as Org


def test_dashboard_xlsx_is_inert(tree, users, client_for):
    client = client_for(users["root"])
    year = str(datetime.date.today().year)
    for first, second in [(PAYLOADS[0], PAYLOADS[1]), (PAYLOADS[2], PAYLOADS[3]), (PAYLOADS[4], "=1")]:
        Org.objects.filter(code="C01A").update(name=first)
        Org.objects.filter(code="C01B").update(name=second)
        r = client.get(reverse("stats:dashboard"), {"org": "C01", "period": year, "export": "xlsx"})
        assert r.status_code == 200, r.content[:300]
        assert_xlsx_inert(r.content, [first, second])
