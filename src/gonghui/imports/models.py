import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.modelfields import created_field, org_field
from gonghui.core.querysets import ScopedQuerySet

from .choices import ImportMode, ImportStatus, import_kind_choices


class ImportJob(models.Model):
    """One uploaded spreadsheet: checked (dry run) first, then imported in batches on confirmation.

    Progress (``rows_done`` of ``rows_total`` in the current phase) is written with each committed batch,
    so a killed worker leaves the job resumable from ``rows_committed`` and the registry consistent.
    """

    scope_org_fields = ("org",)

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("what"), max_length=40)  # a key of registry.import_kinds
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT,
                             related_name="+")
    # The organisation the import works in: its subtree bounds what rows may name; for members it is
    # also the union used when a row names none.
    org = org_field(_("organisation"))
    mode = models.CharField(_("mode"), max_length=20, choices=ImportMode.choices, default=ImportMode.ALL_OR_NOTHING)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.UPLOADED,
                              db_index=True)

    # The file, stored under MEDIA_ROOT/imports/ (outside the web root), removed after retention.
    file_path = models.CharField(max_length=300, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    file_size = models.PositiveBigIntegerField(_("file size"), default=0)
    file_sha256 = models.CharField(max_length=64, editable=False, blank=True)
    file_format = models.CharField(_("format"), max_length=10, blank=True)  # xlsx, xls, ods, csv
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)  # for csv
    header_map = models.JSONField(_("column mapping"), default=dict, blank=True)  # column index → field
    unknown_columns = models.JSONField(_("unknown columns"), default=list, blank=True)

    # Progress of the current phase.
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows processed"), default=0)
    rows_committed = models.PositiveIntegerField(_("rows committed"), default=0)  # resume point of the import
    phase_started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=100, blank=True)  # "pid@host" or a Celery task id
    cancel_requested = models.BooleanField(default=False)

    # Outcome of the check (dry run) and of the import.
    to_create = models.PositiveIntegerField(_("new"), default=0)
    to_update = models.PositiveIntegerField(_("to update"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    error_rows = models.PositiveIntegerField(_("rows with errors"), default=0)
    created = models.PositiveIntegerField(_("records created"), default=0)
    updated = models.PositiveIntegerField(_("records updated"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    preview = models.JSONField(_("preview"), default=dict, blank=True)  # first errors, sample of changes
    message = models.TextField(_("message"), blank=True)  # why it failed, in the user's words

    created_at = created_field(_("uploaded"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("file kept until"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.original_name}"

    def get_absolute_url(self):
        return reverse("imports:job_detail", args=[self.pk])

    def get_kind_display(self):
        return dict(import_kind_choices()).get(self.kind, self.kind)

    def audit_org(self):
        return self.org


class ImportRowError(models.Model):
    """One problem in one cell (or row) of an uploaded sheet, in the words shown to the user."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="row_errors")
    row = models.PositiveIntegerField(_("row"))  # the spreadsheet row number as Excel shows it
    column = models.CharField(_("column"), max_length=100, blank=True)  # the header as written in the file
    field = models.CharField(max_length=50, blank=True)
    message = models.TextField(_("problem"))

    class Meta:
        verbose_name = _("import error")
        verbose_name_plural = _("import errors")
        ordering = ["job", "row", "id"]
        indexes = [models.Index(fields=["job", "row"])]

    def __str__(self):
        return f"{self.row}: {self.column} {self.message}"
