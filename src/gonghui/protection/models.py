"""Labour protection (劳动保护): inspections of employers (work safety, occupational health, labour-law
supervision), one employer each, several of them making up a special campaign (专项检查); the problems and
hazards found per checklist item, each fixed on the spot or by a deadline, with the employer's response, the
re-inspection and the escalation of overdue ones; wage arrears found, with the workers owed, the amounts recovered
and the rights case opened for them."""

from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.attachments import Attachment, DataStorage
from gonghui.core.modelfields import created_field, org_field, part_of, updated_field, user_field
from gonghui.core.models import ScopedModel
from gonghui.core.workflow import Transition, Workflow

from .choices import (
    FOUR_NOT_LET_GO,
    OPEN_STATUSES,
    AccidentStatus,
    AwardCategory,
    ChecklistItem,
    FindingStatus,
    FixMode,
    InspectionKind,
    InspectionStatus,
    RoundStatus,
    Severity,
)

F, IS = FindingStatus, InspectionStatus


def _all_fixed(inspection):
    return not inspection.findings.filter(status__in=OPEN_STATUSES).exists()


class Inspection(ScopedModel):
    """One inspection of one employer by a union (``org``); ``campaign`` names the special campaign it is part of."""

    org = org_field(_("inspecting union"), "protection_inspections")
    unit = models.ForeignKey("orgs.EmployerUnit", verbose_name=_("employer unit"), on_delete=models.PROTECT,
                             related_name="protection_inspections")
    kind = models.CharField(pgettext_lazy("protection", "kind of inspection"), max_length=12,
                            choices=InspectionKind.choices, db_index=True)
    campaign = models.CharField(_("special campaign"), max_length=100, blank=True, db_index=True,
                                help_text=_("For example 农民工工资支付专项检查; inspections with the same name "
                                            "make up one campaign."))
    inspected_on = models.DateField(_("inspected on"), db_index=True)
    inspectors = models.CharField(_("inspectors"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=InspectionStatus.choices, default=IS.OPEN,
                              db_index=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = user_field(_("recorded by"))
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "protection:inspection_detail"
    audit_fields = ["org", "unit", "kind", "campaign", "inspected_on", "inspectors", "summary", "status",
                    "closed_on"]
    status_styles = {IS.OPEN: "text-bg-warning", IS.CLOSED: "text-bg-success"}
    workflow = Workflow(
        Transition("close", sources=[IS.OPEN], target=IS.CLOSED, label=_("closed, every problem fixed"),
                   button=_("Close the inspection"), url_name="protection:inspection_close", style="primary",
                   when=_all_fixed, api="close"),
        conflict=_("The inspection has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_on", "-id"]

    def __str__(self):
        return f"{self.unit} {self.inspected_on:%Y-%m-%d} {self.get_kind_display()}"

    @property
    def status_style(self):
        return self.status_styles.get(self.status, "text-bg-light")


def _has_arrears(finding):
    return bool(finding.arrears_amount)


class Finding(ScopedModel):
    """A problem or hazard found at an inspection, on one item of its checklist."""

    inspection = part_of(Inspection, _("inspection"), "findings")
    org = org_field(_("inspecting union"), "protection_findings")
    unit = models.ForeignKey("orgs.EmployerUnit", verbose_name=_("employer unit"), on_delete=models.PROTECT,
                             related_name="protection_findings")
    item = models.CharField(_("checklist item"), max_length=24, choices=ChecklistItem.choices)
    description = models.TextField(_("problem found"))
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices, default=Severity.GENERAL)
    fix_mode = models.CharField(_("to be fixed"), max_length=12, choices=FixMode.choices,
                                default=FixMode.BY_DEADLINE)
    found_on = models.DateField(_("found on"), db_index=True)
    deadline = models.DateField(_("fix by"), null=True, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=FindingStatus.choices, default=F.OPEN,
                              db_index=True)
    response = models.TextField(_("the employer's response"), blank=True)
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    reinspected_on = models.DateField(_("re-inspected on"), null=True, blank=True)
    reinspections = models.PositiveSmallIntegerField(_("re-inspections"), default=0)
    fixed_on = models.DateField(_("fixed on"), null=True, blank=True)
    overdue_on = models.DateField(_("went overdue on"), null=True, blank=True, db_index=True)
    escalated_to = org_field(_("escalated to"), null=True, blank=True)
    arrears_workers = models.PositiveIntegerField(_("workers owed wages"), default=0)
    arrears_amount = models.DecimalField(_("wage arrears found (yuan)"), max_digits=14, decimal_places=2, default=0)
    recovered_workers = models.PositiveIntegerField(_("workers paid"), default=0)
    amount_recovered = models.DecimalField(_("arrears recovered (yuan)"), max_digits=14, decimal_places=2, default=0)
    rights_case = models.ForeignKey("rights.Case", verbose_name=_("rights case"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_by = user_field(_("recorded by"))
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "protection:finding_detail"
    audit_fields = ["inspection", "item", "description", "severity", "fix_mode", "found_on", "deadline", "status",
                    "response", "responded_on", "reinspected_on", "fixed_on", "overdue_on", "escalated_to",
                    "arrears_workers", "arrears_amount", "recovered_workers", "amount_recovered", "rights_case"]
    status_styles = {F.OPEN: "text-bg-warning", F.RESPONDED: "text-bg-info", F.FIXED: "text-bg-success"}
    workflow = Workflow(
        Transition("respond", sources=[F.OPEN], target=F.RESPONDED, label=_("the employer responded"),
                   button=_("Record the employer's response"), url_name="protection:finding_respond",
                   style="primary", api="respond"),
        Transition("fix", sources=[F.OPEN, F.RESPONDED], target=F.FIXED, label=_("found fixed on re-inspection"),
                   button=_("Re-inspected: fixed"), url_name="protection:finding_fix", style="success", api="fix"),
        Transition("refix", sources=[F.OPEN, F.RESPONDED], target=F.OPEN,
                   label=_("not fixed on re-inspection, new deadline"), button=_("Re-inspected: not fixed"),
                   url_name="protection:finding_refix", style="outline-danger", api="refix"),
        Transition("escalate", sources=[F.OPEN, F.RESPONDED], label=_("overdue, reported to the union above"),
                   system=True),
        Transition("open_case", label=_("rights case opened for the arrears"), button=_("Open a rights case"),
                   url_name="protection:finding_open_case", style="outline-primary",
                   when=lambda f: _has_arrears(f) and f.rights_case_id is None, api="open-case"),
        Transition("photo", label=_("photo added"), button=_("Add a photo"), url_name="protection:finding_photo",
                   style="outline-secondary"),
        Transition("recover", label=_("arrears recovered"), button=_("Record arrears recovered"),
                   url_name="protection:finding_recover", when=_has_arrears, api="recover"),
        conflict=_("The problem has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("problem found")
        verbose_name_plural = _("problems found")
        ordering = ["-found_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(recovered_workers__lte=models.F("arrears_workers")),
                                   name="protection_paid_not_above_owed"),
        ]

    def __str__(self):
        return f"{self.unit} · {self.get_item_display()}"

    @property
    def status_style(self):
        return self.status_styles.get(self.status, "text-bg-light")

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def has_arrears(self):
        return _has_arrears(self)

    def days_overdue(self, today):
        if not self.is_open or self.deadline is None or self.deadline >= today:
            return 0
        return (today - self.deadline).days


class ArrearsWorker(models.Model):
    """A worker owed wages, named at the finding (what a rights case for the arrears takes over)."""

    finding = part_of(Finding, _("problem found"), "arrears_list")
    name = models.CharField(_("full name"), max_length=50)
    amount = models.DecimalField(_("amount owed (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("worker owed wages")
        verbose_name_plural = _("workers owed wages")
        ordering = ["id"]

    def __str__(self):
        return self.name


class SafetyAgreement(ScopedModel):
    """An employer's labour safety and health agreement (劳动安全卫生协议书) with its union, and whether it has a
    labour protection supervision committee (劳动保护监督检查委员会) and has adopted 一法三卡. One per employer,
    renewed in place."""

    org = org_field(_("union"), "protection_agreements")
    unit = models.OneToOneField("orgs.EmployerUnit", verbose_name=_("employer unit"), on_delete=models.PROTECT,
                                related_name="safety_agreement")
    signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    ends_on = models.DateField(_("agreement ends on"), null=True, blank=True)
    committee = models.BooleanField(_("labour protection supervision committee"), default=False)
    one_law_three_cards = models.BooleanField(_("一法三卡 adopted"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    updated_at = updated_field()

    detail_url_name = "protection:agreement_detail"
    audit_fields = ["org", "unit", "signed_on", "ends_on", "committee", "one_law_three_cards", "notes"]

    class Meta:
        verbose_name = _("safety and health agreement")
        verbose_name_plural = _("safety and health agreements")
        ordering = ["unit__name"]
        constraints = [models.CheckConstraint(
            condition=models.Q(ends_on__isnull=True) | models.Q(signed_on__isnull=True)
            | models.Q(ends_on__gt=models.F("signed_on")), name="protection_agreement_ends_after_signing")]

    def __str__(self):
        return str(self.unit)


class RestStation(ScopedModel):
    """A 安康驿站: a rest station for outdoor workers run by a union (water, rest, heating food, first aid)."""

    org = org_field(_("union"), "protection_stations")
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200)
    services = models.CharField(_("services"), max_length=300,
                                help_text=_("For example 饮水、休息、热饭、充电、急救药箱."))
    opening_hours = models.CharField(_("opening hours"), max_length=100)
    map_url = models.URLField(_("map link"), blank=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    active = models.BooleanField(_("open"), default=True)

    detail_url_name = "protection:station_detail"
    audit_fields = ["org", "name", "address", "services", "opening_hours", "map_url", "opened_on", "active"]

    class Meta:
        verbose_name = _("rest station (安康驿站)")
        verbose_name_plural = _("rest stations (安康驿站)")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


_storage = DataStorage("protection")


def photo_storage():
    return _storage


def _upload_to(instance, filename):  # uploads go through store_upload; this only names the field's default
    return f"protection/{Path(filename).name}"


class FindingPhoto(Attachment):
    """A photo of a hazard (JPG or PNG, checked by its content, size-limited), downloaded, never shown inline."""

    finding = part_of(Finding, _("problem found"), "photos")
    file = models.FileField(_("file"), storage=photo_storage, upload_to=_upload_to, max_length=200)
    uploaded_at = created_field(_("uploaded"))

    class Meta:
        verbose_name = _("photo of the hazard")
        verbose_name_plural = _("photos of the hazard")
        ordering = ["id"]

    def __str__(self):
        return self.file_name


# --- 安康杯 ------------------------------------------------------------------------------------------------------

class AnkangRound(ScopedModel):
    """A yearly round of the 安康杯 competition organised by a union at its level: the criteria employers are
    scored on (one a line, with full points) and the quota of awards per category."""

    org = org_field(_("organised by"), "protection_ankang_rounds")
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    title = models.CharField(_("title"), max_length=200)
    criteria = models.TextField(_("scoring criteria"), help_text=_(
        "One criterion a line, then its full points: 安全生产责任制 20."))
    quota_enterprise = models.PositiveSmallIntegerField(_("quota of winning enterprises"), default=0)
    quota_organiser = models.PositiveSmallIntegerField(_("quota of excellent organising units"), default=0)
    quota_team = models.PositiveSmallIntegerField(_("quota of winning teams"), default=0)
    quota_individual = models.PositiveSmallIntegerField(_("quota of excellent individuals"), default=0)
    status = models.CharField(_("status"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.OPEN,
                              db_index=True)
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "protection:round_detail"
    audit_fields = ["org", "year", "title", "criteria", "quota_enterprise", "quota_organiser", "quota_team",
                    "quota_individual", "status"]
    status_styles = {RoundStatus.OPEN: "text-bg-warning", RoundStatus.CLOSED: "text-bg-success"}
    workflow = Workflow(
        Transition("award", sources=[RoundStatus.OPEN], label=_("award given"), button=_("Give an award"),
                   url_name="protection:round_award", style="primary", api="award"),
        Transition("close", sources=[RoundStatus.OPEN], target=RoundStatus.CLOSED,
                   label=_("awards announced, round closed"), button=_("Announce the awards"),
                   url_name="protection:round_close", style="outline-success", api="close"),
        conflict=_("The round has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("安康杯 round")
        verbose_name_plural = _("安康杯 rounds")
        ordering = ["-year", "-id"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="protection_one_ankang_round_a_year")]

    def __str__(self):
        return self.title

    @property
    def status_style(self):
        return self.status_styles.get(self.status, "text-bg-light")

    def quota(self, category):
        return getattr(self, f"quota_{category}")


class AnkangEnrolment(ScopedModel):
    """An employer enrolled in a round, held at the union covering it, with its points on each criterion."""

    round = part_of(AnkangRound, _("安康杯 round"), "enrolments")
    org = org_field(_("union"), "protection_ankang_enrolments")
    unit = models.ForeignKey("orgs.EmployerUnit", verbose_name=_("employer unit"), on_delete=models.PROTECT,
                             related_name="ankang_enrolments")
    enrolled_on = models.DateField(_("enrolled on"), db_index=True)
    workers = models.PositiveIntegerField(_("workers taking part"), default=0)
    scores = models.JSONField(_("points per criterion"), default=dict, blank=True)
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    created_at = created_field()

    detail_url_name = "protection:enrolment_detail"
    audit_fields = ["round", "org", "unit", "enrolled_on", "workers", "scores", "score"]
    workflow = Workflow(
        Transition("score", label=_("scored"), button=_("Score"), url_name="protection:enrolment_score",
                   style="primary", when=lambda e: e.round.status == RoundStatus.OPEN, api="score"),
    )

    class Meta:
        verbose_name = _("安康杯 enrolment")
        verbose_name_plural = _("安康杯 enrolments")
        ordering = ["round", "-score", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="protection_enrol_once")]

    def __str__(self):
        return f"{self.unit} · {self.round}"


class AnkangAward(ScopedModel):
    """An award of a round in one category, within the round's quota: a winning enterprise (an enrolled
    employer), an excellent organising unit (a union), a winning team or an excellent individual (of an enrolled
    employer)."""

    round = part_of(AnkangRound, _("安康杯 round"), "awards")
    org = org_field(_("union"), "protection_ankang_awards")
    category = models.CharField(_("category"), max_length=12, choices=AwardCategory.choices, db_index=True)
    enrolment = models.ForeignKey(AnkangEnrolment, verbose_name=_("employer enrolled"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="awards")
    name = models.CharField(_("awarded to"), max_length=200)
    awarded_on = models.DateField(_("awarded on"), db_index=True)

    detail_via = "round"
    audit_fields = ["round", "org", "category", "enrolment", "name", "awarded_on"]

    class Meta:
        verbose_name = _("安康杯 award")
        verbose_name_plural = _("安康杯 awards")
        ordering = ["round", "category", "id"]

    def __str__(self):
        return f"{self.get_category_display()} · {self.name}"


# --- 群监员 ------------------------------------------------------------------------------------------------------

class SafetyInspector(ScopedModel):
    """A union safety inspector (群众安全监督员, 群监员) of an employer union: a member, trained when, the
    certificate; the problems found and violations stopped add up from their reports."""

    org = org_field(_("union"), "protection_inspectors")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="+")
    trained_on = models.DateField(_("trained on"), null=True, blank=True)
    certificate_no = models.CharField(_("certificate number"), max_length=40, blank=True)
    active = models.BooleanField(_("serving"), default=True)
    problems_found = models.PositiveIntegerField(_("problems found"), default=0)
    violations_stopped = models.PositiveIntegerField(_("violations stopped"), default=0)
    created_at = created_field()

    detail_url_name = "protection:inspector_detail"
    audit_fields = ["org", "member", "trained_on", "certificate_no", "active"]
    workflow = Workflow(
        Transition("report", label=_("report recorded"), button=_("Record a report"),
                   url_name="protection:inspector_report", style="primary", api="report"),
    )

    class Meta:
        verbose_name = _("safety inspector (群监员)")
        verbose_name_plural = _("safety inspectors (群监员)")
        ordering = ["org__path", "id"]
        constraints = [models.UniqueConstraint(fields=["org", "member"], name="protection_inspector_once")]

    def __str__(self):
        return self.member.name


class InspectorReport(models.Model):
    """A safety inspector's report: what was seen, problems found and violations stopped (违章制止)."""

    inspector = part_of(SafetyInspector, _("safety inspector (群监员)"), "reports")
    reported_on = models.DateField(_("reported on"), db_index=True)
    problems_found = models.PositiveIntegerField(_("problems found"), default=0)
    violations_stopped = models.PositiveIntegerField(_("violations stopped"), default=0)
    description = models.TextField(_("what was found"))
    created_by = user_field(_("recorded by"))
    created_at = created_field()

    class Meta:
        verbose_name = _("inspector's report")
        verbose_name_plural = _("inspectors' reports")
        ordering = ["-reported_on", "-id"]

    def __str__(self):
        return f"{self.inspector} {self.reported_on:%Y-%m-%d}"


# --- accident investigations -------------------------------------------------------------------------------------

def _four_done(accident):
    return accident.four_done


class AccidentInvestigation(ScopedModel):
    """The union's part in investigating a work accident at an employer, on the 四不放过 principle: the cause
    found, those responsible dealt with, the measures taken, the workers educated. It closes only when all four
    are recorded."""

    org = org_field(_("union"), "protection_accidents")
    unit = models.ForeignKey("orgs.EmployerUnit", verbose_name=_("employer unit"), on_delete=models.PROTECT,
                             related_name="protection_accidents")
    occurred_on = models.DateField(_("occurred on"), db_index=True)
    description = models.TextField(_("what happened"))
    deaths = models.PositiveSmallIntegerField(_("deaths"), default=0)
    injuries = models.PositiveSmallIntegerField(_("injuries"), default=0)
    cause = models.TextField(_("cause found (原因未查清不放过)"), blank=True)
    responsibility = models.TextField(_("those responsible dealt with (责任人员未处理不放过)"), blank=True)
    measures = models.TextField(_("measures taken (整改措施未落实不放过)"), blank=True)
    education = models.TextField(_("workers educated (有关人员未受到教育不放过)"), blank=True)
    union_findings = models.TextField(_("the union's findings"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=AccidentStatus.choices,
                              default=AccidentStatus.OPEN, db_index=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = created_field()

    detail_url_name = "protection:accident_detail"
    audit_fields = ["org", "unit", "occurred_on", "description", "deaths", "injuries", *FOUR_NOT_LET_GO,
                    "union_findings", "status", "closed_on"]
    status_styles = {AccidentStatus.OPEN: "text-bg-warning", AccidentStatus.CLOSED: "text-bg-success"}
    workflow = Workflow(
        Transition("close", sources=[AccidentStatus.OPEN], target=AccidentStatus.CLOSED,
                   label=_("closed, the four 不放过 done"), button=_("Close the investigation"),
                   url_name="protection:accident_close", style="primary", when=_four_done, api="close"),
        conflict=_("The investigation has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("accident investigation")
        verbose_name_plural = _("accident investigations")
        ordering = ["-occurred_on", "-id"]

    def __str__(self):
        return f"{self.unit} {self.occurred_on:%Y-%m-%d}"

    @property
    def status_style(self):
        return self.status_styles.get(self.status, "text-bg-light")

    @property
    def four_done(self):
        return all((getattr(self, name) or "").strip() for name in FOUR_NOT_LET_GO)
