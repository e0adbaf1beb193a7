"""Writes of collective contracts: drafting (with the employers covered and the rules of 集体合同规定), signing,
submission to the labour department, its objection, taking effect and expiry (the daily round), publication,
performance checks, documents, termination, an employer's restructuring, and labour-contract coverage."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, scope
from gonghui.core.attachments import atomic_with_files, store_upload
from gonghui.core.validators import parse_money
from gonghui.core.workflow import transition

from . import selectors
from .choices import ACTIVE_STATUSES, ContractStatus, effect_days, submission_due
from .models import (
    CollectiveContract,
    ContractCoverage,
    ContractDocument,
    LabourContractCoverage,
    PerformanceCheck,
    document_storage,
)

FIELDS = ("number", "title", "contract_type", "regional", "starts_on", "ends_on", "workers_covered", "minimum_wage",
          "wage_rise_pct", "congress_approved_on", "congress_session", "notes")
MAX_DOCUMENTS = 10


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def parse_percent(value, field="wage_rise_pct", errors=None):
    """A percentage (``5``, ``5.5``, ``5%``, ``-3``); None when empty. Below −100% is refused."""
    if value is None or value == "":
        return None
    text = str(value).replace("％", "%").replace("%", "").replace("－", "-").strip()
    try:
        pct = Decimal(text)
    except (InvalidOperation, ValueError):
        message = _("Enter the rise in percent as a number, for example 5 or -2.5.")
    else:
        if not pct.is_finite() or pct.as_tuple().exponent < -2:
            message = _("Enter the rise in percent with at most two decimals.")
        elif pct < -100:
            message = _("A wage rise cannot be below -100%.")
        elif pct >= 10000:
            message = _("Enter a rise below 10000%.")
        else:
            return pct.quantize(Decimal("0.01"))
    if errors is None:
        raise ValidationError({field: message})
    errors[field] = message
    return None


def check_term(starts_on, ends_on, errors):
    """A term of one to three years, ending after it starts (集体合同规定 art. 38)."""
    if starts_on is None or ends_on is None:
        return
    if ends_on <= starts_on:
        errors["ends_on"] = _("The term must end after it starts.")
    elif ends_on < _add_years(starts_on, 1) - datetime.timedelta(days=1):
        errors["ends_on"] = _("A collective contract runs for one to three years; this term is shorter than a year.")
    elif ends_on > _add_years(starts_on, 3):
        errors["ends_on"] = _("A collective contract runs for one to three years; this term is longer than three "
                              "years.")


def overlapping(contract, units):
    """Contracts binding one of ``units`` (signed, submitted or in force) of the same type whose term overlaps
    ``contract``'s: enterprise and regional contracts alike."""
    qs = CollectiveContract.objects.filter(
        contract_type=contract.contract_type, status__in=ACTIVE_STATUSES, coverage__unit__in=units,
        starts_on__lte=contract.ends_on, ends_on__gte=contract.starts_on).distinct()
    if contract.pk:
        qs = qs.exclude(pk=contract.pk)
    return qs


def check_overlap(contract, units, errors):
    if contract.starts_on is None or contract.ends_on is None or not units:
        return
    clash = overlapping(contract, units).first()
    if clash is not None:
        names = "、".join(u.name for u in clash.units.filter(pk__in=[u.pk for u in units]))
        errors["units"] = _("%(units)s already has a %(type)s contract for part of this term (%(number)s, "
                            "%(start)s to %(end)s).") % {
            "units": names, "type": clash.get_contract_type_display(), "number": clash.number,
            "start": clash.starts_on.isoformat(), "end": clash.ends_on.isoformat()}


def check_contract(user, contract, units):
    """The rules of a contract and the employers it covers; a dict of errors by field."""
    errors = {}
    if not (contract.number or "").strip():
        errors["number"] = _("Enter the contract number.")
    elif CollectiveContract.objects.filter(number=contract.number.strip()).exclude(pk=contract.pk).exists():
        errors["number"] = _("Another contract has this number.")
    if not (contract.title or "").strip():
        errors["title"] = _("Enter the title of the contract.")
    check_term(contract.starts_on, contract.ends_on, errors)
    if contract.wage_rise_pct is not None and contract.wage_rise_pct < -100:
        errors["wage_rise_pct"] = _("A wage rise cannot be below -100%.")
    if not units:
        errors["units"] = _("Choose the employer the contract covers.")
    elif not contract.regional and len(units) > 1:
        errors["units"] = _("An enterprise contract covers one employer; mark it as regional or industry to list "
                            "several.")
    else:
        visible = set(selectors.units_for(user).filter(pk__in=[u.pk for u in units]).values_list("pk", flat=True))
        outside = [u.name for u in units if u.pk not in visible or not selectors.unit_within(u, contract.org)]
        if outside:
            errors["units"] = _("These employers are outside your scope or the filing union's: %(names)s.") % {
                "names": "、".join(outside)}
    if "units" not in errors and units:
        workforce = sum(u.employee_count for u in units)
        if contract.workers_covered > workforce:
            errors["workers_covered"] = _(
                "Workers covered (%(n)d) cannot be more than the employers' workforce (%(total)d).") % {
                "n": contract.workers_covered, "total": workforce}
        check_overlap(contract, units, errors)
    return errors


def save_contract(user, contract, org=None, *, units=None, uploads=(), **data):
    """Create a draft of ``org`` (``contract`` None) or edit a draft: its fields and the employers it covers."""
    with atomic_with_files():
        creating = contract is None
        if creating:
            if org is None:
                raise ValidationError({"org": _("Choose the filing union.")})
            contract = CollectiveContract(org=org, created_by=user if getattr(user, "pk", None) else None)
        else:
            contract = CollectiveContract.objects.select_for_update().get(pk=contract.pk)
            if not contract.is_draft:
                raise ValidationError(_("Only a draft contract can be edited; this one is %(status)s.")
                                      % {"status": contract.get_status_display()})
        scope.require(user, "change", contract.org)
        before = None if creating else audit.snapshot(contract)
        errors = {}
        if "minimum_wage" in data:
            data["minimum_wage"] = parse_money(data["minimum_wage"], "minimum_wage", allow_none=True, errors=errors)
        if "wage_rise_pct" in data:
            data["wage_rise_pct"] = parse_percent(data["wage_rise_pct"], errors=errors)
        for name in FIELDS:
            if name in data:
                setattr(contract, name, data[name] if data[name] is not None or name in (
                    "minimum_wage", "wage_rise_pct", "congress_approved_on") else getattr(contract, name))
        contract.number, contract.title = (contract.number or "").strip(), (contract.title or "").strip()
        units = list(units) if units is not None else (list(contract.units.all()) if contract.pk else [])
        errors.update({k: v for k, v in check_contract(user, contract, units).items() if k not in errors})
        if errors:
            raise ValidationError(errors)
        contract.save()
        current = set(contract.coverage.values_list("unit_id", flat=True))
        wanted = {u.pk for u in units}
        contract.coverage.exclude(unit_id__in=wanted).delete()
        ContractCoverage.objects.bulk_create([ContractCoverage(contract=contract, unit_id=pk)
                                              for pk in wanted - current])
        _attach(contract, list(uploads or ()))
        (audit.created(contract, user) if creating else audit.updated(contract, user, before))
        return contract


def _attach(contract, uploads):
    if contract.documents.count() + len(uploads) > MAX_DOCUMENTS:
        raise ValidationError({"document": _("A contract has at most %(n)d documents.") % {"n": MAX_DOCUMENTS}})
    for upload in uploads:
        stored = store_upload(upload, storage=document_storage(), folder=f"{contract.org_id}/{contract.pk}",
                              field="document", what=_("The signed contract"))
        ContractDocument(contract=contract).attach(stored).save()


def _not_future(day, field, message):
    if day is None:
        raise ValidationError({field: _("Enter the date.")})
    if day > timezone.localdate():
        raise ValidationError({field: message})


def sign_contract(user, contract, signed_on, document=None):
    """The two sides signed: the congress must have approved the draft, and the overlap rule holds again."""
    with atomic_with_files():
        contract = CollectiveContract.objects.select_for_update().get(pk=contract.pk)
        _not_future(signed_on, "signed_on", _("The signing date cannot be in the future."))
        if not contract.congress_approved_on or not contract.congress_session:
            raise ValidationError({"signed_on": _(
                "Record the workers' congress session that approved the draft (edit the draft) before signing.")})
        if signed_on < contract.congress_approved_on:
            raise ValidationError({"signed_on": _("The contract is signed after the workers' congress approved "
                                                  "the draft (%(day)s).") % {"day": contract.congress_approved_on}})
        errors = {}
        check_overlap(contract, list(contract.units.all()), errors)
        if errors:
            raise ValidationError({"signed_on": errors["units"]})
        contract = transition(contract, user, "sign", changes={
            "signed_on": signed_on, "submission_due_on": submission_due(signed_on)})
        if document is not None:
            _attach(contract, [document])
        return contract


def take_effect_if_due(contract, today, user=None):
    """A submitted contract the department has not objected to takes effect on its date (system step)."""
    if contract.status == ContractStatus.SUBMITTED and contract.effective_on and contract.effective_on <= today:
        return transition(contract, user, "take_effect", check=False)
    return contract


@transaction.atomic
def submit_contract(user, contract, submitted_on):
    """报送审查: due within the submission period of signing; a later one is accepted and flagged. It takes effect
    after the review period unless the department objects."""
    _not_future(submitted_on, "submitted_on", _("The submission date cannot be in the future."))
    if contract.signed_on and submitted_on < contract.signed_on:
        raise ValidationError({"submitted_on": _("The contract is submitted after it is signed (%(day)s).")
                               % {"day": contract.signed_on}})
    contract = transition(contract, user, "submit", changes={
        "submitted_on": submitted_on,
        "submitted_late": bool(contract.submission_due_on and submitted_on > contract.submission_due_on),
        "effective_on": submitted_on + datetime.timedelta(days=effect_days())})
    return take_effect_if_due(contract, timezone.localdate(), user)


@transaction.atomic
def object_contract(user, contract, objected_on, objection):
    _not_future(objected_on, "objected_on", _("The date cannot be in the future."))
    if not (objection or "").strip():
        raise ValidationError({"objection": _("Enter what the department objected to.")})
    if contract.submitted_on and objected_on < contract.submitted_on:
        raise ValidationError({"objected_on": _("The objection comes after the submission.")})
    return transition(contract, user, "object", changes={"objected_on": objected_on, "objection": objection.strip(),
                                                          "effective_on": None})


@transaction.atomic
def redraft_contract(user, contract):
    return transition(contract, user, "redraft", changes={"signed_on": None, "submission_due_on": None,
                                                           "submitted_on": None, "submitted_late": False})


@transaction.atomic
def publish_contract(user, contract, published_on):
    _not_future(published_on, "published_on", _("The date cannot be in the future."))
    return transition(contract, user, "publish", changes={"published_on": published_on})


@transaction.atomic
def terminate_contract(user, contract, ended_on, reason):
    _not_future(ended_on, "ended_on", _("The date cannot be in the future."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Enter why the contract ends early.")})
    return transition(contract, user, "terminate", changes={"ended_on": ended_on, "end_reason": reason.strip()})


def add_document(user, contract, document):
    with atomic_with_files():
        contract = transition(contract, user, "document", note=getattr(document, "name", ""))
        _attach(contract, [document])
        return contract


@transaction.atomic
def record_check(user, contract, checked_on, passed, findings="", fixes=""):
    """A performance check (履约检查) of the year of ``checked_on``: one a year per contract."""
    _not_future(checked_on, "checked_on", _("The check date cannot be in the future."))
    if checked_on < contract.starts_on:
        raise ValidationError({"checked_on": _("The check comes after the term starts (%(day)s).")
                               % {"day": contract.starts_on}})
    if contract.checks.filter(year=checked_on.year).exists():
        raise ValidationError({"checked_on": _("This contract already has a performance check for %(year)d.")
                               % {"year": checked_on.year}})
    if not passed and not (fixes or "").strip():
        raise ValidationError({"fixes": _("Enter the fixes required where the contract was not performed.")})
    check = PerformanceCheck.objects.create(contract=contract, year=checked_on.year, checked_on=checked_on,
                                            passed=passed, findings=(findings or "").strip(),
                                            fixes=(fixes or "").strip(),
                                            recorded_by=user if getattr(user, "pk", None) else None)
    verdict = _("passed") if passed else _("not passed")
    transition(contract, user, "check", note=f"{checked_on.year}: {verdict}")
    return check


@transaction.atomic
def move_coverage(user, unit, successor, note=""):
    """A restructured employer (merged, renamed into a new unit): its contracts still binding cover the successor
    instead. Each moved contract gets a change-log entry. Returns the contracts moved."""
    if successor.pk == unit.pk:
        raise ValidationError({"successor": _("Choose another employer as the successor.")})
    units = selectors.units_for(user)
    for u, field in ((unit, "unit"), (successor, "successor")):
        if not units.filter(pk=u.pk).exists():
            raise ValidationError({field: _("This employer is outside your scope.")})
    moved = []
    ids = CollectiveContract.objects.filter(coverage__unit=unit, status__in=ACTIVE_STATUSES + (
        ContractStatus.DRAFT,)).values_list("pk", flat=True)
    for contract in CollectiveContract.objects.filter(pk__in=list(ids)).select_for_update().order_by("pk"):
        scope.require(user, "change", contract.org)
        if contract.coverage.filter(unit=successor).exists():
            contract.coverage.filter(unit=unit).delete()
        else:
            contract.coverage.filter(unit=unit).update(unit=successor)
        moved.append(transition(contract, user, "coverage_moved", note=note or _("%(old)s → %(new)s") % {
            "old": unit.name, "new": successor.name}))
    return moved


def expire_due(today):
    """Contracts in force past their end expire (system step). Returns how many."""
    n = 0
    for contract in CollectiveContract.objects.filter(status=ContractStatus.IN_FORCE, ends_on__lt=today):
        with transaction.atomic():
            transition(contract, None, "expire", check=False)
        n += 1
    return n


def take_effect_due(today):
    n = 0
    for contract in CollectiveContract.objects.filter(status=ContractStatus.SUBMITTED, effective_on__lte=today):
        with transaction.atomic():
            take_effect_if_due(contract, today)
        n += 1
    return n


# Labour-contract coverage (劳动合同签订)

def save_labour_coverage(user, record, unit=None, *, year, workers, signed):
    """Create or update the figure of an employer for a year (one per employer and year)."""
    with transaction.atomic():
        creating = record is None
        if creating:
            if unit is None:
                raise ValidationError({"unit": _("Choose the employer.")})
            if not selectors.units_for(user).filter(pk=unit.pk).exists():
                raise ValidationError({"unit": _("This employer is outside your scope.")})
            record = LabourContractCoverage(unit=unit, org=unit.union or unit.area_org)
        scope.require(user, "change", record.org)
        before = None if creating else audit.snapshot(record)
        errors = {}
        if year is None or not 2000 <= year <= timezone.localdate().year:
            errors["year"] = _("Enter a year from 2000 to this year.")
        if workers is None or workers < 0:
            errors["workers"] = _("Enter the number of workers.")
        elif signed is None or signed < 0:
            errors["signed"] = _("Enter the number of workers with a signed labour contract.")
        elif signed > workers:
            errors["signed"] = _("Workers with a signed contract (%(s)d) cannot be more than the workers (%(w)d).") % {
                "s": signed, "w": workers}
        if not errors and LabourContractCoverage.objects.filter(unit=record.unit, year=year).exclude(
                pk=record.pk).exists():
            errors["year"] = _("%(unit)s already has a figure for %(year)d.") % {"unit": record.unit, "year": year}
        if errors:
            raise ValidationError(errors)
        record.year, record.workers, record.signed = year, workers, signed
        record.recorded_by = user if getattr(user, "pk", None) else None
        record.save()
        (audit.created(record, user) if creating else audit.updated(record, user, before))
        return record

