"""Builders of contacts and the service network for tests, the scope matrix and the demo."""

import datetime

from gonghui.core.services import save_object
from gonghui.core.testing import make_credit_code, make_phone, register_scope_builder
from gonghui.members.services import create_member
from gonghui.members.testing import member_data
from gonghui.orgs.services import create_unit

from . import services
from .models import Consultation, Mediator, PartnerMeeting, ServicePoint

DAY = datetime.date(2025, 3, 1)


def employer(actor, org, name):
    return create_unit(actor, name=name, credit_code=make_credit_code(), ownership="private", industry="C",
                       employee_count=80, area_org=org.get_parent() if org.depth > 1 else org, union=org)


def custody(actor, org, marker, **kw):
    data = {"org": org, "counterpart": f"{marker}商贸有限公司", "signed_on": DAY, "starts_on": DAY,
            "ends_on": datetime.date(2027, 2, 28), "notes": "", **kw}
    return services.save_custody(actor, None, **data)


def contact(actor, org, marker, **kw):
    data = {"org": org, "cadre": "王建国", "unit": employer(actor, org, f"{marker}机械有限公司"), "since": DAY,
            "until": None, "notes": marker, **kw}
    return services.save_contact(actor, None, **data)


@register_scope_builder("outreach.custodyagreement")
def _build_custody(org, actor, marker):
    return custody(actor, org, marker)


@register_scope_builder("outreach.custodymember")
def _build_custody_member(org, actor, marker):
    agreement = custody(actor, org, marker)
    member = create_member(actor, org, member_data(name=f"托管{marker}"))
    return services.add_custody_member(actor, agreement, member=member, since=DAY)


@register_scope_builder("outreach.contactarea")
def _build_area(org, actor, marker):
    return services.save_area(actor, None, org=org, name=f"{marker}片区", lead="李红", notes="", unions=[org])


@register_scope_builder("outreach.contactassignment")
def _build_contact(org, actor, marker):
    return contact(actor, org, marker)


@register_scope_builder("outreach.contactvisit")
def _build_contact_visit(org, actor, marker):
    assignment = contact(actor, org, marker)
    return services.save_contact_visit(actor, None, assignment=assignment, visited_on=datetime.date(2025, 6, 3),
                                       problems=f"{marker}加班费计算", problems_raised=2, problems_solved=1, notes="")


@register_scope_builder("outreach.carevisit")
def _build_visit(org, actor, marker):
    member = create_member(actor, org, member_data(name="刘芳"))
    return services.save_visit(actor, None, org=org, kind="illness", visited_on=datetime.date(2025, 5, 6),
                               member=member, person="", visitors=f"{marker}工会主席", amount="500.00", notes="")


@register_scope_builder("outreach.partnermeeting")
def _build_meeting(org, actor, marker):
    data = {"org": org, "kind": "government", "held_on": datetime.date(2025, 4, 8), "partners": f"{marker}区政府",
            "issues": "欠薪治理", "decisions": "建立欠薪应急周转金", "follow_up": "", "followed_up": False}
    return save_object(actor, PartnerMeeting(), data, fields=list(data))


@register_scope_builder("outreach.servicepoint")
def _build_point(org, actor, marker):
    data = {"org": org, "kind": "station", "name": f"{marker}职工服务站", "address": "解放路12号",
            "services": "法律咨询、困难帮扶", "staff": 3, "opening_hours": "周一至周五 9:00-17:00",
            "telephone": "0516-83001234", "active": True}
    return save_object(actor, ServicePoint(), data, fields=list(data))


@register_scope_builder("outreach.mediator")
def _build_mediator(org, actor, marker):
    data = {"org": org, "committee": "劳动争议调解委员会", "name": f"{marker}调解员", "phone": make_phone(),
            "speciality": "工资争议", "since": DAY, "active": True}
    return save_object(actor, Mediator(), data, fields=list(data))


@register_scope_builder("outreach.consultation")
def _build_consultation(org, actor, marker):
    data = {"org": org, "kind": "legal", "channel": "phone", "consulted_on": datetime.date(2025, 7, 1),
            "subject": f"{marker}劳动合同解除", "answer": "告知经济补偿标准", "people": 1}
    return save_object(actor, Consultation(), data, fields=list(data))
