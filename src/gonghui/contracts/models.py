"""Collective contracts (集体合同): a union's contract with one employer, or a regional or industry contract
covering many (``ContractCoverage``), from draft through signing, submission to the labour department
(报送审查) and taking effect, to expiry; its yearly performance checks (履约检查) and the signed text.

Labour-contract coverage (劳动合同签订) is a yearly figure per employer (``LabourContractCoverage``).
"""

from pathlib import Path

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.attachments import Attachment, DataStorage
from gonghui.core.modelfields import created_field, org_field, part_of, updated_field, user_field
from gonghui.core.models import ScopedModel
from gonghui.core.workflow import Transition, Workflow

from .choices import ContractStatus, ContractType

_storage = DataStorage("contracts")
S = ContractStatus


def document_storage():
    return _storage


def _upload_to(instance, filename):  # uploads go through store_upload; this only names the field's default
    return f"contracts/{Path(filename).name}"


class CollectiveContract(ScopedModel):
    """A collective contract (集体合同) filed by ``org``, covering one or many employers."""

    org = org_field(_("filing union"), "collective_contracts")
    number = models.CharField(_("contract number"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=150)
    contract_type = models.CharField(pgettext_lazy("contracts", "type"), max_length=16, choices=ContractType.choices,
                                     db_index=True)
    regional = models.BooleanField(_("regional or industry contract"), default=False,
                                   help_text=_("Signed for a region or an industry, covering several employers."))
    units = models.ManyToManyField("orgs.EmployerUnit", verbose_name=_("employers covered"),
                                   through="ContractCoverage", related_name="collective_contracts")
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"), db_index=True)
    workers_covered = models.PositiveIntegerField(_("workers covered"), default=0)
    minimum_wage = models.DecimalField(_("minimum wage in the contract (yuan/month)"), max_digits=10,
                                       decimal_places=2, null=True, blank=True)
    wage_rise_pct = models.DecimalField(_("agreed wage rise (%)"), max_digits=6, decimal_places=2, null=True,
                                        blank=True, validators=[MinValueValidator(-100)])
    congress_approved_on = models.DateField(_("approved by the workers' congress on"), null=True, blank=True)
    congress_session = models.CharField(pgettext_lazy("contracts", "congress session"), max_length=40, blank=True,
                                        help_text=_("For example 九届十三次."))
    status = models.CharField(_("status"), max_length=12, choices=ContractStatus.choices, default=S.DRAFT,
                              db_index=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    submission_due_on = models.DateField(_("submission due"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted to the labour department on"), null=True, blank=True)
    submitted_late = models.BooleanField(_("submitted late"), default=False)
    effective_on = models.DateField(_("takes effect on"), null=True, blank=True, db_index=True)
    objected_on = models.DateField(_("objected to on"), null=True, blank=True)
    objection = models.TextField(_("the department's objection"), blank=True)
    published_on = models.DateField(_("published to the workers on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending"), blank=True)
    expiry_reminded_on = models.DateField(null=True, blank=True, editable=False)
    notes = models.TextField(_("notes"), blank=True)
    created_by = user_field(_("recorded by"))
    created_at = created_field()
    updated_at = updated_field()

    detail_url_name = "contracts:contract_detail"
    audit_fields = ["org", "number", "title", "contract_type", "regional", "starts_on", "ends_on", "workers_covered",
                    "minimum_wage", "wage_rise_pct", "congress_approved_on", "congress_session", "status", "signed_on",
                    "submitted_on", "submitted_late", "effective_on", "objected_on", "objection", "published_on",
                    "ended_on", "end_reason", "notes"]
    status_styles = {S.DRAFT: "text-bg-secondary", S.SIGNED: "text-bg-info", S.SUBMITTED: "text-bg-primary",
                     S.IN_FORCE: "text-bg-success", S.OBJECTED: "text-bg-warning", S.EXPIRED: "text-bg-dark",
                     S.TERMINATED: "text-bg-dark"}
    workflow = Workflow(
        Transition("sign", sources=[S.DRAFT], target=S.SIGNED, label=_("signed"), button=_("Record the signing"),
                   url_name="contracts:contract_sign", style="primary", api="sign"),
        Transition("submit", sources=[S.SIGNED], target=S.SUBMITTED, label=_("submitted for review"),
                   button=_("Record the submission"), url_name="contracts:contract_submit", style="primary",
                   api="submit"),
        Transition("object", sources=[S.SUBMITTED], target=S.OBJECTED, label=_("objected to by the department"),
                   button=_("Record an objection"), url_name="contracts:contract_object", style="outline-danger",
                   api="object"),
        Transition("redraft", sources=[S.OBJECTED], target=S.DRAFT, label=_("back to draft"),
                   button=_("Revise the draft"), url_name="contracts:contract_redraft", api="redraft"),
        Transition("take_effect", sources=[S.SUBMITTED], target=S.IN_FORCE, label=_("took effect"), system=True),
        Transition("publish", sources=[S.SUBMITTED, S.IN_FORCE], label=_("published to the workers"),
                   button=_("Record the publication"), url_name="contracts:contract_publish",
                   when=lambda c: c.published_on is None, api="publish"),
        Transition("check", sources=[S.IN_FORCE, S.EXPIRED], label=_("performance check recorded"),
                   button=_("Record a performance check"), url_name="contracts:contract_check",
                   style="outline-primary", api="check"),
        Transition("document", label=_("document added"), button=_("Add the signed contract"),
                   url_name="contracts:contract_document"),
        Transition("coverage_moved", label=_("coverage moved to the successor employer")),
        Transition("terminate", sources=[S.IN_FORCE], target=S.TERMINATED, label=_("terminated"),
                   button=_("Terminate"), url_name="contracts:contract_terminate", style="outline-danger",
                   api="terminate"),
        Transition("expire", sources=[S.IN_FORCE], target=S.EXPIRED, label=_("expired"), system=True),
        conflict=_("The contract has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("collective contract")
        verbose_name_plural = _("collective contracts")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gt=models.F("starts_on")),
                                   name="contracts_term_ends_after_start"),
            models.CheckConstraint(condition=models.Q(wage_rise_pct__isnull=True) | models.Q(wage_rise_pct__gte=-100),
                                   name="contracts_wage_rise_not_below_minus_100"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def status_style(self):
        return self.status_styles.get(self.status, "text-bg-light")

    @property
    def is_draft(self):
        return self.status == S.DRAFT

    def days_to_expiry(self, today):
        return (self.ends_on - today).days

    def audit_extra(self):
        return {"units": "、".join(u.credit_code for u in self.units.all()) if self.pk else ""}


class ContractCoverage(models.Model):
    """An employer a contract covers (one for an enterprise contract, many for a regional or industry one)."""

    contract = part_of(CollectiveContract, _("collective contract"), "coverage")
    unit = models.ForeignKey("orgs.EmployerUnit", verbose_name=_("employer unit"), on_delete=models.PROTECT,
                             related_name="contract_coverage")

    class Meta:
        verbose_name = _("contract coverage")
        verbose_name_plural = _("contract coverage")
        constraints = [models.UniqueConstraint(fields=["contract", "unit"], name="contracts_coverage_once")]

    def __str__(self):
        return str(self.unit)


class ContractDocument(Attachment):
    """The signed contract (or another document of it): checked by content, never served inline."""

    contract = part_of(CollectiveContract, _("collective contract"), "documents")
    file = models.FileField(_("file"), storage=document_storage, upload_to=_upload_to, max_length=200)
    uploaded_at = created_field(_("uploaded"))

    class Meta:
        verbose_name = _("contract document")
        verbose_name_plural = _("contract documents")
        ordering = ["id"]

    def __str__(self):
        return self.file_name


class PerformanceCheck(models.Model):
    """A performance check (履约检查) of a contract in a year: passed or not, what was found and fixed."""

    contract = part_of(CollectiveContract, _("collective contract"), "checks")
    year = models.PositiveSmallIntegerField(_("year"))
    checked_on = models.DateField(_("checked on"), db_index=True)
    passed = models.BooleanField(_("performed as agreed"), default=True)
    findings = models.TextField(pgettext_lazy("contracts", "findings"), blank=True)
    fixes = models.TextField(_("fixes required"), blank=True)
    recorded_by = user_field(_("recorded by"))
    created_at = created_field()

    class Meta:
        verbose_name = pgettext_lazy("contracts", "performance check")
        verbose_name_plural = _("performance checks")
        ordering = ["-checked_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["contract", "year"], name="contracts_one_check_a_year")]

    def __str__(self):
        return f"{self.contract.number} {self.year}"


class LabourContractCoverage(ScopedModel):
    """Labour-contract coverage (劳动合同签订) of an employer in a year: its workers and those with a signed
    individual labour contract. Held at the union covering the employer (its census union when it has none)."""

    unit = models.ForeignKey("orgs.EmployerUnit", verbose_name=_("employer unit"), on_delete=models.PROTECT,
                             related_name="labour_contract_coverage")
    org = org_field(_("union"), "labour_contract_coverage")
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    workers = models.PositiveIntegerField(_("workers"))
    signed = models.PositiveIntegerField(_("workers with a signed labour contract"))
    recorded_by = user_field(_("recorded by"))
    updated_at = updated_field()

    detail_url_name = "contracts:coverage_detail"
    audit_fields = ["unit", "org", "year", "workers", "signed"]

    class Meta:
        verbose_name = _("labour-contract coverage")
        verbose_name_plural = _("labour-contract coverage")
        ordering = ["-year", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="contracts_coverage_once_a_year"),
            models.CheckConstraint(condition=models.Q(signed__lte=models.F("workers")),
                                   name="contracts_signed_not_above_workers"),
        ]

    def __str__(self):
        return f"{self.unit} {self.year}"

    @property
    def rate(self):
        return round(self.signed * 100 / self.workers, 1) if self.workers else None
