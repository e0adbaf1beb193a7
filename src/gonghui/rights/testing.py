"""Builders for tests and the scope matrix (loaded by gonghui.core.testing.load_app_builders)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.testing import make_id_number, make_phone, register_scope_builder

from .services import accept_case, file_case, raise_warning, refer_legal_aid

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="evidence.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def case_data(**overrides):
    data = {"channel": "hotline_12351", "case_type": "wage_arrears", "employer_name": "某某建筑有限公司",
            "facts": "拖欠三个月工资。", "amount_claimed": "12000"}
    data.update(overrides)
    return data


def worker(name="张三", **overrides):
    row = {"name": name, "id_number": make_id_number(), "phone": make_phone()}
    row.update(overrides)
    return row


def make_case(user, org, *, workers=None, handling_org=None, now=None, **data):
    return file_case(user, org, case_data(**data), workers if workers is not None else [worker()],
                     handling_org=handling_org, now=now)


@register_scope_builder("rights.case")
def _build_case(org, actor, marker):
    """A hotline case received and kept at the union; the employer's name carries the marker."""
    return make_case(actor, org, handling_org=org, employer_name=marker)


@register_scope_builder("rights.legalaidreferral")
def _build_legal_aid(org, actor, marker):
    """A case kept at the union, accepted and referred to a legal aid centre named after the marker."""
    case = accept_case(actor, make_case(actor, org, handling_org=org, employer_name=f"{marker}用人单位"))
    return refer_legal_aid(actor, case, provider_kind="legal_aid_centre", provider_name=f"{marker}法律援助中心")


@register_scope_builder("rights.earlywarning")
def _build_warning(org, actor, marker):
    return raise_warning(actor, org, {"kind": "wage_arrears", "title": marker, "description": "欠薪两个月",
                                      "workers_involved": 80})

