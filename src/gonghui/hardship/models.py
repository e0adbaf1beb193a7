"""Workers in hardship (困难职工帮扶): archives (建档立卡), verification, campaigns, visits and the fund ledger.

Two rules live in the database, not only in Python, so two unions acting at the same moment cannot both win:

- one open archive per person in the whole system, and a person in at most one open household: every
  person of an open archive (the worker and each household member with an ID number) has a row in
  ``HouseholdMember`` with ``is_open`` set, and a partial unique index on ``id_hash`` covers those rows;
- once per campaign: ``AidRecipient`` has a partial unique index on (campaign, person_hash) for the
  recipients that hold a place (proposed, approved, paid).
"""

from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.attachments import DataStorage
from gonghui.core.pii import EncryptedCharField, mask_id_number, mask_phone
from gonghui.core.querysets import ScopedQuerySet

from .choices import (
    HOLDING_RECIPIENT_STATUSES,
    OPEN_STATUSES,
    ArchiveStatus,
    CampaignKind,
    CampaignStatus,
    Cause,
    EntryKind,
    Health,
    Housing,
    IncomeSource,
    Occasion,
    PaymentKind,
    RecipientStatus,
    Relation,
    TaskStatus,
    Tier,
    WorkStatus,
)

MONEY = {"max_digits": 14, "decimal_places": 2}

_storage = DataStorage("hardship")


def photo_storage():
    return _storage


def _photo_upload_to(instance, filename):
    ext = Path(filename).suffix.lower()[:8]
    return f"visits/{instance.visit.archive_id}/{instance.visit_id}-{instance.pk or 'new'}{ext}"


class IncomeThreshold(models.Model):
    """The lines of a region for a year (a settings table the city keeps): 低保 and the union's own lines.

    An archive uses the threshold of the nearest organisation above it (or itself) that has one for the year.
    """

    scope_org_fields = ("org",)

    org = models.ForeignKey("orgs.Organisation", verbose_name=_("region (organisation)"), on_delete=models.PROTECT,
                            related_name="income_thresholds")
    year = models.PositiveSmallIntegerField(_("year"))
    dibao_line = models.DecimalField(_("minimum living standard (低保) per person a month"), **MONEY,
                                     validators=[MinValueValidator(0)])
    deep_line = models.DecimalField(_("deep hardship line per person a month"), **MONEY, validators=[MinValueValidator(0)])
    relative_line = models.DecimalField(_("relative hardship line per person a month"), **MONEY,
                                        validators=[MinValueValidator(0)])
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    audit_fields = ["org", "year", "dibao_line", "deep_line", "relative_line", "note"]

    class Meta:
        verbose_name = _("income threshold")
        verbose_name_plural = _("income thresholds")
        ordering = ["-year", "org__path"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="hardship_threshold_one_per_org_year")]

    def __str__(self):
        return f"{self.year} {self.org}"

    def get_absolute_url(self):
        return reverse("hardship:threshold_edit", args=[self.pk])

    def audit_org(self):
        return self.org


class HardshipArchive(models.Model):
    """A household's hardship archive (困难职工档案, 建档立卡) held by the worker's union."""

    scope_org_fields = ("org",)

    archive_no = models.CharField(_("archive number"), max_length=20, unique=True, editable=False)
    org = models.ForeignKey("orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT,
                            related_name="hardship_archives")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="hardship_archives")
    name = models.CharField(_("full name"), max_length=50, db_index=True)
    id_number = EncryptedCharField(_("ID number"))
    id_hash = models.CharField(max_length=64, db_index=True, editable=False)
    phone = models.CharField(_("mobile phone"), max_length=11, blank=True)
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
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    next_review_due = models.DateField(_("next yearly review due"), null=True, blank=True, db_index=True)
    review_reminded_for = models.DateField(_("review reminder sent for"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, db_index=True)
    close_reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

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

    def get_absolute_url(self):
        return reverse("hardship:archive_detail", args=[self.pk])

    def audit_org(self):
        return self.org

    @property
    def id_number_masked(self):
        return mask_id_number(self.id_number)

    @property
    def phone_masked(self):
        return mask_phone(self.phone)

    @property
    def bank_account_masked(self):
        return mask_id_number(self.bank_account)

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    audit_fields = [
        "archive_no", "org", "member", "name", "address", "housing", "housing_note", "receives_dibao",
        "model_worker", "migrant_worker", "monthly_rigid_expenses", "household_size", "household_income",
        "income_per_person", "proposed_tier", "tier", "tier_reason", "bank_name", "bank_account_name", "status",
        "notice_start", "notice_end", "approved_on", "next_review_due", "closed_on", "close_reason",
    ]

    def audit_snapshot(self):
        from gonghui.core.audit import snapshot

        data = snapshot(self, self.audit_fields)
        data["id_number"] = self.id_number_masked
        data["phone"] = self.phone_masked
        data["bank_account"] = self.bank_account_masked
        causes = sorted(self.causes.values_list("cause", flat=True)) if self.pk else []
        data["causes"] = "、".join(str(Cause(c).label) for c in causes)
        return data


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

    archive = models.ForeignKey(HardshipArchive, verbose_name=_("archive"), on_delete=models.CASCADE,
                                related_name="household")
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)
    name = models.CharField(_("full name"), max_length=50)
    id_number = EncryptedCharField(_("ID number"), blank=True)
    id_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
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

    @property
    def id_number_masked(self):
        return mask_id_number(self.id_number)

    def age_on(self, day):
        if not self.birth_date:
            return None
        return day.year - self.birth_date.year - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))


class HomeVisit(models.Model):
    """入户核查: the home visit that verifies an application."""

    archive = models.ForeignKey(HardshipArchive, verbose_name=_("archive"), on_delete=models.CASCADE,
                                related_name="home_visits")
    date = models.DateField(_("date"))
    visitors = models.CharField(_("visitors"), max_length=200)
    findings = models.TextField(_("findings"))
    confirms_application = models.BooleanField(_("the visit confirms the application"), default=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("home visit")
        verbose_name_plural = _("home visits")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.archive.name} {self.date}"


class HomeVisitPhoto(models.Model):
    visit = models.ForeignKey(HomeVisit, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(storage=photo_storage, upload_to=_photo_upload_to, max_length=200)
    file_name = models.CharField(_("file name"), max_length=200)
    file_type = models.CharField(_("file type"), max_length=50)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")


class ArchiveReview(models.Model):
    """动态管理: the yearly review (or a change of circumstances) of an active archive."""

    archive = models.ForeignKey(HardshipArchive, verbose_name=_("archive"), on_delete=models.CASCADE,
                                related_name="reviews")
    date = models.DateField(_("date"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=(
        ("continue", _("Remains in hardship")), ("retier", _("Tier changed")), ("close", _("Out of hardship")),
    ))
    tier_before = models.CharField(_("tier before"), max_length=10, choices=Tier.choices, blank=True)
    tier_after = models.CharField(_("tier after"), max_length=10, choices=Tier.choices, blank=True)
    income_per_person = models.DecimalField(_("income per person a month"), **MONEY, default=Decimal("0"))
    note = models.TextField(_("note"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("archive review")
        verbose_name_plural = _("archive reviews")
        ordering = ["-date", "-id"]


# --- campaigns -----------------------------------------------------------------------------------------------


class AidCampaign(models.Model):
    """An aid campaign (两节送温暖, 金秋助学 ...) opened by the city or a district for the unions taking part."""

    scope_org_fields = ("org",)

    org = models.ForeignKey("orgs.Organisation", verbose_name=_("opened by"), on_delete=models.PROTECT,
                            related_name="aid_campaigns")
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
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    audit_fields = ["org", "kind", "name", "year", "budget", "needs_archive", "eligible_tiers", "eligible_categories",
                    "school_entry_year", "standard_amount", "status", "opened_on", "note"]

    class Meta:
        verbose_name = _("aid campaign")
        verbose_name_plural = _("aid campaigns")
        ordering = ["-year", "-opened_on", "-id"]

    def __str__(self):
        return f"{self.year} {self.name}"

    def get_absolute_url(self):
        return reverse("hardship:campaign_detail", args=[self.pk])

    def audit_org(self):
        return self.org

    @property
    def is_school_aid(self):
        return self.kind == CampaignKind.SCHOOL


class CampaignParticipant(models.Model):
    """An organisation taking part in a campaign, with its share of the budget."""

    campaign = models.ForeignKey(AidCampaign, on_delete=models.CASCADE, related_name="participants")
    org = models.ForeignKey("orgs.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                            related_name="+")
    budget = models.DecimalField(_("budget"), **MONEY, default=Decimal("0"), validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")
        ordering = ["org__path"]
        constraints = [models.UniqueConstraint(fields=["campaign", "org"], name="hardship_participant_once")]


class AidRecipient(models.Model):
    """A person proposed for a campaign by a union; approved by the level above; paid (AidPayment)."""

    scope_org_fields = ("org",)

    campaign = models.ForeignKey(AidCampaign, verbose_name=_("campaign"), on_delete=models.PROTECT,
                                 related_name="recipients")
    org = models.ForeignKey("orgs.Organisation", verbose_name=_("proposed by"), on_delete=models.PROTECT,
                            related_name="aid_recipients")
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
    amount = models.DecimalField(_("amount"), **MONEY, validators=[MinValueValidator(0)])
    status = models.CharField(_("status"), max_length=10, choices=RecipientStatus.choices,
                              default=RecipientStatus.PROPOSED, db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    audit_fields = ["campaign", "org", "archive", "name", "student_name", "school", "entry_year", "amount", "status",
                    "decided_on", "note"]

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

    def get_absolute_url(self):
        return reverse("hardship:recipient_detail", args=[self.pk])

    def audit_org(self):
        return self.org


class AidPayment(models.Model):
    """Cash, goods (with their value) or a shopping card given to a recipient."""

    scope_org_fields = ("recipient__org",)

    recipient = models.ForeignKey(AidRecipient, verbose_name=_("recipient"), on_delete=models.PROTECT,
                                  related_name="payments")
    kind = models.CharField(_("kind"), max_length=10, choices=PaymentKind.choices)
    amount = models.DecimalField(_("amount or value"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    goods = models.CharField(_("goods"), max_length=200, blank=True)
    paid_on = models.DateField(_("paid on"), db_index=True)
    fund_org = models.ForeignKey("orgs.Organisation", verbose_name=_("paid from the fund of"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("aid payment")
        verbose_name_plural = _("aid payments")
        ordering = ["-paid_on", "-id"]

    def __str__(self):
        return f"{self.recipient} {self.amount}"


# --- visits --------------------------------------------------------------------------------------------------


class VisitTask(models.Model):
    """A visit the union must make (四必访), created when the occasion is recorded or falls due."""

    scope_org_fields = ("org",)

    org = models.ForeignKey("orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+")
    archive = models.ForeignKey(HardshipArchive, verbose_name=_("archive"), on_delete=models.CASCADE,
                                related_name="visit_tasks")
    occasion = models.CharField(_("occasion"), max_length=15, choices=Occasion.choices)
    due_on = models.DateField(_("due on"), db_index=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=5, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit task")
        verbose_name_plural = _("visit tasks")
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["archive", "occasion", "due_on"], name="hardship_task_once")]

    def __str__(self):
        return f"{self.archive.name} · {self.get_occasion_display()} · {self.due_on}"

    def get_absolute_url(self):
        return self.archive.get_absolute_url()

    def audit_org(self):
        return self.org


class Visit(models.Model):
    """A visit to a household (走访慰问), logged by the union."""

    scope_org_fields = ("org",)

    org = models.ForeignKey("orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+")
    archive = models.ForeignKey(HardshipArchive, verbose_name=_("archive"), on_delete=models.PROTECT,
                                related_name="visits")
    task = models.ForeignKey(VisitTask, verbose_name=_("task"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="visits")
    occasion = models.CharField(_("occasion"), max_length=15, choices=Occasion.choices)
    date = models.DateField(_("date"), db_index=True)
    visitors = models.CharField(_("visitors"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    objects = ScopedQuerySet.as_manager()
    audit_fields = ["org", "archive", "occasion", "date", "visitors", "note"]

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.archive.name} · {self.date}"

    def get_absolute_url(self):
        return self.archive.get_absolute_url()

    def audit_org(self):
        return self.org


class Pairing(models.Model):
    """结对帮扶: a cadre paired with a household."""

    archive = models.ForeignKey(HardshipArchive, verbose_name=_("archive"), on_delete=models.CASCADE,
                                related_name="pairings")
    cadre_name = models.CharField(_("cadre"), max_length=50)
    cadre_title = models.CharField(_("cadre's post"), max_length=60, blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        ordering = ["-started_on", "-id"]


# --- funds ---------------------------------------------------------------------------------------------------


class FundBalance(models.Model):
    """The running balance of an organisation's assistance fund; its row is locked while an entry is written."""

    org = models.OneToOneField("orgs.Organisation", on_delete=models.PROTECT, related_name="hardship_fund",
                               primary_key=True)
    balance = models.DecimalField(**MONEY, default=Decimal("0"))

    class Meta:
        verbose_name = _("fund balance")


class FundLedgerEntry(models.Model):
    """One line of an organisation's assistance fund ledger (帮扶资金台账). Never edited: corrections are new lines."""

    scope_org_fields = ("org",)

    org = models.ForeignKey("orgs.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                            related_name="+")
    date = models.DateField(_("date"), db_index=True)
    kind = models.CharField(_("kind"), max_length=15, choices=EntryKind.choices)
    source = models.CharField(_("source"), max_length=12, choices=IncomeSource.choices, blank=True)
    donor = models.CharField(_("donor"), max_length=100, blank=True)
    counterpart = models.ForeignKey("orgs.Organisation", verbose_name=_("other organisation"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    payment = models.OneToOneField(AidPayment, verbose_name=_("aid payment"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="ledger_entry")
    amount = models.DecimalField(_("amount"), **MONEY)  # positive in, negative out
    balance_after = models.DecimalField(_("balance"), **MONEY)
    memo = models.CharField(_("memo"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    audit_fields = ["org", "date", "kind", "source", "donor", "counterpart", "amount", "balance_after", "memo"]

    class Meta:
        verbose_name = _("fund ledger entry")
        verbose_name_plural = _("fund ledger")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["org", "date"])]

    def __str__(self):
        return f"{self.org} {self.date} {self.get_kind_display()} {self.amount}"

    def get_absolute_url(self):
        return reverse("hardship:entry_detail", args=[self.pk])

    def audit_org(self):
        return self.org


class Overdraft(models.Model):
    """An overdraft of an organisation's fund, approved by the level above, up to a limit and a date."""

    scope_org_fields = ("org",)

    org = models.ForeignKey("orgs.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
                            related_name="+")
    limit = models.DecimalField(_("limit"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    valid_until = models.DateField(_("valid until"))
    reason = models.CharField(_("reason"), max_length=300)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    approved_on = models.DateField(_("approved on"))

    objects = ScopedQuerySet.as_manager()
    audit_fields = ["org", "limit", "valid_until", "reason", "approved_on"]

    class Meta:
        verbose_name = _("overdraft")
        verbose_name_plural = _("overdrafts")
        ordering = ["-approved_on", "-id"]

    def __str__(self):
        return f"{self.org} {self.limit}"

    def get_absolute_url(self):
        return reverse("hardship:ledger") + f"?org={self.org.code}"

    def audit_org(self):
        return self.org
