"""Uploaded documents (scans, photos, evidence): checked by content, stored outside the web root, downloaded.

Every app that keeps files uses these pieces, so the rules hold everywhere:

- :func:`check_upload` limits the size and recognises the type by the file's first bytes, never by its name
  or the browser's claim; anything else (HTML, scripts, archives) is refused with a message on the field.
- :class:`DataStorage` keeps files under ``MEDIA_ROOT/<area>`` (the data directory, never served statically).
- :func:`download_response` sends a file as a download, never inline, with ``nosniff`` and a sandboxing CSP,
  so even a file that slipped through cannot run in the browser.
"""

from __future__ import annotations

import secrets
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Accepted documents, recognised by their first bytes.
DOCUMENT_TYPES = {
    "application/pdf": (b"%PDF-", ".pdf"),
    "image/jpeg": (b"\xff\xd8\xff", ".jpg"),
    "image/png": (b"\x89PNG\r\n\x1a\n", ".png"),
}
IMAGE_TYPES = {k: v for k, v in DOCUMENT_TYPES.items() if k.startswith("image/")}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def max_upload_bytes():
    return int(getattr(settings, "GONGHUI_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


@deconstructible
class DataStorage(FileSystemStorage):
    """Files of one area under ``MEDIA_ROOT/<area>``, resolved when used (tests change MEDIA_ROOT)."""

    def __init__(self, area: str):
        self.area = area
        super().__init__(location=None, base_url=None)

    @property
    def base_location(self):
        return str(Path(settings.MEDIA_ROOT) / self.area)

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    def __eq__(self, other):
        return isinstance(other, DataStorage) and other.area == self.area


def _type_label(types):
    return "、".join(ext.lstrip(".").upper() for _magic, ext in types.values())


def check_upload(upload, *, field="attachment", types=None, max_bytes=None, what=None):
    """(content type, extension) of an upload recognised by its content; ValidationError on ``field`` otherwise.

    ``what`` names the document in the message ("The scanned letter ..."); by default "The file".
    """
    types = types or DOCUMENT_TYPES
    limit = max_bytes or max_upload_bytes()
    subject = what or _("The file")
    size = getattr(upload, "size", None)
    if size is None or size > limit:
        raise ValidationError({field: _("%(what)s is larger than %(mb)s MB.") % {
            "what": subject, "mb": f"{limit / 1024 / 1024:g}"}})
    if size == 0:
        raise ValidationError({field: _("The file is empty.")})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for content_type, (magic, ext) in types.items():
        if head.startswith(magic):
            return content_type, ext
    raise ValidationError({field: _("%(what)s must be one of these types: %(types)s.") % {
        "what": subject, "types": _type_label(types)}})


def safe_name(name, ext, default="file"):
    """A download name from the uploaded one: no path, no quotes, the extension of the real type."""
    stem = Path(name or "").stem.replace("/", "_").replace("\\", "_").replace('"', "").strip()[:100] or default
    return stem + ext


def download_response(storage, name, filename, content_type):
    """The stored file ``name`` as a download (never inline); 404 when it is gone."""
    if not name:
        raise Http404
    try:
        handle = storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=filename or "file",
                            content_type=content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# --- files written inside a transaction ----------------------------------------------------------------------
#
# A file is written to disk at once, but the row naming it exists only if the transaction commits. Django has
# on_commit hooks and no on_rollback hooks, so a file saved inside a transaction is paired with an on_commit
# callback that marks it kept; a file whose callback was dropped (its transaction or savepoint rolled back) is
# deleted by ``discard_uncommitted_files``, which ``atomic_with_files`` calls when its block ends (and the
# request_finished signal calls after every request, for rollbacks of blocks opened elsewhere).

_uncommitted = threading.local()


class _PendingFile:
    __slots__ = ("storage", "name", "kept", "callback")

    def __init__(self, storage, name):
        self.storage, self.name, self.kept = storage, name, False

        def keep_file():  # the on_commit callback: the row naming the file was committed
            self.kept = True

        self.callback = keep_file


def _pending(using):
    return _uncommitted.__dict__.setdefault(using, [])


def delete_on_rollback(storage, name, using=None):
    """Delete the stored file ``name`` again unless the current transaction commits.

    Outside a transaction there is nothing to roll back and the file stays. Within one, the deletion happens
    when ``discard_uncommitted_files`` runs after the rollback (see ``atomic_with_files``).
    """
    using = using or DEFAULT_DB_ALIAS
    if not name or not transaction.get_connection(using).in_atomic_block:
        return
    entry = _PendingFile(storage, name)
    _pending(using).append(entry)
    transaction.on_commit(entry.callback, using=using)


def discard_uncommitted_files(using=None, **_signal_kwargs):
    """Delete the files whose transaction (or savepoint) rolled back. Returns how many were deleted.

    A file is still undecided while its on_commit callback waits in the connection's queue; it is kept once the
    callback ran; it was rolled back when the callback left the queue without running.
    """
    using = using or DEFAULT_DB_ALIAS
    entries = _pending(using)
    if not entries:
        return 0
    connection = transaction.get_connection(using)
    waiting = {id(item[1]) for item in connection.run_on_commit} if connection.in_atomic_block else set()
    still, deleted = [], 0
    for entry in entries:
        if entry.kept:
            continue
        if id(entry.callback) in waiting:
            still.append(entry)
            continue
        entry.storage.delete(entry.name)
        deleted += 1
    entries[:] = still
    return deleted


@contextmanager
def atomic_with_files(using=None):
    """``transaction.atomic`` that deletes the files saved in it (``delete_on_rollback``) when it rolls back.

    Usable as a decorator. Nested in an outer transaction that rolls back later, the files go when that outer
    block is an ``atomic_with_files`` too, or at the end of the request.
    """
    try:
        with transaction.atomic(using=using):
            yield
    finally:
        discard_uncommitted_files(using)


# --- storing an upload, and the columns every stored file has ----------------------------------------------------


@dataclass(frozen=True)
class StoredUpload:
    name: str  # the path in the storage
    file_name: str  # the name it downloads under
    file_type: str  # the content type recognised from its first bytes
    file_size: int


def store_upload(upload, *, storage, folder, field="attachment", types=None, max_bytes=None, what=None,
                 default_name="file"):
    """Check ``upload`` (:func:`check_upload`), save it under ``folder`` with a random name and the extension of
    its real type, and have it deleted again if the current transaction rolls back (callers run inside
    :func:`atomic_with_files`). Every area stores files through this one function."""
    file_type, ext = check_upload(upload, field=field, types=types, max_bytes=max_bytes, what=what)
    name = storage.save(f"{folder}/{secrets.token_hex(8)}{ext}", upload)
    delete_on_rollback(storage, name)
    return StoredUpload(name=name, file_name=safe_name(getattr(upload, "name", ""), ext, default_name),
                        file_type=file_type, file_size=upload.size)


class Attachment(models.Model):
    """The columns of a stored file, named alike in every area. A subclass declares ``file`` with its area's
    storage (``models.FileField(storage=..., max_length=200)``) and stores uploads with :meth:`attach`."""

    file_name = models.CharField(gettext_lazy("file name"), max_length=200, blank=True)
    file_type = models.CharField(gettext_lazy("file type"), max_length=50, blank=True)
    file_size = models.PositiveIntegerField(gettext_lazy("size (bytes)"), default=0)

    class Meta:
        abstract = True

    def attach(self, stored: StoredUpload):
        """Point the record at a stored upload (the caller saves the record)."""
        self.file.name = stored.name
        self.file_name, self.file_type, self.file_size = stored.file_name, stored.file_type, stored.file_size
        return self

    def download(self):
        return download_response(self.file.storage, self.file.name, self.file_name, self.file_type)
