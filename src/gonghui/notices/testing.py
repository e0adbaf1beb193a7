"""Scope builders of notices (the scope matrix, ModelViewTests) and small helpers for the area's tests."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.core.testing import register_scope_builder

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="notice.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def draft_notice(actor, org, title="关于开展职工疗休养活动的通知", *, audience="subtree", target_orgs=(),
                 target_units=(), uploads=(), publish_from=None, publish_until=None, body="请各基层工会做好组织工作。"):
    from .services import save_notice

    return save_notice(actor, None, org, title=title, body=body, audience=audience,
                       publish_from=publish_from or timezone.now() - datetime.timedelta(minutes=1),
                       publish_until=publish_until, target_orgs=target_orgs, target_units=target_units,
                       uploads=uploads)


@register_scope_builder("notices.notice")
def _build_notice(org, actor, marker):
    """A draft notice of the union, its title carrying the marker."""
    return draft_notice(actor, org, title=f"{marker}通知")
