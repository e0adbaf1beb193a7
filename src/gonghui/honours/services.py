"""Writes of honours: schemes, rounds and quotas, recommendations through their steps (quota, one recommendation
of a person per round, democratic review, the review above, public notice with objections, approval, award), the
model-worker registry (titles, census, retirement, death, re-issued certificates) and allowance payment runs
computed from the rules (no double payment, none to the deceased); the care side: rest-trip and health-check rounds
(places, sign-up, attendance) and visits and grants."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, pii, scope
from gonghui.core.exceptions import WorkflowConflict
from gonghui.core.validators import check_id_number, parse_money
from gonghui.core.workflow import transition

from .choices import LEVEL_RANK, AllowanceKind, CareRoundStatus, RecipientKind, RunStatus, SupportKind, WorkerStatus
from .models import (
    AllowanceRule,
    CareParticipant,
    CareRound,
    HonourScheme,
    ModelWorker,
    PaymentLine,
    PaymentRun,
    Recommendation,
    RoundQuota,
    SelectionRound,
    SupportRecord,
    Title,
)


def _id_number(value, field, errors, required=True):
    value = (value or "").strip()
    if not value:
        if required:
            errors[field] = _("Enter the ID number.")
        return ""
    try:
        return check_id_number(value)
    except ValidationError as e:
        errors[field] = e.messages[0]
        return ""


# Schemes and rounds ---------------------------------------------------------------------------------------------

@transaction.atomic
def save_scheme(user, scheme, **data):
    scheme = scheme or HonourScheme()
    before = audit.snapshot(scheme) if scheme.pk else None
    for k, v in data.items():
        setattr(scheme, k, v)
    scope.require(user, "change", scheme.org)
    errors = {}
    if HonourScheme.objects.filter(org=scheme.org, name=(scheme.name or "").strip()).exclude(pk=scheme.pk).exists():
        errors["name"] = _("This union already keeps a scheme of this name.")
    if not scheme.cycle_years:
        errors["cycle_years"] = _("Enter the cycle in years (at least 1).")
    if errors:
        raise ValidationError(errors)
    scheme.full_clean()
    scheme.save()
    audit.created(scheme, user) if before is None else audit.updated(scheme, user, before)
    return scheme


@transaction.atomic
def save_round(user, rnd, **data):
    rnd = rnd or SelectionRound()
    before = audit.snapshot(rnd) if rnd.pk else None
    for k, v in data.items():
        setattr(rnd, k, v)
    if rnd.scheme_id and not rnd.org_id:
        rnd.org = rnd.scheme.org
    errors = {}
    if not rnd.scheme_id:
        errors["scheme"] = _("Choose the honour scheme.")
    else:
        scope.require(user, "change", rnd.scheme.org)
        rnd.org = rnd.scheme.org
        if SelectionRound.objects.filter(scheme=rnd.scheme, year=rnd.year).exclude(pk=rnd.pk).exists():
            errors["year"] = _("This scheme already has a round in that year.")
    if not rnd.notice_days or rnd.notice_days < 1:
        errors["notice_days"] = _("The public notice lasts at least one day.")
    if errors:
        raise ValidationError(errors)
    rnd.full_clean()
    rnd.save()
    audit.created(rnd, user) if before is None else audit.updated(rnd, user, before)
    return rnd


@transaction.atomic
def set_quota(user, rnd, org, quota):
    """Hand down (or change) a union's quota in a round: a union below the organising one; never below the
    recommendations it has made."""
    if org is None or not org.path.startswith(rnd.org.path):
        raise ValidationError({"org": _("Quotas go to the organising union and the unions below it.")})
    if quota is None or quota < 0:
        raise ValidationError({"quota": _("Enter a quota of 0 or more.")})
    used = _used(rnd, org)
    if quota < used:
        raise ValidationError({"quota": _("This union has already recommended %(n)d; the quota cannot be lower.")
                               % {"n": used}})
    row, created = RoundQuota.objects.select_for_update().get_or_create(round=rnd, org=org,
                                                                         defaults={"quota": quota})
    if not created:
        row.quota = quota
        row.save(update_fields=["quota"])
    return transition(rnd, user, "quota", note=_("%(org)s: %(n)d") % {"org": org.name, "n": quota})


def _used(rnd, org):
    return Recommendation.objects.filter(round=rnd, org=org).exclude(status="rejected").count()


def quota_left(rnd, org):
    row = RoundQuota.objects.filter(round=rnd, org=org).first()
    return None if row is None else row.quota - _used(rnd, org)


# Recommendations ------------------------------------------------------------------------------------------------

REC_FIELDS = ("nominee", "id_number", "employer", "deeds", "meeting", "meeting_on", "votes_for", "votes_total")


@transaction.atomic
def save_recommendation(user, rec, round=None, org=None, **data):
    """A recommendation within the union's quota, with its democratic review; a person once per round."""
    creating = rec is None
    rec = rec or Recommendation(round=round, org=org, created_by=user)
    if not creating and rec.status != "recommended":
        raise ValidationError(_("Only a recommendation not yet reviewed can be edited."))
    before = None if creating else audit.snapshot(rec)
    for k, v in data.items():
        if k in REC_FIELDS:
            setattr(rec, k, v)
    errors = {}
    if rec.round_id is None:
        raise ValidationError({"round": _("Choose the selection round.")})
    if rec.org_id is None:
        raise ValidationError({"org": _("Choose the recommending union.")})
    scope.require(user, "change", rec.org)
    rnd = rec.round
    if creating and rnd.status != "open":
        errors["round"] = _("The round is closed to recommendations.")
    person = rnd.scheme.recipient == RecipientKind.PERSON
    number = _id_number(rec.id_number, "id_number", errors, required=person)
    rec.id_number = number
    rec.id_hash = pii.id_hash(number) if number else ""
    if not (rec.nominee or "").strip():
        errors["nominee"] = _("Enter who is recommended.")
    if rec.meeting_on and rec.meeting_on > timezone.localdate():
        errors["meeting_on"] = _("The meeting cannot be in the future.")
    if rec.votes_total is not None and rec.votes_for is not None:
        if rec.votes_total == 0:
            errors["votes_total"] = _("Enter the number of votes cast at the meeting.")
        elif rec.votes_for > rec.votes_total:
            errors["votes_for"] = _("More votes for than votes cast.")
        elif rec.votes_for * 2 <= rec.votes_total:
            errors["votes_for"] = _("A recommendation needs more than half of the votes cast.")
    if rec.id_hash:
        twin = Recommendation.objects.filter(round=rnd, id_hash=rec.id_hash).exclude(pk=rec.pk).first()
        if twin is not None:
            errors["id_number"] = _("This person is already recommended in this round (by %(org)s).") % {
                "org": twin.org.name}
    if creating:
        quota = RoundQuota.objects.select_for_update().filter(round=rnd, org=rec.org).first()
        if quota is None:
            errors["org"] = _("%(org)s has no quota in this round.") % {"org": rec.org.name}
        elif _used(rnd, rec.org) >= quota.quota:
            errors["org"] = _("%(org)s has used its whole quota of %(n)d in this round.") % {
                "org": rec.org.name, "n": quota.quota}
    if errors:
        raise ValidationError(errors)
    rec.full_clean(exclude=["id_hash", "worker", "created_by"])
    try:
        with transaction.atomic():
            rec.save()
    except IntegrityError:
        raise ValidationError({"id_number": _("This person is already recommended in this round.")}) from None
    audit.created(rec, user) if before is None else audit.updated(rec, user, before)
    return rec


@transaction.atomic
def review(user, rec, note=""):
    return transition(rec, user, "review", changes={"review_note": note or ""}, note=note or "")


@transaction.atomic
def put_on_notice(user, rec, start=None):
    """Public notice (公示) for the round's number of days from ``start`` (today)."""
    start = start or timezone.localdate()
    end = start + datetime.timedelta(days=rec.round.notice_days - 1)
    return transition(rec, user, "notice", changes={"notice_start": start, "notice_end": end})


@transaction.atomic
def record_objection(user, rec, objection):
    if not (objection or "").strip():
        raise ValidationError({"objection": _("Enter the objection.")})
    text = (rec.objection + "\n" if rec.objection else "") + objection.strip()
    return transition(rec, user, "object", changes={"objection": text, "objection_open": True}, note=objection)


@transaction.atomic
def resolve_objection(user, rec, resolution):
    if not (resolution or "").strip():
        raise ValidationError({"resolution": _("Say how the objection was resolved.")})
    return transition(rec, user, "resolve", changes={"objection_resolution": resolution.strip(),
                                                     "objection_open": False}, where=Q(objection_open=True),
                      note=resolution)


@transaction.atomic
def approve(user, rec, on=None):
    on = on or timezone.localdate()
    if rec.objection_open:
        raise ValidationError({"approved_on": _("Resolve the objection first.")})
    if rec.notice_end is None or on <= rec.notice_end:
        raise ValidationError({"approved_on": _("The public notice runs until %(day)s; approve after it ends.")
                               % {"day": rec.notice_end}})
    return transition(rec, user, "approve", changes={"approved_on": on}, where=Q(objection_open=False))


@transaction.atomic
def award(user, rec, certificate_no, on=None):
    """The award with its certificate number; a person's title goes into the registry (an archive opened or
    found by the ID number)."""
    on = on or timezone.localdate()
    _still(rec, "award")
    certificate_no = (certificate_no or "").strip()
    if not certificate_no:
        raise ValidationError({"certificate_no": _("Enter the certificate number.")})
    if Recommendation.objects.filter(certificate_no=certificate_no).exclude(pk=rec.pk).exists():
        raise ValidationError({"certificate_no": _("Another award has this certificate number.")})
    worker = None
    scheme = rec.round.scheme
    if rec.id_hash:
        worker = ModelWorker.objects.select_for_update().filter(id_hash=rec.id_hash).first()
        if worker is None:
            worker = ModelWorker(org=rec.org, name=rec.nominee, id_number=rec.id_number, id_hash=rec.id_hash,
                                 employer=rec.employer, level=scheme.level, census_year=on.year)
            worker.save()
            audit.created(worker, user)
        elif LEVEL_RANK[scheme.level] > LEVEL_RANK[worker.level]:
            before = audit.snapshot(worker)
            worker.level = scheme.level
            worker.save(update_fields=["level", "updated_at"])
            audit.updated(worker, user, before)
        if Title.objects.filter(worker=worker, name=scheme.name, year=rec.round.year).exists():
            raise ValidationError(_("%(name)s already holds this title for %(year)d.")
                                  % {"name": worker.name, "year": rec.round.year})
        Title.objects.create(worker=worker, scheme=scheme, name=scheme.name, level=scheme.level,
                             year=rec.round.year, certificate_no=certificate_no)
    return transition(rec, user, "award", changes={"certificate_no": certificate_no, "awarded_on": on,
                                                   "worker": worker})


def _still(obj, name):
    """The step's source state, before the rules that would refuse it anyway: a lost race is a conflict (409)."""
    t = type(obj).workflow[name]
    if obj.status not in t.sources:
        raise WorkflowConflict(type(obj).workflow.conflict_message(obj, t))


@transaction.atomic
def reject(user, rec, reason):
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason.")})
    return transition(rec, user, "reject", changes={"review_note": reason.strip()}, note=reason)


# The registry ---------------------------------------------------------------------------------------------------

WORKER_FIELDS = ("org", "name", "id_number", "employer", "level", "bank_name", "bank_account", "in_hardship",
                 "hardship_archive_no", "notes")


@transaction.atomic
def save_worker(user, worker, **data):
    worker = worker or ModelWorker()
    before = audit.snapshot(worker) if worker.pk else None
    for k, v in data.items():
        if k in WORKER_FIELDS and not (k == "org" and worker.pk):
            setattr(worker, k, v)
    scope.require(user, "change", worker.org)
    errors = {}
    number = _id_number(worker.id_number, "id_number", errors)
    if number:
        worker.id_number = number
        worker.id_hash = pii.id_hash(number)
        if ModelWorker.objects.filter(id_hash=worker.id_hash).exclude(pk=worker.pk).exists():
            errors["id_number"] = _("This person already has a model-worker archive.")
    if worker.in_hardship and not worker.hardship_archive_no:
        errors["hardship_archive_no"] = _("Enter the number of the hardship archive (open one in 困难职工帮扶).")
    if errors:
        raise ValidationError(errors)
    worker.full_clean(exclude=["id_hash", "member"])
    worker.save()
    audit.created(worker, user) if before is None else audit.updated(worker, user, before)
    return worker


@transaction.atomic
def add_title(user, worker, name, level, year, certificate_no="", scheme=None):
    scope.require(user, "change", worker.org)
    if Title.objects.filter(worker=worker, name=name, year=year).exists():
        raise ValidationError({"name": _("This title of this year is already in the archive.")})
    title = Title.objects.create(worker=worker, scheme=scheme, name=name, level=level, year=year,
                                 certificate_no=certificate_no or "")
    if LEVEL_RANK[level] > LEVEL_RANK[worker.level]:
        ModelWorker.objects.filter(pk=worker.pk).update(level=level)
    return title


@transaction.atomic
def confirm_census(user, worker, year=None):
    """The yearly census (年度核查): the record checked and confirmed for ``year``."""
    this_year = timezone.localdate().year
    year = year or this_year
    if not 1949 <= year <= this_year:
        raise ValidationError({"year": _("The census year must be between 1949 and this year.")})
    return transition(worker, user, "census", changes={"census_year": year},
                      note=_("census %(year)d") % {"year": year})


@transaction.atomic
def retire(user, worker):
    return transition(worker, user, "retire")


@transaction.atomic
def record_death(user, worker, on):
    if on is None:
        raise ValidationError({"on": _("Enter the date of death.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    return transition(worker, user, "decease", changes={"deceased_on": on})


@transaction.atomic
def reissue_certificate(user, worker, title, certificate_no, reason):
    """A lost certificate re-issued: the title's new number and a record of why."""
    if title is None or title.worker_id != worker.pk:
        raise ValidationError({"title": _("Choose one of this model worker's titles.")})
    if not (certificate_no or "").strip():
        raise ValidationError({"certificate_no": _("Enter the new certificate number.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason.")})
    old = title.certificate_no
    title.certificate_no, title.reissued_on = certificate_no.strip(), timezone.localdate()
    title.save(update_fields=["certificate_no", "reissued_on"])
    return transition(worker, user, "reissue", note=_("%(title)s: %(old)s → %(new)s (%(reason)s)") % {
        "title": title.name, "old": old or "-", "new": title.certificate_no, "reason": reason.strip()})


# Allowance rules and payment runs -------------------------------------------------------------------------------

@transaction.atomic
def save_rule(user, rule, **data):
    rule = rule or AllowanceRule()
    before = audit.snapshot(rule) if rule.pk else None
    for k, v in data.items():
        if not (k == "org" and rule.pk):
            setattr(rule, k, v)
    scope.require(user, "change", rule.org)
    rule.amount = parse_money(rule.amount, "amount", required=True, positive=True)
    if AllowanceRule.objects.filter(org=rule.org, level=rule.level, worker_status=rule.worker_status,
                                    kind=rule.kind).exclude(pk=rule.pk).exists():
        raise ValidationError({"level": _("This union already has a rule for this level, status and allowance.")})
    rule.full_clean()
    rule.save()
    audit.created(rule, user) if before is None else audit.updated(rule, user, before)
    return rule


def _month(day):
    return day.replace(day=1)


def _rules_for(org):
    """The rules that apply to workers cared for in ``org``'s subtree: the run's union's own."""
    return {(r.level, r.worker_status, r.kind): r.amount for r in AllowanceRule.objects.filter(org=org)}


def due_lines(org, period):
    """Who is due what for ``period`` by the rules of ``org``: the living model workers in its subtree, less
    what any run has already paid or listed for that month."""
    rules = _rules_for(org)
    done = set(PaymentLine.objects.filter(period=period).values_list("worker_id", "kind"))
    # a one-off award is due once ever, whatever month a run listed it in
    done |= {(w, AllowanceKind.ONE_OFF) for w in PaymentLine.objects.filter(kind=AllowanceKind.ONE_OFF)
             .values_list("worker_id", flat=True)}
    lines = []
    workers = ModelWorker.objects.filter(org__path__startswith=org.path).exclude(status=WorkerStatus.DECEASED)
    for worker in workers.order_by("name", "pk"):
        for (level, status, kind), amount in rules.items():
            if level == worker.level and status == worker.status and (worker.pk, kind) not in done:
                lines.append(PaymentLine(worker=worker, period=period, kind=kind, amount=amount))
    return lines


@transaction.atomic
def create_run(user, org, period, memo=""):
    """The run of a month for ``org``: the lines computed from the rules, never typed."""
    if org is None:
        raise ValidationError({"org": _("Choose the paying union.")})
    scope.require(user, "change", org)
    if period is None:
        raise ValidationError({"period": _("Enter the month.")})
    period = _month(period)
    if period > _month(timezone.localdate()):
        raise ValidationError({"period": _("A month in the future cannot be paid yet.")})
    if PaymentRun.objects.filter(org=org, period=period).exists():
        raise ValidationError({"period": _("This union already has a payment run for that month.")})
    if not AllowanceRule.objects.filter(org=org).exists():
        raise ValidationError({"org": _("This union has no allowance rules yet; add them first.")})
    run = PaymentRun.objects.create(org=org, period=period, memo=(memo or "").strip()[:100], created_by=user)
    lines = due_lines(org, period)
    for line in lines:
        line.run = run
    try:
        with transaction.atomic():
            PaymentLine.objects.bulk_create(lines)
    except IntegrityError:
        raise ValidationError({"period": _("Another run was drawn up for this month at the same moment.")}) \
            from None
    _total(run)
    audit.created(run, user)
    return run


@transaction.atomic
def update_run_memo(user, run, memo):
    """A run's lines come from the rules; only its memo is edited."""
    scope.require(user, "change", run.org)
    before = audit.snapshot(run)
    run.memo = (memo or "").strip()[:100]
    run.save(update_fields=["memo"])
    audit.updated(run, user, before)
    return run


def _total(run):
    agg = run.lines.aggregate(total=Sum("amount"))
    run.total = (agg["total"] or Decimal("0")).quantize(Decimal("0.01"))
    run.people = run.lines.values("worker").distinct().count()
    run.save(update_fields=["total", "people"])


@transaction.atomic
def pay_run(user, run, paid_on=None):
    """Record the payment: lines of anyone who has died meanwhile are dropped first (none paid to the deceased)."""
    paid_on = paid_on or timezone.localdate()
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("The date cannot be in the future.")})
    type(run).workflow.require(run, user, "pay")
    dropped = run.lines.filter(worker__status=WorkerStatus.DECEASED)
    n = dropped.count()
    if n:
        dropped.delete()
        _total(run)
    run.refresh_from_db()
    note = _("%(n)d line(s) of deceased model workers removed") % {"n": n} if n else ""
    return transition(run, user, "pay", changes={"paid_on": paid_on}, where=Q(status=RunStatus.DRAFT), note=note)


# Care: rest trips and health checks, visits and grants ---------------------------------------------------------

CARE_FIELDS = ("org", "kind", "name", "year", "place", "starts_on", "ends_on", "places", "notes")


@transaction.atomic
def save_care_round(user, rnd, **data):
    rnd = rnd or CareRound()
    before = audit.snapshot(rnd) if rnd.pk else None
    for k, v in data.items():
        if k in CARE_FIELDS and not (k in ("org", "kind") and rnd.pk):
            setattr(rnd, k, v)
    scope.require(user, "change", rnd.org)
    errors = {}
    if rnd.starts_on and rnd.ends_on and rnd.ends_on < rnd.starts_on:
        errors["ends_on"] = _("The end cannot be before the start.")
    if rnd.starts_on and not rnd.year:
        rnd.year = rnd.starts_on.year
    if not rnd.places:
        errors["places"] = _("Enter the number of places (at least 1).")
    elif rnd.pk and rnd.places < rnd.participants.count():
        errors["places"] = _("More model workers have signed up than this; withdraw some first.")
    if errors:
        raise ValidationError(errors)
    rnd.full_clean()
    rnd.save()
    audit.created(rnd, user) if before is None else audit.updated(rnd, user, before)
    return rnd


def _count_care(rnd):
    rnd.signed_up = rnd.participants.count()
    rnd.attended = rnd.participants.filter(attended=True).count()
    CareRound.objects.filter(pk=rnd.pk).update(signed_up=rnd.signed_up, attended=rnd.attended)


def enrol_candidates(rnd):
    """The living model workers cared for in the round's subtree who have not signed up."""
    return (ModelWorker.objects.filter(org__path__startswith=rnd.org.path).exclude(status=WorkerStatus.DECEASED)
            .exclude(care__round=rnd).order_by("name", "pk"))


@transaction.atomic
def enrol(user, rnd, worker):
    """Sign a model worker up (报名): living, cared for below the organising union, once, within the places."""
    type(rnd).workflow.require(rnd, user, "enrol")
    rnd = CareRound.objects.select_for_update().get(pk=rnd.pk)
    if worker is None or not enrol_candidates(rnd).filter(pk=worker.pk).exists():
        raise ValidationError({"worker": _("Choose a living model worker cared for by this union or below who has "
                                           "not signed up yet.")})
    if rnd.participants.count() >= rnd.places:
        raise ValidationError({"worker": _("All %(n)d places are taken.") % {"n": rnd.places}})
    CareParticipant.objects.create(round=rnd, worker=worker)
    _count_care(rnd)
    return transition(rnd, user, "enrol", changes={"signed_up": rnd.signed_up}, note=worker.name)


@transaction.atomic
def withdraw(user, rnd, participant):
    type(rnd).workflow.require(rnd, user, "withdraw")
    if participant is None or participant.round_id != rnd.pk:
        raise ValidationError({"participant": _("Choose one of those who signed up.")})
    name = participant.worker.name
    participant.delete()
    _count_care(rnd)
    return transition(rnd, user, "withdraw", changes={"signed_up": rnd.signed_up}, note=name)


@transaction.atomic
def record_attendance(user, rnd, attended_ids):
    """Who went (and so who did not): the round is done."""
    type(rnd).workflow.require(rnd, user, "attend")
    if rnd.starts_on > timezone.localdate():
        raise ValidationError({"attended": _("Attendance can be recorded once the round has started.")})
    ids = {int(getattr(i, "pk", i)) for i in attended_ids or ()}
    if ids - set(rnd.participants.values_list("pk", flat=True)):
        raise ValidationError({"attended": _("Choose among those who signed up.")})
    rnd.participants.update(attended=False)
    rnd.participants.filter(pk__in=ids).update(attended=True)
    _count_care(rnd)
    return transition(rnd, user, "attend", changes={"attended": rnd.attended},
                      where=Q(status=CareRoundStatus.OPEN))


SUPPORT_FIELDS = ("org", "worker", "kind", "occasion", "given_on", "amount", "beneficiary", "notes")


@transaction.atomic
def save_support(user, record, **data):
    """A visit, study grant or one-off award: to a model worker cared for below the giving union; nothing given
    after their death but a visit to the family (慰问); a study grant names the student."""
    record = record or SupportRecord(created_by=user)
    before = audit.snapshot(record) if record.pk else None
    for k, v in data.items():
        if k in SUPPORT_FIELDS and not (k == "org" and record.pk):
            setattr(record, k, v)
    if record.worker_id and not record.org_id:
        record.org = record.worker.org
    scope.require(user, "change", record.org)
    errors = {}
    needs_amount = record.kind in (SupportKind.STUDY_GRANT, SupportKind.ONE_OFF)
    record.amount = parse_money(record.amount, "amount", required=needs_amount, errors=errors)
    worker = record.worker if record.worker_id else None
    if worker is None:
        errors["worker"] = _("Choose the model worker.")
    elif not worker.org.path.startswith(record.org.path) and not record.org.path.startswith(worker.org.path):
        errors["worker"] = _("The model worker is not cared for by this union, above or below.")
    if record.given_on and record.given_on > timezone.localdate():
        errors["given_on"] = _("The date cannot be in the future.")
    if (worker is not None and worker.deceased_on and record.given_on and record.given_on > worker.deceased_on
            and record.kind not in (SupportKind.HOLIDAY_VISIT, SupportKind.SICK_VISIT)):
        errors["given_on"] = _("The model worker had died by then; only a visit to the family can be recorded.")
    if record.kind == SupportKind.STUDY_GRANT and not (record.beneficiary or "").strip():
        errors["beneficiary"] = _("Enter who studies: the model worker or their child.")
    if errors:
        raise ValidationError(errors)
    record.amount = record.amount or Decimal("0")
    record.full_clean()
    record.save()
    audit.created(record, user) if before is None else audit.updated(record, user, before)
    return record
