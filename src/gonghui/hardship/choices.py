"""Enumerations of hardship aid (困难职工帮扶) as users read them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Tier(models.TextChoices):
    DEEP = "deep", _("Deep hardship")  # 深度困难
    RELATIVE = "relative", _("Relative hardship")  # 相对困难
    ACCIDENT = "accident", _("Hardship by accident")  # 意外致困


class Cause(models.TextChoices):
    ILLNESS = "illness", _("Illness")
    DISABILITY = "disability", _("Disability")
    DISASTER = "disaster", _("Disaster")
    ACCIDENT = "accident", pgettext_lazy("cause", "Accident")
    SINGLE_PARENT = "single_parent", _("Single parent")
    UNEMPLOYMENT = "unemployment", _("Unemployment")
    SCHOOLING = "schooling", _("Children's schooling")
    OTHER = "other", pgettext_lazy("cause", "Other")


# Causes that make a household eligible for 意外致困 when its rigid expenses push it below the line.
SUDDEN_CAUSES = {Cause.ILLNESS, Cause.DISASTER, Cause.ACCIDENT}


class ArchiveStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("archive", "Draft")
    APPLIED = "applied", pgettext_lazy("archive", "Applied")
    VERIFYING = "verifying", _("Home visit (verifying)")
    NOTICE = "notice", _("Public notice")
    PENDING = "pending", _("Awaiting approval")
    ACTIVE = "active", pgettext_lazy("archive", "Active")
    REJECTED = "rejected", pgettext_lazy("archive", "Rejected")
    CLOSED = "closed", _("Closed (out of hardship)")


# An archive in one of these states holds its person and household: one per person in the whole system.
OPEN_STATUSES = (
    ArchiveStatus.DRAFT, ArchiveStatus.APPLIED, ArchiveStatus.VERIFYING, ArchiveStatus.NOTICE,
    ArchiveStatus.PENDING, ArchiveStatus.ACTIVE,
)


class Relation(models.TextChoices):
    SELF = "self", _("The worker")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Sibling")
    GRANDCHILD = "grandchild", _("Grandchild")
    OTHER = "other", pgettext_lazy("relation", "Other")


class Health(models.TextChoices):
    HEALTHY = "healthy", _("Healthy")
    CHRONIC = "chronic", _("Chronic illness")
    SERIOUS = "serious", _("Serious illness")
    DISABLED = "disabled", _("Disabled")


class WorkStatus(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    UNEMPLOYED = "unemployed", _("Unemployed")
    RETIRED = "retired", _("Retired")
    STUDENT = "student", _("Student")
    PRESCHOOL = "preschool", _("Pre-school child")
    UNABLE = "unable", _("Unable to work")


class Housing(models.TextChoices):
    OWNED = "owned", _("Own home")
    RENTED = "rented", _("Rented")
    PUBLIC = "public", _("Public rental housing")
    DORMITORY = "dormitory", _("Dormitory")
    NONE = "none", _("No fixed home")


class CampaignKind(models.TextChoices):
    WARMTH = "warmth", _("New Year and Spring Festival warmth (两节送温暖)")
    SCHOOL = "school", _("Golden autumn school aid (金秋助学)")
    SUMMER = "summer", _("Summer cooling (夏送清凉)")
    ILLNESS = "illness", _("Serious illness aid (大病救助)")
    LIVING = "living", _("Living aid (生活救助)")
    EMPLOYMENT = "employment", _("Employment aid (就业援助)")
    CUSTOM = "custom", _("Other campaign")


class Category(models.TextChoices):
    MODEL_WORKER = "model_worker", _("Model worker")
    MIGRANT = "migrant", _("Migrant worker")


class CampaignStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("campaign", "Open")
    CLOSED = "closed", pgettext_lazy("campaign", "Closed")


class RecipientStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", pgettext_lazy("recipient", "Approved")
    PAID = "paid", _("Paid")
    REJECTED = "rejected", pgettext_lazy("recipient", "Rejected")


# A recipient in one of these states holds the person's place in the campaign (once per campaign).
HOLDING_RECIPIENT_STATUSES = (RecipientStatus.PROPOSED, RecipientStatus.APPROVED, RecipientStatus.PAID)

# The badge of an archive's or a recipient's status in lists and on their pages.
STATUS_STYLES = {
    ArchiveStatus.DRAFT: "text-bg-secondary",
    ArchiveStatus.APPLIED: "text-bg-warning",
    ArchiveStatus.VERIFYING: "text-bg-warning",
    ArchiveStatus.NOTICE: "text-bg-warning",
    ArchiveStatus.PENDING: "text-bg-warning",
    ArchiveStatus.ACTIVE: "text-bg-success",
    ArchiveStatus.CLOSED: "text-bg-secondary",
    RecipientStatus.PROPOSED: "text-bg-warning",
    RecipientStatus.APPROVED: "text-bg-success",
    RecipientStatus.PAID: "text-bg-success",
    ArchiveStatus.REJECTED: "text-bg-danger",  # RecipientStatus.REJECTED has the same value
}


class PaymentKind(models.TextChoices):
    CASH = "cash", _("Cash or bank transfer")
    GOODS = "goods", _("Goods")
    CARD = "card", _("Shopping card")


class Occasion(models.TextChoices):
    """四必访: the four occasions a union must visit."""

    ILLNESS = "illness", _("Illness or hospital stay")
    UNIVERSITY = "university", _("Child entering university")
    FESTIVAL = "festival", _("Major holiday")
    FAMILY_EVENT = "family_event", _("Wedding or funeral")
    OTHER = "other", _("Other visit")


class TaskStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("task", "Open")
    DONE = "done", pgettext_lazy("task", "Done")


class EntryKind(models.TextChoices):
    INCOME = "income", _("Income")
    ALLOCATION_OUT = "allocation_out", _("Allocation to a lower union")
    ALLOCATION_IN = "allocation_in", _("Allocation from the upper union")
    PAYMENT = "payment", _("Aid payment")


class IncomeSource(models.TextChoices):
    UPPER = "upper", _("Upper-level allocation")
    UNION_FUNDS = "union_funds", _("Union funds")
    DONATION = "donation", _("Donation")
    OTHER = "other", pgettext_lazy("source", "Other")


DEFAULT_NOTICE_WORKING_DAYS = 5
DEFAULT_MIN_VISITS_PER_UNION = 5
DEFAULT_TASK_LEAD_DAYS = 14
PHOTO_MAX_BYTES = 5 * 1024 * 1024
