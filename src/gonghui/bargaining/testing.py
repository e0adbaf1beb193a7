"""Scope builders of collective bargaining and helpers for its tests."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.services import save_object
from gonghui.core.testing import make_credit_code, register_scope_builder
from gonghui.orgs.models import EmployerUnit
from gonghui.orgs.services import create_unit

from .models import Instructor
from .services import answer_offer, record_round, save_campaign, save_offer, send_offer


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


def minutes_pdf(name="纪要.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n% minutes of a negotiation round\n%%EOF\n", "application/pdf")


@register_scope_builder("bargaining.instructor")
def _build_instructor(org, actor, marker):
    data = {"org": org, "name": f"{marker}指导员", "phone": "13912345678", "expertise": "工资集体协商"}
    return save_object(actor, Instructor(), data, fields=list(data))


@register_scope_builder("bargaining.negotiationround")
def _build_round(org, actor, marker):
    """A round on an answered offer of ``org``, the marker in the points agreed."""
    offer = _build_offer(org, actor, f"{marker}O")
    today = datetime.date.today()
    offer = send_offer(actor, offer, sent_on=today - datetime.timedelta(days=10))
    offer = answer_offer(actor, offer, replied_on=today - datetime.timedelta(days=5), reply="accepted")
    return record_round(actor, offer, held_on=today, union_side="张主席\n李代表", employer_side="王总经理",
                        agreed=f"{marker} 工资增长5%", minutes=minutes_pdf())
