"""Scope-matrix builders for the targets app (loaded by gonghui.core.testing.load_app_builders)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.testing import register_scope_builder

from .services import create_letter, set_target

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="letter.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@register_scope_builder("targets.target")
def _build_target(org, actor, marker):
    """A target handed down by the union's parent; the note carries the marker."""
    return set_target(actor, org.get_parent(), datetime.date.today().year, org, "new_members", 10, note=marker)


@register_scope_builder("targets.responsibilityletter")
def _build_letter(org, actor, marker):
    return create_letter(
        actor, org.get_parent(), org, datetime.date.today().year,
        {"issuer_signatory": f"{marker}甲", "org_signatory": marker, "signed_on": datetime.date.today()},
        attachment=pdf_upload(f"{marker}.pdf"),
    )
