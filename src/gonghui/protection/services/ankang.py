"""The 安康杯 competition: a yearly round organised by a union, employers enrolled (held at the union covering
each), scored on the round's criteria, awards given in categories within the round's quotas, the round closed
when the awards are announced."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, scope
from gonghui.core.workflow import transition

from .. import selectors
from ..choices import AwardCategory, RoundStatus
from ..models import AnkangAward, AnkangEnrolment, AnkangRound

ROUND_FIELDS = ("year", "title", "criteria", "quota_enterprise", "quota_organiser", "quota_team", "quota_individual")
ENROLMENT_FIELDS = ("enrolled_on", "workers")
_CRITERION = re.compile(r"^(?P<name>.+?)[\s,，:：]+(?P<points>\d+(?:\.\d{1,2})?)\s*分?$")
MAX_CRITERIA = 30


def parse_criteria(text, errors=None, field="criteria"):
    """The criteria of a round, one a line: a name, then the full points (``安全生产责任制 20``)."""
    rows, seen = [], set()
    for i, line in enumerate(s.strip() for s in (text or "").splitlines()):
        if not line:
            continue
        m = _CRITERION.match(line)
        if not m or len(m["name"]) > 60 or m["name"].strip() in seen or Decimal(m["points"]) <= 0:
            if errors is not None:
                errors[field] = _("Line %(n)d: write a criterion (named once), then its full points (安全生产责任制 "
                                  "20).") % {"n": i + 1}
            return []
        seen.add(m["name"].strip())
        rows.append((m["name"].strip(), Decimal(m["points"])))
    if errors is not None and not rows:
        errors[field] = _("Enter at least one criterion with its full points.")
    elif errors is not None and len(rows) > MAX_CRITERIA:
        errors[field] = _("At most %(n)d criteria.") % {"n": MAX_CRITERIA}
    return rows


@transaction.atomic
def save_round(user, record, org=None, **data):
    """Create a round organised by ``org`` (``record`` None), or edit one still open."""
    creating = record is None
    if creating:
        if org is None:
            raise ValidationError({"org": _("Choose the organising union.")})
        record = AnkangRound(org=org)
    scope.require(user, "change", record.org)
    before = None if creating else audit.snapshot(record)
    errors = {}
    if not creating and record.status == RoundStatus.CLOSED:
        raise ValidationError(_("The awards of this round are announced; it can no longer change."))
    for name in ROUND_FIELDS:
        if name in data and data[name] is not None:
            setattr(record, name, data[name].strip() if isinstance(data[name], str) else data[name])
    this_year = timezone.localdate().year
    if not record.year or not 2000 <= record.year <= this_year + 1:
        errors["year"] = _("Enter a year from 2000 to %(y)d.") % {"y": this_year + 1}
    elif AnkangRound.objects.filter(org=record.org, year=record.year).exclude(pk=record.pk).exists():
        errors["year"] = _("%(org)s already has a round in %(y)d.") % {"org": record.org.name, "y": record.year}
    if not record.title:
        errors["title"] = _("Enter the title.")
    parse_criteria(record.criteria, errors)
    if not creating:
        for category in AwardCategory.values:
            given = record.awards.filter(category=category).count()
            if record.quota(category) < given:
                errors[f"quota_{category}"] = _("%(n)d awards of this category are already given.") % {"n": given}
    if errors:
        raise ValidationError(errors)
    record.save()
    (audit.created(record, user) if creating else audit.updated(record, user, before))
    return record


@transaction.atomic
def close_round(user, record):
    """The awards are announced: the round closes, enrolments and scores no longer change."""
    return transition(record, user, "close")


def _check_enrolment(user, enrolment, errors):
    if enrolment.enrolled_on is None:
        errors["enrolled_on"] = _("Enter the date.")
    elif enrolment.enrolled_on > timezone.localdate():
        errors["enrolled_on"] = _("The date cannot be in the future.")
    if enrolment.workers is None or enrolment.workers < 0:
        errors["workers"] = _("Enter the number of workers taking part.")


@transaction.atomic
def save_enrolment(user, enrolment, round=None, *, unit=None, **data):
    """Enrol an employer of the round's subtree (once a round), held at the union covering it; or edit one."""
    creating = enrolment is None
    errors = {}
    if creating:
        if round is None:
            raise ValidationError({"round": _("Choose the round.")})
        round = AnkangRound.objects.select_for_update().get(pk=round.pk)
        if unit is None or not selectors.units_for(user).filter(pk=unit.pk).exists():
            raise ValidationError({"unit": _("Choose an employer in your scope.")})
        if not selectors.unit_within(unit, round.org):
            raise ValidationError({"unit": _("This employer is outside the round organiser's area.")})
        if AnkangEnrolment.objects.filter(round=round, unit=unit).exists():
            raise ValidationError({"unit": _("%(unit)s is already enrolled in this round.") % {"unit": unit.name}})
        enrolment = AnkangEnrolment(round=round, unit=unit, org=unit.union or unit.area_org)
    else:
        round = enrolment.round
    if round.status != RoundStatus.OPEN:
        raise ValidationError(_("The awards of this round are announced; enrolments no longer change."))
    scope.require(user, "change", enrolment.org)
    before = None if creating else audit.snapshot(enrolment)
    for name in ENROLMENT_FIELDS:
        if name in data and data[name] is not None:
            setattr(enrolment, name, data[name])
    _check_enrolment(user, enrolment, errors)
    if errors:
        raise ValidationError(errors)
    enrolment.save()
    (audit.created(enrolment, user) if creating else audit.updated(enrolment, user, before))
    return enrolment


def criterion_field(i):
    return f"c{i}"


@transaction.atomic
def score_enrolment(user, enrolment, points):
    """The points on each of the round's criteria (``points``: {criterion: value}); the score is their sum.
    Each between 0 and the criterion's full points; every criterion scored."""
    criteria = parse_criteria(enrolment.round.criteria)
    errors, scores = {}, {}
    for i, (name, full) in enumerate(criteria):
        raw = points.get(name)
        try:
            value = Decimal(str(raw)) if raw not in (None, "") else None
        except InvalidOperation:
            value = None
        if value is None or value < 0 or value > full or value != value.quantize(Decimal("0.01")):
            errors[criterion_field(i)] = _("Enter points from 0 to %(full)s.") % {"full": full}
        else:
            scores[name] = str(value)
    if errors:
        raise ValidationError(errors)
    total = sum((Decimal(v) for v in scores.values()), Decimal(0))
    return transition(enrolment, user, "score", changes={"scores": scores, "score": total},
                      note=_("%(score)s points") % {"score": total})


@transaction.atomic
def give_award(user, record, category, enrolment=None, org=None, name=""):
    """An award of the round in ``category``, within its quota: an enrolled employer (scored) for a winning
    enterprise, a union of the round's area for an excellent organising unit, a team or a person of an enrolled
    employer otherwise."""
    record = AnkangRound.objects.select_for_update().get(pk=record.pk)
    record.workflow.require(record, user, "award")
    errors = {}
    name = (name or "").strip()
    if category not in AwardCategory.values:
        raise ValidationError({"category": _("Choose the category.")})
    given = record.awards.filter(category=category).count()
    if given >= record.quota(category):
        errors["category"] = _("The quota of this category (%(n)d) is used up.") % {"n": record.quota(category)}
    if category == AwardCategory.ORGANISER:
        if org is None or not org.path.startswith(record.org.path):
            errors["org"] = _("Choose a union of the round organiser's area.")
        elif record.awards.filter(category=category, org=org).exists():
            errors["org"] = _("This union already has this award.")
        else:
            name, enrolment = org.name, None
    else:
        if enrolment is None or enrolment.round_id != record.pk:
            errors["enrolment"] = _("Choose an employer enrolled in this round.")
        elif category == AwardCategory.ENTERPRISE:
            if enrolment.score is None:
                errors["enrolment"] = _("Score the employer before it wins.")
            elif record.awards.filter(category=category, enrolment=enrolment).exists():
                errors["enrolment"] = _("This employer already has this award.")
            name = enrolment.unit.name
        elif not name:
            errors["name"] = _("Enter the team or the person awarded.")
        if enrolment is not None and not errors.get("enrolment"):
            org = enrolment.org
    if len(name) > 200:
        errors["name"] = _("At most 200 characters.")
    if errors:
        raise ValidationError(errors)
    award = AnkangAward.objects.create(round=record, org=org, category=category, enrolment=enrolment, name=name,
                                       awarded_on=timezone.localdate())
    transition(record, user, "award", note=str(award), check=False)
    return award
