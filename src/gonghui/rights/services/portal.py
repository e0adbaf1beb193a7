"""The worker's side of a case (from the member portal): information added to an open case, the rating of the
handling once it is closed. The worker has no role: the steps' states come from ``Case.workflow``."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.attachments import atomic_with_files
from gonghui.core.exceptions import WorkflowConflict
from gonghui.core.models import AuditAction
from gonghui.core.notify import notify_org
from gonghui.core.workflow import transition

from ..choices import EventKind, Satisfaction
from ..models import Case
from .common import _clean_text, _event, _now
from .documents import check_document, store_document


@atomic_with_files()
def add_information(case, text, document=None, *, now=None):
    """The worker adds information (and a document) to an open case from the portal."""
    now = _now(now)
    errors = {}
    text = _clean_text(text, "text", _("Write what you want to add."), 3000, errors)
    if document is not None:
        try:
            check_document(document)
        except ValidationError as e:
            errors.update(e.message_dict)
    if errors:
        raise ValidationError(errors)
    if not case.worker_may("info"):
        raise WorkflowConflict(str(Case.workflow["info"].conflict))
    _event(case, EventKind.INFO, now, text, by_worker=True)
    if document is not None:
        store_document(None, case, document, _("Added by the worker"), from_worker=True)
    audit.record(AuditAction.UPDATE, case, transition="info", note=_("The worker added information."))
    notify_org(case.handling_org, _("New information on case %(ref)s") % {"ref": case.reference_no},
               _("The worker added information to the rights case %(ref)s.") % {"ref": case.reference_no})
    return case


@transaction.atomic
def rate_case(case, satisfaction, comment="", *, now=None):
    """满意度: the worker rates the handling once the case is closed (once)."""
    now = _now(now)
    errors = {}
    try:
        satisfaction = int(satisfaction)
    except (TypeError, ValueError):
        satisfaction = None
    if satisfaction not in Satisfaction.values:
        errors["satisfaction"] = _("Choose how satisfied you are.")
    comment = _clean_text(comment, "comment", "", 500, errors, required=False)
    if errors:
        raise ValidationError(errors)
    transition(case, None, "rate", changes={"satisfaction": satisfaction, "satisfaction_comment": comment},
               where=Q(satisfaction__isnull=True), check=False, now=now)
    _event(case, EventKind.RATED, now, Satisfaction(satisfaction).label, by_worker=True)
    return case
