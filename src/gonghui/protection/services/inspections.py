"""Writes of labour protection: inspections and their closing, the problems found (fixed on the spot or by a
deadline), the employer's response, re-inspection, the escalation of overdue ones (the daily round), wage arrears
with the workers owed and what was recovered, and the step from arrears to a rights case (through the rights
area's own intake, reached by ``core.hooks.rights_case_requested``: areas do not import each other)."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, scope
from gonghui.core.hooks import rights_case_requested
from gonghui.core.notify import notify_org
from gonghui.core.validators import parse_money
from gonghui.core.workflow import WorkflowConflict, transition

from .. import selectors
from ..choices import (
    CHECKLISTS,
    OPEN_STATUSES,
    ChecklistItem,
    FindingStatus,
    FixMode,
    InspectionKind,
    InspectionStatus,
    Severity,
    default_deadline,
)
from ..models import ArrearsWorker, Finding, Inspection, SafetyAgreement

INSPECTION_FIELDS = ("kind", "campaign", "inspected_on", "inspectors", "summary")
MAX_NAMED = 500


def _text(value):
    return (value or "").strip()


def _check_date(day, field, errors, *, not_before=None, before_message=""):
    if day is None:
        errors[field] = _("Enter the date.")
    elif day > timezone.localdate():
        errors[field] = _("The date cannot be in the future.")
    elif not_before is not None and day < not_before:
        errors[field] = before_message


def check_unit(user, unit, org, errors, field="unit"):
    if unit is None:
        errors[field] = _("Choose the employer.")
    elif not selectors.units_for(user).filter(pk=unit.pk).exists() or not selectors.unit_within(unit, org):
        errors[field] = _("This employer is outside your scope or the inspecting union's.")


# --- inspections -----------------------------------------------------------------------------------------------

def save_inspection(user, inspection, org=None, *, unit=None, **data):
    """Create an inspection of ``unit`` by ``org`` (``inspection`` None), or edit one."""
    with transaction.atomic():
        creating = inspection is None
        if creating:
            if org is None:
                raise ValidationError({"org": _("Choose the inspecting union.")})
            inspection = Inspection(org=org, created_by=user if getattr(user, "pk", None) else None)
        else:
            inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
        scope.require(user, "change", inspection.org)
        before = None if creating else audit.snapshot(inspection)
        errors = {}
        if creating:
            check_unit(user, unit, inspection.org, errors)
            if "unit" not in errors:
                inspection.unit = unit
        for name in INSPECTION_FIELDS:
            if name in data and data[name] is not None:
                setattr(inspection, name, _text(data[name]) if isinstance(data[name], str) else data[name])
        if inspection.kind not in InspectionKind.values:
            errors["kind"] = _("Choose the kind of inspection.")
        elif not creating and inspection.findings.exclude(item__in=CHECKLISTS[inspection.kind]).exists():
            errors["kind"] = _("Problems already recorded belong to another checklist; the kind cannot change.")
        _check_date(inspection.inspected_on, "inspected_on", errors)
        if not inspection.inspectors:
            errors["inspectors"] = _("Enter who inspected.")
        if errors:
            raise ValidationError(errors)
        inspection.save()
        (audit.created(inspection, user) if creating else audit.updated(inspection, user, before))
        return inspection


@transaction.atomic
def close_inspection(user, inspection):
    """Close an inspection whose problems are all fixed."""
    if inspection.findings.filter(status__in=OPEN_STATUSES).exists():
        raise ValidationError(_("Problems of this inspection are still to be fixed; close it when all are fixed."))
    return transition(inspection, user, "close", changes={"closed_on": timezone.localdate()})


# --- findings --------------------------------------------------------------------------------------------------

_LINE = re.compile(r"^(?P<name>.+?)[\s,，:：]+(?P<amount>[¥￥]?[\d,，.]+元?)$")


def parse_workers(text, errors, field="arrears_names"):
    """Workers owed wages, one a line: a name, then optionally the amount (``张三 3200``)."""
    rows = []
    for i, line in enumerate(s.strip() for s in (text or "").splitlines()):
        if not line:
            continue
        m = _LINE.match(line)
        name, amount = (m["name"].strip(), m["amount"]) if m else (line, None)
        row_errors = {}
        value = parse_money(amount, field, allow_none=True, errors=row_errors)
        if row_errors or len(name) > 50:
            errors[field] = _("Line %(n)d: write a name (at most 50 characters), then the amount in yuan.") % {
                "n": i + 1}
            return []
        rows.append((name, value))
    if len(rows) > MAX_NAMED:
        errors[field] = _("At most %(n)d workers can be named.") % {"n": MAX_NAMED}
    return rows


def check_arrears(finding, names, errors):
    if not finding.arrears_amount and not finding.arrears_workers and not names:
        return
    if finding.item != ChecklistItem.WAGES_ON_TIME:
        errors["arrears_amount"] = _("Wage arrears are recorded on the item 'wages paid on time and in full'.")
    elif not finding.arrears_amount:
        errors["arrears_amount"] = _("Enter the wages owed.")
    elif finding.arrears_workers < max(1, len(names)):
        errors["arrears_workers"] = _("Enter the number of workers owed wages (at least the %(n)d named).") % {
            "n": max(1, len(names))}
    elif finding.recovered_workers > finding.arrears_workers:
        errors["arrears_workers"] = _("More workers were already paid (%(n)d).") % {"n": finding.recovered_workers}
    elif finding.amount_recovered > finding.arrears_amount:
        errors["arrears_amount"] = _("More was already recovered (%(n)s yuan).") % {"n": finding.amount_recovered}


def save_finding(user, finding, inspection=None, *, item=None, description=None, severity=None, fix_mode=None,
                 deadline=None, arrears_workers=None, arrears_amount=None, arrears_names=None):
    """Record a problem found at ``inspection`` (``finding`` None), or edit one. Fixed on the spot: it is fixed on
    the day found; by a deadline: the deadline (30 days by default) is on or after that day."""
    with transaction.atomic():
        creating = finding is None
        if creating:
            if inspection is None:
                raise ValidationError({"inspection": _("Choose the inspection.")})
            inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
            finding = Finding(inspection=inspection, org_id=inspection.org_id, unit_id=inspection.unit_id,
                              found_on=inspection.inspected_on, created_by=user if getattr(user, "pk", None) else None)
        else:
            finding = Finding.objects.select_for_update().select_related("inspection").get(pk=finding.pk)
            inspection = finding.inspection
        scope.require(user, "change", inspection.org)
        before = None if creating else audit.snapshot(finding)
        errors = {}
        if creating and inspection.status == InspectionStatus.CLOSED:
            errors["inspection"] = _("This inspection is closed; record the problem at a new inspection.")
        if item is not None:
            finding.item = item
        if finding.item not in CHECKLISTS.get(inspection.kind, ()):
            errors["item"] = _("Choose an item of the %(kind)s checklist.") % {"kind": inspection.get_kind_display()}
        if description is not None:
            finding.description = _text(description)
        if not finding.description:
            errors["description"] = _("Describe the problem found.")
        if severity is not None:
            finding.severity = severity
        if finding.severity not in Severity.values:
            errors["severity"] = _("Choose the severity.")
        if creating:
            finding.fix_mode = fix_mode or FixMode.BY_DEADLINE
            if finding.fix_mode not in FixMode.values:
                errors["fix_mode"] = _("Choose how the problem is to be fixed.")
            elif finding.fix_mode == FixMode.AT_ONCE:
                finding.status, finding.fixed_on, finding.deadline = FindingStatus.FIXED, finding.found_on, None
            else:
                finding.deadline = deadline or default_deadline(finding.found_on)
        elif deadline is not None and finding.fix_mode == FixMode.BY_DEADLINE and finding.is_open:
            finding.deadline = deadline
        if finding.deadline is not None and finding.deadline < finding.found_on:
            errors["deadline"] = _("The deadline is on or after the day the problem was found (%(day)s).") % {
                "day": finding.found_on.isoformat()}
        if arrears_workers is not None:
            finding.arrears_workers = arrears_workers
        if arrears_amount is not None:
            finding.arrears_amount = parse_money(arrears_amount, "arrears_amount", errors=errors) or 0
        names = parse_workers(arrears_names, errors) if arrears_names is not None else None
        check_arrears(finding, names or (list(finding.arrears_list.all()) if finding.pk else []), errors)
        if errors:
            raise ValidationError(errors)
        finding.save()
        if names is not None:
            finding.arrears_list.all().delete()
            ArrearsWorker.objects.bulk_create([ArrearsWorker(finding=finding, name=n, amount=a) for n, a in names])
        (audit.created(finding, user) if creating else audit.updated(finding, user, before))
        return finding


def arrears_names_text(finding):
    return "\n".join(f"{w.name} {w.amount}" if w.amount is not None else w.name for w in finding.arrears_list.all())


@transaction.atomic
def respond(user, finding, responded_on, response):
    """The employer's response (整改回复): what it did or will do."""
    errors = {}
    _check_date(responded_on, "responded_on", errors, not_before=finding.found_on,
                before_message=_("The response comes after the problem was found."))
    if not _text(response):
        errors["response"] = _("Enter the employer's response.")
    if errors:
        raise ValidationError(errors)
    return transition(finding, user, "respond", changes={"responded_on": responded_on, "response": _text(response)})


def _check_reinspection(finding, reinspected_on, errors):
    _check_date(reinspected_on, "reinspected_on", errors, not_before=finding.found_on,
                before_message=_("The re-inspection comes after the problem was found."))


@transaction.atomic
def fix(user, finding, reinspected_on, note=""):
    """Re-inspected and found fixed: closed."""
    errors = {}
    _check_reinspection(finding, reinspected_on, errors)
    if errors:
        raise ValidationError(errors)
    return transition(finding, user, "fix", note=_text(note), changes={
        "reinspected_on": reinspected_on, "fixed_on": reinspected_on, "reinspections": F("reinspections") + 1})


@transaction.atomic
def refix(user, finding, reinspected_on, deadline, note=""):
    """Re-inspected and not fixed: a new deadline; it escalates again if that one passes too."""
    errors = {}
    _check_reinspection(finding, reinspected_on, errors)
    if deadline is None:
        errors["deadline"] = _("Enter the new deadline.")
    elif reinspected_on is not None and deadline <= reinspected_on:
        errors["deadline"] = _("The new deadline comes after the re-inspection.")
    if not _text(note):
        errors["note"] = _("Enter what is still to be fixed.")
    if errors:
        raise ValidationError(errors)
    return transition(finding, user, "refix", note=_text(note), changes={
        "reinspected_on": reinspected_on, "deadline": deadline, "reinspections": F("reinspections") + 1,
        "overdue_on": None, "escalated_to": None})


def _escalation_target(org):
    return org.get_parent() or org


def escalate_overdue(today):
    """Open problems whose deadline passed: marked overdue once, and reported to the inspecting union and the
    union above it (the daily round; idempotent). Returns how many."""
    n = 0
    due = selectors.past_deadline(Finding.objects.filter(overdue_on__isnull=True), today)
    for finding in due.select_related("org", "unit").order_by("deadline", "pk")[:5000]:
        with transaction.atomic():
            target = _escalation_target(finding.org)
            try:
                transition(finding, None, "escalate", check=False, where=Q(overdue_on__isnull=True),
                           changes={"overdue_on": today, "escalated_to": target})
            except WorkflowConflict:  # another run escalated it meanwhile
                continue
            subject = _("Hazard not fixed in time at %(unit)s") % {"unit": finding.unit.name}
            body = _("%(item)s: \"%(text)s\" was to be fixed by %(day)s and is not. Re-inspect and press the "
                     "employer.") % {"item": finding.get_item_display(), "text": finding.description[:100],
                                      "day": finding.deadline.isoformat()}
            notify_org(finding.org, subject, body)
            if target.pk != finding.org_id:
                notify_org(target, subject, body)
        n += 1
    return n


# --- wage arrears ----------------------------------------------------------------------------------------------

@transaction.atomic
def record_recovery(user, finding, recovered_workers, amount_recovered):
    """What has been recovered so far (totals, not additions): not more workers or yuan than owed."""
    errors = {}
    amount = parse_money(amount_recovered, "amount_recovered", errors=errors)
    if recovered_workers is None or recovered_workers < 0:
        errors["recovered_workers"] = _("Enter the number of workers paid.")
    elif recovered_workers > finding.arrears_workers:
        errors["recovered_workers"] = _("Workers paid cannot be more than the workers owed (%(n)d).") % {
            "n": finding.arrears_workers}
    if amount is not None and amount > finding.arrears_amount:
        errors["amount_recovered"] = _("The amount recovered cannot be more than the arrears (%(n)s yuan).") % {
            "n": finding.arrears_amount}
    if errors:
        raise ValidationError(errors)
    return transition(finding, user, "recover", changes={"recovered_workers": recovered_workers,
                                                          "amount_recovered": amount},
                      note=_("%(w)d workers, %(a)s yuan") % {"w": recovered_workers, "a": amount})


@transaction.atomic
def open_rights_case(user, finding):
    """The wage arrears found become a rights case (欠薪) at the union covering the employer, with the workers
    named and the amounts owed, in one step; the finding keeps the case."""
    finding = Finding.objects.select_for_update().select_related("unit", "org").get(pk=finding.pk)
    finding.workflow.require(finding, user, "open_case")
    if not finding.has_arrears:
        raise ValidationError(_("No wage arrears are recorded on this problem."))
    if finding.rights_case_id:
        raise ValidationError(_("A rights case is already open for these arrears."))
    workers = [{"name": w.name, "amount_claimed": w.amount} for w in finding.arrears_list.all()]
    if not workers:
        raise ValidationError({"arrears_names": _("Name at least one worker owed wages (edit the problem) to open "
                                                  "a case.")})
    data = {"channel": "referral", "case_type": "wage_arrears", "unit": finding.unit,
            "employer_name": finding.unit.name, "amount_claimed": finding.arrears_amount,
            "worker_count": finding.arrears_workers,
            "facts": _("Wage arrears found by %(org)s at an inspection on %(day)s: %(text)s") % {
                "org": finding.org.name, "day": finding.found_on.isoformat(), "text": finding.description}}
    cases = [c for c in rights_case_requested(user, finding.org, data, workers) if c is not None]
    if not cases:
        raise ValidationError(_("Rights cases cannot be opened here."))
    case = cases[0]
    return transition(finding, user, "open_case", where=Q(rights_case__isnull=True), changes={"rights_case": case},
                      note=case.reference_no, check=False)


# --- safety agreements and rest stations -----------------------------------------------------------------------

AGREEMENT_FIELDS = ("signed_on", "ends_on", "committee", "one_law_three_cards", "notes")


@transaction.atomic
def save_agreement(user, record, unit=None, **data):
    """An employer's safety and health agreement (one per employer), held at the union covering it (its census
    union when it has none)."""
    creating = record is None
    errors = {}
    if creating:
        if unit is None or not selectors.units_for(user).filter(pk=unit.pk).exists():
            raise ValidationError({"unit": _("Choose an employer in your scope.")})
        if SafetyAgreement.objects.filter(unit=unit).exists():
            raise ValidationError({"unit": _("%(unit)s already has a record; edit it.") % {"unit": unit.name}})
        record = SafetyAgreement(unit=unit, org=unit.union or unit.area_org)
    scope.require(user, "change", record.org)
    before = None if creating else audit.snapshot(record)
    for name in AGREEMENT_FIELDS:
        if name in data:
            setattr(record, name, _text(data[name]) if name == "notes" else data[name])
    if record.signed_on and record.signed_on > timezone.localdate():
        errors["signed_on"] = _("The date cannot be in the future.")
    if record.ends_on and not record.signed_on:
        errors["signed_on"] = _("Enter when the agreement was signed.")
    elif record.ends_on and record.ends_on <= record.signed_on:
        errors["ends_on"] = _("The agreement ends after it is signed.")
    if errors:
        raise ValidationError(errors)
    record.save()
    (audit.created(record, user) if creating else audit.updated(record, user, before))
    return record
