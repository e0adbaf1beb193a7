"""Writes of standards and appraisal: each checks the right at the union, validates (errors name the field), writes
the change log, in one transaction. Workflow steps go through ``gonghui.core.workflow.transition``.

Scoring: a criterion gives at most its weight; the weights of a scheme add up to 100. A criterion from an indicator
scores ``weight × value ÷ full_at`` (at most the weight) from the indicator's value for the appraised union and
the appraisal's year; one from the member rating ``weight × average mark ÷ 5`` of the union's latest rating round.
"""

import calendar
import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, scope
from gonghui.core.attachments import atomic_with_files, store_upload
from gonghui.core.models import AuditAction
from gonghui.core.services import save_object
from gonghui.core.validators import check_not_future, require_reason
from gonghui.core.workflow import transition
from gonghui.members.choices import MemberStatus
from gonghui.members.models import Member
from gonghui.orgs.choices import OrgType
from gonghui.orgs.models import Organisation

from .choices import RATING_MAX, AppraisalStatus, CriterionSource, RoundStatus, SchemeStatus
from .models import (
    FULL_MARKS,
    Appraisal,
    Criterion,
    EvidenceFile,
    MemberRating,
    RatingRound,
    Scheme,
    Score,
    evidence_storage,
    split_list,
)

POINT = Decimal("0.1")


def _points(value):
    return Decimal(value).quantize(POINT, rounding=ROUND_HALF_UP)


def add_months(day, months):
    """The same day ``months`` later (the month's last day when it is shorter: 31 Jan + 1 month = 28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _within(org, ancestor):
    return org is not None and ancestor is not None and org.path.startswith(ancestor.path)


# --- schemes and criteria ---------------------------------------------------------------------------------------------

SCHEME_FIELDS = ("org", "name", "kind", "level", "grades", "pass_score", "eligible_types", "valid_years",
                 "recheck_months", "note")


@transaction.atomic
def save_scheme(user, scheme, **data):
    scheme = scheme or Scheme()
    errors = {}
    if "grades" in data:
        grades = split_list(data["grades"])
        if not grades:
            errors["grades"] = _("Name at least one grade (合格, 先进, 模范 ...).")
        data["grades"] = ",".join(grades)
    if "eligible_types" in data:
        types = data["eligible_types"]
        types = split_list(types) if isinstance(types, str) else list(types or [])
        known = set(OrgType.values)
        wrong = [t for t in types if t not in known]
        if wrong:
            errors["eligible_types"] = _("Unknown kind of union: %(kinds)s.") % {"kinds": ", ".join(wrong)}
        data["eligible_types"] = ",".join(types)
    if errors:
        raise ValidationError(errors)
    return save_object(user, scheme, data, fields=[f for f in SCHEME_FIELDS if f in data])


CRITERION_FIELDS = ("scheme", "section", "title", "weight", "evidence", "source", "indicator", "full_at", "position")


@transaction.atomic
def save_criterion(user, criterion, **data):
    """A criterion of a scheme still in draft (a scheme in use keeps its criteria: appraisals are scored on them)."""
    from gonghui.stats import registry

    criterion = criterion or Criterion()
    scheme = data.get("scheme") or criterion.scheme
    if scheme.status != SchemeStatus.DRAFT:
        raise ValidationError({"title": _("The criteria of a scheme in use cannot change.")})
    source = data.get("source", criterion.source)
    indicator = (data.get("indicator", criterion.indicator) or "").strip()
    data["indicator"] = indicator
    errors = {}
    if source == CriterionSource.INDICATOR:
        try:
            registry.get(indicator)
        except KeyError:
            errors["indicator"] = _("Choose a registered statistics indicator.")
        full_at = data.get("full_at", criterion.full_at)
        if not full_at or full_at <= 0:
            errors["full_at"] = _("Give the indicator's value that earns the full weight.")
    elif indicator:
        data["indicator"] = ""
    weight = data.get("weight", criterion.weight)
    if weight is not None:
        others = sum((c.weight for c in scheme.criteria.exclude(pk=criterion.pk)), Decimal(0))
        if others + weight > FULL_MARKS:
            errors["weight"] = _("The weights of the scheme would add up to %(total)s, more than 100.") % {
                "total": others + weight}
    if errors:
        raise ValidationError(errors)
    return save_object(user, criterion, data, fields=[f for f in CRITERION_FIELDS if f in data])


@transaction.atomic
def delete_criterion(user, criterion):
    scope.require(user, "change", criterion.audit_org())
    if criterion.scheme.status != SchemeStatus.DRAFT:
        raise ValidationError({"title": _("The criteria of a scheme in use cannot change.")})
    audit.deleted(criterion, user)
    criterion.delete()


def weight_total(scheme):
    return sum((c.weight for c in scheme.criteria.all()), Decimal(0))


@transaction.atomic
def publish_scheme(user, scheme):
    total = weight_total(scheme)
    if total != FULL_MARKS:
        raise ValidationError({"weight": _("The weights of the criteria must add up to 100 (now %(total)s).")
                               % {"total": total}})
    return transition(scheme, user, "publish")


@transaction.atomic
def retire_scheme(user, scheme):
    return transition(scheme, user, "retire")


# --- scoring ----------------------------------------------------------------------------------------------------------


def indicator_value(criterion, org, year):
    """The indicator's value for the union (its subtree) in the year, as a Decimal (a rate in per cent)."""
    from gonghui.stats import registry
    from gonghui.stats.periods import Period

    indicator = registry.get(criterion.indicator)
    value = registry.StatsContext(Period.year(year)).value(indicator, org.pk)
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def latest_round(appraisal):
    rounds = RatingRound.objects.filter(org=appraisal.org, scheme=appraisal.scheme)
    return (rounds.filter(appraisal=appraisal).order_by("-opens_on", "-id").first()
            or rounds.order_by("-opens_on", "-id").first())


def round_result(rating_round):
    """(ratings, participation in per cent or None, average mark or None) of a rating round."""
    ratings = list(rating_round.ratings.values_list("average", flat=True))
    n = len(ratings)
    share = _points(Decimal(n * 100) / rating_round.members_total) if rating_round.members_total else None
    average = (sum(ratings, Decimal(0)) / n).quantize(Decimal("0.01")) if n else None
    return {"ratings": n, "participation": share, "average": average}


def automatic_score(criterion, appraisal):
    """The points of an automatic criterion for the appraisal (0 while there is nothing to score)."""
    if criterion.source == CriterionSource.INDICATOR:
        value = indicator_value(criterion, appraisal.org, appraisal.year)
        if value is None or not criterion.full_at:
            return Decimal(0)
        return _points(min(criterion.weight, criterion.weight * max(value, Decimal(0)) / criterion.full_at))
    if criterion.source == CriterionSource.MEMBER_RATING:
        rating_round = latest_round(appraisal)
        average = round_result(rating_round)["average"] if rating_round else None
        return _points(criterion.weight * average / RATING_MAX) if average is not None else Decimal(0)
    return None


def _total(scores, field):
    values = [getattr(s, field) for s in scores]
    return None if any(v is None for v in values) else sum(values, Decimal(0))


def _fill_automatic(appraisal, scores):
    for score in scores:
        if score.criterion.automatic:
            score.self_score = score.inspection_score = automatic_score(score.criterion, appraisal)
            score.save(update_fields=["self_score", "inspection_score"])


def scores_of(appraisal):
    return list(appraisal.scores.select_related("criterion").order_by("criterion__position", "criterion_id"))


def parse_score(value, criterion, field):
    """A score given for a criterion: a number from 0 to the criterion's weight, one decimal at most."""
    if value in (None, ""):
        return None
    try:
        score = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError({field: _("Enter a number.")}) from None
    if score < 0:
        raise ValidationError({field: _("A score cannot be negative.")})
    if score > criterion.weight:
        raise ValidationError({field: _("A score cannot exceed the criterion's maximum (%(max)s).")
                               % {"max": criterion.weight}})
    if score != score.quantize(POINT):
        raise ValidationError({field: _("Give a score with one decimal at most.")})
    return score


def _apply_scores(appraisal, scores, given, score_field, note_field, required):
    """Check every score against its criterion's maximum, then store them; errors name ``score_<criterion id>``."""
    errors = {}
    by_criterion = {s.criterion_id: s for s in scores}
    for criterion_id in given:
        if int(criterion_id) not in by_criterion:
            errors["scores"] = _("A score names a criterion that is not in this scheme.")
    values = {}
    for score in scores:
        if score.criterion.automatic:
            continue
        field = f"score_{score.criterion_id}"
        entry = given.get(score.criterion_id, given.get(str(score.criterion_id)))
        points, note = (entry if isinstance(entry, (tuple, list)) else (entry, None)) if entry is not None \
            else (getattr(score, score_field), None)
        try:
            points = parse_score(points, score.criterion, field)
        except ValidationError as e:
            errors.update(e.message_dict)
            continue
        if points is None and required:
            errors[field] = _("Score this criterion.")
        values[score.pk] = (points, note)
    if errors:
        raise ValidationError(errors)
    for score in scores:
        if score.pk in values:
            points, note = values[score.pk]
            setattr(score, score_field, points)
            if note is not None:
                setattr(score, note_field, note.strip())
            score.save(update_fields=[score_field, note_field])


@transaction.atomic
def start_appraisal(user, *, scheme, org, year, grade_sought="", note=""):
    """A union starts its self-check against a scheme in use of its own union or one above it, if it may apply."""
    scope.require(user, "change", org)
    errors = {}
    if scheme.status != SchemeStatus.PUBLISHED:
        errors["scheme"] = _("The scheme is not in use.")
    elif not _within(org, scheme.org):
        errors["scheme"] = _("The scheme belongs to another union: use one of your union or a union above it.")
    elif not scheme.is_eligible(org):
        errors["org"] = _("%(org)s may not apply for this scheme (it is for %(kinds)s).") % {
            "org": org.name, "kinds": scheme.eligible_labels()}
    if grade_sought and grade_sought not in scheme.grade_list:
        errors["grade_sought"] = _("Choose one of the scheme's grades: %(grades)s.") % {
            "grades": "、".join(scheme.grade_list)}
    if Appraisal.objects.filter(scheme=scheme, org=org, year=year).exists():
        errors["year"] = _("This union already has an appraisal for this scheme and year.")
    if errors:
        raise ValidationError(errors)
    appraisal = Appraisal(scheme=scheme, org=org, year=year, grade_sought=grade_sought, note=note, created_by=user)
    appraisal.full_clean()
    appraisal.save()
    Score.objects.bulk_create([Score(appraisal=appraisal, criterion=c) for c in scheme.criteria.all()])
    scores = scores_of(appraisal)
    _fill_automatic(appraisal, scores)
    appraisal.self_score = _total(scores, "self_score")
    appraisal.save(update_fields=["self_score"])
    audit.created(appraisal, user)
    return appraisal


@transaction.atomic
def save_appraisal(user, appraisal, **data):
    """Edit the grade applied for and the note (during the self-check)."""
    if appraisal.status != AppraisalStatus.SELF_CHECK:
        raise ValidationError({"note": _("Only an appraisal in its self-check can be edited.")})
    grade = data.get("grade_sought", appraisal.grade_sought)
    if grade and grade not in appraisal.scheme.grade_list:
        raise ValidationError({"grade_sought": _("Choose one of the scheme's grades: %(grades)s.") % {
            "grades": "、".join(appraisal.scheme.grade_list)}})
    return save_object(user, appraisal, data, fields=[f for f in ("grade_sought", "note") if f in data])


@transaction.atomic
def self_check(user, appraisal, scores):
    """The union's own scores (``{criterion id: (points, evidence)}``), while it checks itself."""
    scope.require(user, "change", appraisal.org)
    appraisal = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
    if appraisal.status != AppraisalStatus.SELF_CHECK:
        raise ValidationError({"scores": _("The self-check is over: the appraisal has been applied for.")})
    before = audit.snapshot(appraisal)
    rows = scores_of(appraisal)
    _apply_scores(appraisal, rows, scores, "self_score", "evidence", required=False)
    _fill_automatic(appraisal, rows)
    appraisal.self_score = _total(rows, "self_score")
    appraisal.save(update_fields=["self_score"])
    audit.updated(appraisal, user, before, note=_("self-check scores"))
    return appraisal


MAX_EVIDENCE_FILES = 10  # per criterion


def attach_evidence(user, appraisal, criterion, upload):
    """A file of evidence for one criterion of the self-check (PDF, image or office document, checked by its
    content and size, stored apart and only ever downloaded); in the change log of the appraisal."""
    scope.require(user, "change", appraisal.org)
    with atomic_with_files():
        appraisal = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
        if appraisal.status != AppraisalStatus.SELF_CHECK:
            raise ValidationError({"file": _("Evidence is attached during the self-check only.")})
        criterion_id = getattr(criterion, "pk", criterion)
        score = appraisal.scores.select_related("criterion").filter(criterion_id=criterion_id).first()
        if score is None:
            raise ValidationError({"criterion": _("Choose a criterion of this appraisal's scheme.")})
        if score.files.count() >= MAX_EVIDENCE_FILES:
            raise ValidationError({"file": _("A criterion has at most %(n)d evidence files.")
                                   % {"n": MAX_EVIDENCE_FILES}})
        stored = store_upload(upload, storage=evidence_storage(), folder=f"{appraisal.org_id}/{appraisal.pk}",
                              field="file", what=_("The evidence file"))
        evidence = EvidenceFile(score=score, uploaded_by=user).attach(stored)
        evidence.save()
        audit.record(AuditAction.UPDATE, appraisal, user=user,
                     note=_("Evidence attached to “%(criterion)s”: %(file)s") % {
                         "criterion": score.criterion.title, "file": evidence.file_name})
        return evidence


def delete_evidence(user, appraisal, evidence):
    """Remove a file of evidence while the union still checks itself (not once applied for, inspected or
    decided): the row goes, the change log of the appraisal says which file, the stored file is deleted once
    the transaction commits."""
    scope.require(user, "change", appraisal.org)
    with transaction.atomic():
        appraisal = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
        if appraisal.status != AppraisalStatus.SELF_CHECK:
            raise ValidationError({"file": _("Evidence can only be removed during the self-check.")})
        evidence = (EvidenceFile.objects.select_related("score__criterion")
                    .filter(pk=getattr(evidence, "pk", evidence), score__appraisal=appraisal).first())
        if evidence is None:
            raise ValidationError({"file": _("This evidence file is not attached to the appraisal.")})
        storage, name = evidence.file.storage, evidence.file.name
        audit.record(AuditAction.UPDATE, appraisal, user=user,
                     note=_("Evidence removed from “%(criterion)s”: %(file)s") % {
                         "criterion": evidence.score.criterion.title, "file": evidence.file_name})
        evidence.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))
        return appraisal


def evidence_of(appraisal):
    """{score id: [its evidence files]} of an appraisal (one query)."""
    files = {}
    for f in EvidenceFile.objects.filter(score__appraisal=appraisal).order_by("id"):
        files.setdefault(f.score_id, []).append(f)
    return files


@transaction.atomic
def apply(user, appraisal):
    """Send the self-check to the union above: every criterion scored."""
    rows = scores_of(appraisal)
    _fill_automatic(appraisal, rows)
    missing = [s for s in rows if s.self_score is None]
    if missing:
        raise ValidationError({"scores": _("Score every criterion before applying (%(n)s not scored).")
                               % {"n": len(missing)}})
    return transition(appraisal, user, "apply", changes={"applied_on": timezone.localdate(),
                                                         "self_score": _total(rows, "self_score"), "reason": ""})


@transaction.atomic
def inspect(user, appraisal, scores, findings="", inspected_on=None):
    """The union above inspects: its own score for every criterion (``{criterion id: (points, finding)}``)."""
    type(appraisal).workflow.require(appraisal, user, "inspect")
    inspected_on = inspected_on or timezone.localdate()
    check_not_future(inspected_on, "inspected_on")
    rows = scores_of(appraisal)
    _apply_scores(appraisal, rows, scores, "inspection_score", "finding", required=True)
    _fill_automatic(appraisal, rows)
    return transition(appraisal, user, "inspect", changes={
        "inspection_score": _total(rows, "inspection_score"), "findings": (findings or "").strip(),
        "inspected_on": inspected_on})


@transaction.atomic
def accept(user, appraisal, accepted_on=None):
    accepted_on = accepted_on or timezone.localdate()
    check_not_future(accepted_on, "accepted_on")
    return transition(appraisal, user, "accept", changes={"accepted_on": accepted_on})


@transaction.atomic
def send_back(user, appraisal, reason):
    """Return the application to the union for rework (退回): it is in its self-check again."""
    reason = require_reason(reason, _("Say what the union must rework."))
    return transition(appraisal, user, "send_back", changes={"reason": reason}, note=reason)


@transaction.atomic
def award(user, appraisal, grade, certificate_no="", awarded_on=None):
    """Award a grade of the scheme after an accepted inspection: valid for the scheme's years, re-checked every
    ``recheck_months``."""
    awarded_on = awarded_on or timezone.localdate()
    check_not_future(awarded_on, "awarded_on")
    scheme = appraisal.scheme
    if grade not in scheme.grade_list:
        raise ValidationError({"grade": _("Choose one of the scheme's grades: %(grades)s.") % {
            "grades": "、".join(scheme.grade_list)}})
    if appraisal.status == AppraisalStatus.ACCEPTED and (appraisal.inspection_score is None
                                                         or appraisal.inspection_score < scheme.pass_score):
        raise ValidationError({"grade": _("The inspection score (%(score)s) is below the %(need)s an award needs.")
                               % {"score": appraisal.inspection_score, "need": scheme.pass_score}})
    return transition(appraisal, user, "award", changes={
        "grade": grade, "certificate_no": (certificate_no or "").strip(), "awarded_on": awarded_on,
        "valid_until": add_months(awarded_on, 12 * scheme.valid_years) - datetime.timedelta(days=1),
        "recheck_due": add_months(awarded_on, scheme.recheck_months), "reason": ""})


@transaction.atomic
def recheck(user, appraisal, rechecked_on=None, note=""):
    """A re-check found the union still meets the standard: the next one falls due a period later."""
    rechecked_on = rechecked_on or timezone.localdate()
    check_not_future(rechecked_on, "rechecked_on")
    return transition(appraisal, user, "recheck", note=(note or "").strip(), changes={
        "rechecked_on": rechecked_on,
        "recheck_due": add_months(rechecked_on, appraisal.scheme.recheck_months)})


@transaction.atomic
def revoke(user, appraisal, reason):
    reason = require_reason(reason, _("Say why the award is revoked."))
    return transition(appraisal, user, "revoke", changes={"reason": reason}, note=reason)


@transaction.atomic
def start_assessment(user, scheme, parent, year):
    """The annual 百分制 assessment of the unions directly below ``parent``: an appraisal each (those it may not
    apply for, or already has, are left out). Returns the appraisals started."""
    scope.require(user, "change", parent)
    started = []
    for org in parent.get_children().filter(status__in=("active",)):
        if scheme.is_eligible(org) and not Appraisal.objects.filter(scheme=scheme, org=org, year=year).exists():
            started.append(start_appraisal(user, scheme=scheme, org=org, year=year))
    if not started:
        raise ValidationError({"org": _("No union below %(org)s is left to assess for this scheme and year.")
                               % {"org": parent.name}})
    return started


def ranking(appraisals):
    """The appraisals with their rank (by the inspector's score, else the self-check score; ties share a rank)."""
    def key(a):
        score = a.inspection_score if a.inspection_score is not None else a.self_score
        return score if score is not None else Decimal(-1)

    rows = sorted(appraisals, key=key, reverse=True)
    out, rank, last = [], 0, None
    for n, a in enumerate(rows, start=1):
        if key(a) != last:
            rank, last = n, key(a)
        out.append((rank, a))
    return out


# --- member rating (会员评家) ---------------------------------------------------------------------------------------


def member_criteria(scheme):
    return list(scheme.criteria.filter(source=CriterionSource.MEMBER_RATING).order_by("position", "id"))


@transaction.atomic
def open_round(user, rating_round=None, **data):
    rating_round = rating_round or RatingRound()
    org = data.get("org") or (rating_round.org if rating_round.org_id else None)
    scheme = data.get("scheme") or (rating_round.scheme if rating_round.scheme_id else None)
    appraisal = data.get("appraisal")
    errors = {}
    if scheme is not None and not member_criteria(scheme):
        errors["scheme"] = _("The scheme has no criteria rated by members.")
    if scheme is not None and org is not None and not _within(org, scheme.org):
        errors["scheme"] = _("The scheme belongs to another union: use one of your union or a union above it.")
    if appraisal is not None and (appraisal.org_id != getattr(org, "pk", None) or appraisal.scheme_id != scheme.pk):
        errors["appraisal"] = _("Choose an appraisal of this union against this scheme.")
    opens, closes = data.get("opens_on", rating_round.opens_on), data.get("closes_on", rating_round.closes_on)
    if opens and closes and closes < opens:
        errors["closes_on"] = _("The rating cannot close before it opens.")
    if errors:
        raise ValidationError(errors)
    if rating_round.pk is None and org is not None:
        rating_round.members_total = Member.objects.filter(org__path__startswith=org.path,
                                                          status=MemberStatus.ACTIVE).count()
    fields = [f for f in ("org", "scheme", "appraisal", "title", "opens_on", "closes_on") if f in data]
    return save_object(user, rating_round, data, fields=fields + (["members_total"] if rating_round.pk is None
                                                                  else []))


@transaction.atomic
def close_round(user, rating_round):
    return transition(rating_round, user, "close")


def open_rounds_for(member, today=None):
    """The rounds a member may rate now: open, under way, of the member's union or a union above it."""
    today = today or timezone.localdate()
    paths = [member.org.path[:i] for i in range(Organisation.steplen, len(member.org.path) + 1,
                                                 Organisation.steplen)]
    return (RatingRound.objects.filter(status=RoundStatus.OPEN, opens_on__lte=today, closes_on__gte=today,
                                       org__path__in=paths).select_related("org", "scheme").order_by("closes_on"))


@transaction.atomic
def rate(user, member, rating_round, marks, comment=""):
    """A member's rating: a mark from 1 to 5 for every member criterion, once per round."""
    today = timezone.localdate()
    if rating_round not in open_rounds_for(member, today):
        raise ValidationError({"marks": _("This rating is not open to you.")})
    if MemberRating.objects.filter(round=rating_round, member=member).exists():
        raise ValidationError({"marks": _("You have already rated your union in this round.")})
    criteria = member_criteria(rating_round.scheme)
    clean, errors = {}, {}
    for c in criteria:
        value = marks.get(c.pk, marks.get(str(c.pk)))
        try:
            value = int(value)
        except (TypeError, ValueError):
            value = None
        if value is None or not 1 <= value <= RATING_MAX:
            errors[f"mark_{c.pk}"] = _("Give a mark from 1 to 5.")
        else:
            clean[str(c.pk)] = value
    if errors:
        raise ValidationError(errors)
    average = (Decimal(sum(clean.values())) / len(clean)).quantize(Decimal("0.01")) if clean else Decimal(0)
    rating = MemberRating(round=rating_round, member=member, marks=clean, average=average,
                          comment=(comment or "").strip(), rated_on=today)
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError:
        raise ValidationError({"marks": _("You have already rated your union in this round.")}) from None
    audit.created(rating, user, org=rating_round.org)
    return rating
