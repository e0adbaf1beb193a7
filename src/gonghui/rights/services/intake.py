"""Intake from every channel: staff (12351 hotline, walk-in, letter, referral), members in the portal, workers
with a verified phone, anonymous complaints. Where a case lands, possible duplicates, follow-up codes."""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core import audit, pii
from gonghui.core.notify import notify_org
from gonghui.core.scope import require
from gonghui.core.validators import check_id_number, check_mobile, normalise_id_number, parse_money
from gonghui.orgs.choices import OrgLevel

from ..choices import OPEN_STATUSES, CaseType, Channel, EventKind, RoutingKind
from ..models import Case, CaseRouting, CaseWorker
from .common import FOLLOW_CODE_CHARS, MAX_FACTS, MAX_WORKERS, _clean_text, _event, _local_date, _new_reference, _now

# --- where a case lands ----------------------------------------------------------------------------------


def nearest_live(org, *, max_level=None):
    """``org`` itself or its nearest ancestor that is live (and at ``max_level`` or above, e.g. township)."""
    if org is None:
        return None
    chain = [org] + list(reversed(org.get_ancestors()))
    for o in chain:
        if o.is_live and (max_level is None or o.level <= max_level):
            return o
    for o in chain:
        if o.is_live:
            return o
    return org


def intake_org(unit=None, at_org=None, *, area_only=False):
    """The union a new case lands at: the live union covering the employer; else the nearest live union of the
    employer's area; without a registered employer, the union it is filed at (``area_only``: its nearest
    township/district union)."""
    if unit is not None:
        if unit.union_id and unit.union.is_live:
            return unit.union
        return nearest_live(unit.area_org)
    return nearest_live(at_org, max_level=OrgLevel.TOWNSHIP if area_only else None)


def _with_path(paths, *orgs):
    tokens = [p for p in (paths or "").split() if p]
    for org in orgs:
        if org is not None and org.path not in tokens:
            tokens.append(org.path)
    return " " + " ".join(tokens) + " "


def find_duplicate(id_hashes, unit, employer_name, exclude_pk=None):
    """An open case about the same employer with one of these workers (or None)."""
    hashes = [h for h in id_hashes if h]
    if not hashes:
        return None
    qs = Case.objects.filter(status__in=OPEN_STATUSES, workers__id_hash__in=hashes)
    if unit is not None:
        qs = qs.filter(unit=unit)
    else:
        qs = qs.filter(unit__isnull=True, employer_name=employer_name.strip())
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.order_by("received_at").first()


def _follow_hash(reference_no, code):
    return hmac.new(settings.HASH_KEY.encode(), f"follow|{reference_no}|{code.strip().upper()}".encode(),
                    hashlib.sha256).hexdigest()


def check_follow_code(case, code):
    return bool(case.follow_code_hash) and hmac.compare_digest(case.follow_code_hash,
                                                               _follow_hash(case.reference_no, code or ""))


# --- validation -------------------------------------------------------------------------------------------


def clean_workers(rows, *, prefix="workers"):
    """Validate worker rows ({name, id_number, phone, member, amount_claimed}); errors name the row."""
    errors, clean, seen = {}, [], set()
    if len(rows) > MAX_WORKERS:
        raise ValidationError({prefix: _("At most %(n)d workers per case.") % {"n": MAX_WORKERS}})
    for i, row in enumerate(rows, 1):
        key = row.get("key") or (prefix if len(rows) == 1 else f"{prefix}[{i}]")
        problems = []
        name = (row.get("name") or "").strip()
        if not name:
            problems.append(_("Enter the worker's name."))
        elif len(name) > 50:
            problems.append(_("The name is limited to 50 characters."))
        number = normalise_id_number(row.get("id_number") or "")
        if number:
            try:
                number = check_id_number(number)
            except ValidationError as e:
                problems.extend(e.messages)
            else:
                if number in seen:
                    problems.append(_("This ID number is listed twice."))
                seen.add(number)
        phone = (row.get("phone") or "").strip()
        if phone:
            try:
                phone = check_mobile(phone)
            except ValidationError as e:
                problems.extend(e.messages)
        amount_errors = {}
        amount = parse_money(row.get("amount_claimed"), "amount", allow_none=True, errors=amount_errors)
        problems.extend(str(m) for m in amount_errors.values())
        if problems:
            errors[key] = [(_("Row %(n)d: %(msg)s") % {"n": i, "msg": p}) if len(rows) > 1 else p for p in problems]
            continue
        clean.append({"name": name, "id_number": number, "id_hash": pii.id_hash(number) if number else "",
                      "phone": phone, "member": row.get("member"), "amount_claimed": amount})
    if errors:
        raise ValidationError(errors)
    return clean


def _clean_case(data, *, anonymous):
    errors = {}
    channel = data.get("channel")
    if channel not in Channel.values:
        errors["channel"] = _("Choose the channel the complaint came through.")
    case_type = data.get("case_type")
    if case_type not in CaseType.values:
        errors["case_type"] = _("Choose the type of the case.")
    facts = _clean_text(data.get("facts"), "facts", _("Describe what happened."), MAX_FACTS, errors)
    amount = parse_money(data.get("amount_claimed"), "amount_claimed", errors=errors)
    unit = data.get("unit")
    employer_name = _clean_text(unit.name if unit else data.get("employer_name"), "employer_name",
                                _("Choose the employer from the registry or enter its name."), 150, errors)
    count = data.get("worker_count")
    if count in (None, ""):
        count = None
    else:
        try:
            count = int(count)
        except (TypeError, ValueError):
            errors["worker_count"] = _("Enter the number of workers as a whole number.")
            count = None
        else:
            if count < 1 or count > 1_000_000:
                errors["worker_count"] = _("Enter the number of workers involved (at least 1).")
    if errors:
        raise ValidationError(errors)
    return {"channel": channel, "case_type": case_type, "facts": facts, "amount_claimed": amount, "unit": unit,
            "employer_name": employer_name, "worker_count": count, "is_group": bool(data.get("is_group"))}


def clean_is_group(count, data):
    return bool(data.get("is_group")) or count >= group_threshold()


def group_threshold():
    """Workers from which a case counts as a group case (集体), whatever was ticked."""
    return int(getattr(settings, "GONGHUI_GROUP_CASE_WORKERS", 3))


# --- filing ----------------------------------------------------------------------------------------------


def _create_case(*, data, workers, received_org, handling_org, user=None, anonymous=False, member=None, now,
                 by_worker=False):
    clean = _clean_case(data, anonymous=anonymous)
    workers = [] if anonymous else clean_workers(workers)
    if not anonymous and not workers:
        raise ValidationError({"workers": _("Enter at least the worker who complains.")})
    count = max(clean.pop("worker_count") or 0, len(workers), 1)
    clean.pop("is_group")
    is_group = clean_is_group(count, data)
    unit = clean["unit"]
    case = Case(
        reference_no=_new_reference("WQ", now), **clean, worker_count=count, is_group=is_group,
        received_org=received_org, handling_org=handling_org,
        employer_union=unit.union if unit is not None and unit.union_id else None,
        route_paths=_with_path("", received_org, handling_org),
        complainant_name=("" if anonymous else workers[0]["name"] + (
            _(" and %(n)d others") % {"n": count - 1} if count > 1 else "")),
        complainant_member=None if anonymous else member,
        anonymous=anonymous, received_at=now, received_on=_local_date(now),
        created_by=user if getattr(user, "is_authenticated", False) and not getattr(user, "is_member_account", False)
        else None,
    )
    case.complainant_name = case.complainant_name[:60]
    follow_code = None
    if anonymous:
        follow_code = "".join(secrets.choice(FOLLOW_CODE_CHARS) for _i in range(8))
        case.follow_code_hash = _follow_hash(case.reference_no, follow_code)
    case.duplicate_of = find_duplicate([w["id_hash"] for w in workers], unit, clean["employer_name"])
    case.save()
    if workers:
        rows = []
        for i, w in enumerate(workers):
            rows.append(CaseWorker(case=case, name=w["name"], id_number=w["id_number"], id_hash=w["id_hash"],
                                   phone=w["phone"], member=w["member"], is_complainant=(i == 0),
                                   amount_claimed=w["amount_claimed"]))
        CaseWorker.objects.bulk_create(rows, batch_size=500)
    CaseRouting.objects.create(case=case, kind=RoutingKind.INTAKE, from_org=None, to_org=received_org, at=now,
                               by=case.created_by, reason="")
    if handling_org.pk != received_org.pk:
        kind = RoutingKind.DOWN if handling_org.path.startswith(received_org.path) else RoutingKind.ACROSS
        CaseRouting.objects.create(case=case, kind=kind, from_org=received_org, to_org=handling_org, at=now,
                                   by=case.created_by,
                                   reason=_("Sent on at intake to the union covering the employer."))
    _event(case, EventKind.RECEIVED, now, _("Your complaint was received by %(org)s.") % {"org": handling_org.name},
           by_worker=by_worker)
    audit.created(case, user, note=_("%(n)d workers") % {"n": count})
    notify_org(handling_org, _("New rights case %(ref)s") % {"ref": case.reference_no},
               _("A new rights case %(ref)s (%(type)s) is waiting to be accepted.")
               % {"ref": case.reference_no, "type": case.get_case_type_display()})
    return case, follow_code


@transaction.atomic
def file_case(user, at_org, data, workers, *, handling_org=None, now=None):
    """Staff record a complaint (12351 hotline, walk-in, letter, referral) received at ``at_org``.

    It lands at the union covering the employer (see ``intake_org``) unless ``handling_org`` is chosen.
    Returns the case; ``case.duplicate_of`` is set when the same worker has an open case with the employer.
    """
    now = _now(now)
    require(user, "change", at_org)
    if not at_org.is_live:
        raise ValidationError({"received_org": _("A dissolved or merged union cannot receive cases.")})
    if data.get("channel") in (Channel.PORTAL, Channel.ANONYMOUS):
        raise ValidationError({"channel": _("Complaints from the portal are filed by the workers themselves.")})
    if handling_org is not None:
        if not handling_org.is_live:
            raise ValidationError({"handling_org": _("Choose a live union.")})
        require(user, "change", handling_org)
    else:
        handling_org = intake_org(data.get("unit"), at_org)
    case, _code = _create_case(data=data, workers=workers, received_org=at_org, handling_org=handling_org,
                               user=user, now=now)
    return case


@transaction.atomic
def file_member_case(account, member, data, *, now=None):
    """A member files a complaint in the portal: the member is the complainant."""
    now = _now(now)
    if member is None or getattr(account, "member_id", None) != member.pk:
        raise PermissionDenied(_("Your role does not allow this."))
    data = {**data, "channel": Channel.PORTAL}
    org = intake_org(data.get("unit"), member.org, area_only=True)
    worker = {"name": member.name, "id_number": member.id_number, "phone": member.phone, "member": member,
              "amount_claimed": data.get("amount_claimed")}
    extra = data.pop("other_workers", None) or []
    case, _code = _create_case(data=data, workers=[worker, *extra], received_org=org, handling_org=org, member=member,
                               now=now, by_worker=True)
    return case


@transaction.atomic
def file_public_case(phone, name, data, *, area_org, now=None):
    """A worker without an account files with a verified phone number (the caller verified it)."""
    now = _now(now)
    data = {**data, "channel": Channel.PORTAL}
    org = intake_org(data.get("unit"), area_org, area_only=True)
    case, _code = _create_case(data=data, workers=[{"name": name, "id_number": data.get("id_number", ""),
                                                    "phone": phone, "amount_claimed": data.get("amount_claimed")}],
                               received_org=org, handling_org=org, now=now, by_worker=True)
    return case


@transaction.atomic
def file_anonymous_case(data, *, area_org, now=None):
    """An anonymous complaint: no identity is stored. Returns (case, follow-up code shown once)."""
    now = _now(now)
    data = {k: v for k, v in data.items() if k not in ("id_number", "name", "phone")}
    data["channel"] = Channel.ANONYMOUS
    org = intake_org(data.get("unit"), area_org, area_only=True)
    return _create_case(data=data, workers=[], received_org=org, handling_org=org, anonymous=True, now=now,
                        by_worker=True)
