"""Writes of union funds: posting to a fund's ledger under a lock (never below zero), reversing entries, the
split ratios, remittances and their payments (split to three levels and booked), allocations down the tree."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, scope
from gonghui.core.validators import check_not_future, parse_money

from .choices import Category, Channel, EntryKind, FundKind, Level
from .models import Fund, LedgerEntry, Remittance, RemittancePayment, SplitRatio
from .splits import split_amount


def default_rate():
    """The remittance rate in percent: 2% of payroll by the Trade Union Law, unless settings say otherwise."""
    return Decimal(str(getattr(settings, "GONGHUI_FUNDS_REMITTANCE_RATE", "2")))


def default_shares():
    grassroots, parent, higher = getattr(settings, "GONGHUI_FUNDS_SPLIT", ("60", "25", "15"))
    return {Level.GRASSROOTS: Decimal(str(grassroots)), Level.PARENT: Decimal(str(parent)),
            Level.HIGHER: Decimal(str(higher))}


def _user_or_none(user):
    return user if getattr(user, "pk", None) else None


def fund_of(org, kind):
    fund, _created = Fund.objects.get_or_create(org=org, kind=kind)
    return fund


def _locked(org, kind):
    fund_of(org, kind)
    return Fund.objects.select_for_update().get(org=org, kind=kind)


def post_entry(org, kind, amount, *, day, entry_kind, category, user=None, **fields):
    """Append an entry to ``org``'s fund of ``kind`` under its row lock; one that would take the balance below
    zero is refused. Call inside a transaction."""
    fund = _locked(org, kind)
    new = fund.balance + amount
    if amount < 0 and new < 0:
        raise ValidationError({"amount": _("The %(fund)s of %(org)s holds %(balance)s yuan; this would take it "
                                           "below zero.") % {"fund": fund.get_kind_display(), "org": org.name,
                                                             "balance": fund.balance}})
    fund.balance = new
    fund.save(update_fields=["balance"])
    return LedgerEntry.objects.create(fund=fund, org=org, date=day, kind=entry_kind, category=category,
                                      amount=amount, balance_after=new, recorded_by=_user_or_none(user), **fields)


def _check_day(day):
    day = day or timezone.localdate()
    check_not_future(day)
    return day


@transaction.atomic
def record_entry(user, org, *, fund_kind, amount, category, date=None, memo=""):
    """Income (category income, a positive amount) or spending (any other category) of one fund."""
    scope.require(user, "change", org)
    if fund_kind not in FundKind.values:
        raise ValidationError({"fund_kind": _("Choose the fund.")})
    if category not in Category.values:
        raise ValidationError({"category": _("Choose the category.")})
    day = _check_day(date)
    amount = parse_money(amount, "amount", required=True, positive=True)
    income = category == Category.INCOME
    entry = post_entry(org, fund_kind, amount if income else -amount, day=day, user=user,
                       entry_kind=EntryKind.INCOME if income else EntryKind.EXPENSE, category=category,
                       memo=memo or "")
    audit.created(entry, user)
    return entry


def record_fund_entry(user, fund, *, category, amount, date=None, memo=""):
    """An entry of one fund (its page's step)."""
    return record_entry(user, fund.org, fund_kind=fund.kind, amount=amount, category=category, date=date,
                        memo=memo)


@transaction.atomic
def reverse_entry(user, entry, *, reason=""):
    """A mistake is corrected by an entry of the opposite amount (entries are never edited)."""
    scope.require(user, "change", entry.org)
    if entry.kind == EntryKind.REVERSAL or LedgerEntry.objects.filter(reverses=entry).exists():
        raise ValidationError({"reason": _("This entry has already been reversed.")})
    if entry.hardship_entry_id:
        raise ValidationError({"reason": _("Correct hardship aid entries in the hardship ledger.")})
    out = post_entry(entry.org, entry.fund.kind, -entry.amount, day=timezone.localdate(), user=user,
                     entry_kind=EntryKind.REVERSAL, category=entry.category, reverses=entry,
                     memo=(reason or "").strip()[:200])
    audit.created(out, user)
    return out


@transaction.atomic
def allocate(user, giver, receiver, *, fund_kind, amount, date=None, memo=""):
    """An allocation down the tree: two linked entries (out at the giver, in at the receiver)."""
    scope.require(user, "change", giver)
    if not (receiver.path.startswith(giver.path) and receiver.depth > giver.depth):
        raise ValidationError({"receiver": _("Funds are allocated to an organisation under %(org)s.")
                               % {"org": giver.name}})
    day = _check_day(date)
    amount = parse_money(amount, "amount", required=True, positive=True)
    _locked(giver, fund_kind)  # lock in tree order: two allocations never deadlock
    _locked(receiver, fund_kind)
    out = post_entry(giver, fund_kind, -amount, day=day, user=user, entry_kind=EntryKind.ALLOCATION_OUT,
                     category=Category.SUBSIDY, counterpart=receiver, memo=memo or "")
    into = post_entry(receiver, fund_kind, amount, day=day, user=user, entry_kind=EntryKind.ALLOCATION_IN,
                      category=Category.INCOME, counterpart=giver, memo=memo or "")
    audit.created(out, user)
    audit.created(into, user)
    return out, into


def _check_ratio(data):
    total = sum((data.get(f) or Decimal("0")) for f in ("grassroots_pct", "parent_pct", "higher_pct"))
    if total != Decimal("100"):
        raise ValidationError({"higher_pct": _("The three shares must add up to 100%% (they add up to %(total)s%%).")
                               % {"total": total}})


@transaction.atomic
def save_ratio(user, ratio, **data):
    """A split ratio of a union above for a year; the three shares add up to 100%."""
    from gonghui.core.services import save_object

    ratio = ratio or SplitRatio()
    merged = {f: data.get(f, getattr(ratio, f, None)) for f in ("grassroots_pct", "parent_pct", "higher_pct")}
    _check_ratio(merged)
    return save_object(user, ratio, data, fields=list(data))


def levels_of(org):
    """The three levels of a grassroots union: itself, its parent and the parent's parent (the top of the tree
    stands in for a level that does not exist)."""
    parent = org.get_parent() or org
    higher = parent.get_parent() or parent
    return {Level.GRASSROOTS: org, Level.PARENT: parent, Level.HIGHER: higher}


def ratio_for(org, year):
    """The nearest union above (or the union itself) with a split ratio for the year; else the settings'."""
    ancestors = list(org.get_ancestors()) + [org] if hasattr(org, "get_ancestors") else [org]
    ratio = (SplitRatio.objects.filter(org__in=ancestors, year=year).select_related("org")
             .order_by("-org__depth").first())
    if ratio is not None:
        return ratio.shares(), ratio.rounding_to
    return default_shares(), Level.GRASSROOTS


def _due(payroll_base, rate):
    return (payroll_base * rate / 100).quantize(Decimal("0.01"))


@transaction.atomic
def save_remittance(user, remittance, **data):
    """An employer's remittance for a year: the amount due is the payroll base times the rate (default 2%)."""
    from gonghui.core.services import save_object

    remittance = remittance or Remittance()
    if "payroll_base" in data:
        data["payroll_base"] = parse_money(data["payroll_base"], "payroll_base", required=True)
    if data.get("rate") in (None, ""):
        data["rate"] = remittance.rate or default_rate()
    base = data.get("payroll_base", remittance.payroll_base) or Decimal("0")
    data["amount_due"] = _due(base, data["rate"])
    data["employer"] = (data.get("employer", remittance.employer) or "").strip()
    if not data["employer"]:
        raise ValidationError({"employer": _("Name the employer.")})
    org = data.get("org") or (remittance.org if remittance.pk else None)
    if org is not None and remittance.pk is None and Remittance.objects.filter(
            org=org, employer=data["employer"], year=data.get("year")).exists():
        raise ValidationError({"employer": _("This employer already has a remittance for that year.")})
    return save_object(user, remittance, data, fields=list(data))


@transaction.atomic
def record_payment(user, remittance, *, amount, date=None, channel=Channel.DIRECT):
    """A payment received: split between the grassroots union and the two levels above by the ratio of the year,
    each part booked to that level's union funds; the parts add up to the payment to the fen."""
    scope.require(user, "change", remittance.org)
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Choose the channel.")})
    day = _check_day(date)
    amount = parse_money(amount, "amount", required=True, positive=True)
    remittance = Remittance.objects.select_for_update().get(pk=remittance.pk)
    payment = RemittancePayment.objects.create(remittance=remittance, date=day, amount=amount, channel=channel,
                                               recorded_by=_user_or_none(user))
    shares, rounding_to = ratio_for(remittance.org, remittance.year)
    parts = split_amount(amount, shares, rounding_to)
    levels = levels_of(remittance.org)
    for org in sorted({o.pk: o for o in levels.values()}.values(), key=lambda o: o.path):
        _locked(org, FundKind.UNION_FUNDS)  # lock in tree order
    for level, part in parts.items():
        if part:
            post_entry(levels[level], FundKind.UNION_FUNDS, part, day=day, user=user,
                       entry_kind=EntryKind.REMITTANCE, category=Category.INCOME, payment=payment, level=level,
                       counterpart=remittance.org, memo=f"{remittance.employer} {remittance.year}"[:200])
    before = audit.snapshot(remittance)
    remittance.received += amount
    remittance.save(update_fields=["received"])
    audit.updated(remittance, user, before)
    return payment


def payment_split(remittance):
    """[(payment, [entry per level])] of a remittance, for its page."""
    entries = (LedgerEntry.objects.filter(payment__remittance=remittance).select_related("org")
               .order_by("payment_id", "id"))
    by_payment = {}
    for entry in entries:
        by_payment.setdefault(entry.payment_id, []).append(entry)
    return [(p, by_payment.get(p.pk, [])) for p in remittance.payments.all()]
