"""Documents of a case (evidence, agreements, written consents): checked by content, stored outside the web root
with ``store_upload``, and deleted again when the transaction that adds their row rolls back."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.attachments import atomic_with_files, check_upload, store_upload
from gonghui.core.models import AuditAction

from ..choices import DOCUMENT_ACCEPTED, DOCUMENT_MAX_BYTES
from ..models import Case, CaseDocument, document_storage
from .common import _clean_text


def _max_bytes():
    return int(getattr(settings, "GONGHUI_RIGHTS_DOCUMENT_MAX_BYTES", DOCUMENT_MAX_BYTES))


def check_document(upload):
    return check_upload(upload, field="document", types=DOCUMENT_ACCEPTED, max_bytes=_max_bytes())


def store_document(user, case, upload, description, from_worker=False):
    """Store ``upload`` as a document of ``case``. Callers run inside ``atomic_with_files``: when their block rolls
    back, the file is deleted again."""
    stored = store_upload(upload, storage=document_storage(), folder=f"cases/{case.pk}", field="document",
                          types=DOCUMENT_ACCEPTED, max_bytes=_max_bytes(), default_name="document")
    return CaseDocument.objects.create(
        case=case, file=stored.name, file_name=stored.file_name, file_type=stored.file_type,
        file_size=stored.file_size, description=description[:200], from_worker=from_worker,
        uploaded_by=user if getattr(user, "is_authenticated", False) else None)


@atomic_with_files()
def add_document(user, case, upload, description=""):
    Case.workflow.require(case, user, "document")
    errors = {}
    description = _clean_text(description, "description", "", 200, errors, required=False)
    if upload is None:
        errors["document"] = _("Choose a file.")
    if errors:
        raise ValidationError(errors)
    doc = store_document(user, case, upload, description)
    audit.record(AuditAction.UPDATE, case, user=user, transition="document", note=doc.file_name)
    return doc
