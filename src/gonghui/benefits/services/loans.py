"""Micro-loans (小额担保贷款): eligibility, limits by applicant kind within the county cap, the bank's decision,
disbursal, repayment and default."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from gonghui.core import audit, scope
from gonghui.core.validators import check_not_future, parse_money
from gonghui.core.workflow import transition

from ..choices import COUNTED_LOAN_STATUSES, ApplicantKind, LoanPurpose, LoanStatus, loan_limit
from ..models import LoanApplication, LoanQuota
from .common import _today, _yuan

# --- micro-loans --------------------------------------------------------------------------------------------------

def quota_for(org, year):
    """The loan quota of ``org`` or the nearest union above it, for ``year``."""
    paths = [org.path[:i] for i in range(4, len(org.path) + 1, 4)]
    return (LoanQuota.objects.filter(year=year, org__path__in=[p for p in paths if p])
            .select_related("org").order_by("-org__depth").first()) if org.path else None


def used_of(quota, exclude=None):
    qs = LoanApplication.objects.filter(org__path__startswith=quota.org.path, applied_on__year=quota.year,
                                        status__in=(LoanStatus.APPLIED, *COUNTED_LOAN_STATUSES))
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.aggregate(s=Sum("amount"))["s"] or Decimal(0)


def _one_year_before(day):
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def check_eligibility(member, data, errors):
    kind, purpose = data.get("applicant_kind"), data.get("purpose")
    if member.status != "active":
        errors["member"] = _("Only a member in good standing may apply for a micro-loan.")
    if kind == ApplicantKind.WOMAN and member.gender != "F":
        errors["applicant_kind"] = _("The women workers' limit is for women applicants.")
    if purpose == LoanPurpose.START and not data.get("registered_unemployed"):
        errors["registered_unemployed"] = _("A loan to start a business is for members registered unemployed or "
                                            "in difficulty finding work.")
    started = data.get("business_started_on")
    applied_on = data.get("applied_on") or _today()
    if purpose == LoanPurpose.BUSINESS:
        if started is None:
            errors["business_started_on"] = _("Enter since when the business has been running.")
        elif started > _one_year_before(applied_on):
            errors["business_started_on"] = _("A business loan needs the business running for a year or more.")


LOAN_FIELDS = ("applicant_kind", "purpose", "project_kind", "registered_unemployed", "business_started_on",
               "amount", "applied_on", "guarantee", "notes")


def _lock_quota(org, year):
    quota = quota_for(org, year)
    if quota is not None:
        quota = LoanQuota.objects.select_for_update().get(pk=quota.pk)
    return quota


@transaction.atomic
def save_loan(user, loan, member, **data):
    """An application (or a change to one still applied for): eligibility, the limit by applicant kind and the
    county cap. The quota row is locked first, so concurrent applications are counted one after the other."""
    loan = loan or LoanApplication(created_by=user)
    before = audit.snapshot(loan) if loan.pk else None
    if loan.pk and loan.status != LoanStatus.APPLIED:
        raise ValidationError(_("Only an application not yet decided can be changed."))
    if member is not None:
        loan.member = member
        loan.org = member.org
    scope.require(user, "change", loan.org)
    errors = {}
    if "amount" in data:
        data["amount"] = parse_money(data["amount"], "amount", required=True, positive=True, errors=errors)
    for name in LOAN_FIELDS:
        if name in data:
            value = data[name]
            if value is None and name in ("guarantee", "notes"):
                value = ""
            setattr(loan, name, value)
    loan.applied_on = loan.applied_on or _today()
    check_not_future(loan.applied_on, "applied_on", errors=errors)
    check_eligibility(loan.member, {n: getattr(loan, n) for n in LOAN_FIELDS}, errors)
    if loan.amount is not None and "amount" not in errors:
        limit = loan_limit(loan.applicant_kind)
        if loan.amount > limit:
            errors["amount"] = _("The limit for a %(kind)s is %(limit)s yuan.") % {
                "kind": loan.get_applicant_kind_display(), "limit": _yuan(limit)}
    if errors:
        raise ValidationError(errors)
    quota = _lock_quota(loan.org, loan.applied_on.year)
    if quota is not None:
        used = used_of(quota, exclude=loan if loan.pk else None)
        if used + loan.amount > quota.cap:
            raise ValidationError({"amount": _(
                "This would pass the total of %(cap)s yuan for %(org)s in %(year)d: %(left)s yuan are left.") % {
                "cap": _yuan(quota.cap), "org": quota.org.name, "year": quota.year,
                "left": _yuan(max(quota.cap - used, Decimal(0)))}})
    loan.full_clean()
    loan.save()
    if before is None:
        audit.created(loan, user)
    else:
        audit.updated(loan, user, before)
    return loan


@transaction.atomic
def approve_loan(user, loan, on=None, due_on=None):
    on = on or _today()
    check_not_future(on, "decided_on")
    return transition(loan, user, "approve", changes={"decided_on": on, "due_on": due_on})


@transaction.atomic
def reject_loan(user, loan, reason):
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the application is rejected.")})
    return transition(loan, user, "reject", changes={"decided_on": _today()}, note=reason.strip())


@transaction.atomic
def disburse_loan(user, loan, on=None, due_on=None):
    on = on or _today()
    check_not_future(on, "disbursed_on")
    due = due_on or loan.due_on or (on + datetime.timedelta(days=730))
    if due <= on:
        raise ValidationError({"due_on": _("Repayment must fall due after the disbursal.")})
    return transition(loan, user, "disburse", changes={"disbursed_on": on, "due_on": due})


@transaction.atomic
def repay_loan(user, loan, amount):
    amount = parse_money(amount, "amount", required=True, positive=True)
    left = loan.amount - loan.repaid
    if amount > left:
        raise ValidationError({"amount": _("Only %(left)s yuan are left to repay.") % {"left": _yuan(left)}})
    loan = transition(loan, user, "repay", changes={"repaid": loan.repaid + amount}, note=_yuan(amount))
    if loan.repaid >= loan.amount:
        loan = transition(loan, user, "settle", check=False)
    return loan


@transaction.atomic
def default_loan(user, loan, reason):
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say what happened.")})
    return transition(loan, user, "default", note=reason.strip())


def save_quota(user, quota, org, *, year, cap, notes=""):
    quota = quota or LoanQuota(created_by=user)
    before = audit.snapshot(quota) if quota.pk else None
    if org is not None:
        quota.org = org
    scope.require(user, "change", quota.org)
    quota.year, quota.cap = year, parse_money(cap, "cap", required=True, positive=True)
    quota.notes = (notes or "").strip()
    if LoanQuota.objects.filter(org=quota.org, year=year).exclude(pk=quota.pk).exists():
        raise ValidationError({"year": _("This union already has a quota for that year.")})
    quota.full_clean()
    quota.save()
    if before is None:
        audit.created(quota, user)
    else:
        audit.updated(quota, user, before)
    return quota
