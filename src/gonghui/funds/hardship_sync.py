"""The hardship aid ledger (gonghui.hardship) as one fund of this area: each of its lines is mirrored into the
organisation's hardship fund, and the fund's balance is the hardship ledger's. The data migration
(0002_hardship_ledger) mirrors what exists; the receiver below keeps every new line in step."""

from decimal import Decimal

from django.db import transaction

from .choices import Category, EntryKind, FundKind


def mirror_hardship(apps):
    """Mirror every hardship ledger line not yet mirrored and set each hardship fund's balance; refuses (raises)
    when any balance differs before and after, so no figure is lost."""
    Balance = apps.get_model("hardship", "FundBalance")
    HEntry = apps.get_model("hardship", "FundLedgerEntry")
    Fund = apps.get_model("funds", "Fund")
    Entry = apps.get_model("funds", "LedgerEntry")
    before = {b.org_id: b.balance for b in Balance.objects.all()}
    done = set(Entry.objects.filter(hardship_entry_id__isnull=False).values_list("hardship_entry_id", flat=True))
    funds = {}
    for h in HEntry.objects.order_by("id").iterator():
        if h.pk in done:
            continue
        fund = funds.get(h.org_id)
        if fund is None:
            fund, _created = Fund.objects.get_or_create(org_id=h.org_id, kind=FundKind.HARDSHIP)
            funds[h.org_id] = fund
        Entry.objects.create(fund=fund, org_id=h.org_id, date=h.date, kind=EntryKind.HARDSHIP,
                             category=Category.INCOME if h.amount > 0 else Category.OTHER, amount=h.amount,
                             balance_after=h.balance_after, counterpart_id=h.counterpart_id,
                             hardship_entry_id=h.pk, memo=(h.memo or "")[:200], recorded_by_id=h.recorded_by_id)
    for org_id, balance in before.items():
        Fund.objects.update_or_create(org_id=org_id, kind=FundKind.HARDSHIP, defaults={"balance": balance})
    after = {f.org_id: f.balance for f in Fund.objects.filter(kind=FundKind.HARDSHIP)}
    sums = {}
    for org_id, amount in Entry.objects.filter(kind=EntryKind.HARDSHIP).values_list("org_id", "amount"):
        sums[org_id] = sums.get(org_id, Decimal("0")) + amount
    for org_id, balance in before.items():
        if after.get(org_id) != balance or sums.get(org_id, Decimal("0")) != balance:
            raise RuntimeError(f"hardship fund of organisation {org_id}: {balance} before, {after.get(org_id)} "
                               f"after, ledger sums to {sums.get(org_id)}")
    return before, after


def on_hardship_entry(sender, instance, created, raw=False, **kwargs):
    """post_save of a hardship ledger line: the same line in the hardship fund, its balance the line's."""
    if not created or raw:
        return
    from .models import Fund, LedgerEntry

    with transaction.atomic():
        Fund.objects.get_or_create(org_id=instance.org_id, kind=FundKind.HARDSHIP)
        fund = Fund.objects.select_for_update().get(org_id=instance.org_id, kind=FundKind.HARDSHIP)
        fund.balance = instance.balance_after
        fund.save(update_fields=["balance"])
        LedgerEntry.objects.create(
            fund=fund, org_id=instance.org_id, date=instance.date, kind=EntryKind.HARDSHIP,
            category=Category.INCOME if instance.amount > 0 else Category.OTHER, amount=instance.amount,
            balance_after=instance.balance_after, counterpart_id=instance.counterpart_id,
            hardship_entry_id=instance.pk, memo=(instance.memo or "")[:200], recorded_by_id=instance.recorded_by_id)
