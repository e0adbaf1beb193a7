import datetime

import pytest
from django.utils import timezone


@pytest.fixture
def unit_ea1(tree, users):
    """An employer registered with township A1 and covered by the enterprise union EA1."""
    from gonghui.core.testing import make_credit_code
    from gonghui.orgs.services import create_unit

    return create_unit(users["root"], name="甲电子有限公司", credit_code=make_credit_code(), ownership="private",
                       industry="C", employee_count=800, area_org=tree["A1"], union=tree["EA1"])


@pytest.fixture
def unit_bare(tree, users):
    """An employer in township A1 without a union."""
    from gonghui.core.testing import make_credit_code
    from gonghui.orgs.services import create_unit

    return create_unit(users["root"], name="乙物流有限公司", credit_code=make_credit_code(), ownership="private",
                       industry="G", employee_count=60, area_org=tree["A1"])


@pytest.fixture
def t0():
    return timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 0))


@pytest.fixture
def notify_outbox(outbox):
    """The test outbox of gonghui.core.notify: (recipient, subject, body) of every message sent, whole."""
    return outbox
