"""Scope builders of open affairs for the scope matrix (tests/scope) and ModelViewTests."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.testing import make_credit_code, register_scope_builder
from gonghui.orgs.services import create_unit

from .services import record_posting, save_inspection, save_item, save_problem, save_system

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="document.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def build_system(org, actor, marker, **kw):
    """An employer covered by ``org`` (registered with its parent) with its open-affairs system."""
    unit = create_unit(actor, name=f"{marker}有限公司", credit_code=make_credit_code(),
                       ownership=kw.pop("ownership", "private"), industry="C", employee_count=120,
                       address=f"{marker}路1号", area_org=org.get_parent() if org.depth > 1 else org, union=org)
    data = {"kind": "factory", "established": True, "established_on": datetime.date(2024, 3, 1),
            "leading_group": f"{marker}领导小组", "notes": ""}
    data.update(kw)
    return save_system(actor, None, unit=unit, document=pdf_upload(f"{marker}.pdf"), **data)


def build_item(org, actor, marker, **kw):
    system = build_system(org, actor, marker)
    data = {"title": f"{marker}工资发放情况", "category": "wages", "department": "人力资源部", "frequency": "monthly",
            "form": "board", "since": datetime.date(2026, 1, 1), "active": True, "notes": ""}
    data.update(kw)
    return save_item(actor, None, system=system, **data)


@register_scope_builder("openaffairs.openaffairssystem")
def _build_system(org, actor, marker):
    return build_system(org, actor, marker)


@register_scope_builder("openaffairs.disclosureitem")
def _build_item(org, actor, marker):
    return build_item(org, actor, marker)


@register_scope_builder("openaffairs.posting")
def _build_posting(org, actor, marker):
    item = build_item(org, actor, marker, frequency="yearly", since=datetime.date(2025, 1, 1))
    return record_posting(actor, item, period="2025", posted_on=datetime.date(2025, 6, 30), place=f"{marker}公开栏",
                          evidence=pdf_upload(f"{marker}.pdf"))


@register_scope_builder("openaffairs.inspection")
def _build_inspection(org, actor, marker):
    system = build_system(org, actor, marker)
    return save_inspection(actor, None, system=system, inspected_on=datetime.date(2026, 1, 15),
                           inspectors=f"{marker}检查组", summary="")


@register_scope_builder("openaffairs.problem")
def _build_problem(org, actor, marker):
    inspection = _build_inspection(org, actor, marker)
    return save_problem(actor, None, inspection=inspection, description=f"{marker}公开栏未及时更新",
                        deadline=datetime.date(2026, 2, 15))
