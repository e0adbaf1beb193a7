from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_NOTICE_DAYS = 5


def default_notice_days():
    return int(getattr(settings, "GONGHUI_HONOUR_NOTICE_DAYS", DEFAULT_NOTICE_DAYS))


class HonourCategory(models.TextChoices):
    MODEL_WORKER = "model_worker", _("Model worker (劳动模范)")
    ADVANCED_WORKER = "advanced_worker", _("Advanced worker (先进工作者)")
    MAY_DAY_MEDAL = "may_day_medal", _("May Day labour medal (五一劳动奖章)")
    MAY_DAY_AWARD = "may_day_award", _("May Day labour award (五一劳动奖状)")
    VANGUARD = "vanguard", _("Workers' vanguard team (工人先锋号)")
    UNION_WORKER = "union_worker", _("Outstanding union worker (优秀工会工作者)")
    ACTIVIST = "activist", _("Union activist (工会积极分子)")
    CUSTOM = "custom", _("Other honour")


class HonourLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    CITY = "city", _("City")
    DISTRICT = "district", _("District or county")


LEVEL_RANK = {HonourLevel.NATIONAL: 4, HonourLevel.PROVINCIAL: 3, HonourLevel.CITY: 2, HonourLevel.DISTRICT: 1}


class RecipientKind(models.TextChoices):
    PERSON = "person", _("A person")
    TEAM = "team", _("A team")
    EMPLOYER = "employer", _("An employer")


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open for recommendations")
    CLOSED = "closed", _("Closed")


class RecommendationStatus(models.TextChoices):
    RECOMMENDED = "recommended", _("Recommended")
    REVIEWED = "reviewed", _("Passed the review above")
    ON_NOTICE = "on_notice", _("On public notice")
    APPROVED = "approved", _("Approved")
    AWARDED = "awarded", _("Awarded")
    REJECTED = "rejected", _("Not selected")


class WorkerStatus(models.TextChoices):
    WORKING = "working", _("Working")
    RETIRED = "retired", _("Retired")
    DECEASED = "deceased", _("Deceased")


class AllowanceKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly allowance")
    RETIREMENT = "retirement", _("Retirement honour allowance")
    ONE_OFF = "one_off", _("One-off award (一次性奖励)")  # paid once to each worker the rule covers, in one run


class RunStatus(models.TextChoices):
    DRAFT = "draft", _("Drawn up")
    PAID = "paid", _("Paid")


class CareKind(models.TextChoices):
    REST_TRIP = "rest_trip", _("Rest trip (疗休养)")
    HEALTH_CHECK = "health_check", _("Health check (健康体检)")


class CareRoundStatus(models.TextChoices):
    OPEN = "open", _("Open for sign-up")
    DONE = "done", _("Attendance recorded")


class SupportKind(models.TextChoices):
    HOLIDAY_VISIT = "holiday_visit", _("Holiday visit (节日慰问)")
    SICK_VISIT = "sick_visit", _("Visit when ill (住院慰问)")
    STUDY_GRANT = "study_grant", _("Study grant (助学)")
    ONE_OFF = "one_off", _("One-off award (一次性奖励)")
