"""The case's steps under the statutory clock, as ``Case.workflow`` declares them: accept, pass on, mediate,
extend (with both parties' written consent), sessions, close with an outcome, amounts recovered, reopen.

Each step checks the right the table declares (``change`` at the handling union), validates, then makes the
step with ``gonghui.core.workflow.transition`` (one conditional UPDATE on the allowed source states: a step
racing another is refused with a WorkflowConflict), records the event the worker reads and sends the messages.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.attachments import atomic_with_files
from gonghui.core.exceptions import WorkflowConflict
from gonghui.core.models import AuditAction
from gonghui.core.notify import notify_org
from gonghui.core.validators import check_not_before, check_not_future, parse_money
from gonghui.core.workflow import transition

from ..choices import OPEN_STATUSES, CaseStatus, EventKind, Outcome, ReferredTo, RoutingKind, mediation_days
from ..models import Case, CaseRouting, MediationSession
from .common import _clean_text, _event, _local_date, _now, notify_worker
from .documents import check_document, store_document
from .intake import _with_path

ROUTE_KINDS = (RoutingKind.DOWN, RoutingKind.UP, RoutingKind.ACROSS)

# The states each outcome closes from (within the ``close`` transition's sources).
CLOSE_SOURCES = {
    Outcome.AGREEMENT: [CaseStatus.MEDIATING],
    Outcome.FAILED: [CaseStatus.MEDIATING],
    Outcome.WITHDRAWN: list(OPEN_STATUSES),
    Outcome.REJECTED: [CaseStatus.RECEIVED, CaseStatus.ACCEPTED],
}


def _require(user, case, name):
    Case.workflow.require(case, user, name)


def _step(case, user, name, now, *, event=None, event_note="", **kwargs):
    """The transition (right already checked) and the event the worker reads."""
    transition(case, user, name, now=now, check=False, **kwargs)
    if event:
        _event(case, event, now, event_note)
    return case


@transaction.atomic
def accept_case(user, case, *, now=None):
    """受理: the statutory clock starts: mediation must reach agreement within 15 days."""
    now = _now(now)
    _require(user, case, "accept")
    deadline = now + datetime.timedelta(days=mediation_days())
    _step(case, user, "accept", now, changes={"accepted_at": now, "deadline": deadline}, event=EventKind.ACCEPTED,
          event_note=_("Accepted by %(org)s. Mediation should reach agreement by %(date)s.")
          % {"org": case.handling_org.name, "date": f"{timezone.localtime(deadline):%Y-%m-%d}"})
    notify_worker(case, _("Your complaint %(ref)s was accepted") % {"ref": case.reference_no},
                  _("Your complaint %(ref)s was accepted by %(org)s.") % {"ref": case.reference_no,
                                                                          "org": case.handling_org.name})
    return case


@transaction.atomic
def route_case(user, case, kind, to_org, reason, *, now=None):
    """交办 (down to a union below), 上报 (up to a union above) or 转办 (across to another union), with a reason."""
    now = _now(now)
    _require(user, case, "route")
    errors = {}
    reason = _clean_text(reason, "reason", _("Give the reason for passing the case on."), 1000, errors)
    current = case.handling_org
    if kind not in ROUTE_KINDS:
        errors["kind"] = _("Choose how the case is passed on.")
    if to_org is None or not to_org.is_live:
        errors["to_org"] = _("Choose a live union.")
    elif to_org.pk == current.pk:
        errors["to_org"] = _("The case is already with this union.")
    elif kind == RoutingKind.DOWN and not (to_org.path.startswith(current.path)):
        errors["to_org"] = _("Handing down goes to a union below %(org)s.") % {"org": current.name}
    elif kind == RoutingKind.UP and not current.path.startswith(to_org.path):
        errors["to_org"] = _("Reporting up goes to a union above %(org)s.") % {"org": current.name}
    elif kind == RoutingKind.ACROSS and (to_org.path.startswith(current.path) or current.path.startswith(to_org.path)):
        errors["to_org"] = _("A transfer goes to a union that is neither above nor below; hand down or report up "
                             "instead.")
    if errors:
        raise ValidationError(errors)
    _step(case, user, "route", now, note=reason, where=Q(handling_org=current),
          changes={"handling_org": to_org, "route_paths": _with_path(case.route_paths, to_org)})
    CaseRouting.objects.create(case=case, kind=kind, from_org=current, to_org=to_org, reason=reason, by=user, at=now)
    _event(case, EventKind.ROUTED, now, _("Your case is now handled by %(org)s.") % {"org": to_org.name})
    notify_org(to_org, _("Rights case %(ref)s passed to you") % {"ref": case.reference_no},
               _("%(from)s passed the rights case %(ref)s to your union: %(reason)s")
               % {"from": current.name, "ref": case.reference_no, "reason": reason})
    return case


@transaction.atomic
def start_mediation(user, case, mediator, *, now=None):
    now = _now(now)
    _require(user, case, "start_mediation")
    mediator = _clean_text(mediator, "mediator", _("Name the mediator."), 50)
    return _step(case, user, "start_mediation", now, changes={"mediator": mediator, "mediation_started_at": now},
                 event=EventKind.MEDIATION, event_note=_("Mediation started."))


def _new_deadline(case, new_deadline, now, errors):
    if isinstance(new_deadline, datetime.date) and not isinstance(new_deadline, datetime.datetime):
        new_deadline = timezone.make_aware(datetime.datetime.combine(new_deadline, datetime.time(23, 59, 59)))
    if not isinstance(new_deadline, datetime.datetime):
        errors["new_deadline"] = _("Enter the new deadline.")
    elif case.deadline and new_deadline <= case.deadline:
        errors["new_deadline"] = _("The new deadline must be after the current one (%(date)s).") % {
            "date": f"{timezone.localtime(case.deadline):%Y-%m-%d}"}
    elif new_deadline <= now:
        errors["new_deadline"] = _("The new deadline must be in the future.")
    elif new_deadline > now + datetime.timedelta(days=90):
        errors["new_deadline"] = _("Extend by at most 90 days at a time.")
    return new_deadline


@atomic_with_files()
def extend_deadline(user, case, new_deadline, *, worker_consent, employer_consent, consent_note, document=None,
                    now=None):
    """Extend the mediation period: only with both parties' written consent, recorded (note and, best, the scan)."""
    now = _now(now)
    _require(user, case, "extend")
    errors = {}
    if not worker_consent:
        errors["worker_consent"] = _("The worker's written consent is needed to extend mediation.")
    if not employer_consent:
        errors["employer_consent"] = _("The employer's written consent is needed to extend mediation.")
    consent_note = _clean_text(consent_note, "consent_note",
                               _("Describe the written consent (who signed, when)."), 1000, errors)
    new_deadline = _new_deadline(case, new_deadline, now, errors)
    if document is not None:
        check_document(document)
    if errors:
        raise ValidationError(errors)
    _step(case, user, "extend", now,
          changes={"deadline": new_deadline, "extensions": F("extensions") + 1, "arbitration_notice_at": None},
          note=consent_note, where=Q(deadline=case.deadline), event=EventKind.EXTENDED,
          event_note=_("Both parties agreed in writing to continue mediation until %(date)s.")
          % {"date": f"{timezone.localtime(new_deadline):%Y-%m-%d}"})
    if document is not None:
        store_document(user, case, document, _("Written consent to extend mediation"))
    return case


@transaction.atomic
def record_session(user, case, *, held_on, mediator, notes, participants="", now=None):
    now = _now(now)
    _require(user, case, "session")
    errors = {}
    notes = _clean_text(notes, "notes", _("Write down what was discussed and agreed."), 5000, errors)
    mediator = _clean_text(mediator or case.mediator, "mediator", _("Name the mediator."), 50, errors)
    participants = _clean_text(participants, "participants", "", 300, errors, required=False)
    if not isinstance(held_on, datetime.date):
        errors["held_on"] = _("Enter the date of the session.")
    else:
        check_not_future(held_on, "held_on", message=_("The session date cannot be in the future."),
                         today=_local_date(now), errors=errors)
        if "held_on" not in errors:
            check_not_before(held_on, _local_date(case.accepted_at) if case.accepted_at else None, "held_on",
                             _("The session cannot be before the case was accepted."), errors=errors)
    step = Case.workflow["session"]
    if not step.state_allows(case, Case.workflow.field):
        errors["__all__"] = _("Sessions are recorded while the case is in mediation.")
    if errors:
        raise ValidationError(errors)
    if not Case.objects.filter(pk=case.pk, status__in=step.sources).exists():
        raise WorkflowConflict(str(step.conflict))
    session = MediationSession.objects.create(case=case, held_on=held_on, mediator=mediator,
                                              participants=participants, notes=notes, by=user)
    audit.record(AuditAction.UPDATE, case, user=user, transition="session", note=_("Mediation session on %(date)s")
                 % {"date": held_on.isoformat()})
    _event(case, EventKind.SESSION, now, _("A mediation session was held on %(date)s.") % {"date": held_on.isoformat()})
    return session


def _close_changes(case, outcome, now, *, reason, agreement_amount, paying_deadline, amount_recovered, referred_to,
                   legal_aid_offered):
    """The columns closing with ``outcome`` writes (``outcome_reason`` included), or a ValidationError."""
    errors = {}
    changes = {"outcome": outcome, "closed_at": now, "closed_on": _local_date(now),
               "handling_days": (_local_date(now) - case.received_on).days,
               "agreement_amount": None, "paying_deadline": None, "referred_to": "", "legal_aid_offered": False}
    if outcome == Outcome.AGREEMENT:
        changes["agreement_amount"] = parse_money(agreement_amount, "agreement_amount", required=True, errors=errors)
        if not isinstance(paying_deadline, datetime.date):
            errors["paying_deadline"] = _("Enter the date by which the employer pays.")
        changes["paying_deadline"] = paying_deadline
        recovered = parse_money(amount_recovered, "amount_recovered", errors=errors)
        if recovered is not None:
            changes["amount_recovered"] = recovered
        reason = _clean_text(reason, "reason", "", 2000, errors, required=False)
    elif outcome == Outcome.FAILED:
        if referred_to not in ReferredTo.values:
            errors["referred_to"] = _("Say where the worker was referred: arbitration or court.")
        changes["referred_to"] = referred_to
        changes["legal_aid_offered"] = bool(legal_aid_offered)
        reason = _clean_text(reason, "reason", "", 2000, errors, required=False)
    elif outcome == Outcome.REJECTED:
        reason = _clean_text(reason, "reason", _("Give the reason the case is not accepted."), 2000, errors)
    else:
        reason = _clean_text(reason, "reason", "", 2000, errors, required=False)
    if errors:
        raise ValidationError(errors)
    changes["outcome_reason"] = reason
    return changes


@transaction.atomic
def close_case(user, case, outcome, *, reason="", agreement_amount=None, paying_deadline=None, amount_recovered=None,
               referred_to="", legal_aid_offered=False, now=None):
    """Close with an outcome: 调解成功 (agreement: amounts and paying deadline), 调解不成 (referred to arbitration or
    court, legal aid offered), 撤回 (withdrawn), 不予受理 (not accepted, with the reason)."""
    now = _now(now)
    _require(user, case, "close")
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    changes = _close_changes(case, outcome, now, reason=reason, agreement_amount=agreement_amount,
                             paying_deadline=paying_deadline, amount_recovered=amount_recovered,
                             referred_to=referred_to, legal_aid_offered=legal_aid_offered)
    reason = changes["outcome_reason"]
    if case.status not in CLOSE_SOURCES[outcome]:
        raise WorkflowConflict(_("This outcome cannot be recorded while the case is %(status)s.")
                               % {"status": case.get_status_display()})
    note = _("Closed: %(outcome)s.") % {"outcome": Outcome(outcome).label}
    if outcome == Outcome.FAILED:
        note += " " + _("You may apply to %(where)s.") % {"where": ReferredTo(referred_to).label}
        if legal_aid_offered:
            note += " " + _("The union offers you legal aid.")
    if reason and outcome == Outcome.REJECTED:
        note += " " + reason
    _step(case, user, "close", now, changes=changes, where=Q(status__in=CLOSE_SOURCES[outcome]), note=reason,
          event=EventKind.CLOSED, event_note=note)
    notify_worker(case, _("Your case %(ref)s is closed") % {"ref": case.reference_no}, note
                  + " " + _("You can rate the handling in the member portal."))
    return case


@transaction.atomic
def record_recovery(user, case, amount_recovered, *, now=None):
    """The amounts actually recovered after an agreement (the total so far)."""
    now = _now(now)
    _require(user, case, "recovery")
    amount = parse_money(amount_recovered, "amount_recovered", required=True)
    return _step(case, user, "recovery", now, changes={"amount_recovered": amount},
                 where=Q(outcome=Outcome.AGREEMENT), event=EventKind.RECOVERED,
                 event_note=_("Amount recovered so far: %(amount)s yuan.") % {"amount": amount})


@transaction.atomic
def reopen_case(user, case, reason, *, now=None):
    """Reopen a closed case with a reason: accepted again, with a fresh mediation period."""
    now = _now(now)
    _require(user, case, "reopen")
    reason = _clean_text(reason, "reason", _("Give the reason for reopening."), 1000)
    return _step(case, user, "reopen", now, changes={
        "accepted_at": now, "deadline": now + datetime.timedelta(days=mediation_days()),
        "closed_at": None, "closed_on": None, "handling_days": None, "outcome": "", "reopened": F("reopened") + 1,
        "arbitration_notice_at": None, "satisfaction": None, "satisfaction_comment": "",
    }, note=reason, event=EventKind.REOPENED, event_note=_("The case was reopened: %(reason)s") % {"reason": reason})
