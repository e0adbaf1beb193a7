from django.db import models
from django.utils.translation import gettext_lazy as _


class CadrePosition(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    COMMITTEE = "committee", _("Committee member")
    STAFF = "staff", _("Union staff")
    SOCIAL_WORKER = "social_worker", _("Social worker employed by the union")


class Engagement(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time")
    PART_TIME = "part_time", _("Part-time")


class ElectionStatus(models.TextChoices):
    CANDIDATES = "candidates", _("Proposing candidates")
    REVIEW = "review", _("Candidates under review")
    APPROVED = "approved", _("Candidates approved")
    HELD = "held", _("Election held")
    CONFIRMED = "confirmed", _("Result approved")
    RETURNED = "returned", _("Returned")


ELECTION_STYLES = {
    ElectionStatus.CANDIDATES: "text-bg-light", ElectionStatus.REVIEW: "text-bg-warning",
    ElectionStatus.APPROVED: "text-bg-info", ElectionStatus.HELD: "text-bg-primary",
    ElectionStatus.CONFIRMED: "text-bg-success", ElectionStatus.RETURNED: "text-bg-secondary",
}


class ApprovalKind(models.TextChoices):
    FOUNDING = "founding", _("Founding")
    ELECTION = "election", _("Election result")
    CHANGE = "change", _("Change (name, chair, merger)")


class ApprovalStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")


APPROVAL_STYLES = {ApprovalStatus.REQUESTED: "text-bg-warning", ApprovalStatus.APPROVED: "text-bg-success",
                   ApprovalStatus.REJECTED: "text-bg-secondary"}


class ArchiveKind(models.TextChoices):
    SEAL = "seal", _("Seal")
    BANK_ACCOUNT = "bank_account", _("Bank account")
    REGISTRATION = "registration", _("Legal person registration certificate")
    APPROVAL = "approval", _("Approval document")
    ELECTION = "election", _("Election documents")
    OTHER = "other", _("Other")


CANDIDATE_POSITIONS = CadrePosition.choices[:3]  # chair, vice chair, committee member
