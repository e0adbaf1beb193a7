from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Loan limits by applicant kind (yuan); configurable (settings.GONGHUI_LOAN_LIMITS), the seeds' defaults.
DEFAULT_LOAN_LIMITS = {"graduate": 100000, "woman": 80000, "other": 50000, "partnership": 500000}
DEFAULT_DORMANT_DAYS = 180
DEFAULT_MERCHANT_EXPIRING_DAYS = 30


def loan_limit(kind):
    limits = {**DEFAULT_LOAN_LIMITS, **getattr(settings, "GONGHUI_LOAN_LIMITS", {})}
    return Decimal(limits.get(kind, DEFAULT_LOAN_LIMITS["other"]))


def dormant_days():
    return int(getattr(settings, "GONGHUI_CARD_DORMANT_DAYS", DEFAULT_DORMANT_DAYS))


def merchant_expiring_days():
    return int(getattr(settings, "GONGHUI_MERCHANT_EXPIRING_DAYS", DEFAULT_MERCHANT_EXPIRING_DAYS))


class CardStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    DELIVERED = "delivered", _("Delivered to the member")
    ACTIVE = "active", _("Activated")
    CANCELLED = "cancelled", _("Cancelled")


LIVE_CARD_STATUSES = (CardStatus.ISSUED, CardStatus.DELIVERED, CardStatus.ACTIVE)


class MerchantCategory(models.TextChoices):
    FOOD = "food", _("Catering")
    SHOPPING = "shopping", _("Shopping")
    HEALTH = "health", _("Health and medicine")
    LEISURE = "leisure", _("Leisure and travel")
    SERVICES = "services", _("Daily services")


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open for enrolment")
    CLOSED = "closed", pgettext_lazy("benefits", "Closed")


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")
    REJECTED = "rejected", _("Rejected")


class PayoutChannel(models.TextChoices):
    CARD = "card", _("To the service card")
    BANK = "bank", _("To a bank account")


class ApplicantKind(models.TextChoices):
    GRADUATE = "graduate", _("College graduate")
    WOMAN = "woman", _("Woman worker")
    OTHER = "other", _("Other worker")
    PARTNERSHIP = "partnership", _("Partnership")


class ProjectKind(models.TextChoices):
    """The "五小" projects a micro-loan funds."""

    SHOP = "shop", _("Small shop (小店)")
    WORKSHOP = "workshop", _("Small workshop (小厂)")
    STALL = "stall", _("Small stall (小摊)")
    FARM = "farm", _("Small farm (小养殖)")
    SERVICE = "service", _("Small service (小服务)")


class LoanPurpose(models.TextChoices):
    START = "start", _("Starting a business")
    BUSINESS = "business", _("Running an existing business")


class LoanStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    APPROVED = "approved", _("Approved by the bank")
    DISBURSED = "disbursed", _("Disbursed")
    REPAID = "repaid", _("Repaid")
    DEFAULTED = "defaulted", _("Defaulted")
    REJECTED = "rejected", _("Rejected")


# Loans that count against the county cap.
COUNTED_LOAN_STATUSES = (LoanStatus.APPROVED, LoanStatus.DISBURSED, LoanStatus.REPAID, LoanStatus.DEFAULTED)


class InsuranceKind(models.TextChoices):
    """Group insurance a union buys for its members (e.g. "564名女职工参加安康保险")."""

    WOMEN = "women", _("Women workers' health insurance (女职工安康保险)")
    MODEL_WORKERS = "model", _("Model workers' critical illness cover")
    ACCIDENT = "accident", _("Workers' accident insurance")
    OTHER = "other", _("Other group insurance")


class InsuranceClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Sent to the insurer")
    PAID = "paid", _("Paid by the insurer")
    REJECTED = "rejected", _("Declined by the insurer")
