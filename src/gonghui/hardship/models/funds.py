"""The assistance fund (帮扶资金): each organisation's running balance, its ledger and approved overdrafts."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.modelfields import org_field, recorded_fields, user_field
from gonghui.core.models import ScopedModel

from ..choices import EntryKind, IncomeSource
from .campaigns import AidPayment
from .common import MONEY


class FundBalance(models.Model):
    """The running balance of an organisation's assistance fund; its row is locked while an entry is written."""

    org = models.OneToOneField("orgs.Organisation", on_delete=models.PROTECT, related_name="hardship_fund",
                               primary_key=True)
    balance = models.DecimalField(**MONEY, default=Decimal("0"))

    class Meta:
        verbose_name = _("fund balance")


class FundLedgerEntry(ScopedModel):
    """One line of an organisation's assistance fund ledger (帮扶资金台账). Never edited: corrections are new lines."""

    org = org_field(_("organisation"))
    date = models.DateField(_("date"), db_index=True)
    kind = models.CharField(_("kind"), max_length=15, choices=EntryKind.choices)
    source = models.CharField(_("source"), max_length=12, choices=IncomeSource.choices, blank=True)
    donor = models.CharField(_("donor"), max_length=100, blank=True)
    counterpart = org_field(_("other organisation"), null=True, blank=True)
    payment = models.OneToOneField(AidPayment, verbose_name=_("aid payment"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="ledger_entry")
    amount = models.DecimalField(_("amount"), **MONEY)  # positive in, negative out
    balance_after = models.DecimalField(_("balance"), **MONEY)
    memo = models.CharField(_("memo"), max_length=200, blank=True)
    recorded_by, created_at = recorded_fields()

    detail_url_name = "hardship:entry_detail"
    audit_fields = ["org", "date", "kind", "source", "donor", "counterpart", "amount", "balance_after", "memo"]

    class Meta:
        verbose_name = _("fund ledger entry")
        verbose_name_plural = _("fund ledger")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["org", "date"])]

    def __str__(self):
        return f"{self.org} {self.date} {self.get_kind_display()} {self.amount}"


class Overdraft(ScopedModel):
    """An overdraft of an organisation's fund, approved by the level above, up to a limit and a date."""

    org = org_field(_("organisation"))
    limit = models.DecimalField(_("limit"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    valid_until = models.DateField(_("valid until"))
    reason = models.CharField(_("reason"), max_length=300)
    approved_by = user_field(_("approved by"))
    approved_on = models.DateField(_("approved on"))

    audit_fields = ["org", "limit", "valid_until", "reason", "approved_on"]

    class Meta:
        verbose_name = _("overdraft")
        verbose_name_plural = _("overdrafts")
        ordering = ["-approved_on", "-id"]

    def __str__(self):
        return f"{self.org} {self.limit}"

    def get_absolute_url(self):
        """An overdraft shows on its organisation's ledger."""
        return reverse("hardship:ledger") + f"?org={self.org.code}"
