"""Writes of rights protection: intake from every channel, routing, the mediation workflow under the statutory
clock, documents, legal aid, satisfaction, and early warnings.

Every function checks the right at the union holding the case (``scope.can``), validates (ValidationError
naming the field), writes the audit log in the same transaction and returns the object. Workflow steps put
the allowed source states in the UPDATE's WHERE clause and raise WorkflowConflict when no row changes (a step
racing another is refused). ``now`` can be given (tests, the daily round); it defaults to the clock.
"""

import datetime
import hashlib
import hmac
import secrets
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, notify, pii, scope
from gonghui.core.attachments import atomic_with_files, check_upload, delete_on_rollback, safe_name
from gonghui.core.exceptions import WorkflowConflict
from gonghui.core.models import AuditAction
from gonghui.core.validators import check_id_number, check_mobile, normalise_id_number
from gonghui.orgs.choices import OrgLevel

from .choices import (
    CLOCK_STATUSES,
    DOCUMENT_ACCEPTED,
    DOCUMENT_MAX_BYTES,
    OPEN_STATUSES,
    CaseStatus,
    CaseType,
    Channel,
    EventKind,
    LegalAidProvider,
    LegalAidResult,
    LegalAidStatus,
    Outcome,
    ReferredTo,
    RoutingKind,
    Satisfaction,
    WarningKind,
    WarningStatus,
    mediation_days,
    warning_report_hours,
)
from .models import (
    Case,
    CaseDocument,
    CaseEvent,
    CaseRouting,
    CaseWorker,
    EarlyWarning,
    LegalAidReferral,
    MediationSession,
    document_storage,
)

MAX_FACTS = 5000
MAX_WORKERS = 5000
FOLLOW_CODE_CHARS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _require(user, action, org):
    if not scope.can(user, action, org):
        raise PermissionDenied(_("Your role does not allow this."))


def _now(now):
    return now or timezone.now()


def _local_date(dt):
    return timezone.localtime(dt).date()


def _clean_text(value, field, message, max_length, errors, required=True):
    value = (value or "").strip()
    if required and not value:
        errors[field] = message
    elif len(value) > max_length:
        errors[field] = _("At most %(n)d characters.") % {"n": max_length}
    return value


def clean_amount(value, field, errors, *, required=False, allow_none=False):
    """A non-negative amount in yuan with at most two decimals (Decimal), or an error on ``field``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors[field] = _("Enter the amount in yuan.")
            return None
        return None if allow_none else Decimal("0.00")
    if isinstance(value, str):
        value = value.strip().replace(",", "").replace("，", "")
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        errors[field] = _("Enter the amount in yuan as a number.")
        return None
    if not amount.is_finite() or amount < 0:
        errors[field] = _("The amount cannot be negative.")
        return None
    if amount.as_tuple().exponent < -2 or amount >= Decimal("1e12"):
        errors[field] = _("Enter the amount with at most two decimals.")
        return None
    return amount.quantize(Decimal("0.01"))


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


def _event(case, kind, now, note="", public=True, by_worker=False):
    return CaseEvent.objects.create(case=case, kind=kind, at=now, note=note, public=public, by_worker=by_worker)


def _new_reference(prefix, now):
    return prefix + timezone.localtime(now).strftime("%y%m%d") + secrets.token_hex(3).upper()


def _follow_hash(reference_no, code):
    return hmac.new(settings.HASH_KEY.encode(), f"follow|{reference_no}|{code.strip().upper()}".encode(),
                    hashlib.sha256).hexdigest()


def check_follow_code(case, code):
    return bool(case.follow_code_hash) and hmac.compare_digest(case.follow_code_hash,
                                                               _follow_hash(case.reference_no, code or ""))


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
        amount = clean_amount(row.get("amount_claimed"), "amount", amount_errors, allow_none=True)
        problems.extend(amount_errors.values())
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
    amount = clean_amount(data.get("amount_claimed"), "amount_claimed", errors)
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
        CaseRouting.objects.create(case=case, kind=RoutingKind.DOWN if handling_org.path.startswith(received_org.path)
                                   else RoutingKind.ACROSS, from_org=received_org, to_org=handling_org, at=now,
                                   by=case.created_by, reason=_("Sent on at intake to the union covering the employer."))
    _event(case, EventKind.RECEIVED, now, _("Your complaint was received by %(org)s.") % {"org": handling_org.name},
           by_worker=by_worker)
    audit.created(case, user, note=_("%(n)d workers") % {"n": count})
    _notify_org(handling_org, _("New rights case %(ref)s") % {"ref": case.reference_no},
                _("A new rights case %(ref)s (%(type)s) is waiting to be accepted.")
                % {"ref": case.reference_no, "type": case.get_case_type_display()})
    return case, follow_code


def clean_is_group(count, data):
    return bool(data.get("is_group")) or count >= group_threshold()


def group_threshold():
    """Workers from which a case counts as a group case (集体), whatever was ticked."""
    return int(getattr(settings, "GONGHUI_GROUP_CASE_WORKERS", 3))


@transaction.atomic
def file_case(user, at_org, data, workers, *, handling_org=None, now=None):
    """Staff record a complaint (12351 hotline, walk-in, letter, referral) received at ``at_org``.

    It lands at the union covering the employer (see ``intake_org``) unless ``handling_org`` is chosen.
    Returns the case; ``case.duplicate_of`` is set when the same worker has an open case with the employer.
    """
    now = _now(now)
    _require(user, "change", at_org)
    if not at_org.is_live:
        raise ValidationError({"received_org": _("A dissolved or merged union cannot receive cases.")})
    if data.get("channel") in (Channel.PORTAL, Channel.ANONYMOUS):
        raise ValidationError({"channel": _("Complaints from the portal are filed by the workers themselves.")})
    if handling_org is not None:
        if not handling_org.is_live:
            raise ValidationError({"handling_org": _("Choose a live union.")})
        _require(user, "change", handling_org)
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
    unit = data.get("unit")
    org = intake_org(unit, member.org, area_only=True) if unit is not None else intake_org(None, member.org, area_only=True)
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


# --- workers ------------------------------------------------------------------------------------------------


def import_workers(user, case, upload):
    """Add the workers of a group case from an xlsx/xls/ods/csv list (columns 姓名, 身份证号, 手机号, 诉求金额).

    All or nothing: a bad row refuses the whole file with messages naming the rows. Returns the number added.
    """
    import tempfile

    from gonghui.core.spreadsheets import SpreadsheetError, cell_text, open_sheet

    _require(user, "change", case.handling_org)
    if case.anonymous:
        raise ValidationError({"file": _("An anonymous case keeps no identities.")})
    size = getattr(upload, "size", 0) or 0
    if size == 0 or size > 10 * 1024 * 1024:
        raise ValidationError({"file": _("The list must be a spreadsheet of at most 10 MB.")})
    with tempfile.NamedTemporaryFile(suffix=".upload") as tmp:
        for chunk in upload.chunks():
            tmp.write(chunk)
        tmp.flush()
        try:
            sheet = open_sheet(tmp.name)
            header = [h.strip() for h in sheet.header]
            cols = {}
            for key, names in (("name", ("姓名", "name", "Name", "full name")),
                               ("id_number", ("身份证号", "居民身份证号", "身份证号码", "ID number", "id_number")),
                               ("phone", ("手机号", "手机号码", "联系电话", "mobile phone", "phone")),
                               ("amount_claimed", ("诉求金额", "金额", "amount claimed", "amount"))):
                for i, h in enumerate(header):
                    if h in names:
                        cols[key] = i
                        break
            if "name" not in cols:
                raise ValidationError({"file": _("The list needs a column 姓名 (name).")})
            rows = []
            for number, values in sheet.rows():
                row = {k: cell_text(values[i]) if i < len(values) else "" for k, i in cols.items()}
                row["key"] = "file"
                rows.append((number, row))
                if len(rows) > MAX_WORKERS:
                    raise ValidationError({"file": _("At most %(n)d workers per case.") % {"n": MAX_WORKERS}})
        except SpreadsheetError as e:
            raise ValidationError({"file": str(e)}) from None
    messages = []
    for number, row in rows:
        try:
            clean_workers([row])
        except ValidationError as e:
            messages += [_("Row %(n)d: %(msg)s") % {"n": number, "msg": m} for m in e.messages]
    if messages:
        raise ValidationError({"file": messages[:50]})
    clean = clean_workers([r for _n, r in rows])
    with transaction.atomic():
        existing = set(CaseWorker.objects.filter(case=case).exclude(id_hash="").values_list("id_hash", flat=True))
        new = [w for w in clean if not w["id_hash"] or w["id_hash"] not in existing]
        CaseWorker.objects.bulk_create([
            CaseWorker(case=case, name=w["name"], id_number=w["id_number"], id_hash=w["id_hash"], phone=w["phone"],
                       amount_claimed=w["amount_claimed"]) for w in new], batch_size=500)
        total = CaseWorker.objects.filter(case=case).count()
        before = audit.snapshot(case)
        Case.objects.filter(pk=case.pk).update(
            worker_count=max(total, case.worker_count),
            is_group=case.is_group or total >= group_threshold())
        case.refresh_from_db()
        audit.record(AuditAction.BULK, case, user=user, before=before, after=audit.snapshot(case), count=len(new),
                     note=_("workers imported"))
    return len(new)


def reveal_worker_id(user, case, worker):
    """The full ID number of a worker, for staff of a union on the case's path; audited (never the number)."""
    if not may_see_identity(user, case):
        raise PermissionDenied(_("Your role does not allow this."))
    _require(user, "reveal_pii", case.handling_org)
    audit.record(AuditAction.REVEAL, case, user=user, note=f"worker {worker.pk} id_number")
    return worker.id_number


def may_see_identity(user, case):
    """Staff (or above) of a union on the case's path, or of a union above one of them (the privacy rule)."""
    if case.anonymous:
        return False
    if scope.is_unrestricted(user):
        return True
    needed = scope.ROLE_RANK[scope.ACTIONS["reveal_pii"]]
    paths = case.path_list()
    for assigned, role in scope._assignments(user):
        if scope.ROLE_RANK[role] >= needed and any(p.startswith(assigned) for p in paths):
            return True
    return False


# --- workflow ----------------------------------------------------------------------------------------------


def _transition(case, user, name, sources, changes, *, now, note="", event=None, event_note="", public=True,
                extra_filter=None):
    """Move ``case`` from one of ``sources`` with ``changes`` in one conditional UPDATE; audit and event."""
    before = audit.snapshot(case)
    qs = Case.objects.filter(pk=case.pk, status__in=sources)
    if extra_filter is not None:
        qs = qs.filter(extra_filter)
    if not qs.update(**changes, updated_at=now):
        raise WorkflowConflict(_("The case has changed in the meantime (it is now %(status)s). Reload the page.")
                               % {"status": Case.objects.get(pk=case.pk).get_status_display()})
    case.refresh_from_db()
    audit.transitioned(case, user, name, before, note=note)
    if event:
        _event(case, event, now, event_note, public=public)
    return case


@transaction.atomic
def accept_case(user, case, *, now=None):
    """受理: the statutory clock starts: mediation must reach agreement within 15 days."""
    now = _now(now)
    _require(user, "change", case.handling_org)
    deadline = now + datetime.timedelta(days=mediation_days())
    _transition(case, user, "accept", [CaseStatus.RECEIVED],
                {"status": CaseStatus.ACCEPTED, "accepted_at": now, "deadline": deadline}, now=now,
                event=EventKind.ACCEPTED,
                event_note=_("Accepted by %(org)s. Mediation should reach agreement by %(date)s.")
                % {"org": case.handling_org.name, "date": f"{timezone.localtime(deadline):%Y-%m-%d}"})
    _notify_worker(case, _("Your complaint %(ref)s was accepted") % {"ref": case.reference_no},
                   _("Your complaint %(ref)s was accepted by %(org)s.") % {"ref": case.reference_no,
                                                                           "org": case.handling_org.name})
    return case


ROUTE_KINDS = (RoutingKind.DOWN, RoutingKind.UP, RoutingKind.ACROSS)


@transaction.atomic
def route_case(user, case, kind, to_org, reason, *, now=None):
    """交办 (down to a union below), 上报 (up to a union above) or 转办 (across to another union), with a reason."""
    now = _now(now)
    _require(user, "change", case.handling_org)
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
        errors["to_org"] = _("A transfer goes to a union that is neither above nor below; hand down or report up instead.")
    if errors:
        raise ValidationError(errors)
    _transition(case, user, "route", OPEN_STATUSES,
                {"handling_org": to_org, "route_paths": _with_path(case.route_paths, to_org)}, now=now,
                note=reason, extra_filter=Q(handling_org=current))
    CaseRouting.objects.create(case=case, kind=kind, from_org=current, to_org=to_org, reason=reason, by=user, at=now)
    _event(case, EventKind.ROUTED, now, _("Your case is now handled by %(org)s.") % {"org": to_org.name})
    _notify_org(to_org, _("Rights case %(ref)s passed to you") % {"ref": case.reference_no},
                _("%(from)s passed the rights case %(ref)s to your union: %(reason)s")
                % {"from": current.name, "ref": case.reference_no, "reason": reason})
    return case


@transaction.atomic
def start_mediation(user, case, mediator, *, now=None):
    now = _now(now)
    _require(user, "change", case.handling_org)
    errors = {}
    mediator = _clean_text(mediator, "mediator", _("Name the mediator."), 50, errors)
    if errors:
        raise ValidationError(errors)
    return _transition(case, user, "start_mediation", [CaseStatus.ACCEPTED],
                       {"status": CaseStatus.MEDIATING, "mediator": mediator, "mediation_started_at": now}, now=now,
                       event=EventKind.MEDIATION, event_note=_("Mediation started."))


@atomic_with_files()
def extend_deadline(user, case, new_deadline, *, worker_consent, employer_consent, consent_note, document=None,
                    now=None):
    """Extend the mediation period: only with both parties' written consent, recorded (note and, best, the scan)."""
    now = _now(now)
    _require(user, "change", case.handling_org)
    errors = {}
    if not worker_consent:
        errors["worker_consent"] = _("The worker's written consent is needed to extend mediation.")
    if not employer_consent:
        errors["employer_consent"] = _("The employer's written consent is needed to extend mediation.")
    consent_note = _clean_text(consent_note, "consent_note",
                               _("Describe the written consent (who signed, when)."), 1000, errors)
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
    if document is not None:
        check_document(document)
    if errors:
        raise ValidationError(errors)
    _transition(case, user, "extend", CLOCK_STATUSES,
                {"deadline": new_deadline, "extensions": F("extensions") + 1, "arbitration_notice_at": None},
                now=now, note=consent_note, event=EventKind.EXTENDED,
                event_note=_("Both parties agreed in writing to continue mediation until %(date)s.")
                % {"date": f"{timezone.localtime(new_deadline):%Y-%m-%d}"},
                extra_filter=Q(deadline=case.deadline))
    if document is not None:
        _store_document(user, case, document, _("Written consent to extend mediation"))
    return case


@transaction.atomic
def record_session(user, case, *, held_on, mediator, notes, participants="", now=None):
    now = _now(now)
    _require(user, "change", case.handling_org)
    errors = {}
    notes = _clean_text(notes, "notes", _("Write down what was discussed and agreed."), 5000, errors)
    mediator = _clean_text(mediator or case.mediator, "mediator", _("Name the mediator."), 50, errors)
    participants = _clean_text(participants, "participants", "", 300, errors, required=False)
    if not isinstance(held_on, datetime.date):
        errors["held_on"] = _("Enter the date of the session.")
    elif held_on > _local_date(now):
        errors["held_on"] = _("The session date cannot be in the future.")
    elif case.accepted_at and held_on < _local_date(case.accepted_at):
        errors["held_on"] = _("The session cannot be before the case was accepted.")
    if case.status != CaseStatus.MEDIATING:
        errors["__all__"] = _("Sessions are recorded while the case is in mediation.")
    if errors:
        raise ValidationError(errors)
    if not Case.objects.filter(pk=case.pk, status=CaseStatus.MEDIATING).exists():
        raise WorkflowConflict(_("The case has changed in the meantime. Reload the page."))
    session = MediationSession.objects.create(case=case, held_on=held_on, mediator=mediator,
                                              participants=participants, notes=notes, by=user)
    audit.record(AuditAction.UPDATE, case, user=user, transition="session", note=_("Mediation session on %(date)s")
                 % {"date": held_on.isoformat()})
    _event(case, EventKind.SESSION, now, _("A mediation session was held on %(date)s.") % {"date": held_on.isoformat()})
    return session


CLOSE_SOURCES = {
    Outcome.AGREEMENT: [CaseStatus.MEDIATING],
    Outcome.FAILED: [CaseStatus.MEDIATING],
    Outcome.WITHDRAWN: list(OPEN_STATUSES),
    Outcome.REJECTED: [CaseStatus.RECEIVED, CaseStatus.ACCEPTED],
}


@transaction.atomic
def close_case(user, case, outcome, *, reason="", agreement_amount=None, paying_deadline=None, amount_recovered=None,
               referred_to="", legal_aid_offered=False, now=None):
    """Close with an outcome: 调解成功 (agreement: amounts and paying deadline), 调解不成 (referred to arbitration or
    court, legal aid offered), 撤回 (withdrawn), 不予受理 (not accepted, with the reason)."""
    now = _now(now)
    _require(user, "change", case.handling_org)
    errors = {}
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    changes = {"status": CaseStatus.CLOSED, "outcome": outcome, "closed_at": now, "closed_on": _local_date(now),
               "handling_days": (_local_date(now) - case.received_on).days,
               "agreement_amount": None, "paying_deadline": None, "referred_to": "", "legal_aid_offered": False}
    if outcome == Outcome.AGREEMENT:
        changes["agreement_amount"] = clean_amount(agreement_amount, "agreement_amount", errors, required=True)
        if not isinstance(paying_deadline, datetime.date):
            errors["paying_deadline"] = _("Enter the date by which the employer pays.")
        changes["paying_deadline"] = paying_deadline
        recovered = clean_amount(amount_recovered, "amount_recovered", errors)
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
    if case.status not in CLOSE_SOURCES[outcome]:
        raise WorkflowConflict(_("This outcome cannot be recorded while the case is %(status)s.")
                               % {"status": case.get_status_display()})
    label = Outcome(outcome).label
    note = _("Closed: %(outcome)s.") % {"outcome": label}
    if outcome == Outcome.FAILED:
        note += " " + _("You may apply to %(where)s.") % {"where": ReferredTo(referred_to).label}
        if legal_aid_offered:
            note += " " + _("The union offers you legal aid.")
    if reason and outcome == Outcome.REJECTED:
        note += " " + reason
    _transition(case, user, "close", CLOSE_SOURCES[outcome], changes, now=now, note=reason, event=EventKind.CLOSED,
                event_note=note)
    _notify_worker(case, _("Your case %(ref)s is closed") % {"ref": case.reference_no}, note
                   + " " + _("You can rate the handling in the member portal."))
    return case


@transaction.atomic
def record_recovery(user, case, amount_recovered, *, now=None):
    """The amounts actually recovered after an agreement (the total so far)."""
    now = _now(now)
    _require(user, "change", case.handling_org)
    errors = {}
    amount = clean_amount(amount_recovered, "amount_recovered", errors, required=True)
    if errors:
        raise ValidationError(errors)
    _transition(case, user, "recovery", [CaseStatus.CLOSED], {"amount_recovered": amount}, now=now,
                extra_filter=Q(outcome=Outcome.AGREEMENT), event=EventKind.RECOVERED,
                event_note=_("Amount recovered so far: %(amount)s yuan.") % {"amount": amount})
    return case


@transaction.atomic
def reopen_case(user, case, reason, *, now=None):
    """Reopen a closed case with a reason: accepted again, with a fresh mediation period."""
    now = _now(now)
    _require(user, "change", case.handling_org)
    errors = {}
    reason = _clean_text(reason, "reason", _("Give the reason for reopening."), 1000, errors)
    if errors:
        raise ValidationError(errors)
    return _transition(case, user, "reopen", [CaseStatus.CLOSED], {
        "status": CaseStatus.ACCEPTED, "accepted_at": now, "deadline": now + datetime.timedelta(days=mediation_days()),
        "closed_at": None, "closed_on": None, "handling_days": None, "outcome": "", "reopened": F("reopened") + 1,
        "arbitration_notice_at": None, "satisfaction": None, "satisfaction_comment": "",
    }, now=now, note=reason, event=EventKind.REOPENED, event_note=_("The case was reopened: %(reason)s") % {"reason": reason})


# --- the worker's side ----------------------------------------------------------------------------------------


@atomic_with_files()
def add_information(case, text, document=None, *, now=None):
    """The worker adds information (and a document) to an open case from the portal."""
    now = _now(now)
    errors = {}
    text = _clean_text(text, "text", _("Write what you want to add."), 3000, errors)
    if document is not None:
        try:
            check_document(document)
        except ValidationError as e:
            errors.update(e.message_dict)
    if errors:
        raise ValidationError(errors)
    if case.status == CaseStatus.CLOSED:
        raise WorkflowConflict(_("The case is closed. Contact the union if it should be reopened."))
    _event(case, EventKind.INFO, now, text, by_worker=True)
    if document is not None:
        _store_document(None, case, document, _("Added by the worker"), from_worker=True)
    audit.record(AuditAction.UPDATE, case, transition="info", note=_("The worker added information."))
    _notify_org(case.handling_org, _("New information on case %(ref)s") % {"ref": case.reference_no},
                _("The worker added information to the rights case %(ref)s.") % {"ref": case.reference_no})
    return case


@transaction.atomic
def rate_case(case, satisfaction, comment="", *, now=None):
    """满意度: the worker rates the handling once the case is closed (once)."""
    now = _now(now)
    errors = {}
    try:
        satisfaction = int(satisfaction)
    except (TypeError, ValueError):
        satisfaction = None
    if satisfaction not in Satisfaction.values:
        errors["satisfaction"] = _("Choose how satisfied you are.")
    comment = _clean_text(comment, "comment", "", 500, errors, required=False)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(case)
    if not Case.objects.filter(pk=case.pk, status=CaseStatus.CLOSED, satisfaction__isnull=True).update(
            satisfaction=satisfaction, satisfaction_comment=comment):
        raise WorkflowConflict(_("The case can be rated once, after it is closed."))
    case.refresh_from_db()
    audit.transitioned(case, None, "rate", before)
    _event(case, EventKind.RATED, now, Satisfaction(satisfaction).label, by_worker=True)
    return case


# --- documents -----------------------------------------------------------------------------------------------


def check_document(upload):
    return check_upload(upload, field="document", types=DOCUMENT_ACCEPTED,
                        max_bytes=int(getattr(settings, "GONGHUI_RIGHTS_DOCUMENT_MAX_BYTES", DOCUMENT_MAX_BYTES)))


def _store_document(user, case, upload, description, from_worker=False):
    content_type, ext = check_document(upload)
    name = document_storage().save(f"cases/{case.pk}/{secrets.token_hex(8)}{ext}", upload)
    # The file is on disk now; if the transaction that adds its row rolls back, it is deleted again (callers
    # open it with atomic_with_files, which discards the file when the block ends in a rollback).
    delete_on_rollback(document_storage(), name)
    doc = CaseDocument.objects.create(case=case, file=name, name=safe_name(getattr(upload, "name", ""), ext, "document"),
                                      content_type=content_type, size=upload.size, description=description[:200],
                                      from_worker=from_worker,
                                      uploaded_by=user if getattr(user, "is_authenticated", False) else None)
    return doc


@atomic_with_files()
def add_document(user, case, upload, description=""):
    _require(user, "change", case.handling_org)
    errors = {}
    description = _clean_text(description, "description", "", 200, errors, required=False)
    if upload is None:
        errors["document"] = _("Choose a file.")
    if errors:
        raise ValidationError(errors)
    doc = _store_document(user, case, upload, description)
    audit.record(AuditAction.UPDATE, case, user=user, transition="document", note=doc.name)
    return doc


# --- legal aid ------------------------------------------------------------------------------------------------


@transaction.atomic
def refer_legal_aid(user, case, *, provider_kind, provider_name, note="", now=None):
    """法律援助: refer the case to a union lawyer or a legal aid centre."""
    now = _now(now)
    _require(user, "change", case.handling_org)
    errors = {}
    if provider_kind not in LegalAidProvider.values:
        errors["provider_kind"] = _("Choose a union lawyer or a legal aid centre.")
    provider_name = _clean_text(provider_name, "provider_name", _("Name the lawyer or the centre."), 100, errors)
    note = _clean_text(note, "note", "", 2000, errors, required=False)
    if case.status == CaseStatus.RECEIVED or (case.status == CaseStatus.CLOSED and case.outcome in (
            Outcome.WITHDRAWN, Outcome.REJECTED)):
        errors["__all__"] = _("Legal aid is for accepted cases and cases whose mediation failed.")
    if errors:
        raise ValidationError(errors)
    referral = LegalAidReferral.objects.create(case=case, provider_kind=provider_kind, provider_name=provider_name,
                                               note=note, referred_at=now, by=user)
    audit.created(referral, user)
    _event(case, EventKind.LEGAL_AID, now, _("Your case was referred for legal aid to %(name)s.")
           % {"name": provider_name})
    return referral


@transaction.atomic
def record_legal_aid_result(user, referral, *, result, result_on, amount_awarded=None, amount_recovered=None,
                            note="", now=None):
    now = _now(now)
    case = referral.case
    _require(user, "change", case.handling_org)
    errors = {}
    if result not in LegalAidResult.values:
        errors["result"] = _("Choose the result.")
    if not isinstance(result_on, datetime.date):
        errors["result_on"] = _("Enter the date of the result.")
    elif result_on > _local_date(now):
        errors["result_on"] = _("The date cannot be in the future.")
    awarded = clean_amount(amount_awarded, "amount_awarded", errors, allow_none=True)
    recovered = clean_amount(amount_recovered, "amount_recovered", errors)
    note = _clean_text(note, "result_note", "", 2000, errors, required=False)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(referral)
    old = referral.amount_recovered
    if not LegalAidReferral.objects.filter(pk=referral.pk, amount_recovered=old).update(
            status=LegalAidStatus.CONCLUDED, result=result, result_on=result_on, amount_awarded=awarded,
            amount_recovered=recovered, result_note=note):
        raise WorkflowConflict(_("The referral has changed in the meantime. Reload the page."))
    Case.objects.filter(pk=case.pk).update(legal_aid_recovered=F("legal_aid_recovered") - old + recovered)
    referral.refresh_from_db()
    audit.updated(referral, user, before)
    _event(case, EventKind.LEGAL_AID, now, _("Legal aid result: %(result)s.") % {"result": LegalAidResult(result).label})
    return referral


# --- notifications ------------------------------------------------------------------------------------------


def org_recipients(org):
    """Where messages to a union go: its staff's phones or e-mail addresses, else the union's contact phone."""
    from gonghui.accounts.models import RoleAssignment

    out = []
    for phone, email in (RoleAssignment.objects.filter(org=org, role__in=("staff", "org_admin"), user__is_active=True)
                         .values_list("user__phone", "user__email")):
        if phone or email:
            out.append(phone or email)
    if not out and org.contact_phone:
        out.append(org.contact_phone)
    return sorted(set(out))


def _notify_org(org, subject, body):
    for recipient in org_recipients(org):
        notify.send_on_commit(recipient, subject, body)


def worker_phone(case):
    if case.anonymous:
        return ""
    return (CaseWorker.objects.filter(case=case, is_complainant=True).values_list("phone", flat=True).first() or "")


def _notify_worker(case, subject, body):
    phone = worker_phone(case)
    if phone:
        notify.send_on_commit(phone, subject, body)


# --- early warnings -------------------------------------------------------------------------------------------


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
    _require(user, "change", org)
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
        reference_no=_new_reference("YJ", now), raised_by_org=org, raised_by=user, raised_at=now, raised_on=_local_date(now),
        kind=kind, title=title, description=description, unit=unit, employer_name=employer_name,
        workers_involved=workers, report_to=target,
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
    _notify_org(target, subject, body)


def may_acknowledge(user, warning):
    """The union the warning is reported to (or one above it) acknowledges; the raising union cannot."""
    return (warning.report_to is not None and warning.status == WarningStatus.REPORTED
            and scope.can(user, "change", warning.report_to))


@transaction.atomic
def acknowledge_warning(user, warning, response="", *, now=None):
    now = _now(now)
    if warning.report_to is None or not scope.can(user, "change", warning.report_to):
        raise PermissionDenied(_("The warning is acknowledged by the union it is reported to."))
    errors = {}
    response = _clean_text(response, "response", "", 2000, errors, required=False)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(warning)
    if not EarlyWarning.objects.filter(pk=warning.pk, status=WarningStatus.REPORTED,
                                       report_to=warning.report_to).update(
            status=WarningStatus.ACKNOWLEDGED, acknowledged_at=now, acknowledged_by=user,
            acknowledged_org=warning.report_to, response=response):
        raise WorkflowConflict(_("The warning has changed in the meantime (acknowledged or escalated). Reload the page."))
    warning.refresh_from_db()
    audit.transitioned(warning, user, "acknowledge", before, note=response)
    return warning


@transaction.atomic
def close_warning(user, warning, response, *, now=None):
    now = _now(now)
    _require(user, "change", warning.raised_by_org)
    errors = {}
    response = _clean_text(response, "response", _("Say how the situation was resolved."), 2000, errors)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(warning)
    if not EarlyWarning.objects.filter(pk=warning.pk, status=WarningStatus.ACKNOWLEDGED).update(
            status=WarningStatus.CLOSED, response=response):
        raise WorkflowConflict(_("Only an acknowledged warning can be marked resolved."))
    warning.refresh_from_db()
    audit.transitioned(warning, user, "resolve", before, note=response)
    return warning


def escalate_warning(warning, *, now):
    """One level up when the period passed unacknowledged (the daily round). Returns True when escalated."""
    target = _report_target(warning.report_to) if warning.report_to else None
    before = audit.snapshot(warning)
    with transaction.atomic():
        changes = {"report_due_at": now + datetime.timedelta(hours=warning_report_hours()),
                   "escalations": F("escalations") + 1, "last_escalated_at": now}
        if target is not None:
            changes["report_to"] = target
        if not EarlyWarning.objects.filter(pk=warning.pk, status=WarningStatus.REPORTED,
                                           report_due_at=warning.report_due_at).update(**changes):
            return False
        warning.refresh_from_db()
        audit.transitioned(warning, None, "escalate", before,
                           note=_("Not acknowledged in time: reported to %(org)s.") % {"org": warning.report_to.name})
        _notify_warning(warning, warning.report_to, escalated=True)
    return True
