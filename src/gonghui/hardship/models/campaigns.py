"""Aid campaigns (两节送温暖, 金秋助学 ...), the people proposed for them and what they were given.

"Once per campaign" lives in the database: ``AidRecipient`` has a partial unique index on (campaign, person_hash)
for the recipients that hold a place (proposed, approved, paid), so two unions racing cannot both propose a person.
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core import scope
from gonghui.core.modelfields import created_field, org_field, recorded_fields, user_field
from gonghui.core.models import ScopedModel
from gonghui.core.pii import EncryptedCharField
from gonghui.core.workflow import Transition, Workflow

from ..choices import (
    HOLDING_RECIPIENT_STATUSES,
    STATUS_STYLES,
    CampaignKind,
    CampaignStatus,
    PaymentKind,
    RecipientStatus,
)
from .archives import HardshipArchive
from .common import MONEY, may_decide_above, only_above


def _proposes(user, campaign):
    """A union proposes where the user may change and handle assistance (the union is chosen on the form)."""
    return scope.can(user, "change", None) and scope.can(user, "assist", None)


class AidCampaign(ScopedModel):
    """An aid campaign (两节送温暖, 金秋助学 ...) opened by the city or a district for the unions taking part."""

    org = org_field(_("opened by"), "aid_campaigns")
    kind = models.CharField(_("kind"), max_length=12, choices=CampaignKind.choices)
    name = models.CharField(_("name"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    budget = models.DecimalField(_("budget"), **MONEY, validators=[MinValueValidator(0)])
    needs_archive = models.BooleanField(_("recipients need an active archive"), default=True)
    eligible_tiers = models.JSONField(_("eligible tiers"), default=list, blank=True)
    eligible_categories = models.JSONField(_("eligible categories"), default=list, blank=True)
    school_entry_year = models.PositiveSmallIntegerField(_("school entry year (金秋助学)"), null=True, blank=True)
    standard_amount = models.DecimalField(_("standard amount per person"), **MONEY, validators=[MinValueValidator(0)])
    status = models.CharField(_("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.OPEN)
    opened_on = models.DateField(_("opened on"))
    note = models.TextField(_("note"), blank=True)
    created_at = created_field()

    detail_url_name = "hardship:campaign_detail"
    audit_fields = ["org", "kind", "name", "year", "budget", "needs_archive", "eligible_tiers", "eligible_categories",
                    "school_entry_year", "standard_amount", "status", "opened_on", "note"]
    workflow = Workflow(
        # Proposing a recipient is recorded on the recipient; the row gives the open campaign its button.
        Transition("propose", sources=[CampaignStatus.OPEN], label=_("recipient proposed"),
                   button=_("Propose a recipient"),
                   url_name="hardship:campaign_propose", style="primary", permitted=_proposes),
        Transition("close", sources=[CampaignStatus.OPEN], target=CampaignStatus.CLOSED, label=_("closed"),
                   button=_("Close the campaign"), url_name="hardship:campaign_close", style="outline-danger",
                   api="close", conflict=_("The campaign is already closed.")),
    )

    class Meta:
        verbose_name = _("aid campaign")
        verbose_name_plural = _("aid campaigns")
        ordering = ["-year", "-opened_on", "-id"]

    def __str__(self):
        return f"{self.year} {self.name}"

    @property
    def is_school_aid(self):
        return self.kind == CampaignKind.SCHOOL


class CampaignParticipant(models.Model):
    """An organisation taking part in a campaign, with its share of the budget."""

    campaign = models.ForeignKey(AidCampaign, on_delete=models.CASCADE, related_name="participants")
    org = org_field(_("organisation"))
    budget = models.DecimalField(_("budget"), **MONEY, default=Decimal("0"), validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")
        ordering = ["org__path"]
        constraints = [models.UniqueConstraint(fields=["campaign", "org"], name="hardship_participant_once")]


def _decides(user, recipient):
    return may_decide_above(user, recipient.org)


def _refused(recipient):
    return only_above(recipient.org)


class AidRecipient(ScopedModel):
    """A person proposed for a campaign by a union; approved by the level above; paid (AidPayment)."""

    campaign = models.ForeignKey(AidCampaign, verbose_name=_("campaign"), on_delete=models.PROTECT,
                                 related_name="recipients")
    org = org_field(_("proposed by"), "aid_recipients")
    archive = models.ForeignKey(HardshipArchive, verbose_name=_("archive"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="aid_received")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("worker"), max_length=50)
    worker_hash = models.CharField(max_length=64, db_index=True, editable=False)
    # 金秋助学: the student child is the person aided.
    student_name = models.CharField(_("student"), max_length=50, blank=True)
    student_id_number = EncryptedCharField(_("student's ID number"), blank=True)
    school = models.CharField(_("school"), max_length=100, blank=True)
    entry_year = models.PositiveSmallIntegerField(_("school entry year"), null=True, blank=True)
    # The person counted once per campaign: the student for school aid, otherwise the worker.
    person_hash = models.CharField(max_length=64, editable=False)
    keyed_hashes = {"worker_hash": ("archive__id_number", "member__id_number"),
                    "person_hash": ("student_id_number", "archive__id_number", "member__id_number")}
    amount = models.DecimalField(_("amount"), **MONEY, validators=[MinValueValidator(0)])
    status = models.CharField(_("status"), max_length=10, choices=RecipientStatus.choices,
                              default=RecipientStatus.PROPOSED, db_index=True)
    decided_by = user_field(_("decided by"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = created_field(_("proposed"))

    detail_url_name = "hardship:recipient_detail"
    read_action = "assist"  # household details: the page answers 403 without it, the change log shows no more
    audit_fields = ["campaign", "org", "archive", "name", "student_name", "school", "entry_year", "amount", "status",
                    "decided_on", "note"]
    workflow = Workflow(
        Transition("approve", sources=[RecipientStatus.PROPOSED], target=RecipientStatus.APPROVED,
                   label=_("approved"), button=_("Approve (level above)"), url_name="hardship:recipient_approve",
                   style="success", permitted=_decides, denied=_refused, api="approve"),
        Transition("reject", sources=[RecipientStatus.PROPOSED], target=RecipientStatus.REJECTED,
                   label=_("rejected"), button=_("Reject"), url_name="hardship:recipient_reject",
                   style="outline-danger", permitted=_decides, denied=_refused, api="reject"),
        Transition("hardship_pay", sources=[RecipientStatus.APPROVED, RecipientStatus.PAID],
                   target=RecipientStatus.PAID, label=_("paid"), button=_("Record the payment"),
                   url_name="hardship:recipient_pay", style="primary", api="pay"),
        conflict=_("The recipient is no longer at a step that allows this; reload the page."),
    )

    class Meta:
        verbose_name = _("aid recipient")
        verbose_name_plural = _("aid recipients")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person_hash"],
                                    condition=models.Q(status__in=HOLDING_RECIPIENT_STATUSES),
                                    name="hardship_once_per_campaign"),
        ]

    def __str__(self):
        who = f"{self.name} / {self.student_name}" if self.student_name else self.name
        return f"{who} · {self.campaign.name}"

    @property
    def status_style(self):
        return STATUS_STYLES[self.status]


class AidPayment(ScopedModel):
    """Cash, goods (with their value) or a shopping card given to a recipient."""

    recipient = models.ForeignKey(AidRecipient, verbose_name=_("recipient"), on_delete=models.PROTECT,
                                  related_name="payments")
    kind = models.CharField(_("kind"), max_length=10, choices=PaymentKind.choices)
    amount = models.DecimalField(_("amount or value"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    goods = models.CharField(_("goods"), max_length=200, blank=True)
    paid_on = models.DateField(_("paid on"), db_index=True)
    fund_org = org_field(_("paid from the fund of"), null=True, blank=True)
    recorded_by, created_at = recorded_fields()

    scope_org_fields = ("recipient__org",)
    detail_via = "recipient"

    class Meta:
        verbose_name = _("aid payment")
        verbose_name_plural = _("aid payments")
        ordering = ["-paid_on", "-id"]

    def __str__(self):
        return f"{self.recipient} {self.amount}"
