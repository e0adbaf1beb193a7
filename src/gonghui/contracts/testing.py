"""Scope builders of collective contracts (the scope matrix, ModelViewTests) and helpers for the area's tests."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.testing import register_scope_builder

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="contract.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_unit(actor, union, marker, employees=120):
    """An employer covered by ``union`` (in the census of the union above it)."""
    from gonghui.core.testing import make_credit_code
    from gonghui.orgs.services import create_unit

    return create_unit(actor, name=f"{marker}有限公司", credit_code=make_credit_code(), ownership="private",
                       industry="C", employee_count=employees, address=f"{marker}路1号",
                       area_org=union.get_parent() or union, union=union)


def contract_data(**overrides):
    data = {"number": "", "title": "集体合同", "contract_type": "comprehensive", "regional": False,
            "starts_on": datetime.date(2026, 1, 1), "ends_on": datetime.date(2028, 12, 31), "workers_covered": 100,
            "minimum_wage": "2600", "wage_rise_pct": "5", "congress_approved_on": datetime.date(2025, 12, 20),
            "congress_session": "九届十三次"}
    data.update(overrides)
    return data


_counter = [0]


def draft_contract(actor, org, units, **overrides):
    from .services import save_contract

    _counter[0] += 1
    data = contract_data(**overrides)
    data["number"] = data["number"] or f"HT{_counter[0]:05d}"
    return save_contract(actor, None, org, units=units, **data)


@register_scope_builder("contracts.collectivecontract")
def _build_contract(org, actor, marker):
    """A draft comprehensive contract of the union for an employer it covers; the title carries the marker."""
    return draft_contract(actor, org, [make_unit(actor, org, marker)], title=f"{marker}集体合同")


@register_scope_builder("contracts.labourcontractcoverage")
def _build_coverage(org, actor, marker):
    """The figure of an employer (named after the marker) covered by the union, for last year."""
    from .services import save_labour_coverage

    unit = make_unit(actor, org, marker)
    return save_labour_coverage(actor, None, unit, year=datetime.date.today().year - 1, workers=120, signed=110)
