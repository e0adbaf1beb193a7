"""Builders of the imports area for the scope matrix (``AreaConfig.testing``)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.testing import make_id_number, make_phone, register_scope_builder
from gonghui.imports.services import create_job


@register_scope_builder("imports.importjob")
def _build_import_job(org, actor, marker):
    """An uploaded (not yet checked) member sheet whose file name carries the marker."""
    csv_bytes = "姓名,居民身份证号,手机号码\n".encode() + f"{marker},{make_id_number()},{make_phone()}\n".encode()
    upload = SimpleUploadedFile(f"{marker}.csv", csv_bytes, content_type="text/csv")
    return create_job(actor, "members", upload, org, "skip_invalid")
