"""Writes of hardship aid: archives and their workflow, campaigns and recipients, visits, the fund ledger.

Every function checks rights with ``scope.can`` (``assist`` for anything that touches a household, ``change``
to write), validates (ValidationError naming the field), writes the audit log in the same transaction and
returns the object. Workflow steps put the allowed source states in the UPDATE's WHERE clause and raise
WorkflowConflict when no row changed.

The rules "one open archive per person" and "once per campaign" are checked here for a clear message and
enforced by partial unique indexes (see models), so two unions racing cannot both succeed.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, pii, scope, sequences
from gonghui.core.attachments import IMAGE_TYPES, atomic_with_files, check_upload, delete_on_rollback, safe_name
from gonghui.core.exceptions import WorkflowConflict
from gonghui.core.validators import check_mobile, parse_id_number
from gonghui.orgs.choices import OrgLevel

from .choices import (
    DEFAULT_NOTICE_WORKING_DAYS,
    HOLDING_RECIPIENT_STATUSES,
    OPEN_STATUSES,
    PHOTO_MAX_BYTES,
    SUDDEN_CAUSES,
    ArchiveStatus,
    CampaignKind,
    CampaignStatus,
    Category,
    Cause,
    EntryKind,
    Health,
    Housing,
    IncomeSource,
    Occasion,
    PaymentKind,
    RecipientStatus,
    Relation,
    TaskStatus,
    Tier,
    WorkStatus,
)
from .models import (
    AidCampaign,
    AidPayment,
    AidRecipient,
    ArchiveCause,
    ArchiveReview,
    CampaignParticipant,
    FundBalance,
    FundLedgerEntry,
    HardshipArchive,
    HomeVisit,
    HomeVisitPhoto,
    HouseholdMember,
    IncomeThreshold,
    Overdraft,
    Pairing,
    Visit,
    VisitTask,
)

CENT = Decimal("0.01")

ARCHIVE_FIELDS = [
    "name", "id_number", "phone", "address", "housing", "housing_note", "receives_dibao", "model_worker",
    "migrant_worker", "monthly_rigid_expenses", "situation", "bank_name", "bank_account_name", "bank_account",
]
HOUSEHOLD_FIELDS = ["relation", "name", "id_number", "birth_date", "health", "work", "employer", "school_entry_year",
                    "monthly_income"]

ONE_ARCHIVE_RULE = _("A person can be in only one open hardship archive in the whole system (one archive per "
                     "person and household).")


def _one_archive_message():
    return _("This person already belongs to a household with an open hardship archive. A person can be in only "
             "one open hardship archive in the whole system (one archive per person and household); the union "
             "holding it must close it first.")


def _once_per_campaign_message():
    return _("This person has already been proposed for this campaign. A person can receive the same campaign "
             "only once, whichever union proposes them.")


def _require(user, action, org):
    if not scope.can(user, action, org):
        raise PermissionDenied(_("Your role does not allow this."))


def _require_assist(user, org):
    """Writing a household's details needs the right to change and to handle assistance at the union."""
    _require(user, "change", org)
    _require(user, "assist", org)


def level_above(org):
    parent = org.get_parent()
    return parent if parent is not None else org


def _require_level_above(user, org):
    """Approvals are made by the level above (the parent union); the city root approves its own."""
    if not scope.can(user, "change", level_above(org)):
        raise PermissionDenied(_("Only the level above (%(org)s) can approve this.") % {"org": level_above(org).name})


def _today():
    return timezone.localdate()


def _not_future(day, field="date"):
    if day and day > _today():
        raise ValidationError({field: _("This date cannot be in the future.")})


def _money(value, field, *, positive=False, allow_blank=False):
    if value in (None, "") and allow_blank:
        return Decimal("0")
    try:
        value = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: _("Enter an amount in yuan.")}) from None
    if not value.is_finite() or value < 0 or (positive and value <= 0):
        raise ValidationError({field: _("Enter an amount above zero.") if positive else _("The amount cannot be negative.")})
    if value >= Decimal("1e12"):
        raise ValidationError({field: _("The amount is too large.")})
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def setting(name, default):
    return getattr(settings, name, default)


def add_working_days(day, n):
    """The ``n``-th working day (Monday to Friday) after ``day``."""
    while n > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


# --- income thresholds and the tier rules -------------------------------------------------------------------


def _ancestor_or_self_paths(path):
    step = 4
    return [path[:i] for i in range(step, len(path) + 1, step)]


def threshold_for(org, year):
    """The threshold of the nearest organisation at or above ``org`` that has one for ``year``."""
    return (IncomeThreshold.objects.filter(org__path__in=_ancestor_or_self_paths(org.path), year=year)
            .select_related("org").order_by("-org__depth").first())


@transaction.atomic
def set_threshold(user, org, year, *, dibao_line, deep_line, relative_line, note=""):
    """Create or change the lines of ``org``'s region for ``year`` (city and district federations keep them)."""
    _require(user, "change", org)
    errors = {}
    if org.level not in (OrgLevel.CITY, OrgLevel.COUNTY) and org.depth > 1:
        errors["org"] = _("Income lines are set by a city or district federation.")
    try:
        year = int(year)
        if not 2000 <= year <= _today().year + 1:
            raise ValueError
    except (TypeError, ValueError):
        errors["year"] = _("Choose a year between 2000 and next year.")
    lines = {}
    for name, value in (("dibao_line", dibao_line), ("deep_line", deep_line), ("relative_line", relative_line)):
        try:
            lines[name] = _money(value, name)
        except ValidationError as e:
            errors.update(e.message_dict)
    if not errors and lines["deep_line"] > lines["relative_line"]:
        errors["relative_line"] = _("The relative hardship line cannot be below the deep hardship line.")
    if errors:
        raise ValidationError(errors)
    obj = IncomeThreshold.objects.select_for_update().filter(org=org, year=year).first()
    if obj is None:
        obj = IncomeThreshold.objects.create(org=org, year=year, note=note or "", **lines)
        audit.created(obj, user)
        return obj
    before = audit.snapshot(obj)
    for k, v in lines.items():
        setattr(obj, k, v)
    obj.note = note or ""
    obj.save()
    audit.updated(obj, user, before)
    return obj


def propose_tier(income_per_person, rigid_per_person, causes, threshold):
    """(tier, reason) from the rules:

    - income per person at or below the deep hardship line → 深度困难;
    - at or below the relative hardship line → 相对困难;
    - above it, but at or below it once the rigid expenses (medical, schooling) are taken off, and the
      hardship comes from illness, a disaster or an accident → 意外致困;
    - otherwise no tier (the household is above the lines).
    """
    if threshold is None:
        return "", _("No income threshold is set for this region and year.")
    lines = {"per": income_per_person, "deep": threshold.deep_line, "relative": threshold.relative_line}
    if income_per_person <= threshold.deep_line:
        return Tier.DEEP, _("Income per person %(per)s is at or below the deep hardship line %(deep)s.") % lines
    if income_per_person <= threshold.relative_line:
        return Tier.RELATIVE, _("Income per person %(per)s is at or below the relative hardship line %(relative)s.") % lines
    if set(causes) & SUDDEN_CAUSES and income_per_person - rigid_per_person <= threshold.relative_line:
        return Tier.ACCIDENT, _("After rigid expenses, income per person is at or below the relative hardship "
                                "line %(relative)s, and the cause is illness, a disaster or an accident.") % lines
    return "", _("Income per person %(per)s is above the relative hardship line %(relative)s.") % lines


def compute_income(archive, household, causes, *, year=None):
    """Set the household figures, the threshold and the proposed tier on ``archive`` (not saved)."""
    size = max(len(household), 1)
    income = sum((h.get("monthly_income") or Decimal("0") for h in household), Decimal("0"))
    per = (income / size).quantize(CENT, rounding=ROUND_HALF_UP)
    rigid = ((archive.monthly_rigid_expenses or Decimal("0")) / size).quantize(CENT, rounding=ROUND_HALF_UP)
    threshold = threshold_for(archive.org, year or _today().year)
    tier, reason = propose_tier(per, rigid, causes, threshold)
    archive.household_size, archive.household_income, archive.income_per_person = size, income, per
    archive.threshold, archive.proposed_tier = threshold, tier
    return reason


# --- archives --------------------------------------------------------------------------------------------------


def _clean_archive(data, household, causes):
    """Validated (archive data, household rows incl. the worker, causes); ValidationError naming fields."""
    errors = {}
    data = {k: v for k, v in data.items() if k in ARCHIVE_FIELDS or k in ("monthly_income", "health", "work")}
    data["name"] = (data.get("name") or "").strip()
    if not data["name"]:
        errors["name"] = _("Enter the name.")
    try:
        info = parse_id_number(data.get("id_number") or "")
        data["id_number"] = info.number
    except ValidationError as e:
        errors["id_number"] = e.messages[0]
        info = None
    if data.get("phone"):
        try:
            data["phone"] = check_mobile(data["phone"])
        except ValidationError as e:
            errors["phone"] = e.messages[0]
    for name in ("monthly_rigid_expenses",):
        try:
            data[name] = _money(data.get(name), name, allow_blank=True)
        except ValidationError as e:
            errors.update(e.message_dict)
    if data.get("housing") and data["housing"] not in Housing.values:
        errors["housing"] = _("Choose the housing from the list.")
    causes = sorted(set(causes or []))
    if not causes:
        errors["causes"] = _("Choose at least one cause of hardship.")
    elif any(c not in Cause.values for c in causes):
        errors["causes"] = _("Choose the causes from the list.")
    rows = []
    has_self = any((h.get("relation") == Relation.SELF) for h in household)
    if not has_self:
        try:
            own_income = _money(data.get("monthly_income"), "monthly_income", allow_blank=True)
        except ValidationError as e:
            errors.update(e.message_dict)
            own_income = Decimal("0")
        rows.append({"relation": Relation.SELF, "name": data["name"], "id_number": data.get("id_number", ""),
                     "birth_date": info.birth_date if info else None, "health": data.get("health") or Health.HEALTHY,
                     "work": data.get("work") or WorkStatus.EMPLOYED, "employer": "", "school_entry_year": None,
                     "monthly_income": own_income})
    household_errors = []
    seen = set()
    for i, raw in enumerate(household, 1):
        row = {k: raw.get(k) for k in HOUSEHOLD_FIELDS}
        row["name"] = (row.get("name") or "").strip()
        label = _("Household member %(n)d") % {"n": i}
        if not row["name"]:
            household_errors.append(_("%(row)s: enter the name.") % {"row": label})
        if row.get("relation") not in Relation.values:
            household_errors.append(_("%(row)s: choose the relation.") % {"row": label})
        row["health"] = row.get("health") or Health.HEALTHY
        row["work"] = row.get("work") or WorkStatus.EMPLOYED
        row["employer"] = row.get("employer") or ""
        if row["health"] not in Health.values or row["work"] not in WorkStatus.values:
            household_errors.append(_("%(row)s: choose health and work from the list.") % {"row": label})
        try:
            row["monthly_income"] = _money(row.get("monthly_income"), "monthly_income", allow_blank=True)
        except ValidationError:
            household_errors.append(_("%(row)s: the income is not a valid amount.") % {"row": label})
            row["monthly_income"] = Decimal("0")
        if row.get("id_number"):
            try:
                hinfo = parse_id_number(row["id_number"])
                row["id_number"] = hinfo.number
                row["birth_date"] = row.get("birth_date") or hinfo.birth_date
            except ValidationError as e:
                household_errors.append(f"{label}: {e.messages[0]}")
        else:
            row["id_number"] = ""
        if row["relation"] == Relation.SELF and info is not None:
            row["id_number"], row["name"] = info.number, data["name"]
        rows.append(row)
    for row in rows:
        if row["id_number"]:
            if row["id_number"] in seen:
                household_errors.append(_("The ID number of %(name)s appears twice in the household.") % {"name": row["name"]})
            seen.add(row["id_number"])
    if sum(1 for r in rows if r["relation"] == Relation.SELF) != 1:
        household_errors.append(_("The household lists the worker exactly once."))
    if household_errors:
        errors["household"] = household_errors
    if errors:
        raise ValidationError(errors)
    return data, rows, causes


def _check_people_free(worker_hash, rows, exclude_archive_id=None):
    """Refuse people who are already in another open archive (as its worker or in its household)."""
    hashes = {pii.id_hash(r["id_number"]) for r in rows if r["id_number"]}
    taken = HouseholdMember.objects.filter(id_hash__in=hashes, is_open=True)
    other = HardshipArchive.objects.filter(id_hash__in=hashes, status__in=OPEN_STATUSES)
    if exclude_archive_id is not None:
        taken = taken.exclude(archive_id=exclude_archive_id)
        other = other.exclude(pk=exclude_archive_id)
    found = set(taken.values_list("id_hash", flat=True)) | set(other.values_list("id_hash", flat=True))
    if worker_hash in found:
        raise ValidationError({"id_number": _one_archive_message()})
    if found:
        names = [r["name"] for r in rows if r["id_number"] and pii.id_hash(r["id_number"]) in found]
        raise ValidationError({"household": _("%(names)s already belong(s) to a household with an open hardship "
                                              "archive. %(rule)s") % {"names": "、".join(names), "rule": ONE_ARCHIVE_RULE}})


def _write_household(archive, rows):
    archive.household.all().delete()
    HouseholdMember.objects.bulk_create([
        HouseholdMember(archive=archive, relation=r["relation"], name=r["name"], id_number=r["id_number"],
                        id_hash=pii.id_hash(r["id_number"]) if r["id_number"] else "", birth_date=r.get("birth_date"),
                        health=r["health"], work=r["work"], employer=r["employer"],
                        school_entry_year=r.get("school_entry_year") or None, monthly_income=r["monthly_income"],
                        is_open=archive.status in OPEN_STATUSES)
        for r in rows
    ])
    archive.causes.all().delete()


def _save_archive(archive, rows, causes, *, creating):
    """Save the archive, its household and causes; the unique indexes turn a lost race into the rule's message."""
    try:
        with transaction.atomic():
            archive.save()
            _write_household(archive, rows)
            ArchiveCause.objects.bulk_create([ArchiveCause(archive=archive, cause=c) for c in causes])
    except IntegrityError:
        if creating:
            archive.pk = None
        raise ValidationError({"id_number": _one_archive_message()}) from None


def next_archive_no():
    return f"KN{sequences.allocate('hardship_archive_no'):08d}"


def _new_archive(org, data, rows, causes, *, status, member=None, via_portal=False):
    worker_hash = pii.id_hash(data["id_number"])
    _check_people_free(worker_hash, rows)
    archive = HardshipArchive(org=org, member=member, id_hash=worker_hash, status=status,
                              applied_via_portal=via_portal, archive_no=next_archive_no(),
                              applied_on=_today() if status != ArchiveStatus.DRAFT else None,
                              **{k: data.get(k, "") for k in ARCHIVE_FIELDS if k in data})
    archive.tier_reason = compute_income(archive, rows, causes)
    _save_archive(archive, rows, causes, creating=True)
    return archive


@transaction.atomic
def create_archive(user, org, data, household=(), causes=(), *, submit=False):
    """The union files an archive (建档立卡) for a worker; ``submit`` files it as applied at once."""
    _require_assist(user, org)
    if not org.is_live:
        raise ValidationError({"org": _("A dissolved or merged union cannot file archives.")})
    member = data.get("member")
    if member is not None and not member.org.path.startswith(org.path):
        raise ValidationError({"member": _("Choose a member of this union.")})
    data, rows, causes = _clean_archive(data, list(household), causes)
    archive = _new_archive(org, data, rows, causes, member=member,
                           status=ArchiveStatus.APPLIED if submit else ArchiveStatus.DRAFT)
    audit.created(archive, user)
    return archive


@transaction.atomic
def apply_in_portal(account, member, data, household=(), causes=()):
    """A worker applies for an archive in the member portal: filed as applied at the member's union."""
    data = dict(data, name=member.name, id_number=member.id_number, phone=data.get("phone") or member.phone)
    data["migrant_worker"] = data.get("migrant_worker") or member.employment_type == "migrant"
    data, rows, causes = _clean_archive(data, list(household), causes)
    archive = _new_archive(member.org, data, rows, causes, member=member, status=ArchiveStatus.APPLIED, via_portal=True)
    audit.created(archive, account, note="portal")
    return archive


@transaction.atomic
def update_archive(user, archive, data, household=None, causes=None):
    """Change the details (动态管理): the household and income are recomputed; the change log keeps the history."""
    _require_assist(user, archive.org)
    archive = HardshipArchive.objects.select_for_update().select_related("org").get(pk=archive.pk)
    if archive.status not in OPEN_STATUSES:
        raise ValidationError({"status": _("A closed or rejected archive cannot be changed.")})
    before = audit.snapshot(archive)
    current = {f: getattr(archive, f) for f in ARCHIVE_FIELDS}
    if household is None:
        household = [{f: getattr(h, f) for f in HOUSEHOLD_FIELDS} for h in archive.household.all()]
    if causes is None:
        causes = list(archive.causes.values_list("cause", flat=True))
    merged = current | {k: v for k, v in data.items() if k in ARCHIVE_FIELDS}
    merged["id_number"] = archive.id_number  # the person of an archive does not change
    merged["name"] = merged.get("name") or archive.name
    data, rows, causes = _clean_archive(merged, list(household), causes)
    _check_people_free(archive.id_hash, rows, exclude_archive_id=archive.pk)
    for k in ARCHIVE_FIELDS:
        if k in data and k != "id_number":
            setattr(archive, k, data[k])
    archive.tier_reason = compute_income(archive, rows, causes)
    _save_archive(archive, rows, causes, creating=False)
    audit.updated(archive, user, before)
    return archive


def _transition(user, archive, allowed, to_status, name, note="", **fields):
    before = audit.snapshot(archive)
    changed = HardshipArchive.objects.filter(pk=archive.pk, status__in=allowed).update(
        status=to_status, updated_at=timezone.now(), **fields)
    if not changed:
        raise WorkflowConflict(_("The archive is no longer at a step that allows this; reload the page."))
    if to_status not in OPEN_STATUSES:
        HouseholdMember.objects.filter(archive_id=archive.pk).update(is_open=False)
    archive.refresh_from_db()
    audit.transitioned(archive, user, name, before, note=note)
    return archive


@transaction.atomic
def submit_archive(user, archive):
    _require_assist(user, archive.org)
    return _transition(user, archive, [ArchiveStatus.DRAFT], ArchiveStatus.APPLIED, "hardship_submit", applied_on=_today())


@atomic_with_files()
def record_home_visit(user, archive, *, date, visitors, findings, confirms_application=True, photos=()):
    """入户核查: record the home visit (with photos); an applied archive moves to verifying."""
    _require_assist(user, archive.org)
    errors = {}
    if not date:
        errors["date"] = _("Enter the date of the visit.")
    if not (visitors or "").strip():
        errors["visitors"] = _("Name the visitors.")
    if not (findings or "").strip():
        errors["findings"] = _("Describe what the visit found.")
    if errors:
        raise ValidationError(errors)
    _not_future(date)
    checked = [(p, *check_upload(p, field="photos", types=IMAGE_TYPES, max_bytes=PHOTO_MAX_BYTES,
                                 what=_("The photo"))) for p in photos]
    if archive.status == ArchiveStatus.APPLIED:
        _transition(user, archive, [ArchiveStatus.APPLIED], ArchiveStatus.VERIFYING, "hardship_verify")
    elif archive.status != ArchiveStatus.VERIFYING:
        raise WorkflowConflict(_("A home visit is recorded while the application is being verified."))
    visit = HomeVisit.objects.create(archive=archive, date=date, visitors=visitors.strip(), findings=findings.strip(),
                                     confirms_application=confirms_application, recorded_by=_user_or_none(user))
    for upload, content_type, ext in checked:
        photo = HomeVisitPhoto(visit=visit, file_name=safe_name(upload.name, ext, "photo"), file_type=content_type)
        photo.file.save(photo.file_name, upload, save=False)
        delete_on_rollback(photo.file.storage, photo.file.name)  # a failed visit leaves no photo behind
        photo.save()
    audit.record("update", archive, user=user, note=_("Home visit on %(date)s by %(who)s") % {
        "date": date.isoformat(), "who": visit.visitors})
    return visit


def _user_or_none(user):
    return user if getattr(user, "is_authenticated", False) else None


def notice_required():
    return bool(setting("GONGHUI_HARDSHIP_PUBLIC_NOTICE", True))


@transaction.atomic
def complete_verification(user, archive, *, tier, tier_reason="", public_notice=None):
    """The union confirms the tier after the home visit; the archive goes to public notice (公示) or approval."""
    _require_assist(user, archive.org)
    errors = {}
    if tier not in Tier.values:
        errors["tier"] = _("Choose the tier.")
    elif tier != archive.proposed_tier and not (tier_reason or "").strip():
        errors["tier_reason"] = _("The tier differs from the one the rules propose: give the reason.")
    if not archive.home_visits.filter(confirms_application=True).exists():
        errors["__all__"] = _("Record a home visit that confirms the application first.")
    if errors:
        raise ValidationError(errors)
    if public_notice is None:
        public_notice = notice_required()
    fields = {"tier": tier, "tier_reason": (tier_reason or archive.tier_reason)[:300]}
    if public_notice:
        start = _today()
        days = int(setting("GONGHUI_HARDSHIP_NOTICE_WORKING_DAYS", DEFAULT_NOTICE_WORKING_DAYS))
        return _transition(user, archive, [ArchiveStatus.VERIFYING], ArchiveStatus.NOTICE, "hardship_notice",
                           notice_start=start, notice_end=add_working_days(start, days), **fields)
    return _transition(user, archive, [ArchiveStatus.VERIFYING], ArchiveStatus.PENDING, "hardship_verified", **fields)


@transaction.atomic
def end_notice(user, archive, *, today=None, objection=""):
    """The public notice is over: the archive goes up for approval (or is rejected on a valid objection)."""
    today = today or _today()
    if user is not None:
        _require_assist(user, archive.org)
    if archive.notice_end and today <= archive.notice_end:
        raise ValidationError({"__all__": _("The public notice runs until %(date)s.") % {"date": archive.notice_end}})
    if objection.strip():
        return _transition(user, archive, [ArchiveStatus.NOTICE], ArchiveStatus.REJECTED, "reject", note=objection,
                           close_reason=objection.strip())
    return _transition(user, archive, [ArchiveStatus.NOTICE], ArchiveStatus.PENDING, "hardship_notice_end")


@transaction.atomic
def approve_archive(user, archive):
    """The level above approves: the archive becomes active and is due for review in a year."""
    _require_level_above(user, archive.org)
    _require(user, "assist", archive.org)
    if not archive.tier:
        raise ValidationError({"tier": _("Confirm the tier before approval.")})
    today = _today()
    return _transition(user, archive, [ArchiveStatus.PENDING], ArchiveStatus.ACTIVE, "approve", approved_on=today,
                       approved_by=_user_or_none(user), next_review_due=_add_year(today))


def _add_year(day):
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


@transaction.atomic
def reject_archive(user, archive, reason):
    _require_assist(user, archive.org)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason.")})
    return _transition(user, archive, [ArchiveStatus.APPLIED, ArchiveStatus.VERIFYING, ArchiveStatus.NOTICE,
                                       ArchiveStatus.PENDING, ArchiveStatus.DRAFT],
                       ArchiveStatus.REJECTED, "reject", note=reason, close_reason=reason.strip())


@transaction.atomic
def close_archive(user, archive, reason, *, date=None):
    """脱困: the household is out of hardship; the archive is closed with the reason."""
    _require_assist(user, archive.org)
    date = date or _today()
    _not_future(date)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason.")})
    return _transition(user, archive, [ArchiveStatus.ACTIVE], ArchiveStatus.CLOSED, "hardship_close", note=reason,
                       closed_on=date, close_reason=reason.strip(), next_review_due=None)


@transaction.atomic
def review_archive(user, archive, *, date=None, outcome="continue", tier="", note=""):
    """The yearly review (动态管理): income recomputed, tier kept or changed, or the archive closed."""
    _require_assist(user, archive.org)
    date = date or _today()
    _not_future(date)
    archive = HardshipArchive.objects.select_for_update().get(pk=archive.pk)
    if archive.status != ArchiveStatus.ACTIVE:
        raise WorkflowConflict(_("Only an active archive is reviewed."))
    if outcome not in ("continue", "retier", "close"):
        raise ValidationError({"outcome": _("Choose the outcome.")})
    if outcome == "retier" and tier not in Tier.values:
        raise ValidationError({"tier": _("Choose the new tier.")})
    if outcome == "close" and not note.strip():
        raise ValidationError({"note": _("Give the reason the household is out of hardship.")})
    household = [{f: getattr(h, f) for f in HOUSEHOLD_FIELDS} for h in archive.household.all()]
    causes = list(archive.causes.values_list("cause", flat=True))
    before = audit.snapshot(archive)
    reason = compute_income(archive, household, causes, year=date.year)
    review = ArchiveReview.objects.create(
        archive=archive, date=date, outcome=outcome, tier_before=archive.tier,
        tier_after=tier if outcome == "retier" else archive.tier, income_per_person=archive.income_per_person,
        note=note, reviewed_by=_user_or_none(user))
    if outcome == "close":
        archive.save()
        close_archive(user, archive, note, date=date)
        return review
    if outcome == "retier":
        archive.tier = tier
    archive.tier_reason = (note or reason)[:300]
    archive.next_review_due = _add_year(date)
    archive.review_reminded_for = None
    archive.save()
    audit.record("transition", archive, user=user, before=before, after=audit.snapshot(archive),
                 transition="hardship_review", note=note)
    return review


# --- campaigns -------------------------------------------------------------------------------------------------


CAMPAIGN_FIELDS = ["kind", "name", "year", "budget", "needs_archive", "eligible_tiers", "eligible_categories",
                   "school_entry_year", "standard_amount", "opened_on", "note"]


def _clean_campaign(org, data, participants):
    errors = {}
    data = {k: data.get(k) for k in CAMPAIGN_FIELDS if k in data}
    if data.get("kind") not in CampaignKind.values:
        errors["kind"] = _("Choose the kind of campaign.")
    data["name"] = (data.get("name") or "").strip() or str(dict(CampaignKind.choices).get(data.get("kind"), ""))
    try:
        data["year"] = int(data.get("year") or _today().year)
    except (TypeError, ValueError):
        errors["year"] = _("Enter the year as four digits.")
    for name in ("budget", "standard_amount"):
        try:
            data[name] = _money(data.get(name), name)
        except ValidationError as e:
            errors.update(e.message_dict)
    data["eligible_tiers"] = [t for t in (data.get("eligible_tiers") or []) if t in Tier.values]
    data["eligible_categories"] = [c for c in (data.get("eligible_categories") or []) if c in Category.values]
    data["needs_archive"] = bool(data.get("needs_archive", True))
    data["opened_on"] = data.get("opened_on") or _today()
    data["note"] = data.get("note") or ""
    if data.get("kind") == CampaignKind.SCHOOL:
        if not data.get("school_entry_year"):
            errors["school_entry_year"] = _("Golden autumn school aid needs the school entry year of the students.")
    else:
        data["school_entry_year"] = None
    clean_parts = []
    total = Decimal("0")
    for part_org, budget in participants:
        if part_org.pk != org.pk and not (part_org.path.startswith(org.path) and part_org.depth > org.depth):
            errors["participants"] = _("Participants are organisations under %(org)s.") % {"org": org.name}
            break
        try:
            budget = _money(budget, "participants", allow_blank=True)
        except ValidationError as e:
            errors.update(e.message_dict)
            break
        total += budget
        clean_parts.append((part_org, budget))
    if "budget" in data and not errors and total > data["budget"]:
        errors["participants"] = _("The participants' budgets add up to more than the campaign's budget.")
    if errors:
        raise ValidationError(errors)
    return data, clean_parts


@transaction.atomic
def open_campaign(user, org, data, participants=()):
    """The city or a district opens a campaign for the organisations taking part (default: itself, whole subtree)."""
    _require(user, "change", org)
    if org.level not in (OrgLevel.CITY, OrgLevel.COUNTY) and org.depth > 1:
        raise ValidationError({"org": _("Campaigns are opened by the city or a district federation.")})
    data, parts = _clean_campaign(org, data, list(participants))
    campaign = AidCampaign.objects.create(org=org, status=CampaignStatus.OPEN, **data)
    CampaignParticipant.objects.bulk_create([CampaignParticipant(campaign=campaign, org=o, budget=b) for o, b in parts]
                                            or [CampaignParticipant(campaign=campaign, org=org, budget=data["budget"])])
    audit.created(campaign, user)
    return campaign


@transaction.atomic
def close_campaign(user, campaign):
    _require(user, "change", campaign.org)
    before = audit.snapshot(campaign)
    if not AidCampaign.objects.filter(pk=campaign.pk, status=CampaignStatus.OPEN).update(status=CampaignStatus.CLOSED):
        raise WorkflowConflict(_("The campaign is already closed."))
    campaign.refresh_from_db()
    audit.transitioned(campaign, user, "close", before)
    return campaign


def participant_for(campaign, org):
    """The participant whose subtree holds ``org`` (the nearest one), or None."""
    parts = [p for p in campaign.participants.select_related("org") if org.path.startswith(p.org.path)]
    return max(parts, key=lambda p: p.org.depth) if parts else None


def archive_qualifies(campaign, archive, *, today=None):
    """Does an archive meet the campaign's eligibility (active, tier, categories, a student of the entry year)?"""
    if archive.status != ArchiveStatus.ACTIVE:
        return False
    if campaign.eligible_tiers and archive.tier not in campaign.eligible_tiers:
        return False
    cats = campaign.eligible_categories
    if cats and not ((Category.MODEL_WORKER in cats and archive.model_worker)
                     or (Category.MIGRANT in cats and archive.migrant_worker)):
        return False
    if campaign.is_school_aid:
        return any(h.school_entry_year == campaign.school_entry_year and h.relation in (Relation.CHILD, Relation.GRANDCHILD)
                   for h in archive.household.all())
    return True


@transaction.atomic
def propose_recipient(user, campaign, org, *, archive=None, member=None, student=None, student_data=None,
                      amount=None, note=""):
    """A union proposes a person for a campaign (from its archives, or from members if no archive is needed).

    For 金秋助学 the person aided is the student child (``student``: a household member of the archive, or
    ``student_data`` with name, id_number, school, entry_year). The same person cannot be proposed for the
    same campaign twice, whichever union proposes them: a unique index decides a race.
    """
    _require(user, "change", org)
    _require(user, "assist", org)
    errors = {}
    if campaign.status != CampaignStatus.OPEN:
        raise ValidationError({"campaign": _("The campaign is closed.")})
    if participant_for(campaign, org) is None:
        raise ValidationError({"org": _("This union does not take part in the campaign.")})
    if archive is not None:
        if not archive.org.path.startswith(org.path):
            errors["archive"] = _("Choose an archive of this union.")
        elif not archive_qualifies(campaign, archive):
            errors["archive"] = _("The archive does not meet the campaign's conditions (active, tier, category, "
                                  "school entry year).")
        name, worker_hash, member = archive.name, archive.id_hash, archive.member
    elif member is not None:
        if campaign.needs_archive:
            errors["archive"] = _("This campaign is for workers with an active hardship archive.")
        if not member.org.path.startswith(org.path):
            errors["member"] = _("Choose a member of this union.")
        name, worker_hash = member.name, member.id_hash
    else:
        raise ValidationError({"archive": _("Choose an archive (or a member) to propose.")})
    person_hash = worker_hash
    student_fields = {}
    if campaign.is_school_aid:
        if student is not None:
            if archive is None or student.archive_id != archive.pk or not student.id_number:
                errors["student"] = _("Choose a child of the household with an ID number.")
            elif student.school_entry_year != campaign.school_entry_year:
                errors["student"] = _("The student does not enter school in %(year)s.") % {"year": campaign.school_entry_year}
            else:
                student_fields = {"student_name": student.name, "student_id_number": student.id_number,
                                  "school": student.employer, "entry_year": student.school_entry_year}
                person_hash = student.id_hash
        elif student_data:
            try:
                number = parse_id_number(student_data.get("id_number") or "").number
            except ValidationError as e:
                errors["student"] = e.messages[0]
                number = None
            if number:
                student_fields = {"student_name": (student_data.get("name") or "").strip(), "student_id_number": number,
                                  "school": student_data.get("school") or "",
                                  "entry_year": student_data.get("entry_year") or campaign.school_entry_year}
                person_hash = pii.id_hash(number)
        else:
            errors["student"] = _("Choose the student.")
    if errors:
        raise ValidationError(errors)
    amount = campaign.standard_amount if amount in (None, "") else _money(amount, "amount", positive=True)
    if AidRecipient.objects.filter(campaign=campaign, person_hash=person_hash,
                                   status__in=HOLDING_RECIPIENT_STATUSES).exists():
        raise ValidationError({"student" if campaign.is_school_aid else "archive": _once_per_campaign_message()})
    recipient = AidRecipient(campaign=campaign, org=org, archive=archive, member=member, name=name,
                             worker_hash=worker_hash, person_hash=person_hash, amount=amount, note=note or "",
                             **student_fields)
    try:
        with transaction.atomic():
            recipient.save()
    except IntegrityError:
        raise ValidationError({"student" if campaign.is_school_aid else "archive": _once_per_campaign_message()}) from None
    audit.created(recipient, user)
    return recipient


def _recipient_transition(user, recipient, allowed, to_status, name, note="", **fields):
    before = audit.snapshot(recipient)
    if not AidRecipient.objects.filter(pk=recipient.pk, status__in=allowed).update(status=to_status, **fields):
        raise WorkflowConflict(_("The recipient is no longer at a step that allows this; reload the page."))
    recipient.refresh_from_db()
    audit.transitioned(recipient, user, name, before, note=note)
    return recipient


@transaction.atomic
def approve_recipient(user, recipient):
    _require_level_above(user, recipient.org)
    return _recipient_transition(user, recipient, [RecipientStatus.PROPOSED], RecipientStatus.APPROVED, "approve",
                                 decided_by=_user_or_none(user), decided_on=_today())


@transaction.atomic
def reject_recipient(user, recipient, reason):
    _require_level_above(user, recipient.org)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason.")})
    return _recipient_transition(user, recipient, [RecipientStatus.PROPOSED], RecipientStatus.REJECTED, "reject",
                                 note=reason, decided_by=_user_or_none(user), decided_on=_today())


@transaction.atomic
def record_payment(user, recipient, *, kind, amount, paid_on=None, goods="", fund_org=None):
    """Cash, goods or a shopping card given to an approved recipient; cash and cards can be paid from a fund."""
    _require(user, "change", recipient.org)
    errors = {}
    if kind not in PaymentKind.values:
        errors["kind"] = _("Choose how the aid was given.")
    paid_on = paid_on or _today()
    _not_future(paid_on, "paid_on")
    amount = _money(amount, "amount", positive=True)
    if kind == PaymentKind.GOODS and not (goods or "").strip():
        errors["goods"] = _("Describe the goods.")
    if fund_org is not None and not recipient.org.path.startswith(fund_org.path):
        errors["fund_org"] = _("Pay from the fund of the proposing union or a union above it.")
    if fund_org is not None and not scope.can(user, "change", fund_org):
        errors["fund_org"] = _("Your role does not allow paying from this fund.")
    if errors:
        raise ValidationError(errors)
    _recipient_transition(user, recipient, [RecipientStatus.APPROVED, RecipientStatus.PAID], RecipientStatus.PAID,
                          "hardship_pay")
    payment = AidPayment.objects.create(recipient=recipient, kind=kind, amount=amount, paid_on=paid_on,
                                        goods=(goods or "").strip(), fund_org=fund_org, recorded_by=_user_or_none(user))
    if fund_org is not None:
        _post(fund_org, -amount, EntryKind.PAYMENT, paid_on, user, payment=payment,
              memo=f"{recipient.campaign.name}"[:200])
    audit.created(payment, user, org=recipient.org)
    return payment


# --- visits ------------------------------------------------------------------------------------------------------


@transaction.atomic
def record_occasion(user, archive, *, occasion, due_on, note=""):
    """四必访: an occasion (illness, a child entering university, a holiday, a wedding or funeral) creates a task."""
    _require_assist(user, archive.org)
    if occasion not in Occasion.values:
        raise ValidationError({"occasion": _("Choose the occasion.")})
    task, created = VisitTask.objects.get_or_create(archive=archive, occasion=occasion, due_on=due_on,
                                                    defaults={"org": archive.org, "note": note[:200]})
    if created:
        audit.created(task, user)
    return task


@transaction.atomic
def record_visit(user, archive, *, date, occasion, visitors, note="", task=None):
    _require_assist(user, archive.org)
    errors = {}
    if occasion not in Occasion.values:
        errors["occasion"] = _("Choose the occasion.")
    if not (visitors or "").strip():
        errors["visitors"] = _("Name the visitors.")
    if not date:
        errors["date"] = _("Enter the date of the visit.")
    if errors:
        raise ValidationError(errors)
    _not_future(date)
    if task is None:
        task = VisitTask.objects.filter(archive=archive, occasion=occasion, status=TaskStatus.OPEN).order_by("due_on").first()
    visit = Visit.objects.create(org=archive.org, archive=archive, task=task, occasion=occasion, date=date,
                                 visitors=visitors.strip(), note=note or "", recorded_by=_user_or_none(user))
    if task is not None:
        VisitTask.objects.filter(pk=task.pk).update(status=TaskStatus.DONE)
    audit.created(visit, user)
    return visit


@transaction.atomic
def add_pairing(user, archive, *, cadre_name, cadre_title="", started_on=None):
    """结对帮扶: pair a cadre with the household."""
    _require_assist(user, archive.org)
    if not (cadre_name or "").strip():
        raise ValidationError({"cadre_name": _("Name the cadre.")})
    pairing = Pairing.objects.create(archive=archive, cadre_name=cadre_name.strip(), cadre_title=cadre_title or "",
                                     started_on=started_on or _today())
    audit.record("update", archive, user=user, note=_("Paired with %(name)s") % {"name": pairing.cadre_name})
    return pairing


# --- the fund ledger -------------------------------------------------------------------------------------------


def overdraft_limit(org, day):
    return (Overdraft.objects.filter(org=org, valid_until__gte=day, approved_on__lte=day)
            .aggregate(m=Max("limit"))["m"] or Decimal("0"))


def _locked_balance(org):
    FundBalance.objects.get_or_create(org=org)
    return FundBalance.objects.select_for_update().get(org=org)


def _post(org, amount, kind, day, user, **fields):
    """Append an entry under the org's balance row lock; an overdraft beyond the approved one is refused."""
    bal = _locked_balance(org)
    new = bal.balance + amount
    if amount < 0 and new < 0 and new < -overdraft_limit(org, day):
        raise ValidationError({"amount": _("The assistance fund of %(org)s holds %(balance)s yuan; this would take it "
                                           "below zero without an approved overdraft.") % {
            "org": org.name, "balance": bal.balance}})
    bal.balance = new
    bal.save(update_fields=["balance"])
    entry = FundLedgerEntry.objects.create(org=org, date=day, kind=kind, amount=amount, balance_after=new,
                                           recorded_by=_user_or_none(user), **fields)
    return entry


@transaction.atomic
def record_income(user, org, *, amount, date=None, source, donor="", memo=""):
    """Income of the assistance fund: an upper-level allocation, union funds or a donation (with the donor)."""
    _require(user, "change", org)
    date = date or _today()
    _not_future(date)
    errors = {}
    if source not in IncomeSource.values:
        errors["source"] = _("Choose the source.")
    if source == IncomeSource.DONATION and not (donor or "").strip():
        errors["donor"] = _("Name the donor.")
    if errors:
        raise ValidationError(errors)
    amount = _money(amount, "amount", positive=True)
    entry = _post(org, amount, EntryKind.INCOME, date, user, source=source, donor=(donor or "").strip(), memo=memo or "")
    audit.created(entry, user)
    return entry


@transaction.atomic
def allocate_funds(user, giver, receiver, *, amount, date=None, memo=""):
    """An allocation down the tree: one entry out at the giver and one in at the receiver, in one transaction."""
    _require(user, "change", giver)
    date = date or _today()
    _not_future(date)
    if not (receiver.path.startswith(giver.path) and receiver.depth > giver.depth):
        raise ValidationError({"receiver": _("Funds are allocated to an organisation under %(org)s.") % {"org": giver.name}})
    amount = _money(amount, "amount", positive=True)
    _locked_balance(giver)  # lock in tree order (giver first): two allocations never deadlock
    _locked_balance(receiver)
    out = _post(giver, -amount, EntryKind.ALLOCATION_OUT, date, user, counterpart=receiver, memo=memo or "")
    into = _post(receiver, amount, EntryKind.ALLOCATION_IN, date, user, counterpart=giver, memo=memo or "")
    audit.created(out, user)
    audit.created(into, user)
    return out, into


@transaction.atomic
def approve_overdraft(user, org, *, limit, valid_until, reason):
    """The level above allows an organisation's fund to go below zero, up to a limit, until a date."""
    _require_level_above(user, org)
    limit = _money(limit, "limit", positive=True)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason.")})
    if not valid_until or valid_until < _today():
        raise ValidationError({"valid_until": _("The overdraft must be valid until today or later.")})
    obj = Overdraft.objects.create(org=org, limit=limit, valid_until=valid_until, reason=reason.strip(),
                                   approved_by=_user_or_none(user), approved_on=_today())
    audit.created(obj, user)
    return obj


def reveal_archive_pii(user, archive):
    """The full ID number and bank account (audited)."""
    _require(user, "reveal_pii", archive.org)
    _require(user, "assist", archive.org)
    audit.record("reveal", archive, user=user, note="id_number, bank_account")
    return {"id_number": archive.id_number, "bank_account": archive.bank_account}
