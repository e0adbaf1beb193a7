"""The choices of union funds: kinds of fund, ledger categories, entry kinds, payment channels, split levels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FundKind(models.TextChoices):
    UNION_FUNDS = "union_funds", _("Union funds")
    DUES = "dues", _("Membership dues")
    HARDSHIP = "hardship", _("Hardship aid fund")
    DONATIONS = "donations", _("Donations")
    SPECIAL = "special", _("Special allocations")
    PREPARATORY = "preparatory", _("Preparatory funds held for employers without a union")


class Category(models.TextChoices):
    """The spending categories of the grassroots union fund rules (and income)."""

    INCOME = "income", _("Income")
    ACTIVITIES = "activities", _("Workers' activities")
    RIGHTS = "rights", _("Rights protection")
    BUSINESS = "business", _("Union business")
    CAPITAL = "capital", _("Capital expenditure")
    SUBSIDY = "subsidy", _("Subsidies to lower levels")
    OTHER = "other", _("Other")


class EntryKind(models.TextChoices):
    INCOME = "income", _("Income")
    EXPENSE = "expense", _("Expense")
    REMITTANCE = "remittance", _("Remittance share")
    ALLOCATION_OUT = "allocation_out", _("Allocation to a lower level")
    ALLOCATION_IN = "allocation_in", _("Allocation from the level above")
    REVERSAL = "reversal", _("Reversal")
    HARDSHIP = "hardship", _("Hardship ledger")
    PREP_OUT = "prep_out", _("Preparatory funds released to the new union")
    PREP_IN = "prep_in", _("Preparatory funds received on founding")


class Channel(models.TextChoices):
    DIRECT = "direct", _("Paid directly")
    TAX = "tax", _("Collected by the tax bureau")
    AGENT = "agent", _("Collected by an agent")


class Level(models.TextChoices):
    """The three levels a remittance is split between."""

    GRASSROOTS = "grassroots", _("Grassroots union")
    PARENT = "parent", _("Level above")
    HIGHER = "higher", _("Higher level")


class DuesStatus(models.TextChoices):
    DUE = "due", _("Not yet paid")
    PAID = "paid", _("Paid")


class BudgetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved by the funds review committee")
    CLOSED = "closed", _("Final accounts approved")


class RuleKind(models.TextChoices):
    THRESHOLD = "threshold", _("Collective approval above an amount")
    PER_PERSON = "per_person", _("Cap per person")


class AuditStatus(models.TextChoices):
    OPEN = "open", _("Under audit")
    RECTIFYING = "rectifying", _("Findings being rectified")
    CLOSED = "closed", _("Closed")


class BankLineStatus(models.TextChoices):
    UNMATCHED = "unmatched", _("Not matched")
    MATCHED = "matched", _("Matched")


class MatchedBy(models.TextChoices):
    REFERENCE = "reference", _("By the reference")
    PAYER = "payer", _("By the payer and amount")
    MANUAL = "manual", _("By hand")
