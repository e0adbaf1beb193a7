"""Writes: building a survey (in draft), opening and closing it, and a member's answers."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, scope
from gonghui.core.models import AuditAction
from gonghui.core.services import delete_object
from gonghui.core.workflow import transition

from . import selectors
from .choices import SCALE_POINTS, QuestionKind
from .models import Participation, Question, Response, Survey

MAX_OPTIONS = 20
OPTION_MAX_LENGTH = 100
TEXT_ANSWER_MAX_LENGTH = 1000

# Once sent, only these may change (a survey that reached members keeps its questions, targets and anonymity).
TARGETS = "target_orgs"  # the field errors about the chosen unions name (the form's target_codes reports them)
EDITABLE_WHEN_OPEN = ("title", "intro", "closes_on")
SURVEY_FIELDS = ("org", "title", "intro", "opens_on", "closes_on", "anonymous")


def _require_draft(survey):
    if not survey.is_draft:
        raise ValidationError(_("Questions can be changed only while the survey is a draft."))


# --- the survey ------------------------------------------------------------------------------------------------


def _check_targets(user, org, targets):
    bad = [o for o in targets if not o.path.startswith(org.path) or not scope.in_scope(user, o)]
    if bad:
        raise ValidationError({TARGETS: _("Choose unions within the organising union: %(names)s is not.")
                               % {"names": "、".join(o.name for o in bad)}})


@transaction.atomic
def save_survey(user, survey=None, *, target_orgs=None, **data):
    """Create a survey (a draft) or change one; once opened, only its title, introduction and closing date."""
    creating = survey is None
    survey = survey or Survey(created_by=user)
    before = None if creating else audit.snapshot(survey)
    if not creating and not survey.is_draft:
        changed = [name for name in data if name not in EDITABLE_WHEN_OPEN and data[name] != getattr(survey, name)]
        if target_orgs is not None and {o.pk for o in target_orgs} != {o.pk for o in survey.target_orgs.all()}:
            changed.append(TARGETS)
        if changed:
            raise ValidationError({name: _("This cannot change once the survey has been opened.") for name in changed})
    for name in SURVEY_FIELDS:
        if name in data and (creating or name != "org"):
            setattr(survey, name, data[name])
    scope.require(user, "change", survey.org if survey.org_id else None)
    survey.full_clean(exclude=["target_orgs"])
    if survey.closes_on < survey.opens_on:
        raise ValidationError({"closes_on": _("The closing date cannot be before the opening date.")})
    if target_orgs is not None:
        _check_targets(user, survey.org, list(target_orgs))
    survey.save()
    if target_orgs is not None:
        survey.target_orgs.set(target_orgs)
    if creating:
        audit.created(survey, user)
    else:
        audit.updated(survey, user, before)
    return survey


@transaction.atomic
def delete_survey(user, survey):
    """Only a draft can be deleted: a survey sent to members keeps its responses."""
    if not survey.is_draft:
        raise ValidationError(_("Only a draft survey can be deleted; close it instead."))
    return delete_object(user, survey)


@transaction.atomic
def open_survey(user, survey):
    """Send the survey: from now on members of its target answer it; counts the members targeted."""
    if not survey.questions.exists():
        raise ValidationError(_("Add at least one question before opening the survey."))
    if survey.closes_on < timezone.localdate():
        raise ValidationError(_("The closing date has passed: change it before opening the survey."))
    return transition(survey, user, "open", changes={"target_count": selectors.targeted_members(survey).count()})


@transaction.atomic
def close_survey(user, survey):
    return transition(survey, user, "close")


def close_expired(today):
    """The daily round: open surveys past their closing date are closed."""
    closed = 0
    for survey in Survey.objects.filter(status="open", closes_on__lt=today):
        with transaction.atomic():
            transition(survey, None, "close", check=False, note=_("closed after its closing date"))
        closed += 1
    return closed


# --- questions (in draft) --------------------------------------------------------------------------------------


def clean_options(kind, options):
    """The options of a choice question: one per line, blanks dropped; at least two, no duplicates."""
    if isinstance(options, str):
        options = options.splitlines()
    options = [str(o).strip() for o in (options or []) if str(o).strip()]
    if kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return []
    if len(options) < 2:
        raise ValidationError({"options": _("A choice question needs at least two options, one per line.")})
    if len(options) > MAX_OPTIONS:
        raise ValidationError({"options": _("At most %(n)d options.") % {"n": MAX_OPTIONS}})
    if any(len(o) > OPTION_MAX_LENGTH for o in options):
        raise ValidationError({"options": _("An option may have at most %(n)d characters.")
                               % {"n": OPTION_MAX_LENGTH}})
    if len(set(options)) != len(options):
        raise ValidationError({"options": _("Two options read the same.")})
    return options


def _renumber(survey):
    for n, q in enumerate(survey.questions.order_by("position", "id"), 1):
        if q.position != n:
            Question.objects.filter(pk=q.pk).update(position=n)


@transaction.atomic
def save_question(user, survey, question=None, *, kind, text, required=True, options=(), low_label="",
                  high_label=""):
    """Add a question at the end or change one (draft only); the survey's change log shows the new questions."""
    scope.require(user, "change", survey.org)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _require_draft(survey)
    before = audit.snapshot(survey)
    question = question or Question(survey=survey, position=survey.questions.count() + 1)
    question.kind, question.text, question.required = kind, (text or "").strip(), required
    question.options = clean_options(kind, options)
    scale = kind == QuestionKind.SCALE
    question.low_label, question.high_label = (low_label or "").strip() if scale else "", (
        (high_label or "").strip() if scale else "")
    question.full_clean()
    question.save()
    _renumber(survey)
    audit.updated(survey, user, before)
    return question


@transaction.atomic
def delete_question(user, survey, question):
    scope.require(user, "change", survey.org)
    _require_draft(survey)
    before = audit.snapshot(survey)
    question.delete()
    _renumber(survey)
    audit.updated(survey, user, before)


@transaction.atomic
def move_question(user, survey, question, step):
    """Move a question one place up (step -1) or down (+1)."""
    scope.require(user, "change", survey.org)
    _require_draft(survey)
    before = audit.snapshot(survey)
    questions = list(survey.questions.order_by("position", "id"))
    i = next(n for n, q in enumerate(questions) if q.pk == question.pk)
    j = i + (1 if step > 0 else -1)
    if 0 <= j < len(questions):
        questions[i], questions[j] = questions[j], questions[i]
        for n, q in enumerate(questions, 1):
            Question.objects.filter(pk=q.pk).update(position=n)
    audit.updated(survey, user, before)


# --- answers ---------------------------------------------------------------------------------------------------


def _choice_index(question, value):
    try:
        index = int(value)
    except (TypeError, ValueError):
        return None
    return index if 0 <= index < len(question.options) else None


def clean_answers(questions, data):
    """The answers as stored (question id -> option index, list of indexes, point or text), from the portal's
    form data (``data.get(f"q{id}")``, lists for multiple choices). Errors are named ``q<id>``, next to each
    question."""
    answers, errors = {}, {}
    for q in questions:
        name = f"q{q.pk}"
        raw = data.get(name)
        if q.kind == QuestionKind.MULTIPLE:
            raw = [v for v in (raw if isinstance(raw, (list, tuple)) else [raw]) if v not in (None, "")]
        elif isinstance(raw, (list, tuple)):
            raw = raw[-1] if raw else None
        if isinstance(raw, str):
            raw = raw.strip()
        if raw in (None, "", []):
            if q.required:
                errors[name] = (_("Please write an answer.") if q.kind == QuestionKind.TEXT
                                else _("Please answer this question."))
            continue
        if q.kind == QuestionKind.SINGLE:
            value = _choice_index(q, raw)
            if value is None:
                errors[name] = _("Choose one of the options.")
        elif q.kind == QuestionKind.MULTIPLE:
            indexes = {_choice_index(q, v) for v in raw}
            if None in indexes:
                errors[name] = _("Choose among the options shown.")
            value = sorted(i for i in indexes if i is not None)
        elif q.kind == QuestionKind.SCALE:
            try:
                value = int(raw)
            except (TypeError, ValueError):
                value = None
            if value not in SCALE_POINTS:
                errors[name] = _("Choose a point from 1 to 5.")
        else:
            value = str(raw)
            if len(value) > TEXT_ANSWER_MAX_LENGTH:
                errors[name] = _("Keep the answer within %(n)d characters.") % {"n": TEXT_ANSWER_MAX_LENGTH}
        if name not in errors:
            answers[str(q.pk)] = value
    if errors:
        raise ValidationError(errors)
    return answers


ALREADY_ANSWERED = "already_answered"


def submit_response(account, member, survey, data, today=None):
    """A member's answers to a survey sent to them, once: the participation (one per member and survey, a unique
    constraint, so two submissions at the same moment store one) and the response, without the member when the
    survey is anonymous. An anonymous response writes nothing to the change log either."""
    today = today or timezone.localdate()
    if not survey.is_answerable(today):
        raise ValidationError(_("This survey is not open for answers."))
    answers = clean_answers(selectors.questions_of(survey), data)
    try:
        with transaction.atomic():
            Participation.objects.create(survey=survey, member=member)
            response = Response.objects.create(survey=survey, member=None if survey.anonymous else member,
                                               submitted_on=today, answers=answers)
            Survey.objects.filter(pk=survey.pk).update(response_count=F("response_count") + 1)
            if not survey.anonymous:
                audit.record(AuditAction.CREATE, response, user=account, note=str(member))
    except IntegrityError:
        raise ValidationError(_("You have already answered this survey."), code=ALREADY_ANSWERED) from None
    return response
