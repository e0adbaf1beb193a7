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


ANKANG_CRITERIA = "安全生产责任制 30\n隐患排查治理 40\n职工参与 30"


def make_round(actor, org, *, year=None, title=None, **quotas):
    """A round organised by ``org`` (in 2026, else the latest year it has none)."""
    from .models import AnkangRound
    from .services import save_round

    if year is None:
        taken, year = set(AnkangRound.objects.filter(org=org).values_list("year", flat=True)), 2026
        while year in taken:
            year -= 1
    data = {"quota_enterprise": 2, "quota_organiser": 1, "quota_team": 1, "quota_individual": 1}
    data.update(quotas)
    return save_round(actor, None, org, year=year, title=title or f"{year}年{org.name}安康杯竞赛",
                      criteria=ANKANG_CRITERIA, **data)


def make_enrolment(actor, round, unit, *, enrolled_on=None, workers=100):
    from .services import save_enrolment

    return save_enrolment(actor, None, round, unit=unit, enrolled_on=enrolled_on or datetime.date(2026, 3, 1),
                          workers=workers)


def make_member(actor, org, name, **overrides):
    from gonghui.members.services import create_member
    from gonghui.members.testing import member_data

    return create_member(actor, org, member_data(name=name, **overrides))


@register_scope_builder("protection.ankanground")
def _build_round(org, actor, marker):
    """A round organised by the union, titled with the marker."""
    return make_round(actor, org, title=f"{marker}安康杯")


@register_scope_builder("protection.ankangenrolment")
def _build_enrolment(org, actor, marker):
    """An employer named after the marker enrolled in a round of the union."""
    return make_enrolment(actor, make_round(actor, org, title=f"{marker}安康杯"), make_unit(actor, org, marker))


@register_scope_builder("protection.ankangaward")
def _build_award(org, actor, marker):
    """An excellent individual named after the marker, of an employer enrolled in a round of the union."""
    from .services import give_award

    enrolment = _build_enrolment(org, actor, f"{marker}企")
    return give_award(actor, enrolment.round, "individual", enrolment=enrolment, name=marker)


@register_scope_builder("protection.safetyinspector")
def _build_inspector(org, actor, marker):
    """A member named after the marker on the union's roster of safety inspectors."""
    from .services import save_inspector

    return save_inspector(actor, None, make_member(actor, org, marker), trained_on=datetime.date(2025, 5, 1),
                          certificate_no=f"QJ-{org.code}", active=True)


@register_scope_builder("protection.accidentinvestigation")
def _build_accident(org, actor, marker):
    """An accident at an employer named after the marker, investigated with the union."""
    from .services import save_accident

    return save_accident(actor, None, org, unit=make_unit(actor, org, marker), occurred_on=datetime.date(2026, 2, 1),
                         description=f"{marker}机械伤害", deaths=0, injuries=1)
