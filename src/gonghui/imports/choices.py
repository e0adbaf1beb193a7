from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.registry import registry


def import_kind_choices():
    """(key, label) of the sheets the areas take (``AreaConfig.import_kinds``): read from the registry, so a new
    area's import needs no change (nor migration) here."""
    return [(kind.key, kind.label) for kind in registry.import_kinds.values()]


def is_import_kind(value):
    return isinstance(value, str) and value in registry.import_kinds


class ImportMode(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", _("Import only if no row has an error")
    SKIP_INVALID = "skip_invalid", _("Import the valid rows, skip the rows with errors")


class ImportStatus(models.TextChoices):
    """uploaded → validating → validated → importing → done; failed / cancelled at any running step."""

    UPLOADED = "uploaded", _("Uploaded")
    VALIDATING = "validating", _("Checking")
    VALIDATED = "validated", _("Checked, waiting for confirmation")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


RUNNING_STATUSES = (ImportStatus.VALIDATING, ImportStatus.IMPORTING)
