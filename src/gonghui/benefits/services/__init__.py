"""Writes of member benefits: cards (issue, deliver, activate, use, cancel), merchants and their contracts,
ratings and reports of a discount not honoured, mutual-aid rounds (payout table, enrolment) and claims (checked
against the table, approved, paid once), micro-loans (eligibility, the limit by applicant kind and the county cap,
held under a lock so that concurrent applications cannot pass it together)."""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils.translation import gettext as _

from gonghui.core import audit, pii, scope
from gonghui.core.models import AuditAction
from gonghui.core.validators import check_not_future, parse_money
from gonghui.core.workflow import transition

from ..choices import (
    LIVE_CARD_STATUSES,
    CardStatus,
    ClaimStatus,
    PayoutChannel,
    RoundStatus,
)
from ..models import (
    AidClaim,
    AidEnrolment,
    AidRound,
    CardUse,
    Merchant,
    MerchantReport,
    PayoutRate,
    ServiceCard,
)

CARD_RE = re.compile(r"^\d{12,19}$")


from .common import _today, _yuan  # noqa: E402

# --- cards --------------------------------------------------------------------------------------------------------

def normalise_card_number(value):
    return re.sub(r"[\s-]", "", str(value or ""))


def card_hash(number):
    return pii.id_hash(normalise_card_number(number))


@transaction.atomic
def issue_card(user, member, *, card_number, bank, issued_on, batch=""):
    """A card issued by the bank for ``member`` (one card that is not cancelled per member)."""
    scope.require(user, "change", member.org)
    errors = {}
    number = normalise_card_number(card_number)
    if not CARD_RE.match(number):
        errors["card_number"] = _("Enter the card number: 12 to 19 digits.")
    elif ServiceCard.objects.filter(card_hash=card_hash(number)).exists():
        errors["card_number"] = _("Another card has this number.")
    if not (bank or "").strip():
        errors["bank"] = _("Enter the issuing bank.")
    if issued_on is None:
        errors["issued_on"] = _("Enter the date of issue.")
    else:
        check_not_future(issued_on, "issued_on", errors=errors)
    if member.status != "active":
        errors["member"] = _("Only a member in good standing gets a service card.")
    elif ServiceCard.objects.filter(member=member, status__in=LIVE_CARD_STATUSES).exists():
        errors["member"] = _("%(name)s already has a service card; cancel it before issuing another.") % {
            "name": member.name}
    if errors:
        raise ValidationError(errors)
    card = ServiceCard(org=member.org, member=member, card_number=number, card_hash=card_hash(number),
                       bank=bank.strip(), batch=(batch or "").strip(), issued_on=issued_on, created_by=user)
    try:
        with transaction.atomic():
            card.save()
    except IntegrityError:
        raise ValidationError({"member": _("%(name)s already has a service card; cancel it before issuing "
                                           "another.") % {"name": member.name}}) from None
    audit.created(card, user)
    return card


def update_card(user, card, *, bank, batch=""):
    before = audit.snapshot(card)
    scope.require(user, "change", card.org)
    if not (bank or "").strip():
        raise ValidationError({"bank": _("Enter the issuing bank.")})
    card.bank, card.batch = bank.strip(), (batch or "").strip()
    card.save()
    audit.updated(card, user, before)
    return card


@transaction.atomic
def deliver_card(user, card, on=None):
    on = on or _today()
    check_not_future(on, "delivered_on")
    if on < card.issued_on:
        raise ValidationError({"delivered_on": _("The card cannot be delivered before it was issued.")})
    return transition(card, user, "deliver", changes={"delivered_on": on})


@transaction.atomic
def activate_card(user, card, on=None):
    on = on or _today()
    check_not_future(on, "activated_on")
    if on < card.issued_on:
        raise ValidationError({"activated_on": _("The card cannot be activated before it was issued.")})
    return transition(card, user, "activate", changes={"activated_on": on})


@transaction.atomic
def activate_own_card(member, account, card_last4):
    """The member activates their card in the portal, confirming its last four digits."""
    card = ServiceCard.objects.filter(member=member, status__in=[CardStatus.ISSUED, CardStatus.DELIVERED]).first()
    if card is None:
        raise ValidationError({"last4": _("You have no card waiting to be activated.")})
    if normalise_card_number(card_last4) != card.card_number[-4:]:
        raise ValidationError({"last4": _("These are not the last four digits of your card.")})
    return transition(card, account, "activate_self", changes={"activated_on": _today()}, check=False,
                      audit_org=card.org)


@transaction.atomic
def cancel_card(user, card, reason):
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the card is cancelled.")})
    return transition(card, user, "cancel", note=reason.strip())


def record_use(card, on, serial=None, merchant_name=""):
    """A use of the card (the bank's file): the last use and the count; a use activates an issued card. With the
    bank's transaction ``serial``, a use already recorded is not counted again (returns False)."""
    if serial:
        try:
            with transaction.atomic():
                CardUse.objects.create(card=card, serial=serial, used_on=on, merchant_name=merchant_name[:100])
        except IntegrityError:
            return False
    changes = {"uses": F("uses") + 1}
    if card.last_used_on is None or on > card.last_used_on:
        changes["last_used_on"] = on
    ServiceCard.objects.filter(pk=card.pk).update(**changes)
    if card.status in (CardStatus.ISSUED, CardStatus.DELIVERED):
        transition(card, None, "activate_self", changes={"activated_on": on}, check=False, audit_org=card.org)
    return True


# --- merchants ----------------------------------------------------------------------------------------------------

MERCHANT_FIELDS = ("name", "category", "address", "latitude", "longitude", "phone", "discount", "contract_number",
                   "contract_signed_on", "contract_starts_on", "contract_ends_on", "notes")


@transaction.atomic
def save_merchant(user, merchant, org, **data):
    """A merchant and its contract. A discount needs a signed contract with its term ("一定要签订合同")."""
    merchant = merchant or Merchant(created_by=user)
    before = audit.snapshot(merchant) if merchant.pk else None
    if org is not None:
        merchant.org = org
    for name in MERCHANT_FIELDS:
        if name in data:
            setattr(merchant, name, data[name] if data[name] is not None else
                    ("" if name in ("phone", "contract_number", "notes") else None))
    scope.require(user, "change", merchant.org)
    errors = {}
    if not (merchant.name or "").strip():
        errors["name"] = _("Enter the merchant's name.")
    if not (merchant.discount or "").strip():
        errors["discount"] = _("Enter the discount the merchant promises.")
    signed = merchant.contract_signed_on
    if signed is not None:
        check_not_future(signed, "contract_signed_on", errors=errors)
        if not (merchant.contract_number or "").strip():
            errors["contract_number"] = _("Enter the number of the signed contract.")
        if merchant.contract_starts_on is None:
            errors["contract_starts_on"] = _("Enter when the contract's term starts.")
        if merchant.contract_ends_on is None:
            errors["contract_ends_on"] = _("Enter when the contract's term ends.")
    if (merchant.latitude is None) != (merchant.longitude is None):
        errors["longitude" if merchant.longitude is None else "latitude"] = _(
            "Enter both the latitude and the longitude, or neither.")
    if (merchant.contract_starts_on and merchant.contract_ends_on
            and merchant.contract_ends_on <= merchant.contract_starts_on):
        errors["contract_ends_on"] = _("The term must end after it starts.")
    if errors:
        raise ValidationError(errors)
    merchant.full_clean()
    merchant.save()
    if before is None:
        audit.created(merchant, user)
    else:
        if before.get("contract_ends_on") != (merchant.contract_ends_on.isoformat()
                                              if merchant.contract_ends_on else None):
            Merchant.objects.filter(pk=merchant.pk).update(expiry_reminded_on=None)
        audit.updated(merchant, user, before)
    return merchant


@transaction.atomic
def report_merchant(member, merchant, *, rating, honoured=True, comment=""):
    """A member rates a merchant; a discount not honoured goes to the union to follow up."""
    if rating is None or not 1 <= int(rating) <= 5:
        raise ValidationError({"rating": _("Give a rating from 1 to 5.")})
    if not honoured and not (comment or "").strip():
        raise ValidationError({"comment": _("Say what happened when the discount was not honoured.")})
    return MerchantReport.objects.create(merchant=merchant, member=member, rating=int(rating), honoured=honoured,
                                         comment=(comment or "").strip())


@transaction.atomic
def follow_up_report(user, report, *, follow_up, on=None):
    """The union followed up a member's report that a discount was not honoured: what it did, when."""
    scope.require(user, "change", report.merchant.org)
    errors = {}
    on = on or _today()
    check_not_future(on, "on", errors=errors)
    if report.honoured:
        errors["report"] = _("Only a report of a discount not honoured is followed up.")
    elif report.followed_up_on:
        errors["report"] = _("This report has been followed up already.")
    if not (follow_up or "").strip():
        errors["follow_up"] = _("Say what the union did about the report.")
    if errors:
        raise ValidationError(errors)
    updated = MerchantReport.objects.filter(pk=report.pk, followed_up_on__isnull=True).update(
        followed_up_on=on, follow_up=follow_up.strip(), followed_up_by=user)
    if not updated:
        raise ValidationError({"report": _("This report has been followed up already.")})
    audit.record(AuditAction.UPDATE, report.merchant, user=user, org=report.merchant.org,
                 note=_("Report of a discount not honoured followed up: %(what)s") % {"what": follow_up.strip()})
    report.refresh_from_db()
    return report


# --- mutual aid ---------------------------------------------------------------------------------------------------

ROUND_FIELDS = ("year", "name", "contribution", "starts_on", "ends_on", "notes")


@transaction.atomic
def save_round(user, rnd, org, **data):
    rnd = rnd or AidRound(created_by=user)
    before = audit.snapshot(rnd) if rnd.pk else None
    if org is not None:
        rnd.org = org
    errors = {}
    if "contribution" in data:
        data["contribution"] = parse_money(data["contribution"], "contribution", required=True, positive=True,
                                           errors=errors)
    for name in ROUND_FIELDS:
        if name in data:
            setattr(rnd, name, data[name] if data[name] is not None or name != "notes" else "")
    scope.require(user, "change", rnd.org)
    if rnd.starts_on and rnd.ends_on and rnd.ends_on <= rnd.starts_on:
        errors["ends_on"] = _("The cover must end after it starts.")
    if not (rnd.name or "").strip():
        errors["name"] = _("Enter the name of the round.")
    if errors:
        raise ValidationError(errors)
    rnd.full_clean()
    rnd.save()
    if before is None:
        audit.created(rnd, user)
    else:
        audit.updated(rnd, user, before)
    return rnd


@transaction.atomic
def add_rate(user, rnd, *, condition, max_amount):
    errors = {}
    amount = parse_money(max_amount, "max_amount", required=True, positive=True, errors=errors)
    condition = (condition or "").strip()
    if not condition:
        errors["condition"] = _("Enter the covered condition.")
    elif rnd.rates.filter(condition=condition).exists():
        errors["condition"] = _("The payout table already has this condition.")
    if errors:
        raise ValidationError(errors)
    transition(rnd, user, "rate", note=f"{condition} ≤ {_yuan(amount)}")
    return PayoutRate.objects.create(round=rnd, condition=condition, max_amount=amount)


@transaction.atomic
def enrol(user, rnd, members, on=None):
    """Enrol members of the round's subtree with the round's contribution remitted; those enrolled already are
    skipped. Returns the number enrolled."""
    on = on or _today()
    if rnd.status != RoundStatus.OPEN:
        raise ValidationError({"members": _("The round is closed.")})
    outside = [m.name for m in members if not m.org.path.startswith(rnd.org.path)]
    if outside:
        raise ValidationError({"members": _("Not members of a union within the round's: %(names)s.") % {
            "names": "、".join(outside)}})
    done = set(rnd.enrolments.filter(member__in=members).values_list("member_id", flat=True))
    new = [AidEnrolment(round=rnd, member=m, contribution=rnd.contribution, enrolled_on=on)
           for m in members if m.pk not in done]
    AidEnrolment.objects.bulk_create(new)
    if new:
        transition(rnd, user, "enrol", note=_("%(n)d members enrolled.") % {"n": len(new)})
    return len(new)


def _check_claim(rnd, member, rate, amount, treated_on, errors):
    if rate is None or rate.round_id != rnd.pk:
        errors["rate"] = _("Choose a condition of the round's payout table.")
    elif amount is not None and amount > rate.max_amount:
        errors["amount"] = _("The payout table pays at most %(max)s yuan for %(condition)s.") % {
            "max": _yuan(rate.max_amount), "condition": rate.condition}
    if not rnd.enrolments.filter(member=member).exists():
        errors["round"] = _("%(name)s is not enrolled in this round.") % {"name": member.name}
    if treated_on is not None:
        check_not_future(treated_on, "treated_on", errors=errors)
        if not rnd.starts_on <= treated_on <= rnd.ends_on:
            errors["treated_on"] = _("The treatment must fall within the round's cover (%(start)s to %(end)s).") % {
                "start": rnd.starts_on.isoformat(), "end": rnd.ends_on.isoformat()}
    else:
        errors["treated_on"] = _("Enter the date of the treatment.")


def _file_claim(actor, rnd, member, *, rate, amount, treated_on, description="", channel=PayoutChannel.CARD,
                bank_account="", by_member=False):
    errors = {}
    amount = parse_money(amount, "amount", required=True, positive=True, errors=errors)
    _check_claim(rnd, member, rate, amount, treated_on, errors)
    bank_account = re.sub(r"\s", "", bank_account or "")
    if channel == PayoutChannel.BANK and not re.fullmatch(r"\d{12,19}", bank_account):
        errors["bank_account"] = _("Enter the bank account: 12 to 19 digits.")
    if channel == PayoutChannel.CARD and not ServiceCard.objects.filter(member=member,
                                                                       status=CardStatus.ACTIVE).exists():
        errors["channel"] = _("There is no activated service card to pay to; choose a bank account.")
    if errors:
        raise ValidationError(errors)
    claim = AidClaim.objects.create(org=member.org, round=rnd, member=member, rate=rate, amount=amount,
                                    treated_on=treated_on, description=(description or "").strip(),
                                    channel=channel, bank_account=bank_account if channel == PayoutChannel.BANK
                                    else "", by_member=by_member, created_by=None if by_member else actor)
    audit.created(claim, actor, org=claim.org)
    return claim


@transaction.atomic
def file_claim(user, rnd, member, **data):
    """A claim entered by staff for a member of their scope."""
    scope.require(user, "change", member.org)
    return _file_claim(user, rnd, member, **data)


@transaction.atomic
def file_own_claim(member, account, rnd, **data):
    """A member's own claim from the portal, under a round of a union above their own."""
    if not member.org.path.startswith(rnd.org.path):
        raise ValidationError({"round": _("Choose a round you are enrolled in.")})
    return _file_claim(account, rnd, member, by_member=True, **data)


@transaction.atomic
def approve_claim(user, claim, approved_amount=None, on=None):
    errors = {}
    amount = claim.amount if approved_amount in (None, "") else parse_money(
        approved_amount, "approved_amount", positive=True, errors=errors)
    rate = claim.rate
    if amount is not None and amount > rate.max_amount:
        errors["approved_amount"] = _("The payout table pays at most %(max)s yuan for %(condition)s.") % {
            "max": _yuan(rate.max_amount), "condition": rate.condition}
    if errors:
        raise ValidationError(errors)
    return transition(claim, user, "approve", changes={"approved_amount": amount, "decided_on": on or _today()})


@transaction.atomic
def reject_claim(user, claim, reason):
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the claim is rejected.")})
    return transition(claim, user, "reject", changes={"reason": reason.strip(), "decided_on": _today()},
                      note=reason.strip())


@transaction.atomic
def pay_claim(user, claim, on=None):
    """Pays an approved claim once: a second payment finds it paid (WorkflowConflict)."""
    on = on or _today()
    check_not_future(on, "paid_on")
    return transition(claim, user, "pay", changes={"paid_on": on})


def raised(rounds):
    return AidEnrolment.objects.filter(round__in=rounds).aggregate(s=Sum("contribution"))["s"] or Decimal(0)


def paid(rounds):
    return AidClaim.objects.filter(round__in=rounds, status=ClaimStatus.PAID).aggregate(
        s=Sum("approved_amount"))["s"] or Decimal(0)


def payout_ratio(rounds):
    """Paid ÷ raised in percent (one decimal), None when nothing was raised."""
    money = raised(rounds)
    return round(paid(rounds) * 100 / money, 1) if money else None


def update_claim(user, claim, *, description):
    before = audit.snapshot(claim)
    scope.require(user, "change", claim.org)
    if claim.status != ClaimStatus.SUBMITTED:
        raise ValidationError(_("Only a claim waiting for a decision can be changed."))
    claim.description = (description or "").strip()
    claim.save(update_fields=["description", "updated_at"])
    audit.updated(claim, user, before)
    return claim


@transaction.atomic
def make_close(user, rnd):
    return transition(rnd, user, "close")


from .insurance import (  # noqa: E402
    add_contract_file,
    close_plan,
    decline_insurance_claim,
    enrol_insured,
    file_insurance_claim,
    file_own_insurance_claim,
    insurance_paid,
    pay_insurance_claim,
    premiums,
    save_plan,
    update_insurance_claim,
)
from .loans import (  # noqa: E402
    LOAN_FIELDS,
    approve_loan,
    check_eligibility,
    default_loan,
    disburse_loan,
    quota_for,
    reject_loan,
    repay_loan,
    save_loan,
    save_quota,
    used_of,
)

__all__ = ["LOAN_FIELDS", "approve_loan", "check_eligibility", "default_loan", "disburse_loan", "quota_for",
           "reject_loan", "repay_loan", "save_loan", "save_quota", "used_of", "_today", "_yuan",
           "add_contract_file", "close_plan", "decline_insurance_claim", "enrol_insured", "file_insurance_claim",
           "file_own_insurance_claim", "insurance_paid", "pay_insurance_claim", "premiums", "save_plan",
           "update_insurance_claim"]
