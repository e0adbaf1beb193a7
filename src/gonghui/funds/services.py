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
from gonghui.core.workflow import transition

from .choices import AuditStatus, BudgetStatus, Category, Channel, DuesStatus, EntryKind, FundKind, Level, RuleKind
from .closing import check_open
from .models import (
    AuditFinding,
    BudgetLine,
    CollectiveApproval,
    DuesRecord,
    Fund,
    LedgerEntry,
    Remittance,
    RemittancePayment,
    SpendingRefusal,
    SpendingRule,
    SplitRatio,
)
from .preparatory import check_unit, payment_levels
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
    zero is refused, and so is one dated in a closed year of ``org``. Call inside a transaction."""
    check_open(org, day.year)
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


def _check_day(day, org=None):
    """The day of a posting: not in the future, nor in a year whose final accounts are approved (read-only)."""
    day = day or timezone.localdate()
    check_not_future(day)
    check_open(org, day.year)
    if org is not None and BudgetLine.objects.filter(org=org, year=day.year, status=BudgetStatus.CLOSED).exists():
        raise ValidationError({"date": _("The final accounts of %(year)s are approved: the year is closed and "
                                         "nothing more is booked in it.") % {"year": day.year}})
    return day


class CapRefused(ValidationError):
    """A spending above a cap per person: refused, and the refusal kept (``SpendingRefusal``)."""

    def __init__(self, message, refusal):
        super().__init__(message)
        self.refusal = refusal


def record_entry(user, org, **kwargs):
    """Income (category income, a positive amount) or spending (any other category) of one fund. Spending is held
    to the rules in force (a collective decision above the threshold, the cap per person) and to the approved
    budget line of its fund and category for the year; a spending refused above a cap is kept as a refusal (in a
    transaction of its own, after the spending's is rolled back)."""
    try:
        return _record_entry(user, org, **kwargs)
    except CapRefused as e:
        with transaction.atomic():
            refusal = SpendingRefusal.objects.create(recorded_by=_user_or_none(user), **e.refusal)
            audit.created(refusal, user)
        raise ValidationError(e.error_dict) from None


@transaction.atomic
def _record_entry(user, org, *, fund_kind, amount, category, date=None, memo="", approval=None, persons=None):
    scope.require(user, "change", org)
    if fund_kind not in FundKind.values:
        raise ValidationError({"fund_kind": _("Choose the fund.")})
    if category not in Category.values:
        raise ValidationError({"category": _("Choose the category.")})
    day = _check_day(date, org)
    amount = parse_money(amount, "amount", required=True, positive=True)
    income = category == Category.INCOME
    if not income:
        try:
            approval = check_spending(org, fund_kind, category, amount, day, approval=approval, persons=persons)
        except CapRefused as e:
            e.refusal.update(org=org, date=day, fund_kind=fund_kind, category=category, amount=amount,
                             persons=int(persons), memo=(memo or "")[:200])
            raise
    entry = post_entry(org, fund_kind, amount if income else -amount, day=day, user=user,
                       entry_kind=EntryKind.INCOME if income else EntryKind.EXPENSE, category=category,
                       memo=memo or "")
    audit.created(entry, user)
    if approval is not None:
        before = audit.snapshot(approval)
        approval.entry = entry
        approval.save(update_fields=["entry"])
        audit.updated(approval, user, before)
    return entry


def record_fund_entry(user, fund, *, category, amount, date=None, memo="", approval=None, persons=None):
    """An entry of one fund (its page's step)."""
    return record_entry(user, fund.org, fund_kind=fund.kind, amount=amount, category=category, date=date,
                        memo=memo, approval=approval, persons=persons)


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
    day = _check_day(date, giver)
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
    if data.get("unit") is not None:
        check_unit(user, org, data["unit"])
    if remittance.pk:
        check_open(org, remittance.year, "year")
    check_open(org, data.get("year", remittance.year), "year")
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
    day = _check_day(date, remittance.org)
    amount = parse_money(amount, "amount", required=True, positive=True)
    remittance = Remittance.objects.select_for_update().get(pk=remittance.pk)
    payment = RemittancePayment.objects.create(remittance=remittance, date=day, amount=amount, channel=channel,
                                               recorded_by=_user_or_none(user))
    shares, rounding_to = ratio_for(remittance.org, remittance.year)
    parts = split_amount(amount, shares, rounding_to)
    levels, held = payment_levels(remittance, levels_of)  # an employer without a union: 筹备金 held
    for org in sorted({o.pk: o for o in levels.values()}.values(), key=lambda o: o.path):
        _locked(org, FundKind.UNION_FUNDS)  # lock in tree order
    for level, part in parts.items():
        if part:
            kind = FundKind.PREPARATORY if held and level == Level.GRASSROOTS else FundKind.UNION_FUNDS
            post_entry(levels[level], kind, part, day=day, user=user, unit=held if kind != FundKind.UNION_FUNDS
                       else None, entry_kind=EntryKind.REMITTANCE, category=Category.INCOME, payment=payment,
                       level=level, counterpart=remittance.org, memo=f"{remittance.employer} {remittance.year}"[:200])
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


# --- Dues (会费) ---------------------------------------------------------------------------------------------

def default_dues_rate():
    """Members' dues in percent of the declared basic wage: 0.5% unless settings say otherwise."""
    return Decimal(str(getattr(settings, "GONGHUI_FUNDS_DUES_RATE", "0.5")))


def first_of_month(day):
    return day.replace(day=1)


def member_by_number(user, number):
    from gonghui.members.models import Member

    member = Member.objects.for_user(user).filter(member_no=number).select_related("org").first()
    if member is None:
        raise ValidationError({"member_no": _("No member with the number %(no)s in your unions.") % {"no": number}})
    return member


@transaction.atomic
def save_dues(user, dues, **data):
    """A member's dues for a month: the rate (default 0.5%) of the declared basic wage, to the fen. The union is
    the member's; paid dues are never edited."""
    from gonghui.core.services import save_object

    dues = dues or DuesRecord()
    if dues.pk and dues.status != DuesStatus.DUE:
        raise ValidationError({"basic_wage": _("These dues are paid and booked: they are no longer edited.")})
    if "member_no" in data:
        number = (data.pop("member_no") or "").strip()
        data["member"] = member_by_number(user, number) if number else None
    member = data.get("member") or (dues.member if dues.pk else None)
    if member is None:
        raise ValidationError({"member": _("Choose the member.")})
    data["org"] = member.org
    if dues.pk:
        check_open(dues.org, dues.month.year, "month")
    if "basic_wage" in data:
        data["basic_wage"] = parse_money(data["basic_wage"], "basic_wage", required=True)
    if data.get("rate") in (None, ""):
        data["rate"] = dues.rate or default_dues_rate()
    data["rate"] = parse_money(data["rate"], "rate", required=True, positive=True)
    if data["rate"] > 100:
        raise ValidationError({"rate": _("The rate is a percentage: at most 100.")})
    month = data.get("month") or dues.month
    if month is None:
        raise ValidationError({"month": _("Give the month.")})
    data["month"] = first_of_month(month)
    check_open(member.org, data["month"].year, "month")
    if data["month"] > first_of_month(timezone.localdate()):
        raise ValidationError({"month": _("Dues are not recorded for a month that has not begun.")})
    if DuesRecord.objects.filter(member=member, month=data["month"]).exclude(pk=dues.pk).exists():
        raise ValidationError({"month": _("This member's dues for %(month)s are already recorded.")
                               % {"month": data["month"].strftime("%Y-%m")}})
    wage = data.get("basic_wage", dues.basic_wage) or Decimal("0")
    data["amount_due"] = _due(wage, data["rate"])
    return save_object(user, dues, data, fields=list(data))


@transaction.atomic
def pay_dues(user, dues, date=None):
    """The dues of a month paid: booked to the union's dues fund as income."""
    day = _check_day(date, dues.org)
    if day < dues.month:
        raise ValidationError({"date": _("Dues are paid in or after their month.")})
    dues = transition(dues, user, "pay", changes={"paid_on": day})
    if dues.amount_due:
        entry = post_entry(dues.org, FundKind.DUES, dues.amount_due, day=day, user=user,
                           entry_kind=EntryKind.INCOME, category=Category.INCOME,
                           memo=f"{dues.member.member_no} {dues.month:%Y-%m}")
        audit.created(entry, user)
        DuesRecord.objects.filter(pk=dues.pk).update(entry=entry)
        dues.entry = entry
    return dues


# --- Budgets and final accounts (预算、决算) -----------------------------------------------------------------

def spent(org, year, fund_kind, category):
    """What the union spent of a fund in a category in a year: expenses less their reversals (a positive sum)."""
    from django.db.models import Sum

    total = LedgerEntry.objects.filter(
        org=org, fund__kind=fund_kind, category=category, date__year=year,
        kind__in=(EntryKind.EXPENSE, EntryKind.REVERSAL)).aggregate(s=Sum("amount"))["s"]
    return -(total or Decimal("0"))


@transaction.atomic
def save_budget(user, line, **data):
    """A budget line: editable while a draft (the committee has not approved it)."""
    from gonghui.core.services import save_object

    line = line or BudgetLine()
    if line.pk and line.status != BudgetStatus.DRAFT:
        raise ValidationError({"amount": _("The funds review committee has approved this line: it is no longer "
                                           "edited.")})
    if "amount" in data:
        data["amount"] = parse_money(data["amount"], "amount", required=True)
    key = {f: data.get(f, getattr(line, f, None)) for f in ("year", "fund_kind", "category")}
    org = data.get("org") or (line.org if line.pk else None)
    if line.pk:
        check_open(org, line.year, "year")
    check_open(org, key["year"], "year")
    if org is not None and BudgetLine.objects.filter(org=org, **key).exclude(pk=line.pk).exists():
        raise ValidationError({"category": _("This union already has a budget line for this fund and category "
                                             "in that year.")})
    return save_object(user, line, data, fields=list(data))


@transaction.atomic
def approve_budget(user, line, decision=""):
    """The funds review committee (经审会) approves the line: spending is checked against it from now on."""
    check_open(line.org, line.year, "decision")
    return transition(line, user, "approve", changes={"decision": (decision or "").strip()[:200]})


@transaction.atomic
def close_budget(user, line, decision=""):
    """The final accounts (决算) of the line approved: the union's year is closed and read-only."""
    check_open(line.org, line.year, "decision")
    return transition(line, user, "close", changes={"decision": (decision or "").strip()[:200]})


# --- Spending rules and collective approval (重大开支集体审批) -------------------------------------------------

def rules_for_org(org, category):
    """The rules in force for a union's spending: its own and those of every union above it."""
    from django.db.models import Q

    ancestors = list(org.get_ancestors()) + [org] if hasattr(org, "get_ancestors") else [org]
    return SpendingRule.objects.filter(Q(category="") | Q(category=category), org__in=ancestors, active=True)


def check_spending(org, fund_kind, category, amount, day, *, approval=None, persons=None):
    """Refuse a spending the rules or the budget do not allow; return the collective approval it uses."""
    rules = list(rules_for_org(org, category))
    for rule in rules:
        if rule.kind == RuleKind.PER_PERSON and persons:
            if amount > rule.amount * int(persons):
                raise CapRefused({"amount": _("%(rule)s: at most %(cap)s yuan a person, %(max)s yuan for "
                                                   "%(n)s people.") % {"rule": rule.name, "cap": rule.amount,
                                                                      "max": rule.amount * int(persons),
                                                                      "n": persons}},
                                 {"rule": rule, "cap": rule.amount * int(persons)})
    thresholds = [r for r in rules if r.kind == RuleKind.THRESHOLD and amount > r.amount]
    if thresholds:
        rule = min(thresholds, key=lambda r: r.amount)
        if approval is None:
            raise ValidationError({"approval": _("%(rule)s: a spending above %(limit)s yuan needs a collective "
                                                 "decision; record the meeting and its vote first.")
                                   % {"rule": rule.name, "limit": rule.amount}})
        approval = CollectiveApproval.objects.select_for_update().get(pk=approval.pk)
        if approval.org_id != org.pk:
            raise ValidationError({"approval": _("The decision was taken by another union.")})
        if approval.entry_id:
            raise ValidationError({"approval": _("This decision has already been used for a spending.")})
        if not approval.passed:
            raise ValidationError({"approval": _("The decision did not pass: fewer than half of the committee "
                                                 "voted for it.")})
        if amount > approval.amount:
            raise ValidationError({"amount": _("The decision approved %(approved)s yuan, less than this "
                                               "spending.") % {"approved": approval.amount}})
        if approval.meeting_date > day:
            raise ValidationError({"approval": _("The decision was taken after the day of the spending.")})
    else:
        approval = None
    line = BudgetLine.objects.filter(org=org, year=day.year, fund_kind=fund_kind, category=category,
                                     status=BudgetStatus.APPROVED).first()
    if line is not None:
        left = line.amount - spent(org, day.year, fund_kind, category)
        if amount > left:
            raise ValidationError({"amount": _("The approved budget of %(category)s for %(year)s has %(left)s yuan "
                                               "left; this spending is over the budget.")
                                   % {"category": line.get_category_display(), "year": day.year, "left": left}})
    return approval


@transaction.atomic
def save_approval(user, approval, **data):
    """A collective decision: the quorum (more than half of the committee present) and a vote that adds up."""
    from gonghui.core.services import save_object

    approval = approval or CollectiveApproval()
    if approval.entry_id:
        raise ValidationError({"subject": _("This decision has been used for a spending: it is no longer edited.")})
    merged = {f: data.get(f, getattr(approval, f, None)) or 0
              for f in ("members_total", "members_present", "votes_for", "votes_against")}
    if merged["members_present"] > merged["members_total"]:
        raise ValidationError({"members_present": _("More members present than the committee has.")})
    if merged["members_present"] * 2 <= merged["members_total"]:
        raise ValidationError({"members_present": _("No quorum: more than half of the committee must be "
                                                    "present.")})
    if merged["votes_for"] + merged["votes_against"] > merged["members_present"]:
        raise ValidationError({"votes_for": _("More votes than members present.")})
    if data.get("meeting_date"):
        check_not_future(data["meeting_date"], "meeting_date")
    if "amount" in data:
        data["amount"] = parse_money(data["amount"], "amount", required=True, positive=True)
    return save_object(user, approval, data, fields=list(data))


# --- Audits (经审) -------------------------------------------------------------------------------------------

@transaction.atomic
def add_finding(user, fund_audit, *, text, deadline):
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Describe the finding.")})
    if deadline is None or deadline < timezone.localdate():
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})
    fund_audit = transition(fund_audit, user, "finding", note=text[:200])
    AuditFinding.objects.create(audit=fund_audit, text=text[:300], deadline=deadline,
                                recorded_by=_user_or_none(user))
    return fund_audit


@transaction.atomic
def rectify_finding(user, fund_audit, *, finding, rectification, date=None):
    day = date or timezone.localdate()
    check_not_future(day)
    finding = AuditFinding.objects.select_for_update().get(pk=getattr(finding, "pk", finding))
    if finding.audit_id != fund_audit.pk:
        raise ValidationError({"finding": _("Choose a finding of this audit.")})
    if finding.rectified_on:
        raise ValidationError({"finding": _("This finding has already been rectified.")})
    if not (rectification or "").strip():
        raise ValidationError({"rectification": _("Describe the rectification.")})
    note = f"{finding.text[:80]}: {rectification.strip()[:100]}"
    fund_audit = transition(fund_audit, user, "rectify", changes={"status": AuditStatus.RECTIFYING}, note=note)
    finding.rectified_on, finding.rectification = day, rectification.strip()[:300]
    finding.save(update_fields=["rectified_on", "rectification"])
    return fund_audit


@transaction.atomic
def close_audit(user, fund_audit, *, conclusion=""):
    """Closing an audit: only once every finding is rectified."""
    left = fund_audit.findings.filter(rectified_on__isnull=True).count()
    if left:
        raise ValidationError({"conclusion": _("%(n)s findings are not yet rectified.") % {"n": left}})
    return transition(fund_audit, user, "close", changes={"conclusion": (conclusion or "").strip(),
                                                          "closed_on": timezone.localdate()})


def remind_findings(today):
    """The daily round: findings past their deadline and not rectified, each union told once a week."""
    from datetime import timedelta

    from django.db.models import Q

    from gonghui.core.notify import notify_org

    late = (AuditFinding.objects.filter(rectified_on__isnull=True, deadline__lt=today,
                                        audit__status=AuditStatus.RECTIFYING)
            .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lte=today - timedelta(days=7)))
            .select_related("audit__org"))
    sent = 0
    for finding in late:
        notify_org(finding.audit.org, _("An audit finding is past its deadline"),
                   _("%(audit)s: %(finding)s (rectify by %(deadline)s).")
                   % {"audit": finding.audit.title, "finding": finding.text, "deadline": finding.deadline})
        AuditFinding.objects.filter(pk=finding.pk).update(reminded_on=today)
        sent += 1
    return sent
