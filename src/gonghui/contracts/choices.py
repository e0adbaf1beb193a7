import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Both periods of 报送审查 are configurable (settings); the law's defaults.
DEFAULT_SUBMISSION_DAYS = 10
DEFAULT_EFFECT_DAYS = 15
DEFAULT_EXPIRING_DAYS = 90


def submission_days():
    return int(getattr(settings, "GONGHUI_CONTRACT_SUBMISSION_DAYS", DEFAULT_SUBMISSION_DAYS))


def effect_days():
    return int(getattr(settings, "GONGHUI_CONTRACT_EFFECT_DAYS", DEFAULT_EFFECT_DAYS))


def expiring_days():
    return int(getattr(settings, "GONGHUI_CONTRACT_EXPIRING_DAYS", DEFAULT_EXPIRING_DAYS))


def submission_due(signed_on):
    return signed_on + datetime.timedelta(days=submission_days())


class ContractType(models.TextChoices):
    COMPREHENSIVE = "comprehensive", _("Comprehensive (综合)")
    WAGE = "wage", _("Wage (工资专项)")
    WOMEN = "women", _("Women workers' special protection (女职工特殊保护专项)")
    SAFETY = "safety", _("Occupational safety and health (劳动安全卫生专项)")


class ContractStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("contracts", "Draft")
    SIGNED = "signed", _("Signed")
    SUBMITTED = "submitted", _("Submitted for review")
    IN_FORCE = "in_force", _("In force")
    OBJECTED = "objected", _("Objected to by the labour department")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


# A contract that binds (or will bind) its employers: the overlap rule holds among these.
ACTIVE_STATUSES = (ContractStatus.SIGNED, ContractStatus.SUBMITTED, ContractStatus.IN_FORCE)
