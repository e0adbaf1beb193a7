"""Union funds (工会经费): each organisation's funds and their ledger, the split ratios of remittances, and the
remittances of employers (2% of payroll) with the payments received."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.modelfields import org_field, part_of, recorded_fields
from gonghui.core.models import ScopedModel

from .choices import Category, Channel, EntryKind, FundKind, Level

MONEY = {"max_digits": 14, "decimal_places": 2}
PCT = {"max_digits": 5, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0")),
                                                             MaxValueValidator(Decimal("100"))]}


class Fund(ScopedModel):
    """One fund of an organisation (union funds, dues, hardship ...) and its running balance; the row is locked
    while an entry is posted, so the balance never goes below zero."""

    org = org_field(_("organisation"))
    kind = models.CharField(_("fund"), max_length=12, choices=FundKind.choices)
    balance = models.DecimalField(_("balance"), **MONEY, default=Decimal("0"))
    account = models.CharField(_("bank account"), max_length=100, blank=True)

    detail_url_name = "funds:fund_detail"
    audit_fields = ["org", "kind", "account"]

    class Meta:
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        ordering = ["org__path", "kind"]
        constraints = [models.UniqueConstraint(fields=["org", "kind"], name="funds_fund_org_kind")]

    def __str__(self):
        return f"{self.org.name} {self.get_kind_display()}"


class SplitRatio(ScopedModel):
    """How a province (or any union above) splits remitted union funds between the grassroots union and the two
    levels above it, for a year; the fen left by rounding go to a named level."""

    org = org_field(_("organisation"))
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    grassroots_pct = models.DecimalField(_("grassroots union (%)"), **PCT)
    parent_pct = models.DecimalField(_("level above (%)"), **PCT)
    higher_pct = models.DecimalField(_("higher level (%)"), **PCT)
    rounding_to = models.CharField(_("rounding goes to"), max_length=12, choices=Level.choices,
                                   default=Level.GRASSROOTS)
    basis = models.CharField(_("basis (document)"), max_length=200, blank=True)

    detail_url_name = "funds:ratio_detail"
    audit_fields = ["org", "year", "grassroots_pct", "parent_pct", "higher_pct", "rounding_to", "basis"]

    class Meta:
        verbose_name = _("split ratio")
        verbose_name_plural = _("split ratios")
        ordering = ["-year", "org__path"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="funds_ratio_org_year")]

    def __str__(self):
        return f"{self.org.name} {self.year}"

    def shares(self):
        return {Level.GRASSROOTS: self.grassroots_pct, Level.PARENT: self.parent_pct, Level.HIGHER: self.higher_pct}


class Remittance(ScopedModel):
    """An employer's union funds for a year (拨缴): 2% (configurable) of the payroll base, due to its union."""

    org = org_field(_("union"))
    employer = models.CharField(_("employer"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    payroll_base = models.DecimalField(_("payroll base"), **MONEY, validators=[MinValueValidator(Decimal("0"))])
    rate = models.DecimalField(_("rate (%)"), max_digits=5, decimal_places=2,
                               validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))])
    amount_due = models.DecimalField(_("amount due"), **MONEY, default=Decimal("0"))
    received = models.DecimalField(_("received"), **MONEY, default=Decimal("0"))
    memo = models.CharField(_("memo"), max_length=200, blank=True)

    detail_url_name = "funds:remittance_detail"
    audit_fields = ["org", "employer", "year", "payroll_base", "rate", "amount_due", "received", "memo"]

    class Meta:
        verbose_name = _("remittance")
        verbose_name_plural = _("remittances")
        ordering = ["-year", "employer", "-id"]
        constraints = [models.UniqueConstraint(fields=["org", "employer", "year"], name="funds_remittance_unique")]

    def __str__(self):
        return f"{self.employer} {self.year}"

    @property
    def arrears(self):
        return max(self.amount_due - self.received, Decimal("0"))


class RemittancePayment(models.Model):
    """A payment received against a remittance; its split is the ledger entries that point at it."""

    remittance = part_of(Remittance, _("remittance"), "payments")
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), **MONEY)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recorded_by, created_at = recorded_fields()

    class Meta:
        verbose_name = _("remittance payment")
        verbose_name_plural = _("remittance payments")
        ordering = ["date", "id"]

    def __str__(self):
        return f"{self.remittance} {self.date} {self.amount}"


class LedgerEntry(ScopedModel):
    """One line of a fund's ledger. Never edited: a mistake is corrected by a reversing entry."""

    fund = models.ForeignKey(Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="entries")
    org = org_field(_("organisation"))
    date = models.DateField(_("date"), db_index=True)
    kind = models.CharField(_("kind"), max_length=15, choices=EntryKind.choices)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    amount = models.DecimalField(_("amount"), **MONEY)  # positive in, negative out
    balance_after = models.DecimalField(_("balance"), **MONEY)
    counterpart = org_field(_("other organisation"), null=True, blank=True)
    payment = models.ForeignKey(RemittancePayment, verbose_name=_("remittance payment"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="entries")
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, blank=True)
    reverses = models.OneToOneField("self", verbose_name=_("reverses"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="reversed_by")
    hardship_entry_id = models.BigIntegerField(_("hardship ledger line"), null=True, blank=True, unique=True)
    memo = models.CharField(_("memo"), max_length=200, blank=True)
    recorded_by, created_at = recorded_fields()

    detail_url_name = "funds:entry_detail"
    audit_fields = ["org", "fund", "date", "kind", "category", "amount", "balance_after", "counterpart", "level",
                    "memo"]

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["org", "date"])]

    def __str__(self):
        return f"{self.org} {self.date} {self.get_kind_display()} {self.amount}"
