"""Reads of union funds, always from the user's scope."""

from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from .choices import BudgetStatus, Category, EntryKind, Level
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


def funds_for(user):
    return Fund.objects.for_user(user).select_related("org")


def entries_for(user):
    return LedgerEntry.objects.for_user(user).select_related("org", "fund__org", "counterpart")


def ratios_for(user):
    return SplitRatio.objects.for_user(user).select_related("org")


def remittances_for(user):
    return Remittance.objects.for_user(user).select_related("org")


def remittance_summary(user, year=None):
    """The dashboard: due, received, arrears and the rate over the user's scope, and the remittance shares booked
    at each of the three levels (by organisation)."""
    rems = remittances_for(user)
    if year:
        rems = rems.filter(year=year)
    totals = rems.aggregate(due=Sum("amount_due"), received=Sum("received"))
    due, received = totals["due"] or Decimal("0"), totals["received"] or Decimal("0")
    shares = entries_for(user).filter(kind="remittance")
    if year:
        shares = shares.filter(payment__remittance__year=year)
    rows = (shares.values("level", "org__name", "org__code").annotate(total=Sum("amount"))
            .order_by("level", "org__code"))
    by_level = {level: {"label": label, "rows": [], "total": Decimal("0")} for level, label in Level.choices}
    for row in rows:
        block = by_level[row["level"]]
        row["total"] = Decimal(row["total"]).quantize(Decimal("0.01"))
        block["rows"].append(row)
        block["total"] += row["total"]
    rate = (received * 100 / due).quantize(Decimal("0.1")) if due else None
    due, received = due.quantize(Decimal("0.01")), received.quantize(Decimal("0.01"))
    return {"due": due, "received": received, "arrears": max(due - received, Decimal("0")), "rate": rate,
            "levels": list(by_level.items())}


def dues_for(user):
    return DuesRecord.objects.for_user(user).select_related("org", "member")


def spent_subquery():
    """The spending booked against a budget line (its union, fund, category and year), positive."""
    entries = (LedgerEntry.objects.filter(org=OuterRef("org"), fund__kind=OuterRef("fund_kind"),
                                          category=OuterRef("category"), date__year=OuterRef("year"),
                                          kind__in=(EntryKind.EXPENSE, EntryKind.REVERSAL))
               .order_by().values("org").annotate(s=Sum("amount")).values("s"))
    return ExpressionWrapper(Value(Decimal("0")) - Coalesce(Subquery(entries), Value(Decimal("0"))),
                             output_field=DecimalField(max_digits=14, decimal_places=2))


def budgets_for(user):
    return BudgetLine.objects.for_user(user).select_related("org").annotate(spent=spent_subquery())


def rules_for(user):
    return SpendingRule.objects.for_user(user).select_related("org")


def approvals_for(user):
    return CollectiveApproval.objects.for_user(user).select_related("org", "entry")


def audits_for(user):
    return FundAudit.objects.for_user(user).select_related("org")


def budget_execution(user, year):
    """The dashboard's budget execution: for each category, the approved budget and the spending against it."""
    rows = (budgets_for(user).filter(year=year).exclude(status=BudgetStatus.DRAFT).values("category")
            .annotate(budget=Sum("amount")).order_by("category"))
    lines = budgets_for(user).filter(year=year).exclude(status=BudgetStatus.DRAFT)
    spent_by = {}
    for line in lines:
        spent_by[line.category] = spent_by.get(line.category, Decimal("0")) + line.spent
    labels = dict(Category.choices)
    out = []
    for row in rows:
        done = spent_by.get(row["category"], Decimal("0"))
        out.append({"category": labels[row["category"]], "code": row["category"], "budget": row["budget"],
                    "spent": done, "rate": (done * 100 / row["budget"]).quantize(Decimal("0.1"))
                    if row["budget"] else None})
    return out


def banklines_for(user):
    return BankLine.objects.for_user(user).select_related("org", "remittance__org")


def refusals_for(user):
    return SpendingRefusal.objects.for_user(user).select_related("org", "rule")


def closed_years_for(user):
    return ClosedYear.objects.for_user(user).select_related("org", "recorded_by")


def plans_for(user):
    """Audit plans, each with its audits planned and closed (``planned``, ``done``)."""
    from django.db.models import Count, Q

    return (AuditPlan.objects.for_user(user).select_related("org")
            .annotate(planned=Count("audits"), done=Count("audits", filter=Q(audits__status="closed")))
            .order_by("-year", "-id"))  # an aggregate drops Meta.ordering
