from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SystemKind(models.TextChoices):
    """What the open-affairs system is called where it runs: 厂务公开 in enterprises, 校务公开 in schools, 院务公开
    in hospitals. One system, one set of rules."""

    FACTORY = "factory", _("Open affairs (厂务公开)")
    SCHOOL = "school", _("School affairs disclosure (校务公开)")
    HOSPITAL = "hospital", _("Hospital affairs disclosure (院务公开)")


class Category(models.TextChoices):
    WAGES = "wages", _("Wages and bonuses")
    WELFARE = "welfare", _("Welfare and insurance")
    SAFETY = "safety", _("Work safety")
    HIRING = "hiring", _("Hiring and staffing")
    DECISIONS = "decisions", _("Major decisions")
    BUSINESS = "business", _("Business affairs")
    OTHER = "other", _("Other")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")
    AS_NEEDED = "as_needed", _("At once, as it happens")


# Frequencies with a schedule of periods (an "as it happens" item is posted when something happens).
SCHEDULED = (Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.YEARLY)


class DisclosureForm(models.TextChoices):
    BOARD = "board", _("Notice board")
    MEETING = "meeting", _("Meeting")
    INTRANET = "intranet", _("Intranet")
    OTHER = "other", _("Other")


class PostingStatus(models.TextChoices):
    DUE = "due", _("To be posted")
    POSTED = "posted", _("Posted")


POSTING_STYLES = {PostingStatus.DUE: "text-bg-warning", PostingStatus.POSTED: "text-bg-success"}


class ProblemStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("problem", "Open")
    RECTIFIED = "rectified", _("Rectified")
    VERIFIED = "verified", _("Verified")


PROBLEM_STYLES = {ProblemStatus.OPEN: "text-bg-danger", ProblemStatus.RECTIFIED: "text-bg-warning",
                  ProblemStatus.VERIFIED: "text-bg-success"}

# Ownerships of the public sector (公有制): state-owned, collective, government organs and public institutions.
PUBLIC_OWNERSHIPS = ("state", "collective", "public")


class Sector(models.TextChoices):
    PUBLIC = "public", _("Public sector")
    NON_PUBLIC = "non_public", _("Non-public sector")


# How far back a catalogue item's schedule may start.
MAX_YEARS_BACK = 5
# The rules document: PDF or a scan.
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
