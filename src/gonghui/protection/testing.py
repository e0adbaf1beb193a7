"""Scope builders of labour protection (the scope matrix, ModelViewTests) and helpers for the area's tests."""

import datetime

from gonghui.core.testing import register_scope_builder


def make_unit(actor, union, marker, employees=120):
    """An employer covered by ``union`` (in the census of the union above it)."""
    from gonghui.core.testing import make_credit_code
    from gonghui.orgs.services import create_unit

    return create_unit(actor, name=f"{marker}有限公司", credit_code=make_credit_code(), ownership="private",
                       industry="C", employee_count=employees, address=f"{marker}路1号",
                       area_org=union.get_parent() or union, union=union)


def make_inspection(actor, org, unit=None, *, marker="检", kind="labour_law", inspected_on=None, **data):
    from .services import save_inspection

    unit = unit or make_unit(actor, org, marker)
    return save_inspection(actor, None, org, unit=unit, kind=kind, campaign=data.pop("campaign", ""),
                           inspected_on=inspected_on or datetime.date.today() - datetime.timedelta(days=1),
                           inspectors=data.pop("inspectors", "王建国、李红"), summary=data.pop("summary", ""))


def make_finding(actor, inspection, **data):
    from .services import save_finding

    values = {"item": "wages_on_time" if inspection.kind == "labour_law" else "other",
              "description": "未按时足额支付工资", "severity": "general", "fix_mode": "by_deadline"}
    values.update(data)
    return save_finding(actor, None, inspection, **values)


@register_scope_builder("protection.inspection")
def _build_inspection(org, actor, marker):
    """An inspection by the union of an employer named after the marker (which the list shows)."""
    return make_inspection(actor, org, marker=marker, inspectors=f"{marker}检查组")


@register_scope_builder("protection.finding")
def _build_finding(org, actor, marker):
    """A problem found at an inspection by the union; the description carries the marker."""
    inspection = make_inspection(actor, org, marker=marker)
    return make_finding(actor, inspection, description=f"{marker}拖欠工资")


@register_scope_builder("protection.safetyagreement")
def _build_agreement(org, actor, marker):
    """The agreement of an employer named after the marker, covered by the union."""
    from .services import save_agreement

    unit = make_unit(actor, org, marker)
    return save_agreement(actor, None, unit, signed_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2027, 12, 31),
                          committee=True, one_law_three_cards=True, notes="")


@register_scope_builder("protection.reststation")
def _build_station(org, actor, marker):
    """A rest station of the union named after the marker."""
    from gonghui.core.services import save_object

    from .models import RestStation

    data = {"org": org, "name": f"{marker}安康驿站", "address": f"{marker}路8号", "services": "饮水、休息、热饭",
            "opening_hours": "8:00-20:00", "map_url": "", "opened_on": datetime.date(2025, 6, 1), "active": True}
    return save_object(actor, RestStation(), data, fields=list(data))
