"""Filing and changing an archive (建档立卡): the household, its income, the one-archive-per-person rule.

"One open archive per person" is checked here for a clear message and enforced by partial unique indexes (see
``models.archives``), so two unions racing cannot both succeed.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, pii, sequences
from gonghui.core.services import reveal
from gonghui.core.validators import check_mobile, parse_id_number, parse_money

from ..choices import OPEN_STATUSES, ArchiveStatus, Cause, Health, Housing, Relation, WorkStatus
from ..models import ArchiveCause, HardshipArchive, HouseholdMember
from .common import require_assist
from .thresholds import compute_income

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


def _clean_household_row(raw, label, info, data, household_errors):
    row = {k: raw.get(k) for k in HOUSEHOLD_FIELDS}
    row["name"] = (row.get("name") or "").strip()
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
        row["monthly_income"] = parse_money(row.get("monthly_income"), "monthly_income")
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
    return row


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
    data["monthly_rigid_expenses"] = parse_money(data.get("monthly_rigid_expenses"), "monthly_rigid_expenses",
                                                 errors=errors)
    if data.get("housing") and data["housing"] not in Housing.values:
        errors["housing"] = _("Choose the housing from the list.")
    causes = sorted(set(causes or []))
    if not causes:
        errors["causes"] = _("Choose at least one cause of hardship.")
    elif any(c not in Cause.values for c in causes):
        errors["causes"] = _("Choose the causes from the list.")
    rows = []
    if not any((h.get("relation") == Relation.SELF) for h in household):
        own_income = parse_money(data.get("monthly_income"), "monthly_income", errors=errors) or Decimal("0")
        rows.append({"relation": Relation.SELF, "name": data["name"], "id_number": data.get("id_number", ""),
                     "birth_date": info.birth_date if info else None, "health": data.get("health") or Health.HEALTHY,
                     "work": data.get("work") or WorkStatus.EMPLOYED, "employer": "", "school_entry_year": None,
                     "monthly_income": own_income})
    household_errors = []
    for i, raw in enumerate(household, 1):
        rows.append(_clean_household_row(raw, _("Household member %(n)d") % {"n": i}, info, data, household_errors))
    seen = set()
    for row in rows:
        if row["id_number"]:
            if row["id_number"] in seen:
                household_errors.append(_("The ID number of %(name)s appears twice in the household.")
                                        % {"name": row["name"]})
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
        message = _("%(names)s already belong(s) to a household with an open hardship archive. %(rule)s") % {
            "names": "、".join(names), "rule": ONE_ARCHIVE_RULE}
        raise ValidationError({"household": message})


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
                              applied_on=timezone.localdate() if status != ArchiveStatus.DRAFT else None,
                              **{k: data.get(k, "") for k in ARCHIVE_FIELDS if k in data})
    archive.tier_reason = compute_income(archive, rows, causes)
    _save_archive(archive, rows, causes, creating=True)
    return archive


@transaction.atomic
def create_archive(user, org, data, household=(), causes=(), *, submit=False):
    """The union files an archive (建档立卡) for a worker; ``submit`` files it as applied at once."""
    require_assist(user, org)
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
    archive = _new_archive(member.org, data, rows, causes, member=member, status=ArchiveStatus.APPLIED,
                           via_portal=True)
    audit.created(archive, account, note="portal")
    return archive


@transaction.atomic
def update_archive(user, archive, data, household=None, causes=None):
    """Change the details (动态管理): the household and income are recomputed; the change log keeps the history."""
    require_assist(user, archive.org)
    archive = HardshipArchive.objects.select_for_update().select_related("org").get(pk=archive.pk)
    if not archive.is_open:
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


def reveal_archive_pii(user, archive):
    """The full ID number and bank account (audited; ``HardshipArchive.reveal_fields``)."""
    return reveal(user, archive)
