"""Labour protection (劳动保护): inspections of employers (work safety, occupational health, labour-law
supervision), one employer each, several of them making up a special campaign (专项检查); the problems and
hazards found per checklist item, each fixed on the spot or by a deadline, with the employer's response, the
re-inspection and the escalation of overdue ones; wage arrears found, with the workers owed, the amounts recovered
and the rights case opened for them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.modelfields import created_field, org_field, part_of, updated_field, user_field
from gonghui.core.models import ScopedModel
from gonghui.core.workflow import Transition, Workflow

from .choices import (
    OPEN_STATUSES,
    ChecklistItem,
    FindingStatus,
    FixMode,
    InspectionKind,
    InspectionStatus,
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
