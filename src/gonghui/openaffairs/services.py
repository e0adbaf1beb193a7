"""Writes of open affairs: the employer's set-up, the catalogue and its schedule, postings, inspections and the
rectification of their problems. Every write checks the right at the record's union, refuses bad input with a
message on the field, and writes the change log in the same transaction."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, scope
from gonghui.core.attachments import DOCUMENT_TYPES, atomic_with_files, store_upload
from gonghui.core.validators import check_not_before, check_not_future, require_reason
from gonghui.core.workflow import transition

from . import periods
from .choices import DOCUMENT_MAX_BYTES, MAX_YEARS_BACK, SCHEDULED, Frequency, PostingStatus
from .models import DisclosureItem, Inspection, OpenAffairsSystem, Posting, Problem, document_storage

SYSTEM_FIELDS = ["kind", "established", "established_on", "leading_group", "notes"]
ITEM_FIELDS = ["title", "category", "department", "frequency", "form", "since", "active", "notes"]


def _max_bytes():
    return int(getattr(settings, "GONGHUI_OPENAFFAIRS_MAX_BYTES", DOCUMENT_MAX_BYTES))


def _store(upload, folder, field, what):
    return store_upload(upload, storage=document_storage(), folder=folder, field=field, types=DOCUMENT_TYPES,
                        max_bytes=_max_bytes(), what=what, default_name="document")


def _text(value, limit):
    return (value or "").strip()[:limit]


def _full_clean(obj, exclude=()):
    """Model validation (lengths, choices, dates not in the future); its messages name the fields."""
    obj.full_clean(exclude=[*exclude, "org", "file", "system", "item", "inspection"], validate_unique=False)


# --- the employer's set-up -------------------------------------------------------------------------------------


def union_of(unit):
    """The union that keeps an employer's open affairs: its covering union, else the union whose census holds it."""
    return unit.union if unit.union_id else unit.area_org


@atomic_with_files()
def save_system(user, system, *, unit=None, document=None, remove_document=False, **data):
    """Record (``system`` None) or change an employer's open-affairs set-up and its rules document. The set-up and
    every record under it sit at the employer's union as it is when the set-up is saved."""
    data = {k: v for k, v in data.items() if k in SYSTEM_FIELDS}
    if system is None:
        if unit is None:
            raise ValidationError({"unit": _("Choose the employer.")})
        system = OpenAffairsSystem(unit=unit)
        before = None
    else:
        system = OpenAffairsSystem.objects.select_for_update().select_related("unit").get(pk=system.pk)
        before = audit.snapshot(system)
        scope.require(user, "change", system.org)
    old_org_id = system.org_id if before is not None else None
    system.org = union_of(system.unit)
    scope.require(user, "change", system.org)
    if before is None and OpenAffairsSystem.objects.filter(unit=system.unit).exists():
        raise ValidationError({"unit": _("This employer's open-affairs system is already recorded.")})
    for name, value in data.items():
        setattr(system, name, value)
    system.leading_group = _text(system.leading_group, 300)
    errors = {}
    if system.established and not system.established_on:
        errors["established_on"] = _("Enter the day the system was established.")
    if not system.established and system.established_on:
        errors["established_on"] = _("Leave the date empty while the system is not established.")
    check_not_future(system.established_on, "established_on", errors=errors)
    if errors:
        raise ValidationError(errors)
    _full_clean(system)
    old_file = system.file.name if before is not None else ""
    if document is not None:
        system.attach(_store(document, f"systems/{system.unit_id}", "document", _("The rules document")))
    elif remove_document:
        system.file.name, system.file_name, system.file_type, system.file_size = "", "", "", 0
    try:
        with transaction.atomic():
            system.save()
    except IntegrityError:
        raise ValidationError({"unit": _("This employer's open-affairs system is already recorded.")}) from None
    if old_file and old_file != system.file.name:
        transaction.on_commit(lambda: document_storage().delete(old_file))
    if old_org_id is not None and old_org_id != system.org_id:  # the employer changed union: its records follow
        DisclosureItem.objects.filter(system=system).update(org=system.org)
        Posting.objects.filter(item__system=system).update(org=system.org)
        Inspection.objects.filter(system=system).update(org=system.org)
        Problem.objects.filter(inspection__system=system).update(org=system.org)
    if before is None:
        audit.created(system, user)
    else:
        audit.updated(system, user, before)
    return system


# --- the catalogue and its schedule -----------------------------------------------------------------------------


def ensure_schedule(item, today=None):
    """Write the due postings of an active scheduled item: one per period from the one holding ``since`` to the one
    holding today. Idempotent (the unique item and period); returns how many were written."""
    today = today or timezone.localdate()
    if not item.active or item.frequency not in SCHEDULED:
        return 0
    wanted = periods.periods_between(item.frequency, item.since, today)
    if not wanted:
        return 0
    have = set(Posting.objects.filter(item=item).values_list("period", flat=True))
    rows = [Posting(item=item, org_id=item.org_id, period=token, period_start=first, period_end=last)
            for token, first, last in wanted if token not in have]
    Posting.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


@transaction.atomic
def save_item(user, item, *, system=None, **data):
    """Add (``item`` None) or change a catalogue item; its schedule of due postings follows."""
    today = timezone.localdate()
    data = {k: v for k, v in data.items() if k in ITEM_FIELDS}
    if item is None:
        if system is None:
            raise ValidationError({"system": _("Choose the employer's open-affairs system.")})
        item = DisclosureItem(system=system)
        before = None
    else:
        item = DisclosureItem.objects.select_for_update().get(pk=item.pk)
        before = audit.snapshot(item)
    old_frequency, old_since, old_active = item.frequency, item.since, item.active
    item.org_id = item.system.org_id
    scope.require(user, "change", item.system.org)
    for name, value in data.items():
        setattr(item, name, value)
    if item.since is None:
        item.since = today
    item.title = _text(item.title, 150)
    item.department = _text(item.department, 100)
    errors = {}
    if not item.title:
        errors["title"] = _("Enter what is disclosed.")
    if item.since < datetime.date(today.year - MAX_YEARS_BACK, 1, 1):
        errors["since"] = _("The schedule cannot start more than %(n)d years back.") % {"n": MAX_YEARS_BACK}
    if before is not None and item.frequency != old_frequency and item.postings.filter(
            status=PostingStatus.POSTED).exists():
        errors["frequency"] = _("Postings are recorded under this frequency: add a new item instead.")
    if errors:
        raise ValidationError(errors)
    _full_clean(item)
    if DisclosureItem.objects.filter(system=item.system, title=item.title).exclude(pk=item.pk).exists():
        raise ValidationError({"title": _("The catalogue already has an item of this name.")})
    item.save()
    if before is not None:  # the schedule follows: due periods of the old frequency, before the start, retired
        due = Posting.objects.filter(item=item, status=PostingStatus.DUE)
        if item.frequency != old_frequency:
            due.delete()
        elif item.since > old_since:
            due.filter(period_end__lt=item.since).delete()
        if not item.active:  # a retired item owes no period that has not ended; ended ones stay overdue
            due.filter(period_end__gte=today).delete()
    if before is None:
        audit.created(item, user)
    else:
        audit.updated(item, user, before)
    if item.active and (before is None or not old_active or item.frequency != old_frequency or item.since != old_since):
        ensure_schedule(item, today)
    return item


# --- postings ---------------------------------------------------------------------------------------------------


def _check_posting(posted_on, period_start, errors):
    if not posted_on:
        errors["posted_on"] = _("Enter the day it was posted.")
        return
    check_not_future(posted_on, "posted_on", errors=errors)
    # Disclosed beforehand is allowed for a plan, but not before the period's year began.
    check_not_before(posted_on, datetime.date(period_start.year, 1, 1) if period_start else None, "posted_on",
                     _("A posting cannot be dated before the year of its period."), errors=errors)


def _posting_values(user, posted_on, form, place, note):
    return {"posted_on": posted_on, "form": form or "", "place": _text(place, 150), "note": _text(note, 300),
            "posted_by": user if getattr(user, "is_authenticated", False) else None}


@atomic_with_files()
def post(user, posting, *, posted_on=None, form="", place="", note="", evidence=None):
    """Record that a due period was posted (the workflow step ``post``), with its evidence."""
    Posting.workflow.require(posting, user, "post")
    errors = {}
    _check_posting(posted_on, posting.period_start, errors)
    if errors:
        raise ValidationError(errors)
    changes = _posting_values(user, posted_on, form or posting.item.form, place, note)
    if evidence is not None:
        stored = _store(evidence, f"postings/{posting.item_id}", "evidence", _("The evidence"))
        changes.update(file=stored.name, file_name=stored.file_name, file_type=stored.file_type,
                       file_size=stored.file_size)
    return transition(posting, user, "post", changes=changes, check=False)


@atomic_with_files()
def record_posting(user, item, *, period="", posted_on=None, form="", place="", note="", evidence=None):
    """Record a posting of ``item`` for ``period`` (a token of its frequency; an "as it happens" item takes the
    posting's day): the period's due posting becomes posted, or a posting is added. One per item and period."""
    scope.require(user, "change", item.org)
    errors = {}
    if item.frequency == Frequency.AS_NEEDED and not period and posted_on:
        period = posted_on.isoformat()
    if not period:
        errors["period"] = _("Enter the period this posting is for.")
        raise ValidationError(errors)
    start, end = periods.bounds(item.frequency, period)
    token = periods.token_of(item.frequency, start)
    if start > timezone.localdate():
        errors["period"] = _("This period has not begun yet.")
    _check_posting(posted_on, start, errors)
    if errors:
        raise ValidationError(errors)
    existing = Posting.objects.select_for_update().filter(item=item, period=token).first()
    if existing is not None:
        if existing.status != PostingStatus.DUE:
            raise ValidationError({"period": _("A posting of this item for %(period)s is already recorded.")
                                   % {"period": token}})
        return post(user, existing, posted_on=posted_on, form=form, place=place, note=note, evidence=evidence)
    posting = Posting(item=item, org_id=item.org_id, period=token, period_start=start, period_end=end,
                      status=PostingStatus.POSTED, **_posting_values(user, posted_on, form or item.form, place, note))
    if evidence is not None:
        posting.attach(_store(evidence, f"postings/{item.pk}", "evidence", _("The evidence")))
    try:
        with transaction.atomic():
            posting.save(force_insert=True)
    except IntegrityError:
        raise ValidationError({"period": _("A posting of this item for %(period)s is already recorded.")
                               % {"period": token}}) from None
    audit.created(posting, user)
    return posting


# --- inspections and their problems -----------------------------------------------------------------------------


@transaction.atomic
def save_inspection(user, inspection, *, system=None, inspected_on=None, inspectors="", summary=""):
    if inspection is None:
        if system is None:
            raise ValidationError({"system": _("Choose the employer's open-affairs system.")})
        inspection = Inspection(system=system, recorded_by=user if user.is_authenticated else None)
        before = None
    else:
        before = audit.snapshot(inspection)
    inspection.org_id = inspection.system.org_id
    scope.require(user, "change", inspection.system.org)
    errors = {}
    if not inspected_on:
        errors["inspected_on"] = _("Enter the day of the inspection.")
    check_not_future(inspected_on, "inspected_on", errors=errors)
    inspection.inspected_on, inspection.inspectors, inspection.summary = inspected_on, _text(inspectors, 200), summary
    if not inspection.inspectors:
        errors["inspectors"] = _("Enter who inspected.")
    if errors:
        raise ValidationError(errors)
    _full_clean(inspection)
    inspection.save()
    if before is None:
        audit.created(inspection, user)
    else:
        audit.updated(inspection, user, before)
    return inspection


@transaction.atomic
def save_problem(user, problem, *, inspection=None, item=None, description="", deadline=None):
    if problem is None:
        if inspection is None:
            raise ValidationError({"inspection": _("Choose the inspection that found the problem.")})
        problem = Problem(inspection=inspection)
        before = None
    else:
        before = audit.snapshot(problem)
    problem.org_id = problem.inspection.org_id
    scope.require(user, "change", problem.inspection.org)
    errors = {}
    problem.description = _text(description, 300)
    if not problem.description:
        errors["description"] = _("Describe the problem.")
    if item is not None and item.system_id != problem.inspection.system_id:
        errors["item"] = _("Choose an item of this employer's catalogue.")
    if not deadline:
        errors["deadline"] = _("Enter the deadline to fix it.")
    check_not_before(deadline, problem.inspection.inspected_on, "deadline",
                     _("The deadline cannot be before the inspection."), errors=errors)
    if errors:
        raise ValidationError(errors)
    problem.item, problem.deadline = item, deadline
    problem.save()
    if before is None:
        audit.created(problem, user)
    else:
        audit.updated(problem, user, before)
    return problem


@transaction.atomic
def rectify(user, problem, *, rectification="", rectified_on=None):
    Problem.workflow.require(problem, user, "rectify")
    errors = {}
    rectification = (rectification or "").strip()
    if not rectification:
        errors["rectification"] = _("Describe what was done to fix it.")
    if not rectified_on:
        errors["rectified_on"] = _("Enter the day it was fixed.")
    check_not_future(rectified_on, "rectified_on", errors=errors)
    check_not_before(rectified_on, problem.inspection.inspected_on, "rectified_on",
                     _("It cannot have been fixed before the inspection found it."), errors=errors)
    if errors:
        raise ValidationError(errors)
    return transition(problem, user, "rectify", changes={"rectification": rectification, "rectified_on": rectified_on},
                      check=False)


@transaction.atomic
def verify(user, problem):
    return transition(problem, user, "verify", changes={
        "verified_by": user if user.is_authenticated else None, "verified_on": timezone.localdate()})


@transaction.atomic
def reopen(user, problem, *, reason=""):
    reason = require_reason(reason, _("Say why the rectification is not accepted."))
    return transition(problem, user, "reopen", changes={"rectified_on": None}, note=reason)


@transaction.atomic
def update_posting(user, posting, *, form=None, place=None, note=None):
    """Correct the form, place or note of a posting (its period and date stay as recorded)."""
    scope.require(user, "change", posting.org)
    posting = Posting.objects.select_for_update().get(pk=posting.pk)
    before = audit.snapshot(posting)
    if form is not None:
        posting.form = form
    if place is not None:
        posting.place = _text(place, 150)
    if note is not None:
        posting.note = _text(note, 300)
    _full_clean(posting)
    posting.save()
    audit.updated(posting, user, before)
    return posting
