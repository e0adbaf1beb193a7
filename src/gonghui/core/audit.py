"""Writing the change log. Services call these inside the same transaction as the change they record."""

import datetime
import decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .middleware import current_request
from .models import AuditAction, AuditLog
from .net import client_ip
from .pii import PersonalDataField, free_text_fields, mask_free_text, personal_fields


def _jsonable(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    return value


def _default_fields(model):
    return [f.name for f in model._meta.concrete_fields
            if not f.primary_key and not (f.name.endswith("_hash") and not f.editable)]


def snapshot(obj, fields=None):
    """A JSON-ready dict of an object's audited fields, personal data masked by the field's type.

    The fields are ``fields``, else the model's ``audit_fields`` (by default every concrete field but the key
    and keyed hashes) plus every personal-data field (``pii.PersonalDataField``: encrypted ID and account numbers,
    phones), which is written masked whatever the model lists; ID and mobile numbers typed into free text
    (``pii.free_text_fields``) and into the note are masked too. ``audit_exclude`` names fields that never reach
    the log (the complainant of a rights case); ``audit_extra()`` adds derived values (a parent, the causes).
    """
    model = type(obj)
    names = list(fields or getattr(obj, "audit_fields", None) or _default_fields(model))
    if fields is None:
        names += [f.name for f in personal_fields(model) if f.name not in names]
    exclude = set(getattr(obj, "audit_exclude", ()))
    free_text = {f.name for f in free_text_fields(model)}
    data = {}
    for name in names:
        if name in exclude:
            continue
        field = model._meta.get_field(name)
        if isinstance(field, PersonalDataField):
            data[name] = field.mask(getattr(obj, name) or "")
        elif isinstance(field, models.ForeignKey):
            related = getattr(obj, name)
            data[name] = str(related) if related is not None else None
        elif getattr(field, "choices", None):
            value = getattr(obj, name)  # an empty choice is None, not the text "None"
            data[name] = None if value is None else str(getattr(obj, f"get_{name}_display")())
        elif name in free_text:  # an ID or mobile number typed into a reason or a note is masked like the fields
            data[name] = mask_free_text(getattr(obj, name))
        else:
            data[name] = _jsonable(getattr(obj, name))
    if fields is None and hasattr(obj, "audit_extra"):
        data.update(obj.audit_extra())
    return data


def _client_ip():
    request = current_request()
    return (client_ip(request) or None) if request is not None else None


def record(action, obj=None, *, user=None, org=None, before=None, after=None, transition="", note="", count=None,
           model=None):
    """Append one entry to the change log and return it."""
    if org is None and obj is not None:
        org = getattr(obj, "audit_org", None)
        org = org() if callable(org) else org
    ct = None
    if obj is not None:
        ct = ContentType.objects.get_for_model(obj)
    elif model is not None:
        ct = ContentType.objects.get_for_model(model)
    return AuditLog.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        user_name=(user.get_username() if getattr(user, "is_authenticated", False) else ""),
        action=action,
        transition=transition,
        content_type=ct,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=mask_free_text(str(obj))[:200] if obj is not None else "",
        org=org,
        before=before,
        after=after,
        note=mask_free_text(str(note)) if note else "",
        count=count,
        ip=_client_ip(),
    )


def created(obj, user, **kw):
    return record(AuditAction.CREATE, obj, user=user, after=snapshot(obj), **kw)


def updated(obj, user, before, **kw):
    after = snapshot(obj)
    if before == after:
        return None
    return record(AuditAction.UPDATE, obj, user=user, before=before, after=after, **kw)


def deleted(obj, user, **kw):
    return record(AuditAction.DELETE, obj, user=user, before=snapshot(obj), **kw)


def transitioned(obj, user, name, before, note="", **kw):
    return record(AuditAction.TRANSITION, obj, user=user, before=before, after=snapshot(obj), transition=name,
                  note=note, **kw)


def history_for(obj, user=None):
    """The record's change log; given the reader, as far as the reader may see it (``AuditLog.present_to``)."""
    ct = ContentType.objects.get_for_model(obj)
    qs = AuditLog.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("user", "org")
    return qs if user is None else qs.for_reader(user)
