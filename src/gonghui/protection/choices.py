import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# A hazard "fixed by a deadline" gets this many days unless the inspector sets another date.
DEFAULT_FIX_DAYS = 30
DUE_SOON_DAYS = 7


def fix_days():
    return int(getattr(settings, "GONGHUI_PROTECTION_FIX_DAYS", DEFAULT_FIX_DAYS))


def default_deadline(found_on):
    return found_on + datetime.timedelta(days=fix_days())


class InspectionKind(models.TextChoices):
    SAFETY = "safety", _("Work safety (安全生产)")
    HEALTH = "health", _("Occupational health (职业卫生)")
    LABOUR_LAW = "labour_law", _("Labour-law supervision (劳动法律监督)")


class InspectionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("protection", "Open")
    CLOSED = "closed", pgettext_lazy("protection", "Closed")


class ChecklistItem(models.TextChoices):
    # labour-law supervision (the yearly 《工会法》 inspection and the migrant workers' wage checks)
    UNION_SET_UP = "union_set_up", _("Union set up")
    COLLECTIVE_CONTRACT = "collective_contract", _("Collective contract")
    WAGES_ON_TIME = "wages_on_time", _("Wages paid on time and in full")
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance")
    WORKING_HOURS = "working_hours", _("Working hours and rest")
    UNION_FUNDS = "union_funds", _("Union funds remitted")
    WOMEN_PROTECTION = "women_protection", _("Women workers' protection")
    # work safety
    SAFETY_RULES = "safety_rules", _("Safety rules and responsibilities")
    EQUIPMENT = "equipment", _("Machinery, electricity and equipment")
    FIRE = "fire", _("Fire safety and exits")
    PROTECTIVE_GEAR = "protective_gear", _("Protective gear")
    TRAINING = "training", _("Safety training (一法三卡)")
    # occupational health
    EXPOSURE = "exposure", _("Dust, noise and harmful substances")
    HEALTH_CHECKS = "health_checks", _("Occupational health checks")
    OTHER = "other", _("Other")


L, S = InspectionKind, ChecklistItem
CHECKLISTS = {
    L.LABOUR_LAW: (S.UNION_SET_UP, S.COLLECTIVE_CONTRACT, S.WAGES_ON_TIME, S.SOCIAL_INSURANCE, S.WORKING_HOURS,
                   S.UNION_FUNDS, S.WOMEN_PROTECTION, S.OTHER),
    L.SAFETY: (S.SAFETY_RULES, S.EQUIPMENT, S.FIRE, S.PROTECTIVE_GEAR, S.TRAINING, S.OTHER),
    L.HEALTH: (S.EXPOSURE, S.HEALTH_CHECKS, S.PROTECTIVE_GEAR, S.TRAINING, S.OTHER),
}


class Severity(models.TextChoices):
    GENERAL = "general", _("General (一般)")
    MAJOR = "major", _("Major (重大)")


class FixMode(models.TextChoices):
    AT_ONCE = "at_once", _("Fixed on the spot (当场整改)")
    BY_DEADLINE = "by_deadline", _("Fix by a deadline (限期整改)")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("To be fixed")
    RESPONDED = "responded", _("Employer responded, to re-inspect")
    FIXED = "fixed", _("Fixed")


OPEN_STATUSES = (FindingStatus.OPEN, FindingStatus.RESPONDED)


class AwardCategory(models.TextChoices):
    ENTERPRISE = "enterprise", _("Winning enterprise (优胜企业)")
    ORGANISER = "organiser", _("Excellent organising unit (优秀组织单位)")
    TEAM = "team", _("Winning team (优胜班组)")
    INDIVIDUAL = "individual", _("Excellent individual (优秀个人)")


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Enrolling and scoring")
    CLOSED = "closed", _("Awards announced")


class AccidentStatus(models.TextChoices):
    OPEN = "open", _("Under investigation")
    CLOSED = "closed", _("Closed (四不放过 done)")


# The four "不放过" of an accident investigation: every one recorded before it closes.
FOUR_NOT_LET_GO = ("cause", "responsibility", "measures", "education")
