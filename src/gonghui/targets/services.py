"""Writes: targets handed down (指标下达) and responsibility letters (责任状).

Every function checks the right to ``change`` at the issuing organisation, validates (ValidationError
naming the field), writes the audit log in the same transaction, and returns the object(s).
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, scope
from gonghui.core.attachments import atomic_with_files, store_upload
from gonghui.core.validators import check_not_before, check_not_future
from gonghui.stats.registry import target_indicators

from .choices import ATTACHMENT_TYPES, DEFAULT_ATTACHMENT_MAX_BYTES
from .models import ResponsibilityLetter, Target, attachment_storage

LETTER_FIELDS = ["issuer_signatory", "issuer_signatory_title", "org_signatory", "org_signatory_title", "signed_on",
                 "note"]


def attachment_max_bytes():
    return int(getattr(settings, "GONGHUI_TARGET_ATTACHMENT_MAX_BYTES", DEFAULT_ATTACHMENT_MAX_BYTES))


def target_indicator_map():
    """Indicators that may be handed down, by key (read from the registry each time: apps add theirs)."""
    return {i.key: i for i in target_indicators()}


def check_year(year):
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": _("Enter the year as four digits.")}) from None
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise ValidationError({"year": _("Choose a year between 2000 and next year.")})
    return year


def is_direct_child(issuer, org):
    return (org is not None and issuer is not None and org.depth == issuer.depth + 1
            and org.path.startswith(issuer.path))


def _check_child(issuer, org):
    if not is_direct_child(issuer, org) or not org.is_live:
        return _("Choose a live organisation directly under %(issuer)s.") % {"issuer": issuer.name}
    return None


def _clean_value(indicator, value):
    """The target value as a Decimal, or an error message naming the field."""
    if isinstance(value, str):
        value = value.strip().replace(",", "").rstrip("%")
    try:
        value = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None, _("Enter the target as a number.")
    if not value.is_finite():
        return None, _("Enter the target as a number.")
    if value < 0:
        return None, _("The target cannot be negative.")
    if indicator is not None and indicator.is_ratio and value > 100:
        return None, _("The target of a rate is a percentage between 0 and 100.")
    if value.as_tuple().exponent < -2 or value >= Decimal("1e12"):
        return None, _("Enter the target with at most two decimals.")
    if indicator is not None and not indicator.is_ratio and value != value.to_integral_value():
        return None, _("The target of a count is a whole number.")
    return value.quantize(Decimal("0.01")), None


@transaction.atomic
def set_targets(user, issuer, year, rows):
    """Set (create, change or clear) targets of ``issuer``'s direct children for ``year`` in one transaction.

    ``rows``: dicts with ``org`` (Organisation), ``indicator`` (registry key), ``value`` (a number; None or
    "" clears the target) and optionally ``note`` and ``key`` (under which errors of that row are reported,
    otherwise under the field name). Nothing is written unless every row is valid. Returns the targets set.
    """
    scope.require(user, "change", issuer)
    year = check_year(year)
    if not issuer.is_live:
        raise ValidationError({"issuer": _("A dissolved or merged union cannot hand down targets.")})
    indicators = target_indicator_map()
    errors = {}
    clean = []
    seen = set()

    def err(row, field, message):
        errors.setdefault(row.get("key") or field, []).append(message)

    for row in rows:
        org, key = row.get("org"), row.get("indicator")
        indicator = indicators.get(key)
        ok = True
        if org is None:
            err(row, "org", _("Choose the organisation the target is for."))
            ok = False
        elif (message := _check_child(issuer, org)) is not None:
            err(row, "org", message)
            ok = False
        if indicator is None:
            err(row, "indicator", _("Choose an indicator that can be handed down as a target."))
            ok = False
        value = row.get("value")
        if value is None or (isinstance(value, str) and not value.strip()):
            value = None
        else:
            value, message = _clean_value(indicator, value)
            if message:
                err(row, "value", message)
                ok = False
        note = (row.get("note") or "").strip()
        if len(note) > 200:
            err(row, "note", _("The note is limited to 200 characters."))
            ok = False
        if ok:
            if (org.pk, key) in seen:
                err(row, "indicator", _("This indicator is given twice for the same organisation."))
                continue
            seen.add((org.pk, key))
            clean.append((org, key, value, note, "note" in row))
    if errors:
        raise ValidationError(errors)

    existing = {
        (t.org_id, t.indicator): t
        for t in Target.objects.select_for_update().select_related("issuer", "org").filter(
            year=year, org__in=[c[0] for c in clean], indicator__in={c[1] for c in clean})
    }
    result = []
    try:
        with transaction.atomic():
            for org, key, value, note, has_note in clean:
                target = existing.get((org.pk, key))
                if value is None:
                    if target is not None:
                        audit.deleted(target, user)
                        target.delete()
                    continue
                if target is None:
                    target = Target.objects.create(year=year, issuer=issuer, org=org, indicator=key, value=value,
                                                   note=note)
                    audit.created(target, user)
                else:
                    before = audit.snapshot(target)
                    target.value = value
                    target.issuer = issuer
                    if has_note:
                        target.note = note
                    target.save()
                    target.refresh_from_db(fields=["value"])
                    audit.updated(target, user, before)
                result.append(target)
    except IntegrityError:
        raise ValidationError(
            _("Someone else set these targets at the same moment. Reload the page and try again.")) from None
    return result


def set_target(user, issuer, year, org, indicator, value, note=""):
    """One target (the API's create and the single-target form)."""
    targets = set_targets(user, issuer, year, [{"org": org, "indicator": indicator, "value": value, "note": note}])
    if not targets:
        raise ValidationError({"value": _("Enter the target.")})
    return targets[0]


def update_target(user, target, *, value=None, note=None):
    scope.require(user, "change", target.issuer)
    row = {"org": target.org, "indicator": target.indicator, "value": target.value if value is None else value}
    if note is not None:
        row["note"] = note
    return set_targets(user, target.issuer, target.year, [row])[0]


@transaction.atomic
def delete_target(user, target):
    scope.require(user, "change", target.issuer)
    audit.deleted(target, user)
    target.delete()


# --- responsibility letters -----------------------------------------------------------------------------


def _store_scan(upload, year):
    """Check the scan by its content and store it; it is deleted again if the transaction rolls back (callers run
    in ``atomic_with_files``)."""
    return store_upload(upload, storage=attachment_storage(), folder=f"letters/{year}", field="attachment",
                        types=ATTACHMENT_TYPES, max_bytes=attachment_max_bytes(), what=_("The scanned letter"),
                        default_name="letter")


def _clean_letter(issuer, org, year, data):
    errors = {}
    message = _check_child(issuer, org) if org is not None else _("Choose the organisation the letter is with.")
    if message:
        errors["org"] = message
    for field, label in (("issuer_signatory", _("Enter who signed for the issuer.")),
                         ("org_signatory", _("Enter who signed for the organisation."))):
        data[field] = (data.get(field) or "").strip()
        if not data[field]:
            errors[field] = label
        elif len(data[field]) > 50:
            errors[field] = _("At most 50 characters.")
    for field in ("issuer_signatory_title", "org_signatory_title"):
        data[field] = (data.get(field) or "").strip()
        if len(data[field]) > 60:
            errors[field] = _("At most 60 characters.")
    data["note"] = (data.get("note") or "").strip()
    if len(data["note"]) > 500:
        errors["note"] = _("The note is limited to 500 characters.")
    signed_on = data.get("signed_on")
    if isinstance(signed_on, str):
        try:
            signed_on = data["signed_on"] = datetime.date.fromisoformat(signed_on)
        except ValueError:
            signed_on = None
    if not isinstance(signed_on, datetime.date):
        errors["signed_on"] = _("Enter the date the letter was signed.")
    else:
        check_not_future(signed_on, "signed_on", message=_("The signing date cannot be in the future."), errors=errors)
        if "signed_on" not in errors and year:
            check_not_before(signed_on, datetime.date(int(year) - 1, 1, 1), "signed_on",
                             _("The letter cannot be signed more than a year before its year."), errors=errors)
    if errors:
        raise ValidationError(errors)
    return data


def _remove_file(name):
    if name:
        transaction.on_commit(lambda: attachment_storage().delete(name))


def _duplicate_letter():
    return ValidationError(
        {"org": _("A responsibility letter with this organisation for this year is already recorded.")})


@atomic_with_files()
def create_letter(user, issuer, org, year, data, attachment=None):
    """Record a letter (and its scan): one row and one change-log entry; nothing is left, not even the stored
    scan, when any of it fails."""
    scope.require(user, "change", issuer)
    year = check_year(year)
    data = _clean_letter(issuer, org, year, {k: v for k, v in data.items() if k in LETTER_FIELDS})
    stored = _store_scan(attachment, year) if attachment is not None else None
    if ResponsibilityLetter.objects.filter(year=year, org=org).exists():
        raise _duplicate_letter()
    letter = ResponsibilityLetter(year=year, issuer=issuer, org=org, **data)
    if stored is not None:
        letter.attach(stored)
    try:
        with transaction.atomic():
            letter.save(force_insert=True)
    except IntegrityError:
        raise _duplicate_letter() from None
    audit.created(letter, user)
    return letter


@atomic_with_files()
def update_letter(user, letter, data, attachment=None, remove_attachment=False):
    """Change a letter; a new scan replaces the old one (deleted once the change is committed)."""
    scope.require(user, "change", letter.issuer)
    letter = ResponsibilityLetter.objects.select_for_update().select_related("issuer", "org").get(pk=letter.pk)
    before = audit.snapshot(letter)
    merged = {f: getattr(letter, f) for f in LETTER_FIELDS}
    merged.update({k: v for k, v in data.items() if k in LETTER_FIELDS})
    merged = _clean_letter(letter.issuer, letter.org, letter.year, merged)
    for k, v in merged.items():
        setattr(letter, k, v)
    old = letter.file.name if letter.file else ""
    if attachment is not None:
        letter.attach(_store_scan(attachment, letter.year))
    elif remove_attachment and letter.file:
        letter.file.name = ""
        letter.file_name = letter.file_type = ""
        letter.file_size = 0
    letter.save()
    _remove_file(old if old != letter.file.name else "")
    audit.updated(letter, user, before)
    return letter


@transaction.atomic
def delete_letter(user, letter):
    scope.require(user, "change", letter.issuer)
    name = letter.file.name if letter.file else ""
    audit.deleted(letter, user)
    letter.delete()
    _remove_file(name)
