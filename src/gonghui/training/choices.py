from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CourseKind(models.TextChoices):
    SKILLS = "skills", _("Vocational skills (职业技能)")
    STARTUP = "startup", _("Starting a business (创业)")
    DOMESTIC = "domestic", _("Domestic services (家政)")
    NIGHT_SCHOOL = "night_school", _("Migrant workers' night school (农民工夜校)")
    CADRE = "cadre", _("Union cadre training (工会干部培训)")
    DEGREE = "degree", _("Degree study (学历提升)")


class CourseStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("training", "Planned")
    OPEN = "open", _("Open for enrolment")
    RUNNING = "running", pgettext_lazy("training", "Running")
    FINISHED = "finished", pgettext_lazy("training", "Finished")
    CANCELLED = "cancelled", pgettext_lazy("training", "Cancelled")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    COMPLETED = "completed", _("Completed")
    NOT_COMPLETED = "not_completed", _("Not completed")
    WITHDRAWN = "withdrawn", pgettext_lazy("training", "Withdrawn")


class EnrolmentChannel(models.TextChoices):
    PORTAL = "portal", _("Member portal")
    STAFF = "staff", _("By the union")


class CertificateLevel(models.TextChoices):
    LEVEL_5 = "5", _("Level 5 (初级工)")
    LEVEL_4 = "4", _("Level 4 (中级工)")
    LEVEL_3 = "3", _("Level 3 (高级工)")
    LEVEL_2 = "2", _("Level 2 (技师)")
    LEVEL_1 = "1", _("Level 1 (高级技师)")


class DegreeLevel(models.TextChoices):
    BACHELOR = "bachelor", _("Bachelor's degree (本科)")
    ASSOCIATE = "associate", _("Associate degree (专科)")


# 职工学历提升行动: a grant to a member who completes degree study, by level; configurable
# (settings.GONGHUI_DEGREE_GRANTS, yuan).
DEFAULT_DEGREE_GRANTS = {DegreeLevel.BACHELOR: "2000", DegreeLevel.ASSOCIATE: "1000"}


def degree_grant(level):
    """The grant (yuan, a Decimal) for completing degree study of ``level``; None for none."""
    grants = getattr(settings, "GONGHUI_DEGREE_GRANTS", DEFAULT_DEGREE_GRANTS)
    amount = grants.get(level) if level else None
    return Decimal(str(amount)) if amount not in (None, "") else None


# Enrolments that hold a place in a course (its capacity).
PLACE_HOLDING = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED)
DEFAULT_MIN_ATTENDANCE = 80


class AttendanceMark(models.TextChoices):
    PRESENT = "present", pgettext_lazy("training", "present")
    ABSENT = "absent", _("Absent")


# Employment services (就业服务).
class SeekerStatus(models.TextChoices):
    SEEKING = "seeking", _("Seeking work")
    PLACED = "placed", _("Placed in a job")
    CLOSED = "closed", _("No longer seeking")


class ReferralStatus(models.TextChoices):
    REFERRED = "referred", _("Referred")
    PLACED = "placed", _("Placed")
    NOT_PLACED = "not_placed", _("Not placed")


class Transport(models.TextChoices):
    BUS = "bus", _("Chartered bus")
    TRAIN = "train", _("Train (group tickets)")
    PLANE = "plane", _("Flight (group tickets)")
    OTHER = "other", pgettext_lazy("transport", "Other")


# A placement is followed up this many days after it (whether the person is still in the job).
FOLLOW_UP_DAYS = 90
