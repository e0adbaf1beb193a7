import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import BaseTable, StatusColumn, table_for

from .models import (
    AuditPlan,
    BankLine,
    BudgetLine,
    ClosedYear,
    CollectiveApproval,
    DuesRecord,
    Fund,
    FundAudit,
    LedgerEntry,
    Remittance,
    SpendingRefusal,
    SpendingRule,
    SplitRatio,
)

FundTable = table_for(Fund, ("kind", "org", "account", "balance"))
EntryTable = table_for(LedgerEntry, ("date", "org", "fund", "kind", "category", "level", "amount", "balance_after",
                                     "memo"))
RatioTable = table_for(SplitRatio, ("year", "org", "grassroots_pct", "parent_pct", "higher_pct", "rounding_to",
                                     "basis"))
RemittanceTable = table_for(Remittance, ("employer", "org", "year", "payroll_base", "rate", "amount_due",
                                         "received"))
DuesTable = table_for(DuesRecord, ("member", "org", "month", "basic_wage", "rate", "amount_due", "status",
                                   "paid_on"), styles=DuesRecord.status_styles)


class BudgetTable(BaseTable):
    category = tables.Column(linkify=True)
    status = StatusColumn(BudgetLine.status_styles)
    spent = tables.Column(verbose_name=_("spent"))

    class Meta:
        model = BudgetLine
        fields = ("category", "org", "year", "fund_kind", "amount", "spent", "status", "note")


RuleTable = table_for(SpendingRule, ("name", "org", "kind", "category", "amount", "active"))
ApprovalTable = table_for(CollectiveApproval, ("subject", "org", "meeting", "meeting_date", "members_total",
                                               "members_present", "votes_for", "amount"))
AuditTable = table_for(FundAudit, ("title", "org", "year", "auditors", "started_on", "status"),
                       styles=FundAudit.status_styles)

BankLineTable = table_for(BankLine, ("date", "org", "payer_name", "amount", "reference", "status", "matched_by",
                                     "remittance"), styles=BankLine.status_styles)
RefusalTable = table_for(SpendingRefusal, ("date", "org", "rule", "category", "amount", "persons", "cap", "memo"))

ClosedYearTable = table_for(ClosedYear, ("year", "org", "note", "recorded_by", "created_at"))

AuditPlanTable = table_for(AuditPlan, ("title", "org", "year", "auditors", "started_on"))
