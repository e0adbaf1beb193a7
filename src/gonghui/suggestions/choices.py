from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SuggestionStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("suggestion", "Submitted")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", pgettext_lazy("suggestion", "Closed")


class Category(models.TextChoices):
    WORK = "work", _("Working conditions")
    PAY = "pay", _("Pay and benefits")
    SAFETY = "safety", _("Safety and health")
    ACTIVITIES = "activities", _("Union activities")
    MANAGEMENT = "management", _("Management of the enterprise")
    OTHER = "other", _("Other")


ANSWERED_STATUSES = (SuggestionStatus.ANSWERED, SuggestionStatus.CLOSED)
DUE_AFTER_DAYS = 7  # not answered after this many days: due
OVERDUE_AFTER_DAYS = 15  # and after this many: overdue
