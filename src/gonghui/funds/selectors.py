"""Reads of union funds, always from the user's scope."""

from decimal import Decimal

from django.db.models import Sum

from .choices import Level
from .models import Fund, LedgerEntry, Remittance, SplitRatio


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
