"""法律援助: a case referred to a union lawyer or a legal aid centre, and the result (the amounts it recovered
count for the case)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.exceptions import WorkflowConflict
from gonghui.core.validators import check_not_future, parse_money

from ..choices import CaseStatus, EventKind, LegalAidProvider, LegalAidResult, LegalAidStatus, Outcome
from ..models import Case, LegalAidReferral
from .common import _clean_text, _event, _local_date, _now


@transaction.atomic
def refer_legal_aid(user, case, *, provider_kind, provider_name, note="", now=None):
    """法律援助: refer the case to a union lawyer or a legal aid centre."""
    now = _now(now)
    Case.workflow.require(case, user, "legal_aid")
    errors = {}
    if provider_kind not in LegalAidProvider.values:
        errors["provider_kind"] = _("Choose a union lawyer or a legal aid centre.")
    provider_name = _clean_text(provider_name, "provider_name", _("Name the lawyer or the centre."), 100, errors)
    note = _clean_text(note, "note", "", 2000, errors, required=False)
    if not Case.workflow["legal_aid"].state_allows(case, Case.workflow.field) or (
            case.status == CaseStatus.CLOSED and case.outcome in (Outcome.WITHDRAWN, Outcome.REJECTED)):
        errors["__all__"] = _("Legal aid is for accepted cases and cases whose mediation failed.")
    if errors:
        raise ValidationError(errors)
    referral = LegalAidReferral.objects.create(case=case, provider_kind=provider_kind, provider_name=provider_name,
                                               note=note, referred_at=now, by=user)
    audit.created(referral, user)
    _event(case, EventKind.LEGAL_AID, now, _("Your case was referred for legal aid to %(name)s.")
           % {"name": provider_name})
    return referral


@transaction.atomic
def record_legal_aid_result(user, referral, *, result, result_on, amount_awarded=None, amount_recovered=None,
                            note="", now=None):
    now = _now(now)
    case = referral.case
    Case.workflow.require(case, user, "legal_aid_result")
    errors = {}
    if result not in LegalAidResult.values:
        errors["result"] = _("Choose the result.")
    if not isinstance(result_on, datetime.date):
        errors["result_on"] = _("Enter the date of the result.")
    else:
        check_not_future(result_on, "result_on", message=_("The date cannot be in the future."),
                         today=_local_date(now), errors=errors)
    awarded = parse_money(amount_awarded, "amount_awarded", allow_none=True, errors=errors)
    recovered = parse_money(amount_recovered, "amount_recovered", errors=errors)
    note = _clean_text(note, "result_note", "", 2000, errors, required=False)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(referral)
    old = referral.amount_recovered
    if not LegalAidReferral.objects.filter(pk=referral.pk, amount_recovered=old).update(
            status=LegalAidStatus.CONCLUDED, result=result, result_on=result_on, amount_awarded=awarded,
            amount_recovered=recovered, result_note=note):
        raise WorkflowConflict(_("The referral has changed in the meantime. Reload the page."))
    Case.objects.filter(pk=case.pk).update(legal_aid_recovered=F("legal_aid_recovered") - old + recovered)
    referral.refresh_from_db()
    audit.updated(referral, user, before)
    _event(case, EventKind.LEGAL_AID, now,
           _("Legal aid result: %(result)s.") % {"result": LegalAidResult(result).label})
    return referral
