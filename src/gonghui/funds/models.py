"""Union funds (工会经费): each organisation's funds and their ledger, the split ratios of remittances, and the
remittances of employers (2% of payroll) with the payments received."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.modelfields import org_field, part_of, recorded_fields
from gonghui.core.models import ScopedModel
from gonghui.core.pii import EncryptedCharField
from gonghui.core.workflow import Transition, Workflow

from .choices import (
    AuditStatus,
    BankLineStatus,
    BudgetStatus,
    Category,
    Channel,
    DuesStatus,
    EntryKind,
    FundKind,
    Level,
    MatchedBy,
    RuleKind,
)

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
    unit = models.ForeignKey("orgs.EmployerUnit", verbose_name=_("employer unit (census)"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+",
                             help_text=_("While the employer has no union, the grassroots share is held as "
                                         "preparatory funds (筹备金) by this union, and released to the union "
                                         "founded at the employer."))

    detail_url_name = "funds:remittance_detail"
    audit_fields = ["org", "employer", "year", "payroll_base", "rate", "amount_due", "received", "memo", "unit"]

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
    unit = models.ForeignKey("orgs.EmployerUnit", verbose_name=_("employer unit"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
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


YEAR = {"validators": [MinValueValidator(2000), MaxValueValidator(2100)]}


class DuesRecord(ScopedModel):
    """A member's dues for one month (会费): the rate (0.5% by default) of the basic wage the member declared,
    collected by the union and booked to its dues fund when paid; an unpaid month is in arrears."""

    org = org_field(_("union"))
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="+")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    basic_wage = models.DecimalField(_("declared basic wage"), **MONEY, validators=[MinValueValidator(Decimal("0"))])
    rate = models.DecimalField(_("rate (%)"), max_digits=5, decimal_places=2,
                               validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))])
    amount_due = models.DecimalField(_("dues"), **MONEY, default=Decimal("0"))
    status = models.CharField(_("status"), max_length=8, choices=DuesStatus.choices, default=DuesStatus.DUE)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    entry = models.ForeignKey(LedgerEntry, verbose_name=_("ledger entry"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")

    detail_url_name = "funds:dues_detail"
    audit_fields = ["org", "member", "month", "basic_wage", "rate", "amount_due", "status", "paid_on"]
    status_styles = {"due": "text-bg-warning", "paid": "text-bg-success"}
    workflow = Workflow(
        Transition("pay", sources=[DuesStatus.DUE], target=DuesStatus.PAID, label=_("dues paid"),
                   button=_("Record the dues paid"), url_name="funds:dues_pay", style="primary", api="pay"),
        conflict=_("The dues have changed in the meantime (they are now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("monthly dues")
        verbose_name_plural = _("dues")
        ordering = ["-month", "org__path", "id"]
        constraints = [models.UniqueConstraint(fields=["member", "month"], name="funds_dues_member_month")]

    def __str__(self):
        return f"{self.member.name} {self.month:%Y-%m}"


class BudgetLine(ScopedModel):
    """A line of a union's budget for a year (预算): a fund and a category, the amount; the funds review committee
    (经审会) approves it, and approves the final accounts (决算) that close the year's line. Spending of the fund
    and category in that year is checked against an approved line."""

    org = org_field(_("union"))
    year = models.PositiveSmallIntegerField(_("year"), **YEAR)
    fund_kind = models.CharField(_("fund"), max_length=12, choices=FundKind.choices, default=FundKind.UNION_FUNDS)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    amount = models.DecimalField(_("budget"), **MONEY, validators=[MinValueValidator(Decimal("0"))])
    status = models.CharField(_("status"), max_length=10, choices=BudgetStatus.choices, default=BudgetStatus.DRAFT)
    decision = models.CharField(_("review committee decision"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    detail_url_name = "funds:budget_detail"
    audit_fields = ["org", "year", "fund_kind", "category", "amount", "status", "decision", "note"]
    status_styles = {"draft": "text-bg-secondary", "approved": "text-bg-success", "closed": "text-bg-dark"}
    workflow = Workflow(
        Transition("approve", sources=[BudgetStatus.DRAFT], target=BudgetStatus.APPROVED,
                   label=_("approved by the funds review committee"), button=_("Record the committee's approval"),
                   url_name="funds:budget_approve", style="primary", api="approve"),
        Transition("close", sources=[BudgetStatus.APPROVED], target=BudgetStatus.CLOSED,
                   label=_("final accounts approved"), button=_("Approve the final accounts"),
                   url_name="funds:budget_close", api="close"),
        conflict=_("The budget line has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budgets")
        ordering = ["-year", "org__path", "fund_kind", "category"]
        constraints = [models.UniqueConstraint(fields=["org", "year", "fund_kind", "category"],
                                               name="funds_budget_line_unique")]

    def __str__(self):
        return f"{self.org.name} {self.year} {self.get_category_display()}"


class SpendingRule(ScopedModel):
    """A spending rule of a union, binding it and the unions under it: above ``amount`` a spending needs a recorded
    collective decision (重大开支集体审批), or no more than ``amount`` per person (holiday gifts)."""

    org = org_field(_("union"))
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("rule"), max_length=12, choices=RuleKind.choices)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices, blank=True,
                                help_text=_("Empty: every category of spending."))
    amount = models.DecimalField(_("amount"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    basis = models.CharField(_("basis (document)"), max_length=200, blank=True)
    active = models.BooleanField(_("in force"), default=True)

    detail_url_name = "funds:rule_detail"
    audit_fields = ["org", "name", "kind", "category", "amount", "basis", "active"]

    class Meta:
        verbose_name = _("spending rule")
        verbose_name_plural = _("spending rules")
        ordering = ["org__path", "kind", "amount"]

    def __str__(self):
        return self.name


class CollectiveApproval(ScopedModel):
    """A collective decision on a major spending (集体审批): the meeting, the members present and the vote. A
    spending above the threshold books only with a decision that passed, for at least its amount, used once."""

    org = org_field(_("union"))
    subject = models.CharField(_("subject"), max_length=200)
    meeting = models.CharField(_("meeting"), max_length=100)
    meeting_date = models.DateField(_("meeting date"))
    members_total = models.PositiveSmallIntegerField(_("members of the committee"))
    members_present = models.PositiveSmallIntegerField(_("members present"))
    votes_for = models.PositiveSmallIntegerField(_("votes for"))
    votes_against = models.PositiveSmallIntegerField(_("votes against"), default=0)
    amount = models.DecimalField(_("amount approved"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    entry = models.OneToOneField(LedgerEntry, verbose_name=_("ledger entry"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="approval")

    detail_url_name = "funds:approval_detail"
    audit_fields = ["org", "subject", "meeting", "meeting_date", "members_total", "members_present", "votes_for",
                    "votes_against", "amount"]

    class Meta:
        verbose_name = _("collective approval")
        verbose_name_plural = _("collective approvals")
        ordering = ["-meeting_date", "-id"]

    def __str__(self):
        return f"{self.meeting} {self.subject}"

    @property
    def passed(self):
        return self.votes_for * 2 > self.members_total


class AuditPlan(ScopedModel):
    """An audit plan (审计计划) of an auditing union for a year over grassroots unions of its subtree: one audit per
    union planned (never two for the same union and year under plans); its progress is audits closed / planned."""

    org = org_field(_("auditing union"))
    year = models.PositiveSmallIntegerField(_("year audited"), **YEAR)
    title = models.CharField(_("title"), max_length=200)
    auditors = models.CharField(_("audited by"), max_length=200)
    started_on = models.DateField(_("starts on"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    detail_url_name = "funds:plan_detail"
    audit_fields = ["org", "year", "title", "auditors", "started_on", "note"]

    class Meta:
        verbose_name = _("audit plan")
        verbose_name_plural = _("audit plans")
        ordering = ["-year", "-id"]

    def __str__(self):
        return self.title


class FundAudit(ScopedModel):
    """An audit of a union's finances by the funds review committee (经审): findings, their rectification by a
    deadline, and closing once every finding is rectified."""

    org = org_field(_("union audited"))
    year = models.PositiveSmallIntegerField(_("year audited"), **YEAR)
    title = models.CharField(_("title"), max_length=200)
    auditors = models.CharField(_("audited by"), max_length=200)
    started_on = models.DateField(_("started on"))
    status = models.CharField(_("status"), max_length=12, choices=AuditStatus.choices, default=AuditStatus.OPEN)
    conclusion = models.TextField(_("conclusion"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    plan = models.ForeignKey(AuditPlan, verbose_name=_("audit plan"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="audits")

    detail_url_name = "funds:audit_detail"
    audit_fields = ["org", "year", "title", "auditors", "started_on", "status", "conclusion", "closed_on"]
    status_styles = {"open": "text-bg-info", "rectifying": "text-bg-warning", "closed": "text-bg-success"}
    workflow = Workflow(
        Transition("finding", sources=[AuditStatus.OPEN, AuditStatus.RECTIFYING], target=AuditStatus.RECTIFYING,
                   label=_("finding recorded"), button=_("Record a finding"), url_name="funds:audit_finding",
                   style="outline-primary", api="finding"),
        Transition("rectify", sources=[AuditStatus.RECTIFYING], label=_("finding rectified"),
                   button=_("Record a rectification"), url_name="funds:audit_rectify", api="rectify"),
        Transition("close", sources=[AuditStatus.OPEN, AuditStatus.RECTIFYING], target=AuditStatus.CLOSED,
                   label=_("closed"), button=_("Close the audit"), url_name="funds:audit_close", api="close"),
        conflict=_("The audit has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("funds audit")
        verbose_name_plural = _("funds audits")
        ordering = ["-started_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], condition=models.Q(plan__isnull=False),
                                               name="funds_audit_planned_once")]

    def __str__(self):
        return self.title


class AuditFinding(models.Model):
    """A finding of an audit, to be rectified by its deadline (reminded by the daily round)."""

    audit = part_of(FundAudit, _("audit"), "findings")
    text = models.CharField(_("finding"), max_length=300)
    deadline = models.DateField(_("rectify by"))
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True)
    rectification = models.CharField(_("rectification"), max_length=300, blank=True)
    reminded_on = models.DateField(_("reminded on"), null=True, blank=True)
    recorded_by, created_at = recorded_fields()

    class Meta:
        verbose_name = _("audit finding")
        verbose_name_plural = _("audit findings")
        ordering = ["deadline", "id"]

    def __str__(self):
        return self.text


class BankLine(ScopedModel):
    """A credit line of a bank statement (银行流水) imported by a union: matched to a remittance of a union under it
    (the payment recorded through the services, once: the line's fingerprint is unique), or left for an official
    to match by hand."""

    org = org_field(_("union"))
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), **MONEY)
    payer_name = models.CharField(_("payer"), max_length=100)
    payer_account = EncryptedCharField(_("payer account"), blank=True)
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=BankLineStatus.choices,
                              default=BankLineStatus.UNMATCHED)
    matched_by = models.CharField(_("matched"), max_length=10, choices=MatchedBy.choices, blank=True)
    remittance = models.ForeignKey(Remittance, verbose_name=_("remittance"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    payment = models.OneToOneField(RemittancePayment, verbose_name=_("remittance payment"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="bank_line")
    recorded_by, created_at = recorded_fields()

    detail_url_name = "funds:bankline_detail"
    audit_fields = ["org", "date", "amount", "payer_name", "payer_account", "reference", "status", "matched_by",
                    "remittance"]
    reveal_fields = ("payer_account",)
    reveal_actions = ("reveal_pii",)
    status_styles = {"unmatched": "text-bg-warning", "matched": "text-bg-success"}
    workflow = Workflow(
        Transition("match", sources=[BankLineStatus.UNMATCHED], target=BankLineStatus.MATCHED,
                   label=_("matched to a remittance"), button=_("Match to a remittance"),
                   url_name="funds:bankline_match", style="primary", api="match"),
        conflict=_("The bank line has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("bank statement line")
        verbose_name_plural = _("bank statement lines")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.date} {self.payer_name} {self.amount}"


class SpendingRefusal(ScopedModel):
    """A spending refused because it was above a cap per person of the rules in force (超标准支出被拒): kept when
    refused, for the figure of refusals and its records."""

    org = org_field(_("union"))
    rule = models.ForeignKey(SpendingRule, verbose_name=_("spending rule"), on_delete=models.PROTECT,
                             related_name="refusals")
    date = models.DateField(_("date of the spending"))
    fund_kind = models.CharField(_("fund"), max_length=12, choices=FundKind.choices)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    amount = models.DecimalField(_("amount refused"), **MONEY)
    persons = models.PositiveIntegerField(_("people"))
    cap = models.DecimalField(_("most allowed"), **MONEY)
    memo = models.CharField(_("memo"), max_length=200, blank=True)
    recorded_by, created_at = recorded_fields()

    detail_url_name = "funds:refusal_detail"
    audit_fields = ["org", "rule", "date", "fund_kind", "category", "amount", "persons", "cap", "memo"]

    class Meta:
        verbose_name = _("spending refused above a cap")
        verbose_name_plural = _("spending refused above caps")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.org.name} {self.date} {self.amount}"


class ClosedYear(ScopedModel):
    """A union's financial year closed (年度结账): from then on nothing dated in that year is booked or changed for
    the union (ledger, remittance payments, dues, budget lines, spending). Never reopened: a mistake found later is
    corrected by a reversing entry dated in an open year (see docs/user/funds.md)."""

    org = org_field(_("union"))
    year = models.PositiveSmallIntegerField(_("year"), **YEAR)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by, created_at = recorded_fields()

    detail_url_name = "funds:closedyear_detail"
    audit_fields = ["org", "year", "note"]

    class Meta:
        verbose_name = _("closed financial year")
        verbose_name_plural = _("closed financial years")
        ordering = ["-year", "org__path"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="funds_closed_year_org_year")]

    def __str__(self):
        return f"{self.org.name} {self.year}"
