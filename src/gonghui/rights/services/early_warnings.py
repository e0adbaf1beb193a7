"""预警: early warnings raised by a union, reported at once to the union above, acknowledged there (or escalated
one level further up by the daily round when the period passes), resolved by the raising union."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.exceptions import WorkflowConflict
from gonghui.core.notify import notify_org
from gonghui.core.scope import require
from gonghui.core.workflow import transition

from ..choices import WarningKind, WarningStatus, warning_report_hours
from ..models import EarlyWarning
from .common import _clean_text, _local_date, _new_reference, _now


def _report_target(org):
    """The live union above ``org`` (None at the top of the tree)."""
    for o in reversed(org.get_ancestors()):
        if o.is_live:
            return o
    return None


@transaction.atomic
def raise_warning(user, org, data, *, now=None):
    """预警: any official raises a warning at their union; it is reported at once to the union above, which must
    acknowledge it within GONGHUI_WARNING_REPORT_HOURS (24 h), or it goes one level further up."""
    now = _now(now)
    require(user, "change", org)
    errors = {}
    kind = data.get("kind")
    if kind not in WarningKind.values:
        errors["kind"] = _("Choose the kind of warning.")
    title = _clean_text(data.get("title"), "title", _("Give the warning a short title."), 150, errors)
    description = _clean_text(data.get("description"), "description", _("Describe what is happening."), 5000, errors)
    unit = data.get("unit")
    employer_name = _clean_text(unit.name if unit else data.get("employer_name"), "employer_name", "", 150,
                                errors, required=False)
    try:
        workers = int(data.get("workers_involved") or 0)
        if workers < 0:
            raise ValueError
    except (TypeError, ValueError):
        errors["workers_involved"] = _("Enter the number of workers as a whole number.")
        workers = 0
    if not org.is_live:
        errors["raised_by_org"] = _("A dissolved or merged union cannot raise warnings.")
    if errors:
        raise ValidationError(errors)
    target = _report_target(org)
    warning = EarlyWarning.objects.create(
        reference_no=_new_reference("YJ", now), raised_by_org=org, raised_by=user, raised_at=now,
        raised_on=_local_date(now), kind=kind, title=title, description=description, unit=unit,
        employer_name=employer_name, workers_involved=workers, report_to=target,
        report_due_at=now + datetime.timedelta(hours=warning_report_hours()) if target else None,
        status=WarningStatus.REPORTED if target else WarningStatus.ACKNOWLEDGED,
        acknowledged_at=None if target else now, acknowledged_org=None if target else org)
    audit.created(warning, user)
    if target is not None:
        _notify_warning(warning, target)
    return warning


def _notify_warning(warning, target, escalated=False):
    subject = (_("Escalated early warning %(ref)s") if escalated else _("Early warning %(ref)s")) % {
        "ref": warning.reference_no}
    body = _("%(org)s reports: %(title)s (%(kind)s, %(n)d workers). Acknowledge it within %(hours)d hours.") % {
        "org": warning.raised_by_org.name, "title": warning.title, "kind": warning.get_kind_display(),
        "n": warning.workers_involved, "hours": warning_report_hours()}
    notify_org(target, subject, body)


def may_acknowledge(user, warning):
    """The union the warning is reported to (or one above it) acknowledges; the raising union cannot."""
    return EarlyWarning.workflow.can(warning, user, "acknowledge")


@transaction.atomic
def acknowledge_warning(user, warning, response="", *, now=None):
    now = _now(now)
    EarlyWarning.workflow.require(warning, user, "acknowledge")
    response = _clean_text(response, "response", "", 2000, required=False)
    return transition(warning, user, "acknowledge", changes={
        "acknowledged_at": now, "acknowledged_by": user, "acknowledged_org": warning.report_to, "response": response,
    }, where=Q(report_to=warning.report_to), note=response, check=False, now=now)


@transaction.atomic
def close_warning(user, warning, response, *, now=None):
    now = _now(now)
    EarlyWarning.workflow.require(warning, user, "resolve")
    response = _clean_text(response, "response", _("Say how the situation was resolved."), 2000)
    return transition(warning, user, "resolve", changes={"response": response}, note=response, check=False, now=now)


def escalate_warning(warning, *, now):
    """One level up when the period passed unacknowledged (the daily round). Returns True when escalated."""
    target = _report_target(warning.report_to) if warning.report_to else None
    changes = {"report_due_at": now + datetime.timedelta(hours=warning_report_hours()),
               "escalations": F("escalations") + 1, "last_escalated_at": now}
    if target is not None:
        changes["report_to"] = target
    reported_to = target or warning.report_to
    try:
        with transaction.atomic():
            transition(warning, None, "escalate", changes=changes, where=Q(report_due_at=warning.report_due_at),
                       note=_("Not acknowledged in time: reported to %(org)s.") % {"org": reported_to.name},
                       check=False, now=now)
            _notify_warning(warning, warning.report_to, escalated=True)
    except WorkflowConflict:
        return False
    return True
