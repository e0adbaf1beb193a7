"""Declared workflows: a model lists its transitions once, and services, pages and the API read that table.

::

    class Case(ScopedModel):
        workflow = Workflow(
            Transition("accept", sources=[RECEIVED], target=ACCEPTED, label=_("accepted"), button=_("Accept"),
                       url_name="rights:case_accept", style="primary"),
            ...,
            conflict=_("The case has changed in the meantime (it is now %(status)s). Reload the page."),
        )

- :func:`transition` makes a step: the right at the object's organisation, one conditional UPDATE whose WHERE
  clause holds the allowed source states (of two officials acting at once exactly one wins; the other gets a
  :class:`WorkflowConflict`), the refreshed object and one change-log entry, all in the caller's transaction.
- ``{% workflow_buttons object %}`` (``core_tags``) renders exactly the buttons the current user may press in
  the object's current state; views put :func:`available` in their context for anything else.
- ``gonghui.core.api.viewsets.WorkflowActionsMixin`` gives the API one POST action per transition that names an
  ``api`` path; an API action exists only when the table declares it.

A transition with ``target=None`` keeps the state: it is a recorded step on the record (a document added, a
session held) that is allowed only in its source states.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import audit, scope
from .exceptions import WorkflowConflict
from .models import follow

ANY = ()  # sources=ANY: allowed in every state


@dataclass(frozen=True)
class Transition:
    """One step of a workflow.

    ``name`` is what the change log records; ``label`` how the log reads it ("accepted"); ``button`` the text of
    the button that opens the step's page ``url_name`` (no button without both). ``action`` is the right the user
    needs (see ``scope.ACTIONS``) at ``org`` (an attribute path such as ``"report_to"`` or a callable; by
    default the object's ``audit_org()``). ``permitted(user, obj)`` replaces that check where the rule is not a
    role at one organisation; ``when(obj)`` adds a condition on the object beyond its state (the button shows
    only when it holds; services enforce it in their UPDATE). ``conflict`` and ``denied`` are the messages when the
    state changed meanwhile and when the user may not (``denied`` may be ``denied(obj)``, a refusal naming the union
    that may). ``api`` is the URL path of the API action.
    """

    name: str
    sources: tuple = ANY
    target: str | None = None
    label: Any = None
    button: Any = None
    url_name: str = ""
    style: str = "outline-secondary"
    action: str = "change"
    org: str | Callable | None = None
    permitted: Callable | None = None
    when: Callable | None = None
    conflict: Any = None
    denied: Any = None  # the refusal when the user may not, or denied(obj) (default "Your role does not allow this.")
    api: str = ""
    system: bool = False  # run by the daily round, never by a user

    def __post_init__(self):
        object.__setattr__(self, "sources", tuple(self.sources))

    def org_of(self, obj):
        if self.org is None:
            return obj.audit_org() if hasattr(obj, "audit_org") else None
        if callable(self.org):
            return self.org(obj)
        return follow(obj, self.org)

    def state_allows(self, obj, field_name):
        return not self.sources or getattr(obj, field_name) in self.sources

    def user_may(self, user, obj):
        if self.system:
            return False
        if self.permitted is not None:
            return bool(self.permitted(user, obj))
        return scope.can(user, self.action, self.org_of(obj))


class Workflow:
    """The transitions of one model, in the order their buttons show; ``field`` holds the state."""

    default_conflict = gettext_lazy("The record has changed in the meantime; reload the page and try again.")

    def __init__(self, *transitions, field="status", conflict=None):
        names = [t.name for t in transitions]
        duplicates = {n for n in names if names.count(n) > 1}
        if duplicates:
            raise ValueError(f"workflow declares {sorted(duplicates)} twice")
        self.transitions = tuple(transitions)
        self.field = field
        self.conflict = conflict or self.default_conflict
        self.model = None
        self._by_name = {t.name: t for t in transitions}

    def __set_name__(self, owner, name):
        self.model = owner

    def __getitem__(self, name) -> Transition:
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"{self.model.__name__ if self.model else 'workflow'} has no transition {name!r}") from None

    def __contains__(self, name):
        return name in self._by_name

    def label(self, name):
        t = self._by_name.get(name)
        return None if t is None else t.label

    def states(self):
        """Every state the table names (sources and targets)."""
        out = []
        for t in self.transitions:
            for s in (*t.sources, t.target):
                if s is not None and s not in out:
                    out.append(s)
        return out

    def available(self, obj, user):
        """The transitions ``user`` may make on ``obj`` now (state, condition and right), in table order."""
        return [t for t in self.transitions
                if t.state_allows(obj, self.field) and (t.when is None or t.when(obj)) and t.user_may(user, obj)]

    def can(self, obj, user, name):
        t = self[name]
        return t.state_allows(obj, self.field) and (t.when is None or t.when(obj)) and t.user_may(user, obj)

    def require(self, obj, user, name):
        """PermissionDenied unless ``user`` holds the right the transition needs (the state is checked by the
        UPDATE, so a lost race is a conflict, not a refusal)."""
        t = self[name]
        if t.system or not t.user_may(user, obj):
            denied = t.denied(obj) if callable(t.denied) else t.denied
            raise PermissionDenied(str(denied) if denied else _("Your role does not allow this."))
        return t

    def conflict_message(self, obj, t):
        message = t.conflict or self.conflict
        text = str(message)
        if "%(status)s" in text:
            current = type(obj)._base_manager.filter(pk=obj.pk).first()
            status = current._get_FIELD_display(current._meta.get_field(self.field)) if current else ""
            text = text % {"status": status}
        return text


def workflow_of(obj_or_model):
    workflow = getattr(obj_or_model, "workflow", None)
    if not isinstance(workflow, Workflow):
        raise TypeError(f"{obj_or_model!r} declares no workflow")
    return workflow


def available(obj, user):
    """The transitions ``user`` may make on ``obj`` now (for templates and API payloads)."""
    return workflow_of(obj).available(obj, user)


def transition(obj, user, name, *, changes=None, where=None, note="", now=None, check=True, audit_org=None,
               audited=True):
    """Make the step ``name`` on ``obj``: one conditional UPDATE, the refreshed object and its change-log entry.

    ``changes`` are further columns to write (F expressions allowed); ``where`` a further condition (a Q) that
    must hold, such as "still held by this union". ``check=False`` skips the right (the service checked a rule
    of its own, or the daily round acts). Raises PermissionDenied or WorkflowConflict; writes nothing then.
    Call it inside the service's transaction.
    """
    workflow = workflow_of(obj)
    t = workflow[name]
    if check:
        workflow.require(obj, user, name)
    model = type(obj)
    before = audit.snapshot(obj) if audited else None
    rows = model._base_manager.filter(pk=obj.pk)
    if t.sources:
        rows = rows.filter(**{f"{workflow.field}__in": t.sources})
    if where is not None:
        rows = rows.filter(where)
    values = dict(changes or {})
    if t.target is not None:
        values[workflow.field] = t.target
    stamp = _auto_now_field(model)
    if stamp and stamp not in values:
        values[stamp] = now or timezone.now()
    if not values:  # a recorded step on a model without an update time: still one conditional, locking UPDATE
        column = workflow.field if workflow.states() else model._meta.pk.name
        values[column] = models.F(column)
    if not rows.update(**values):
        raise WorkflowConflict(workflow.conflict_message(obj, t))
    obj.refresh_from_db()
    if audited:
        audit.transitioned(obj, user, name, before, note=note, org=audit_org)
    return obj


def _auto_now_field(model):
    """The ``auto_now`` column that an UPDATE must set by hand (``QuerySet.update`` skips ``auto_now``)."""
    cached = model.__dict__.get("_workflow_stamp", False)
    if cached is not False:
        return cached
    stamp = next((f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)), None)
    model._workflow_stamp = stamp
    return stamp
