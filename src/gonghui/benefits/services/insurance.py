"""Writes of group insurance (女职工安康保险 and the like): plans, members enrolled with their premium, claims sent
to the insurer and paid once; and the merchant contract's file."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, scope
from gonghui.core.attachments import DOCUMENT_TYPES, atomic_with_files, store_upload
from gonghui.core.validators import check_not_future, parse_money
from gonghui.core.workflow import transition

from ..choices import InsuranceClaimStatus, InsuranceKind, RoundStatus
from ..models import (
    InsuranceClaim,
    InsuranceClaimDocument,
    InsuranceEnrolment,
    InsurancePlan,
    MerchantContract,
    contract_storage,
)

PLAN_FIELDS = ("kind", "year", "name", "insurer", "policy_number", "premium", "sum_insured", "starts_on", "ends_on",
               "notes")
MAX_CONTRACT_BYTES = 10 * 1024 * 1024
MAX_CONTRACT_FILES = 5
MAX_CLAIM_DOCUMENTS = 5


def _yuan(amount):
    return f"{amount:,.2f}"


@transaction.atomic
def save_plan(user, plan, org, **data):
    plan = plan or InsurancePlan(created_by=user)
    before = audit.snapshot(plan) if plan.pk else None
    if org is not None:
        plan.org = org
    errors = {}
    for name in ("premium", "sum_insured"):
        if name in data:
            data[name] = parse_money(data[name], name, required=True, positive=True, errors=errors)
    for name in PLAN_FIELDS:
        if name in data:
            value = data[name]
            setattr(plan, name, "" if value is None and name in ("policy_number", "notes") else value)
    scope.require(user, "change", plan.org)
    if not (plan.name or "").strip():
        errors["name"] = _("Enter the name of the insurance.")
    if not (plan.insurer or "").strip():
        errors["insurer"] = _("Enter the insurer.")
    if plan.starts_on and plan.ends_on and plan.ends_on <= plan.starts_on:
        errors["ends_on"] = _("The cover must end after it starts.")
    if errors:
        raise ValidationError(errors)
    plan.full_clean()
    plan.save()
    if before is None:
        audit.created(plan, user)
    else:
        audit.updated(plan, user, before)
    return plan


@transaction.atomic
def enrol_insured(user, plan, members, on=None):
    """Insure members of the plan's subtree with the plan's premium paid; women workers' insurance takes women
    only; those insured already are skipped. Returns the number enrolled."""
    on = on or timezone.localdate()
    if plan.status != RoundStatus.OPEN:
        raise ValidationError({"members": _("The enrolment is closed.")})
    outside = [m.name for m in members if not m.org.path.startswith(plan.org.path)]
    if outside:
        raise ValidationError({"members": _("Not members of a union within the plan's: %(names)s.") % {
            "names": "、".join(outside)}})
    if plan.kind == InsuranceKind.WOMEN:
        men = [m.name for m in members if m.gender != "F"]
        if men:
            raise ValidationError({"members": _("Women workers' insurance covers women only: %(names)s.") % {
                "names": "、".join(men)}})
    done = set(plan.enrolments.filter(member__in=members).values_list("member_id", flat=True))
    new = [InsuranceEnrolment(plan=plan, member=m, premium=plan.premium, enrolled_on=on)
           for m in members if m.pk not in done]
    InsuranceEnrolment.objects.bulk_create(new)
    if new:
        transition(plan, user, "enrol", note=_("%(n)d members enrolled.") % {"n": len(new)})
    return len(new)


@transaction.atomic
def file_insurance_claim(user, plan, member, *, event, occurred_on, amount, submitted_on=None):
    """A claim of an insured member, within the cover and at most the sum insured."""
    scope.require(user, "change", member.org)
    return _file_insurance_claim(user, plan, member, event=event, occurred_on=occurred_on, amount=amount,
                                 submitted_on=submitted_on)


def _file_insurance_claim(actor, plan, member, *, event, occurred_on, amount, submitted_on=None, by_member=False):
    errors = {}
    amount = parse_money(amount, "amount", required=True, positive=True, errors=errors)
    submitted_on = submitted_on or timezone.localdate()
    if not (event or "").strip():
        errors["event"] = _("Enter the illness or accident.")
    if not plan.enrolments.filter(member=member).exists():
        errors["member_no"] = _("%(name)s is not insured under this plan.") % {"name": member.name}
    if occurred_on is None:
        errors["occurred_on"] = _("Enter the date.")
    else:
        check_not_future(occurred_on, "occurred_on", errors=errors)
        if not plan.starts_on <= occurred_on <= plan.ends_on:
            errors.setdefault("occurred_on", _("The date is outside the cover (%(start)s to %(end)s).") % {
                "start": plan.starts_on, "end": plan.ends_on})
    if amount is not None and amount > plan.sum_insured:
        errors["amount"] = _("The insurance pays at most %(max)s yuan.") % {"max": _yuan(plan.sum_insured)}
    if errors:
        raise ValidationError(errors)
    claim = InsuranceClaim.objects.create(org=member.org, plan=plan, member=member, event=event.strip(),
                                          occurred_on=occurred_on, amount=amount, submitted_on=submitted_on,
                                          created_by=None if by_member else actor)
    audit.created(claim, actor, org=claim.org)
    return claim


def file_own_insurance_claim(member, account, enrolment, *, event, occurred_on, amount, documents=()):
    """A member's own claim from the portal on one of their enrolments (never another member's), with the
    documents (PDF, JPG or PNG, at most 10 MB each and MAX_CLAIM_DOCUMENTS of them; checked by content). The
    same rules as a claim entered by staff: within the cover, at most the sum insured, paid once."""
    with atomic_with_files():
        if enrolment.member_id != member.pk:
            raise ValidationError({"enrolment": _("Choose an insurance you are enrolled in.")})
        documents = [d for d in documents or () if d]
        if not documents:
            raise ValidationError({"documents": _("Attach the documents of the claim (the bill, the diagnosis).")})
        if len(documents) > MAX_CLAIM_DOCUMENTS:
            raise ValidationError({"documents": _("Attach at most %(n)d documents.") % {"n": MAX_CLAIM_DOCUMENTS}})
        plan = enrolment.plan
        if plan.starts_on > timezone.localdate():
            raise ValidationError({"occurred_on": _("The cover has not started yet (it starts on %(start)s).") % {
                "start": plan.starts_on}})
        claim = _file_insurance_claim(account, plan, member, event=event, occurred_on=occurred_on, amount=amount,
                                      by_member=True)
        for document in documents:
            stored = store_upload(document, storage=contract_storage(), folder=f"claims/{claim.org_id}/{claim.pk}",
                                  field="documents", types=DOCUMENT_TYPES, max_bytes=MAX_CONTRACT_BYTES,
                                  what=_("The document"))
            InsuranceClaimDocument(claim=claim).attach(stored).save()
        return claim


@transaction.atomic
def update_insurance_claim(user, claim, *, event):
    before = audit.snapshot(claim)
    scope.require(user, "change", claim.org)
    if not (event or "").strip():
        raise ValidationError({"event": _("Enter the illness or accident.")})
    claim.event = event.strip()
    claim.save(update_fields=["event", "updated_at"])
    audit.updated(claim, user, before)
    return claim


@transaction.atomic
def pay_insurance_claim(user, claim, paid_amount=None, on=None):
    """The insurer paid, once (a second payment finds it paid: WorkflowConflict), at most the sum insured."""
    on = on or timezone.localdate()
    errors = {}
    amount = claim.amount if paid_amount in (None, "") else parse_money(
        paid_amount, "paid_amount", positive=True, errors=errors)
    check_not_future(on, "paid_on", errors=errors)
    if amount is not None and amount > claim.plan.sum_insured:
        errors["paid_amount"] = _("The insurance pays at most %(max)s yuan.") % {
            "max": _yuan(claim.plan.sum_insured)}
    if errors:
        raise ValidationError(errors)
    return transition(claim, user, "pay", changes={"paid_amount": amount, "paid_on": on})


@transaction.atomic
def decline_insurance_claim(user, claim, reason):
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the insurer declined the claim.")})
    return transition(claim, user, "decline", changes={"reason": reason.strip()}, note=reason.strip())


@transaction.atomic
def close_plan(user, plan):
    return transition(plan, user, "close")


def premiums(plans):
    return InsuranceEnrolment.objects.filter(plan__in=plans).aggregate(s=Sum("premium"))["s"] or Decimal(0)


def insurance_paid(plans):
    return InsuranceClaim.objects.filter(plan__in=plans, status=InsuranceClaimStatus.PAID).aggregate(
        s=Sum("paid_amount"))["s"] or Decimal(0)


# --- the merchant contract's file -----------------------------------------------------------------------------------

def add_contract_file(user, merchant, document):
    """The signed contract as a file (PDF, JPG or PNG, at most 10 MB; checked by content, never served inline)."""
    with atomic_with_files():
        scope.require(user, "change", merchant.org)
        if merchant.contracts.count() >= MAX_CONTRACT_FILES:
            raise ValidationError({"document": _("A merchant has at most %(n)d contract files.") % {
                "n": MAX_CONTRACT_FILES}})
        stored = store_upload(document, storage=contract_storage(), folder=f"{merchant.org_id}/{merchant.pk}",
                              field="document", types=DOCUMENT_TYPES, max_bytes=MAX_CONTRACT_BYTES,
                              what=_("The signed contract"))
        doc = MerchantContract(merchant=merchant).attach(stored)
        doc.save()
        audit.record("update", merchant, user=user, org=merchant.org,
                     note=_("Contract file added: %(name)s.") % {"name": doc.file_name})
        return merchant
