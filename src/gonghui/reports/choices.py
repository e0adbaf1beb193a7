from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", pgettext_lazy("report", "Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", pgettext_lazy("report", "Accepted")


# Reports the union may still edit and submit.
EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)
