"""The assistance fund ledger (帮扶资金台账): income, allocations down the tree, payments, approved overdrafts.

Every entry is written under a lock on the organisation's balance row (``FundBalance``), so concurrent payments
never take a fund below zero (or below its approved overdraft).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, scope
from gonghui.core.validators import check_not_future, parse_money, require_reason

from ..choices import EntryKind, IncomeSource
from ..models import FundBalance, FundLedgerEntry, Overdraft
from .common import require_level_above, user_or_none


def overdraft_limit(org, day):
    return (Overdraft.objects.filter(org=org, valid_until__gte=day, approved_on__lte=day)
            .aggregate(m=Max("limit"))["m"] or Decimal("0"))


def _locked_balance(org):
    FundBalance.objects.get_or_create(org=org)
    return FundBalance.objects.select_for_update().get(org=org)


def post_entry(org, amount, kind, day, user, **fields):
    """Append an entry under the org's balance row lock; an overdraft beyond the approved one is refused."""
    bal = _locked_balance(org)
    new = bal.balance + amount
    if amount < 0 and new < 0 and new < -overdraft_limit(org, day):
        raise ValidationError({"amount": _("The assistance fund of %(org)s holds %(balance)s yuan; this would take it "
                                           "below zero without an approved overdraft.") % {
            "org": org.name, "balance": bal.balance}})
    bal.balance = new
    bal.save(update_fields=["balance"])
    return FundLedgerEntry.objects.create(org=org, date=day, kind=kind, amount=amount, balance_after=new,
                                          recorded_by=user_or_none(user), **fields)


@transaction.atomic
def record_income(user, org, *, amount, date=None, source, donor="", memo=""):
    """Income of the assistance fund: an upper-level allocation, union funds or a donation (with the donor)."""
    scope.require(user, "change", org)
    date = date or timezone.localdate()
    check_not_future(date)
    errors = {}
    if source not in IncomeSource.values:
        errors["source"] = _("Choose the source.")
    if source == IncomeSource.DONATION and not (donor or "").strip():
        errors["donor"] = _("Name the donor.")
    if errors:
        raise ValidationError(errors)
    amount = parse_money(amount, "amount", required=True, positive=True)
    entry = post_entry(org, amount, EntryKind.INCOME, date, user, source=source, donor=(donor or "").strip(),
                       memo=memo or "")
    audit.created(entry, user)
    return entry


@transaction.atomic
def allocate_funds(user, giver, receiver, *, amount, date=None, memo=""):
    """An allocation down the tree: one entry out at the giver and one in at the receiver, in one transaction."""
    scope.require(user, "change", giver)
    date = date or timezone.localdate()
    check_not_future(date)
    if not (receiver.path.startswith(giver.path) and receiver.depth > giver.depth):
        raise ValidationError({"receiver": _("Funds are allocated to an organisation under %(org)s.")
                               % {"org": giver.name}})
    amount = parse_money(amount, "amount", required=True, positive=True)
    _locked_balance(giver)  # lock in tree order (giver first): two allocations never deadlock
    _locked_balance(receiver)
    out = post_entry(giver, -amount, EntryKind.ALLOCATION_OUT, date, user, counterpart=receiver, memo=memo or "")
    into = post_entry(receiver, amount, EntryKind.ALLOCATION_IN, date, user, counterpart=giver, memo=memo or "")
    audit.created(out, user)
    audit.created(into, user)
    return out, into


@transaction.atomic
def approve_overdraft(user, org, *, limit, valid_until, reason):
    """The level above allows an organisation's fund to go below zero, up to a limit, until a date."""
    require_level_above(user, org)
    limit = parse_money(limit, "limit", required=True, positive=True)
    require_reason(reason, _("Give the reason."))
    if not valid_until or valid_until < timezone.localdate():
        raise ValidationError({"valid_until": _("The overdraft must be valid until today or later.")})
    obj = Overdraft.objects.create(org=org, limit=limit, valid_until=valid_until, reason=reason.strip(),
                                   approved_by=user_or_none(user), approved_on=timezone.localdate())
    audit.created(obj, user)
    return obj
