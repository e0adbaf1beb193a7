"""Scope builders of collective bargaining and helpers for its tests."""

import datetime

from gonghui.core.testing import make_credit_code, register_scope_builder
from gonghui.orgs.models import EmployerUnit
from gonghui.orgs.services import create_unit

from .services import save_campaign, save_offer


def employer_of(org, actor, name="协商机械有限公司"):
    """An employer covered by ``org`` (the first one, or a new one)."""
    unit = EmployerUnit.objects.filter(union=org).order_by("pk").first()
    if unit is not None:
        return unit
    return create_unit(actor, name=name, credit_code=make_credit_code(), ownership="private", industry="C",
                       employee_count=120, address="协商路1号", area_org=org.get_parent(), union=org)


@register_scope_builder("bargaining.offer")
def _build_offer(org, actor, marker):
    """A draft offer of ``org`` to a new employer it covers, both the employer's name and the content carrying the
    marker (the list and its exports show the employer)."""
    unit = create_unit(actor, name=f"{marker}有限公司", credit_code=make_credit_code(), ownership="private",
                       industry="C", employee_count=80, address="协商路2号", area_org=org.get_parent(), union=org)
    offer = save_offer(actor, None, org=org, employers=[unit], topics=["wages", "hours"],
                       content=f"{marker} 就2026年度工资调整开展集体协商")
    return offer


@register_scope_builder("bargaining.offercampaign")
def _build_campaign(org, actor, marker):
    return save_campaign(actor, None, org=org, name=f"{marker}集中要约行动月", starts_on=datetime.date(2026, 3, 1),
                         ends_on=datetime.date(2026, 3, 31), topics=["wages"], content="工资集体协商要约")
