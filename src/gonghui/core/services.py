"""Writes every area shares: revealing personal data and deleting a record, each audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from . import audit, scope
from .models import AuditAction
from .workflow import transition


def reveal_fields(model):
    """The personal data a record reveals together (``reveal_fields`` on the model, default the ID number)."""
    return tuple(getattr(model, "reveal_fields", ("id_number",)))


def reveal_actions(model):
    """The rights revealing needs at the record's organisation (``reveal_actions``, default ``reveal_pii``)."""
    return tuple(getattr(model, "reveal_actions", ("reveal_pii",)))


@transaction.atomic
def reveal(user, obj, fields=None, *, org=None, note=None, subject=None):
    """The values of ``fields`` in clear for a user whose role may reveal them; every reveal writes a change-log
    entry (action ``reveal``) naming the record and the fields, never the values. ``subject`` is the record the
    entry is written on when it is not ``obj`` itself (a case, for the ID number of one of its workers)."""
    fields = tuple(fields or reveal_fields(type(obj)))
    org = org if org is not None else obj.audit_org()
    for action in reveal_actions(type(obj)):
        scope.require(user, action, org)
    audit.record(AuditAction.REVEAL, subject if subject is not None else obj, user=user, org=org,
                 note=note or ", ".join(fields))
    return {name: getattr(obj, name) for name in fields}


@transaction.atomic
def delete_object(user, obj, *, action="change"):
    """Delete ``obj`` for a user who may ``action`` at its organisation; audited. A record others still refer to
    is refused with a message (nothing is deleted)."""
    org = obj.audit_org()
    scope.require(user, action, org)
    before, pk = audit.snapshot(obj), obj.pk
    try:
        with transaction.atomic():
            obj.delete()
    except ProtectedError:
        raise ValidationError(_("%(obj)s is still referred to by other records and cannot be deleted.")
                              % {"obj": obj}) from None
    obj.pk = pk  # the entry names the record that was deleted
    audit.record(AuditAction.DELETE, obj, user=user, org=org, before=before)
    obj.pk = None
    return obj


@transaction.atomic
def save_object(user, obj, data, *, fields, action="change"):
    """Create or update a plain record: ``data``'s ``fields`` set on ``obj``, model validation (errors name the
    fields), the right ``action`` at the record's organisation, and a change-log entry. Records with rules of
    their own write through a service of their area; this is for the many that have none."""
    before = audit.snapshot(obj) if obj.pk else None
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])
    scope.require(user, action, obj.audit_org())
    obj.full_clean()
    obj.save()
    if before is None:
        audit.created(obj, user)
    else:
        audit.updated(obj, user, before)
    return obj


@transaction.atomic
def make_transition(user, obj, name, **kwargs):
    """A workflow step with nothing more to it than its declaration (``gonghui.core.workflow.transition``)."""
    return transition(obj, user, name, **kwargs)
