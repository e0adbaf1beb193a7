"""Builders of democratic management for tests, the scope matrix and the demo (``AreaConfig.testing``)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.services import save_object
from gonghui.core.testing import make_credit_code, register_scope_builder
from gonghui.members.services import create_member
from gonghui.members.testing import member_data
from gonghui.orgs.services import create_unit

from . import services
from .models import Congress

DAY = datetime.date(2025, 3, 1)


def employer(actor, org, name="甲电子有限公司", ownership="state", area_org=None):
    """An employer covered by ``org`` (registered with the union above it)."""
    return create_unit(actor, name=name, credit_code=make_credit_code(), ownership=ownership, industry="C",
                       employee_count=300, area_org=area_org or org.get_parent(), union=org)


def setup(actor, org, unit=None, established_on=DAY, **kw):
    unit = unit or employer(actor, org)
    return services.save_setup(actor, None, unit=unit, org=org, form="own", body="workers",
                               established_on=established_on, **kw)


def congress(actor, org, term=9, started_on=DAY, **kw):
    data = {"org": org, "body": "workers", "term": term, "started_on": started_on, **kw}
    return save_object(actor, Congress(), data, fields=list(data))


def delegates(actor, congress, n, category="frontline", name="代表"):
    out = []
    for i in range(n):
        member = create_member(actor, congress.org, member_data(name=f"{name}{i + 1}"))
        out.append(services.save_delegate(actor, None, congress=congress, member=member, category=category,
                                          constituency=f"第{i % 3 + 1}代表团"))
    return out


def held_session(actor, congress, present, number=12, held_on=DAY, due_on=None, kind="plenary"):
    session = services.save_session(actor, None, congress=congress, number=number, kind=kind, due_on=due_on)
    return services.hold_session(actor, session, held_on=held_on, delegates_present=present)


def item(actor, session, kind="rules", title="劳动纪律管理规定"):
    return services.save_item(actor, None, session=session, kind=kind, title=title)


def motion(actor, congress, filer, title="关于改善职工食堂的提案", filed_on=DAY):
    return services.file_motion(actor, None, congress=congress, filer=filer, title=title, content="建议增加窗口。",
                                filed_on=filed_on)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="职代会实施细则.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@register_scope_builder("democracy.setup")
def _build_setup(org, actor, marker):
    return setup(actor, org, unit=employer(actor, org, name=f"{marker}公司"), document=pdf())


@register_scope_builder("democracy.congress")
def _build_congress(org, actor, marker):
    return congress(actor, org, term=Congress.objects.filter(org=org).count() + 1, title=marker)


@register_scope_builder("democracy.delegate")
def _build_delegate(org, actor, marker):
    c = congress(actor, org, term=Congress.objects.filter(org=org).count() + 1)
    return delegates(actor, c, 1, name=marker)[0]


@register_scope_builder("democracy.session")
def _build_session(org, actor, marker):
    c = congress(actor, org, term=Congress.objects.filter(org=org).count() + 1)
    return services.save_session(actor, None, congress=c, number=1, kind="plenary", note=marker)


@register_scope_builder("democracy.agendaitem")
def _build_item(org, actor, marker):
    s = _build_session(org, actor, f"{marker}S")
    return item(actor, s, title=marker)


@register_scope_builder("democracy.motion")
def _build_motion(org, actor, marker):
    d = _build_delegate(org, actor, f"{marker}D")
    return motion(actor, d.congress, d, title=marker)


@register_scope_builder("democracy.employerrule")
def _build_rule(org, actor, marker):
    return services.save_rule(actor, None, unit=employer(actor, org, name=f"{marker}厂"), kind="rules",
                              title=marker, adopted_on=DAY)


@register_scope_builder("democracy.starrating")
def _build_star(org, actor, marker):
    c = congress(actor, org, term=Congress.objects.filter(org=org).count() + 1, title=f"{marker}职代会")
    return services.rate_congress(actor, None, congress=c, year=2025, stars=4, rated_on=DAY, evidence=marker)
