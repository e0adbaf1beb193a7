"""Archives (建档立卡): the household, its income and tier, the home visit that verifies it, the yearly review.

One rule lives in the database, not only in Python, so two unions acting at the same moment cannot both win: one
open archive per person in the whole system, and a person in at most one open household. Every person of an open
archive (the worker and each household member with an ID number) has a row in ``HouseholdMember`` with
``is_open`` set, and a partial unique index on ``id_hash`` covers those rows.
"""

from decimal import Decimal
from pathlib import Path

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core import scope
from gonghui.core.attachments import Attachment, DataStorage
from gonghui.core.modelfields import created_field, org_field, part_of, recorded_fields, updated_field, user_field
from gonghui.core.models import ScopedModel
from gonghui.core.pii import EncryptedCharField, PhoneField
from gonghui.core.workflow import Transition, Workflow

from ..choices import OPEN_STATUSES, STATUS_STYLES, ArchiveStatus, Cause, Health, Housing, Relation, Tier, WorkStatus
from .common import MONEY, may_assist, may_decide_above, only_above

_storage = DataStorage("hardship")


def photo_storage():
    return _storage


def _photo_upload_to(instance, filename):
    """The photos' former naming; migration 0001 refers to it (photos are now stored by ``store_upload``)."""
    ext = Path(filename).suffix.lower()[:8]
    return f"visits/{instance.visit.archive_id}/{instance.visit_id}-{instance.pk or 'new'}{ext}"


class IncomeThreshold(ScopedModel):
    """The lines of a region for a year (a settings table the city keeps): 低保 and the union's own lines.

    An archive uses the threshold of the nearest organisation above it (or itself) that has one for the year.
    """

    org = org_field(_("region (organisation)"), "income_thresholds")
    year = models.PositiveSmallIntegerField(_("year"))
    dibao_line = models.DecimalField(_("minimum living standard (低保) per person a month"), **MONEY,
                                     validators=[MinValueValidator(0)])
    deep_line = models.DecimalField(_("deep hardship line per person a month"), **MONEY,
                                    validators=[MinValueValidator(0)])
    relative_line = models.DecimalField(_("relative hardship line per person a month"), **MONEY,
                                        validators=[MinValueValidator(0)])
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = updated_field()

    detail_url_name = "hardship:threshold_edit"
    audit_fields = ["org", "year", "dibao_line", "deep_line", "relative_line", "note"]

    class Meta:
        verbose_name = _("income threshold")
        verbose_name_plural = _("income thresholds")
        ordering = ["-year", "org__path"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="hardship_threshold_one_per_org_year")]

    def __str__(self):
        return f"{self.year} {self.org}"


def _assists(user, archive):
    return may_assist(user, archive.org)


def _approves(user, archive):
    return may_decide_above(user, archive.org) and scope.can(user, "assist", archive.org)


def notice_over(archive):
    """The public notice has run its last day."""
    return bool(archive.notice_end and timezone.localdate() > archive.notice_end)


class HardshipArchive(ScopedModel):
    """A household's hardship archive (困难职工档案, 建档立卡) held by the worker's union."""

    archive_no = models.CharField(_("archive number"), max_length=20, unique=True, editable=False)
    org = org_field(_("union"), "hardship_archives")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="hardship_archives")
    name = models.CharField(_("full name"), max_length=50, db_index=True)
    id_number = EncryptedCharField(_("ID number"))
    id_hash = models.CharField(max_length=64, db_index=True, editable=False)
    keyed_hashes = {"id_hash": ("id_number",)}  # what ``gonghui pii rehash`` recomputes under a new hash key
    phone = PhoneField(_("mobile phone"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    housing = models.CharField(_("housing"), max_length=20, choices=Housing.choices, default=Housing.OWNED)
    housing_note = models.CharField(_("housing details"), max_length=200, blank=True)
    receives_dibao = models.BooleanField(_("receives 低保"), default=False)
    model_worker = models.BooleanField(_("model worker (劳模)"), default=False)
    migrant_worker = models.BooleanField(_("migrant worker (农民工)"), default=False)
    monthly_rigid_expenses = models.DecimalField(_("rigid expenses a month (medical, schooling)"), **MONEY,
                                                 default=Decimal("0"), validators=[MinValueValidator(0)])
    situation = models.TextField(_("situation"), blank=True)
    # Computed from the household and the threshold of the region and year.
    household_size = models.PositiveSmallIntegerField(_("household size"), default=1)
    household_income = models.DecimalField(_("household income a month"), **MONEY, default=Decimal("0"))
    income_per_person = models.DecimalField(_("income per person a month"), **MONEY, default=Decimal("0"))
    threshold = models.ForeignKey(IncomeThreshold, verbose_name=_("income threshold"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    proposed_tier = models.CharField(_("proposed tier"), max_length=10, choices=Tier.choices, blank=True)
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices, blank=True, db_index=True)
    tier_reason = models.CharField(_("reason for the tier"), max_length=300, blank=True)
    # Bank account for transfers (the account number is personal data).
    bank_name = models.CharField(_("bank"), max_length=60, blank=True)
    bank_account_name = models.CharField(_("account holder"), max_length=50, blank=True)
    bank_account = EncryptedCharField(_("bank account number"), blank=True)
    # Workflow.
    status = models.CharField(_("status"), max_length=10, choices=ArchiveStatus.choices, default=ArchiveStatus.DRAFT,
                              db_index=True)
    applied_via_portal = models.BooleanField(_("applied in the member portal"), default=False)
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    notice_start = models.DateField(_("public notice from"), null=True, blank=True)
    notice_end = models.DateField(_("public notice until"), null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True, db_index=True)
    approved_by = user_field(_("approved by"))
    next_review_due = models.DateField(_("next yearly review due"), null=True, blank=True, db_index=True)
    review_reminded_for = models.DateField(_("review reminder sent for"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, db_index=True)
    close_reason = models.TextField(_("reason"), blank=True)
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "hardship:archive_detail"
    # The change log keeps no free text about the household (situation) and no keyed hash; the ID number, phone
    # and bank account are written masked (their field types see to it).
    audit_fields = [
        "archive_no", "org", "member", "name", "address", "housing", "housing_note", "receives_dibao",
        "model_worker", "migrant_worker", "monthly_rigid_expenses", "household_size", "household_income",
        "income_per_person", "proposed_tier", "tier", "tier_reason", "bank_name", "bank_account_name", "status",
        "notice_start", "notice_end", "approved_on", "next_review_due", "closed_on", "close_reason",
    ]
    reveal_fields = ("id_number", "bank_account")
    reveal_actions = ("reveal_pii", "assist")
    read_action = "assist"  # household details: the page answers 403 without it, the change log shows no more

    # Change-log names are those existing entries carry (hardship_submit ...). Steps without a target are recorded
    # on the archive without changing its state: their rows give the pages their buttons and the API its actions.
    workflow = Workflow(
        Transition("hardship_submit", sources=[ArchiveStatus.DRAFT], target=ArchiveStatus.APPLIED,
                   label=_("application filed"), button=_("File the application"), url_name="hardship:archive_submit",
                   style="primary", permitted=_assists, api="submit"),
        # The home visit (入户核查): the first one starts the verification (hardship_verify).
        Transition("home_visit", sources=[ArchiveStatus.APPLIED, ArchiveStatus.VERIFYING],
                   label=_("home visit recorded"), button=_("Record the home visit"),
                   url_name="hardship:archive_home_visit", style="primary",
                   permitted=_assists, api="home-visit",
                   conflict=_("A home visit is recorded while the application is being verified.")),
        Transition("hardship_verify", sources=[ArchiveStatus.APPLIED], target=ArchiveStatus.VERIFYING,
                   label=_("home visit started"), permitted=_assists),
        # Confirming the tier: to public notice (公示), or without one straight to approval (hardship_verified).
        Transition("hardship_notice", sources=[ArchiveStatus.VERIFYING], target=ArchiveStatus.NOTICE,
                   label=_("public notice started"), button=_("Confirm the tier"), url_name="hardship:archive_verify",
                   style="primary", permitted=_assists, api="verify"),
        Transition("hardship_verified", sources=[ArchiveStatus.VERIFYING], target=ArchiveStatus.PENDING,
                   label=_("verified, sent for approval"), permitted=_assists),
        Transition("hardship_notice_end", sources=[ArchiveStatus.NOTICE], target=ArchiveStatus.PENDING,
                   label=_("public notice ended"), button=_("End the public notice"),
                   url_name="hardship:archive_end_notice", style="primary", permitted=_assists, when=notice_over,
                   api="end-notice"),
        Transition("hardship_review", sources=[ArchiveStatus.ACTIVE], label=_("yearly review"),
                   button=_("Yearly review"), url_name="hardship:archive_review", style="outline-primary",
                   permitted=_assists, api="review", conflict=_("Only an active archive is reviewed.")),
        Transition("visit", sources=[ArchiveStatus.ACTIVE], label=_("visit recorded"), button=_("Record a visit"),
                   url_name="hardship:archive_visit", style="outline-primary", permitted=_assists),
        Transition("occasion", sources=[ArchiveStatus.ACTIVE], label=_("occasion recorded"),
                   button=_("Record an occasion"),
                   url_name="hardship:archive_occasion", style="outline-primary", permitted=_assists),
        Transition("pairing", sources=[ArchiveStatus.ACTIVE], label=_("cadre paired"), button=_("Pair a cadre"),
                   url_name="hardship:archive_pairing", style="outline-primary", permitted=_assists),
        Transition("hardship_close", sources=[ArchiveStatus.ACTIVE], target=ArchiveStatus.CLOSED,
                   label=_("closed (out of hardship)"), button=_("Close (out of hardship)"),
                   url_name="hardship:archive_close", style="outline-danger", permitted=_assists, api="close"),
        Transition("reject", sources=[ArchiveStatus.DRAFT, ArchiveStatus.APPLIED, ArchiveStatus.VERIFYING,
                                      ArchiveStatus.NOTICE, ArchiveStatus.PENDING],
                   target=ArchiveStatus.REJECTED, label=_("rejected"), button=_("Reject"),
                   url_name="hardship:archive_reject", style="outline-danger", permitted=_assists, api="reject"),
        Transition("approve", sources=[ArchiveStatus.PENDING], target=ArchiveStatus.ACTIVE, label=_("approved"),
                   button=_("Approve (level above)"), url_name="hardship:archive_approve", style="success",
                   permitted=_approves, denied=lambda archive: only_above(archive.org), api="approve"),
        conflict=_("The archive is no longer at a step that allows this; reload the page."),
    )

    class Meta:
        verbose_name = _("hardship archive")
        verbose_name_plural = _("hardship archives")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["id_hash"], condition=models.Q(status__in=OPEN_STATUSES),
                                    name="hardship_one_open_archive_per_person"),
        ]
        indexes = [models.Index(fields=["org", "status"])]

    def __str__(self):
        return f"{self.name} ({self.archive_no})"

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def status_style(self):
        return STATUS_STYLES[self.status]

    def audit_extra(self):
        causes = sorted(self.causes.values_list("cause", flat=True)) if self.pk else []
        return {"causes": "、".join(str(Cause(c).label) for c in causes)}


class ArchiveCause(models.Model):
    archive = models.ForeignKey(HardshipArchive, on_delete=models.CASCADE, related_name="causes")
    cause = models.CharField(_("cause"), max_length=20, choices=Cause.choices)

    class Meta:
        verbose_name = _("cause of hardship")
        verbose_name_plural = _("causes of hardship")
        constraints = [models.UniqueConstraint(fields=["archive", "cause"], name="hardship_cause_once_per_archive")]
        indexes = [models.Index(fields=["cause", "archive"])]

    def __str__(self):
        return self.get_cause_display()


class HouseholdMember(models.Model):
    """A person of the household (the worker is one of them, relation 'self')."""

    archive = part_of(HardshipArchive, _("archive"), "household")
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)
    name = models.CharField(_("full name"), max_length=50)
    id_number = EncryptedCharField(_("ID number"), blank=True)
    id_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    keyed_hashes = {"id_hash": ("id_number",)}  # what ``gonghui pii rehash`` recomputes under a new hash key
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    health = models.CharField(_("health"), max_length=10, choices=Health.choices, default=Health.HEALTHY)
    work = models.CharField(_("work"), max_length=12, choices=WorkStatus.choices, default=WorkStatus.EMPLOYED)
    employer = models.CharField(_("employer or school"), max_length=100, blank=True)
    school_entry_year = models.PositiveSmallIntegerField(_("school entry year"), null=True, blank=True)
    monthly_income = models.DecimalField(_("income a month"), **MONEY, default=Decimal("0"),
                                         validators=[MinValueValidator(0)])
    # Mirrors the archive's status (open or not): the partial unique index below needs it on this row.
    is_open = models.BooleanField(default=True, editable=False)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["archive", "id"]
        constraints = [
            models.UniqueConstraint(fields=["id_hash"], condition=models.Q(is_open=True) & ~models.Q(id_hash=""),
                                    name="hardship_person_in_one_open_household"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_relation_display()})"

    def age_on(self, day):
        if not self.birth_date:
            return None
        return day.year - self.birth_date.year - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))


class HomeVisit(models.Model):
    """入户核查: the home visit that verifies an application."""

    archive = part_of(HardshipArchive, _("archive"), "home_visits")
    date = models.DateField(_("date"))
    visitors = models.CharField(_("visitors"), max_length=200)
    findings = models.TextField(_("findings"))
    confirms_application = models.BooleanField(_("the visit confirms the application"), default=True)
    recorded_by, created_at = recorded_fields()

    class Meta:
        verbose_name = _("home visit")
        verbose_name_plural = _("home visits")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.archive.name} {self.date}"


class HomeVisitPhoto(Attachment):
    """A photo taken at the home visit (stored with ``store_upload``, downloaded as an attachment)."""

    visit = models.ForeignKey(HomeVisit, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(storage=photo_storage, max_length=200)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")


class ArchiveReview(models.Model):
    """动态管理: the yearly review (or a change of circumstances) of an active archive."""

    archive = part_of(HardshipArchive, _("archive"), "reviews")
    date = models.DateField(_("date"))
    outcome = models.CharField(pgettext_lazy("review", "outcome"), max_length=10, choices=(
        ("continue", _("Remains in hardship")), ("retier", _("Tier changed")), ("close", _("Out of hardship")),
    ))
    tier_before = models.CharField(_("tier before"), max_length=10, choices=Tier.choices, blank=True)
    tier_after = models.CharField(_("tier after"), max_length=10, choices=Tier.choices, blank=True)
    income_per_person = models.DecimalField(_("income per person a month"), **MONEY, default=Decimal("0"))
    note = models.TextField(_("note"), blank=True)
    reviewed_by = user_field(_("reviewed by"))

    class Meta:
        verbose_name = _("archive review")
        verbose_name_plural = _("archive reviews")
        ordering = ["-date", "-id"]
