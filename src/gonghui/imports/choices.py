from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    MEMBERS = "members", _("Members")
    ORGS = "orgs", _("Organisations")
    UNITS = "units", _("Employer units")
    COLLECTIVE_CONTRACTS = "collective_contracts", _("Collective contracts")
    LABOUR_CONTRACTS = "labour_contracts", _("Labour-contract coverage")


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
