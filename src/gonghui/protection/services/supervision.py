"""Safety inspectors (群监员) and their reports, the union's part in accident investigations (四不放过), and the
photos of hazards."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, scope
from gonghui.core.attachments import IMAGE_TYPES, atomic_with_files, store_upload
from gonghui.core.workflow import transition

from .. import selectors
from ..choices import FOUR_NOT_LET_GO, AccidentStatus
from ..models import AccidentInvestigation, FindingPhoto, InspectorReport, SafetyInspector, photo_storage
from .inspections import check_unit

INSPECTOR_FIELDS = ("trained_on", "certificate_no", "active")
ACCIDENT_FIELDS = ("occurred_on", "description", "deaths", "injuries", *FOUR_NOT_LET_GO, "union_findings")
MAX_PHOTOS = 10
DEFAULT_PHOTO_BYTES = 5 * 1024 * 1024


def _not_future(day, field, errors, required=True):
    if day is None:
        if required:
            errors[field] = _("Enter the date.")
    elif day > timezone.localdate():
        errors[field] = _("The date cannot be in the future.")


@transaction.atomic
def save_inspector(user, inspector, member=None, **data):
    """Put a member on the roster of safety inspectors of the member's union (once), or edit the entry."""
    creating = inspector is None
    errors = {}
    if creating:
        if member is None or not selectors.members_for(user).filter(pk=member.pk).exists():
            raise ValidationError({"member": _("Choose a member in your scope.")})
        if SafetyInspector.objects.filter(org_id=member.org_id, member=member).exists():
            raise ValidationError({"member": _("%(name)s is already on the roster.") % {"name": member.name}})
        inspector = SafetyInspector(org_id=member.org_id, member=member)
    scope.require(user, "change", inspector.org)
    before = None if creating else audit.snapshot(inspector)
    for name in INSPECTOR_FIELDS:
        if name in data and data[name] is not None:
            setattr(inspector, name, data[name].strip() if isinstance(data[name], str) else data[name])
    _not_future(inspector.trained_on, "trained_on", errors, required=False)
    if inspector.certificate_no and not inspector.trained_on:
        errors["trained_on"] = _("Enter when the inspector was trained (the certificate follows the training).")
    if errors:
        raise ValidationError(errors)
    inspector.save()
    (audit.created(inspector, user) if creating else audit.updated(inspector, user, before))
    return inspector


@transaction.atomic
def record_report(user, inspector, reported_on, problems_found, violations_stopped, description):
    """A report of the inspector: problems found and violations stopped add to the inspector's totals."""
    errors = {}
    _not_future(reported_on, "reported_on", errors)
    for field, value in (("problems_found", problems_found), ("violations_stopped", violations_stopped)):
        if value is None or value < 0:
            errors[field] = _("Enter a number, 0 or more.")
    if not (description or "").strip():
        errors["description"] = _("Describe what was found.")
    if errors:
        raise ValidationError(errors)
    inspector = transition(inspector, user, "report", changes={
        "problems_found": F("problems_found") + problems_found,
        "violations_stopped": F("violations_stopped") + violations_stopped},
        note=_("%(p)d problems found, %(v)d violations stopped") % {"p": problems_found, "v": violations_stopped})
    InspectorReport.objects.create(inspector=inspector, reported_on=reported_on, problems_found=problems_found,
                                   violations_stopped=violations_stopped, description=description.strip(),
                                   created_by=user if getattr(user, "pk", None) else None)
    return inspector


# --- accident investigations ---------------------------------------------------------------------------------

@transaction.atomic
def save_accident(user, accident, org=None, *, unit=None, **data):
    """Record the union's investigation of an accident at ``unit`` (``accident`` None), or edit it."""
    creating = accident is None
    errors = {}
    if creating:
        if org is None:
            raise ValidationError({"org": _("Choose the union.")})
        accident = AccidentInvestigation(org=org)
    scope.require(user, "change", accident.org)
    before = None if creating else audit.snapshot(accident)
    if creating:
        check_unit(user, unit, accident.org, errors)
        if "unit" not in errors:
            accident.unit = unit
    for name in ACCIDENT_FIELDS:
        if name in data and data[name] is not None:
            setattr(accident, name, data[name].strip() if isinstance(data[name], str) else data[name])
    _not_future(accident.occurred_on, "occurred_on", errors)
    if not accident.description:
        errors["description"] = _("Describe what happened.")
    if accident.status == AccidentStatus.CLOSED:
        for name in FOUR_NOT_LET_GO:
            if not getattr(accident, name):
                errors[name] = _("The investigation is closed; this cannot be emptied.")
    if errors:
        raise ValidationError(errors)
    accident.save()
    (audit.created(accident, user) if creating else audit.updated(accident, user, before))
    return accident


@transaction.atomic
def close_accident(user, accident):
    """Close the investigation: only when the cause, the responsibility, the measures and the education (四不放过)
    are all recorded."""
    missing = [name for name in FOUR_NOT_LET_GO if not (getattr(accident, name) or "").strip()]
    if missing:
        raise ValidationError({name: _("Record this before closing (四不放过).") for name in missing})
    return transition(accident, user, "close", changes={"closed_on": timezone.localdate()})


# --- photos of hazards -----------------------------------------------------------------------------------------

def photo_max_bytes():
    return int(getattr(settings, "GONGHUI_PROTECTION_PHOTO_BYTES", DEFAULT_PHOTO_BYTES))


def add_photo(user, finding, photo):
    """A photo of the hazard: JPG or PNG by its content, at most 5 MB, at most 10 a problem; downloaded only."""
    with atomic_with_files():
        if photo is None:
            raise ValidationError({"photo": _("Choose a photo.")})
        if finding.photos.count() >= MAX_PHOTOS:
            raise ValidationError({"photo": _("A problem has at most %(n)d photos.") % {"n": MAX_PHOTOS}})
        finding = transition(finding, user, "photo", note=getattr(photo, "name", "")[:100])
        stored = store_upload(photo, storage=photo_storage(), folder=f"{finding.org_id}/{finding.pk}",
                              field="photo", types=IMAGE_TYPES, max_bytes=photo_max_bytes(),
                              what=_("The photo"), default_name="photo")
        FindingPhoto(finding=finding).attach(stored).save()
        return finding
