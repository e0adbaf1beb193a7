from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CongressForm(models.TextChoices):
    """How an employer takes part in a congress: its own, or a regional or industry one for small employers."""

    OWN = "own", _("Own congress")
    REGIONAL = "regional", _("Regional congress")
    INDUSTRY = "industry", _("Industry congress")


class CongressBody(models.TextChoices):
    WORKERS = "workers", _("Workers' congress (职代会)")
    TEACHERS = "teachers", _("Teachers' congress (教代会)")


class DelegateCategory(models.TextChoices):
    FRONTLINE = "frontline", _("Frontline worker")
    TECHNICIAN = "technician", _("Technician")
    MANAGER = "manager", _("Manager")
    OTHER = "other", pgettext_lazy("delegate", "Other")


class SessionKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary session")
    JOINT = "joint", _("Joint meeting of delegation heads (联席会议)")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CLOSED = "closed", pgettext_lazy("session", "Closed")


class ItemKind(models.TextChoices):
    RULES = "rules", _("Rules and regulations")
    MAJOR = "major", _("Major decision")
    WAGES = "wages", _("Wage distribution")
    CONTRACT = "contract", _("Collective contract draft")
    WELFARE = "welfare", _("Welfare")
    APPRAISAL = "appraisal", _("Appraisal of managers")
    OTHER = "other", pgettext_lazy("agenda item", "Other")


class ItemResult(models.TextChoices):
    PENDING = "pending", _("Not voted")
    PASSED = "passed", _("Passed")
    REJECTED = "rejected", _("Not passed")


class MotionStatus(models.TextChoices):
    FILED = "filed", _("Filed")
    ACCEPTED = "accepted", _("Accepted as a motion")
    OPINION = "opinion", _("Turned into an opinion")
    ASSIGNED = "assigned", _("Assigned")
    ANSWERED = "answered", pgettext_lazy("motion", "Answered")
    IMPLEMENTED = "implemented", _("Implemented")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASIC = "basic", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Not satisfied")


class Stars(models.IntegerChoices):
    ONE = 1, _("One star")
    TWO = 2, _("Two stars")
    THREE = 3, _("Three stars")
    FOUR = 4, _("Four stars")
    FIVE = 5, _("Five stars")


# Ownerships counted as public (国有、集体、机关事业) in the split of the 建制率.
PUBLIC_OWNERSHIPS = ("state", "collective", "public")
# Agenda items that must pass the congress (审议率 counts the employer rules of these kinds).
QUORUM_NUMERATOR, QUORUM_DENOMINATOR = 2, 3
MOTION_REMIND_DAYS = 7
