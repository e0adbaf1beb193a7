"""The import engine: one code path for the check (dry run) and the import.

Rows are streamed from :mod:`gonghui.core.spreadsheets` and handled in batches. For each batch an
importer (members, organisations, units) converts the cells (plain Python: no forms, no ``full_clean``
per row), looks up what it needs with one query per batch (existing members by ID hash, unions by code,
units by credit code or name, all restricted to the user's scope) and classifies every row as
``create``, ``update``, ``unchanged`` or ``error``. The check stops there; the import then writes the
batch in ONE transaction: the records, their history (MemberEvent), one bulk audit entry, the batch's
row errors and the job's progress. A killed worker therefore leaves whole batches only, and the job
resumes from ``rows_committed``.

Members are written with ``executemany`` (SQLite) or ``COPY`` (PostgreSQL) through
:class:`gonghui.core.bulk.FastTable`; ID numbers are encrypted with :func:`gonghui.core.pii.encrypt`
and found by the same keyed hash as :func:`gonghui.core.pii.id_hash`.
"""

import datetime
import gc
import hmac
import operator
import queue
import re
import threading
import time
import types

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, pii, scope, sequences
from gonghui.core.bulk import FastTable
from gonghui.core.models import AuditAction
from gonghui.core.spreadsheets import SpreadsheetError, cell_text, open_sheet
from gonghui.core.validators import (
    ID_WEIGHTS,
    check_credit_code,
    normalise_id_number,
    normalise_phone,
    parse_id_number,
)
from gonghui.members.choices import HOLDING_STATUSES, MemberEventKind, MemberStatus
from gonghui.orgs.choices import MEMBER_HOLDING_TYPES, OrgStatus
from gonghui.stats import counters

from . import specs
from .models import ImportJob, ImportRowError

PREVIEW_ERRORS = 50
PREVIEW_UPDATES = 20
LIVE = (OrgStatus.PREPARING, OrgStatus.ACTIVE)


def batch_rows():
    return int(getattr(settings, "GONGHUI_IMPORT_BATCH_ROWS", 20000))


class CellError(Exception):
    pass


class JobFailed(Exception):
    """The whole job cannot go on (missing columns, unreadable file): the message is for the user."""


class Cancelled(Exception):
    pass


# --- cell converters ---------------------------------------------------------------------------------

_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")


def parse_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 19000101 <= value <= 21001231 and float(value).is_integer():
            return parse_date(str(int(value)))
        if 1 <= value < 80000:  # an Excel serial day number without a date format
            return _EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise CellError(_("“%(value)s” is not a date; write it as 2024-03-01.") % {"value": cell_text(value)})
    text = str(value).strip()
    m = _DATE_TEXT.match(text) or _DATE_COMPACT.match(text)
    if m:
        try:
            return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    raise CellError(_("“%(value)s” is not a date; write it as 2024-03-01.") % {"value": text[:40]})


def to_text(value, max_length=0):
    text = value.strip() if isinstance(value, str) else cell_text(value).strip()
    if max_length and len(text) > max_length:
        raise CellError(_("Too long: at most %(n)d characters (this has %(m)d).") % {"n": max_length, "m": len(text)})
    return text


def id_text(value):
    if isinstance(value, float):
        if value >= 2 ** 53 or not value.is_integer():
            raise CellError(_(
                "Excel stored this ID number as a number and lost its last digits (%(value)s). Format the column as "
                "Text, enter the numbers again and upload the file again.") % {"value": f"{value:.15g}"})
        value = str(int(value))
    elif isinstance(value, int):
        value = str(value)
    elif not isinstance(value, str):
        value = cell_text(value)
    return value


def phone_text(value):
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(_("Enter a valid 11-digit mainland mobile number starting with 1."))
        value = str(int(value))
    elif isinstance(value, int):
        value = str(value)
    elif not isinstance(value, str):
        value = cell_text(value)
    if _MOBILE.match(value):
        return value
    phone = normalise_phone(value)
    if not _MOBILE.match(phone):
        raise CellError(_("Enter a valid 11-digit mainland mobile number starting with 1."))
    return phone


def to_int(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        n = value
    else:
        try:
            n = int(str(value).strip().replace(",", ""))
        except ValueError:
            raise CellError(_("“%(value)s” is not a whole number.") % {"value": cell_text(value)[:40]}) from None
    if n < 0:
        raise CellError(_("The number cannot be negative."))
    return n


def make_converter(col):
    kind = col.kind
    if kind == "choice":
        mapping = specs.choice_map(col)

        def conv(value):
            if isinstance(value, str):
                code = mapping.get(value)
                if code is not None:
                    return code
            code = mapping.get(specs.normalise_value(cell_text(value)))
            if code is None:
                raise CellError(_("“%(value)s” is not an allowed value. Allowed: %(allowed)s.") % {
                    "value": cell_text(value)[:40], "allowed": "、".join(allowed(col))})
            return code
        return conv
    if kind == "date":
        return parse_date
    if kind == "id_number":
        return id_text
    if kind == "phone":
        return phone_text
    if kind == "int":
        return to_int
    if kind == "credit_code":
        def credit(value):
            try:
                return check_credit_code(to_text(value))
            except ValidationError as e:
                raise CellError(e.messages[0]) from None
        return credit
    if kind in ("org_code", "unit"):
        return lambda value: to_text(value, 150)
    length = col.max_length
    return lambda value: to_text(value, length)


def allowed(col):
    from django.utils import translation

    return specs.allowed_labels(col, translation.get_language() or settings.LANGUAGE_CODE)


# --- rows --------------------------------------------------------------------------------------------


class Row:
    __slots__ = ("number", "values", "action", "data", "errors", "changes", "target", "existing", "key")

    def __init__(self, number, values):
        self.number = number
        self.values = values
        self.action = None
        self.data = {}
        self.errors = []  # (column index or None, field, message)
        self.changes = None
        self.target = None
        self.existing = None
        self.key = None

    def error(self, index, field, message):
        self.errors.append((index, field, str(message)))


class BaseImporter:
    kind = ""
    required_columns = ()
    # Written by a BatchWriter one batch behind the checking: only when checking a batch never needs the
    # rows of the batches before it in the database (members: duplicates in the file are caught in memory).
    pipelined = False

    def __init__(self, job, user, header):
        self.job = job
        self.user = user
        self.header = header
        self.root = job.org
        self.mapping, self.unknown, self.duplicates = specs.match_headers(self.kind, header)
        self.index_of = {col.field: i for i, col in self.mapping.items()}
        self.converters = []
        for i, col in sorted(self.mapping.items()):
            mapping = specs.choice_map(col) if col.kind == "choice" else None
            plain = col.kind == "text" and not col.max_length
            self.converters.append((i, col.field, col.required == "always", mapping, None if plain else make_converter(col)))
        missing = [c for c in specs.COLUMNS[self.kind] if c.required == "always" and c.field not in self.index_of]
        if missing:
            raise JobFailed(_("The sheet lacks required columns: %(columns)s. Download the template to see the expected "
                              "headers.") % {"columns": "、".join(f"{c.zh} ({c.en})" for c in missing)})
        self.seen = {}  # duplicate detection inside the file: key → first row number
        self.now = timezone.now()
        self.today = timezone.localdate()

    def prepare(self, rows):
        """Work on a checked batch that can be done before its transaction, in the checking thread (pipelined
        importers); passed to :meth:`apply`."""
        return None

    def column_name(self, index, field):
        if index is None:
            index = self.index_of.get(field)
        if index is not None and index < len(self.header):
            return self.header[index]
        return ""

    def convert(self, row):
        """Convert the mapped cells of a row into ``row.data``; problems go to ``row.errors``."""
        values = row.values
        n = len(values)
        data = row.data
        for i, field, required, mapping, conv in self.converters:
            v = values[i] if i < n else None
            if v.__class__ is str:
                if mapping is not None:
                    code = mapping.get(v)
                    if code is not None:
                        data[field] = code
                        continue
                v = v.strip()
                if not v:
                    v = None
                elif conv is None:  # plain text within its length
                    data[field] = v
                    continue
            if v is None or v == "":
                if required:
                    row.error(i, field, _("This column is required; the cell is empty."))
                continue
            try:
                data[field] = conv(v)
            except CellError as e:
                row.error(i, field, e.args[0])

    def seen_key(self, key):
        """How ``key`` is kept in ``seen`` (a million of them stay in memory for the whole import)."""
        return key

    def check_duplicate(self, row, key, field):
        compact = self.seen_key(key)
        first = self.seen.get(compact)
        if first is not None and first != row.number:
            row.error(None, field, _("The same value is already in row %(row)d of this file.") % {"row": first})
            return True
        self.seen[compact] = row.number
        row.key = key
        return False

    def remember(self, values):
        """On resume: note the key of a row that an earlier run already handled (duplicates stay detected)."""

    # Subclasses: classify(rows) and apply(rows) -> (created, updated)


# --- members -----------------------------------------------------------------------------------------

_ID_OK = re.compile(r"^[0-9]{17}[0-9X]$")
_BIRTH_CACHE = {}
_ID_W = bytes(ID_WEIGHTS)
_ID_OFFSET = 48 * sum(ID_WEIGHTS)


def fast_id(value):
    """``(number, birth date, gender)`` of a valid ID number; raises CellError with the validator's message."""
    s = value.strip().upper() if value.isascii() else normalise_id_number(value)
    if len(s) == 18 and _ID_OK.match(s):
        birth = _BIRTH_CACHE.get(s[6:14])
        if birth is None:
            try:
                birth = datetime.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
            except ValueError:
                birth = False
            if birth and (birth.year < 1900 or birth > datetime.date.today()):
                birth = False
            _BIRTH_CACHE[s[6:14]] = birth
        if birth:
            total = sum(map(operator.mul, s[:17].encode(), _ID_W)) - _ID_OFFSET
            if "10X98765432"[total % 11] == s[17]:
                return s, birth, ("M" if int(s[16]) % 2 else "F")
    try:
        info = parse_id_number(s)
    except ValidationError as e:
        raise CellError(e.messages[0]) from None
    return info.number, info.birth_date, info.gender


MEMBER_UPDATE_FIELDS = ["name", "gender", "birth_date", "ethnicity", "education", "political_status", "phone", "unit_id",
                        "job_title", "employment_type", "join_date"]
MEMBER_INSERT = ["name", "id_number", "id_hash", "gender", "birth_date", "ethnicity", "education", "political_status",
                 "phone", "unit_id", "job_title", "employment_type", "org_id", "member_no", "join_date", "status",
                 "status_changed_on"]
EXISTING_FIELDS = ["pk", "id_hash", "org_id", "status", "member_no", *MEMBER_UPDATE_FIELDS]


class MemberImporter(BaseImporter):
    pipelined = True
    kind = "members"

    def __init__(self, job, user, header):
        super().__init__(job, user, header)
        from gonghui.members.models import Member, MemberEvent
        from gonghui.orgs.models import EmployerUnit, Organisation

        self.Member, self.MemberEvent, self.Unit, self.Org = Member, MemberEvent, EmployerUnit, Organisation
        self.hash_key = settings.HASH_KEY.encode()
        self.orgs = {}  # code → (pk, path, status, org_type) or None
        self.units = {}  # text → pk, or None (not found), or False (ambiguous)
        self.default_org_error = None
        root = self.root
        if not root.is_live:
            self.default_org_error = _("A dissolved or merged union cannot take members.")
        elif root.org_type not in MEMBER_HOLDING_TYPES:
            self.default_org_error = _(
                "%(org)s is a federation and holds no members: give each member's union in the column 所属工会 "
                "(union code).") % {"org": root.name}
        if self.default_org_error and "org" not in self.index_of:
            raise JobFailed(self.default_org_error)
        self.labels = {f.attname: str(f.verbose_name) for f in Member._meta.concrete_fields}
        self.insert_table = None
        self.event_table = None
        self.org_names = {}

    def hash(self, number):
        return hmac.digest(self.hash_key, number.encode(), "sha256").hex()

    def seen_key(self, key):
        return bytes.fromhex(key)  # 65 bytes instead of the hex string's 113

    def remember(self, values):
        i = self.index_of["id_number"]
        try:
            number = fast_id(id_text(values[i]))[0] if i < len(values) and values[i] not in (None, "") else None
        except CellError:
            return
        if number:
            self.seen.setdefault(self.seen_key(self.hash(number)), -1)

    # lookups, one query per batch each

    def _load_orgs(self, codes):
        wanted = [c for c in codes if c not in self.orgs]
        if not wanted:
            return
        for c in wanted:
            self.orgs[c] = None
        qs = self.Org.objects.filter(code__in=wanted, path__startswith=self.root.path).for_user(self.user)
        for pk, code, path, status, org_type in qs.values_list("pk", "code", "path", "status", "org_type"):
            self.orgs[code] = (pk, path, status, org_type)

    def _load_units(self, texts):
        wanted = [t for t in texts if t not in self.units]
        if not wanted:
            return
        for t in wanted:
            self.units[t] = None
        codes = {t.upper(): t for t in wanted if len(t) == 18 and t.isalnum()}
        qs = self.Unit.objects.for_user(self.user)
        if codes:
            for pk, code in qs.filter(credit_code__in=list(codes)).values_list("pk", "credit_code"):
                self.units[codes[code]] = pk
        names = [t for t in wanted if self.units[t] is None]
        if names:
            found = {}
            for pk, name in qs.filter(name__in=names).values_list("pk", "name"):
                found.setdefault(name, set()).add(pk)
            for name, pks in found.items():
                self.units[name] = next(iter(pks)) if len(pks) == 1 else False

    def _already_member_message(self, existing):
        from gonghui.members.services import _already_member_error

        org = self.org_names.get(existing["org_id"])
        if org is None:
            org = self.org_names[existing["org_id"]] = self.Org.objects.get(pk=existing["org_id"])
        err = _already_member_error(self.user, types.SimpleNamespace(org=org, member_no=existing["member_no"]))
        return err.message_dict["id_number"][0]

    def classify(self, rows):
        convert = self.convert
        for row in rows:
            convert(row)
            data = row.data
            number = data.get("id_number")
            if number is None:
                continue
            try:
                number, birth, gender = fast_id(number)
            except CellError as e:
                row.error(self.index_of["id_number"], "id_number", e.args[0])
                continue
            data["id_number"] = number
            g = data.get("gender")
            if g is not None and g != gender:
                row.error(None, "gender", _("The gender does not match the ID number."))
            else:
                data["gender"] = gender
            b = data.get("birth_date")
            if b is not None and b != birth:
                row.error(None, "birth_date", _("The date of birth does not match the ID number (%(date)s).")
                          % {"date": birth.isoformat()})
            else:
                data["birth_date"] = birth
            j = data.get("join_date")
            if j is not None:
                if j > self.today:
                    row.error(None, "join_date", _("The join date cannot be in the future."))
                elif j < birth:
                    row.error(None, "join_date", _("The join date cannot be before the date of birth."))
            if not row.errors:
                self.check_duplicate(row, self.hash(number), "id_number")

        self._load_orgs({r.data["org"] for r in rows if "org" in r.data})
        self._load_units({r.data["unit"] for r in rows if "unit" in r.data})
        hashes = [r.key for r in rows if r.key and not r.errors]
        existing = {}
        if hashes:
            members = self.Member.objects
            if connection.vendor == "postgresql":  # one array parameter instead of an IN list of thousands
                qn = connection.ops.quote_name
                column = f"{qn(self.Member._meta.db_table)}.{qn(self.Member._meta.get_field('id_hash').column)}"
                members = members.filter(RawSQL(f"{column} = ANY(%s)", (hashes,), output_field=BooleanField()))
            else:
                members = members.filter(id_hash__in=hashes)
            for rec in members.values(*EXISTING_FIELDS):
                existing[rec["id_hash"]] = rec

        for row in rows:
            data = row.data
            code = data.get("org")
            if code is not None:
                found = self.orgs.get(code)
                if found is None:
                    row.error(None, "org", _("No union with code “%(code)s” in your part of the union tree.") % {"code": code})
                elif found[2] not in LIVE:
                    row.error(None, "org", _("A dissolved or merged union cannot take members."))
                elif found[3] not in MEMBER_HOLDING_TYPES:
                    row.error(None, "org", _("Members belong to a grassroots union, not to a federation."))
                else:
                    row.target = found[0]
            elif self.default_org_error:
                row.error(None, "org", self.default_org_error)
            else:
                row.target = self.root.pk
            unit = data.get("unit")
            if unit is not None:
                pk = self.units.get(unit)
                if pk is None:
                    row.error(None, "unit", _("No employer unit “%(value)s” in your part of the union tree.") % {"value": unit})
                elif pk is False:
                    row.error(None, "unit", _("Several employer units are named “%(value)s”; give the unified social "
                                              "credit code instead.") % {"value": unit})
                else:
                    data["unit_id"] = pk
            if row.errors:
                row.action = "error"
                continue
            ex = existing.get(row.key)
            if ex is None:
                row.action = "create"
                continue
            row.existing = ex
            status = ex["status"]
            if status in HOLDING_STATUSES:
                if ex["org_id"] != row.target:
                    row.error(None, "id_number", self._already_member_message(ex))
                    row.action = "error"
                    continue
                changes = {f: (ex[f], data[f]) for f in MEMBER_UPDATE_FIELDS if f in data and data[f] != ex[f]}
                row.changes = changes
                row.action = "update" if changes else "unchanged"
            elif status == MemberStatus.DECEASED:
                row.error(None, "id_number", _("This ID number belongs to a person recorded as deceased."))
                row.action = "error"
            else:  # withdrawn: rejoins on the same record, like members.services.create_member
                changes = {f: (ex[f], data[f]) for f in MEMBER_UPDATE_FIELDS if f in data and data[f] != ex[f]}
                changes["status"] = (ex["status"], MemberStatus.ACTIVE)
                if ex["org_id"] != row.target:
                    changes["org_id"] = (ex["org_id"], row.target)
                row.changes = changes
                row.action = "rejoin"
        return rows

    def describe_changes(self, row):
        out = []
        for f, (before, after) in row.changes.items():
            if f == "phone":
                before, after = pii.mask_phone(before or ""), pii.mask_phone(after or "")
            out.append({"field": self.labels.get(f, f), "before": _display(before), "after": _display(after)})
        return out

    def _merged(self, r):
        """(the member's fields after the update, its status, the day its status changed or None)."""
        ex, d = r.existing, r.data
        merged = {f: d.get(f, ex[f]) for f in MEMBER_UPDATE_FIELDS}
        if r.action == "rejoin":
            merged["join_date"] = d.get("join_date") or self.today
            return merged, MemberStatus.ACTIVE.value, merged["join_date"]
        return merged, ex["status"], None

    def _counted_pairs(self, rows):
        """(before, after) values of every member the batch writes: what the statistics counters follow."""
        active = MemberStatus.ACTIVE.value
        pairs = []
        for r in rows:
            if r.action == "create":
                d = r.data
                pairs.append((None, {"org_id": r.target, "status": active, "gender": d["gender"],
                                     "birth_date": d["birth_date"], "employment_type": d.get("employment_type", "regular"),
                                     "education": d.get("education", ""), "political_status": d.get("political_status", ""),
                                     "unit_id": d.get("unit_id"), "join_date": d.get("join_date") or self.today}))
            elif r.action in ("update", "rejoin"):
                merged, status, _changed_on = self._merged(r)
                before = {f: r.existing[f] for f in counters.MEMBER_FIELDS}
                pairs.append((before, before | {f: merged[f] for f in counters.MEMBER_FIELDS if f in merged}
                              | {"org_id": r.target, "status": status}))
        return pairs

    def prepare(self, rows):
        """Count the batch's counter changes ahead, in the checking thread (checked again when written)."""
        pairs = self._counted_pairs(rows)
        return (pairs, counters.CountedMembers(pairs)) if pairs else None

    def _refresh_updated(self, updates):
        """Lock and read again the members a batch updates. Their values were read when the batch was checked,
        and another user may have changed one since: the update keeps what the sheet does not set as it is now
        (a withdrawal, a new employer), and the counters follow the member as it is now. A member moved to another
        union, or recorded dead, since the check is not written: its row ends in error, to be imported again.
        Returns whether any member changed."""
        ids = sorted(r.existing["pk"] for r in updates)
        members = self.Member.objects.filter(pk__in=ids)
        if connection.vendor == "postgresql":
            members = members.select_for_update(no_key=True)  # the lock the UPDATE takes; SQLite has one writer
        now = {v["pk"]: v for v in members.order_by("pk").values(*EXISTING_FIELDS)}
        changed = False
        for r in updates:
            fresh = now.get(r.existing["pk"])
            if fresh == r.existing:
                continue
            changed = True
            if fresh is None or fresh["org_id"] != r.existing["org_id"] or fresh["status"] == MemberStatus.DECEASED:
                r.error(None, "id_number", _(
                    "Another user changed this member while the file was being imported (moved to another union, or "
                    "recorded as deceased); this row was not written. Check the member, then import the row again."))
                r.action = "error"
            else:
                r.existing = fresh
        return changed

    def apply(self, rows, note, prepared=None):
        creates = [r for r in rows if r.action == "create"]
        updates = [r for r in rows if r.action in ("update", "rejoin")]
        if updates and self._refresh_updated(updates):
            prepared = None  # counted ahead from the values checked: count again from these
            updates = [r for r in updates if r.action != "error"]
        actor = self.user.pk if getattr(self.user, "is_authenticated", False) else None
        if self.insert_table is None:
            self.insert_table = FastTable(self.Member, MEMBER_INSERT)
            self.event_table = FastTable(self.MemberEvent, ["member_id", "kind", "date", "from_org_id", "to_org_id",
                                                            "note", "actor_id"])
        today = self.today.isoformat()
        events = []
        if creates:
            first = sequences.allocate("member_no", len(creates))
            encrypted = pii.encrypt_many(r.data["id_number"] for r in creates)
            active = MemberStatus.ACTIVE.value
            out = []
            for k, r in enumerate(creates):
                d = r.data
                join = d.get("join_date")
                join = join.isoformat() if join else today
                out.append((d["name"], encrypted[k], r.key, d["gender"], d["birth_date"].isoformat(),
                            d.get("ethnicity", "01"), d.get("education", ""), d.get("political_status", ""), d["phone"],
                            d.get("unit_id"), d.get("job_title", ""), d.get("employment_type", "regular"), r.target,
                            f"{first + k:012d}", join, active, join))
            self.insert_table.insert(out)
            del out
            lo, hi = f"{first:012d}", f"{first + len(creates) - 1:012d}"
            self._joined_events(lo, hi, note, actor)
        if updates:
            now = timezone.now()
            qn = connection.ops.quote_name
            columns = MEMBER_UPDATE_FIELDS + ["org_id", "status", "status_changed_on", "updated_at"]
            cols = [self.Member._meta.get_field(f.removesuffix("_id") if f.endswith("_id") else f) for f in columns]
            sql = (f"UPDATE {qn(self.Member._meta.db_table)} SET "
                   + ", ".join(f"{qn(c.column)} = %s" for c in cols) + f" WHERE {qn('id')} = %s")
            params = []
            for r in updates:
                ex = r.existing
                merged, status, changed_on = self._merged(r)
                values = [merged[f] for f in MEMBER_UPDATE_FIELDS] + [r.target, status, changed_on, now]
                params.append([c.get_db_prep_save(v, connection) for c, v in zip(cols, values)] + [ex["pk"]])
                if r.action == "rejoin":
                    events.append((ex["pk"], MemberEventKind.REJOINED.value, merged["join_date"].isoformat(), ex["org_id"],
                                   r.target, note, actor))
                else:
                    labels = ", ".join(self.labels.get(f, f) for f in r.changes)
                    events.append((ex["pk"], MemberEventKind.EDITED.value, today, None, None,
                                   f"{labels} · {note}"[:1000], actor))
            # Keep the changed_on of non-rejoining members as it was.
            with connection.cursor() as cursor:
                keep = [p for p, r in zip(params, updates) if r.action != "rejoin"]
                rejoin = [p for p, r in zip(params, updates) if r.action == "rejoin"]
                if keep:
                    sql_keep = sql.replace(f"{qn('status_changed_on')} = %s, ", "")
                    idx = columns.index("status_changed_on")
                    cursor.executemany(sql_keep, [p[:idx] + p[idx + 1:] for p in keep])
                if rejoin:
                    cursor.executemany(sql, rejoin)
        if events:
            self.event_table.insert(events)
        # The statistics counters follow in the same transaction.
        pairs, counted = prepared if prepared is not None else (self._counted_pairs(rows), None)
        if pairs:
            counters.members_changed(pairs, counted)
        return len(creates), len(updates)


    def _joined_events(self, lo, hi, note, actor):
        """The "joined" history of the members just inserted (numbers lo..hi), copied inside the database."""
        from gonghui.core.bulk import NOT_PROVIDED, _default_for, constant_select

        qn = connection.ops.quote_name
        cols = {f.attname: f"m.{qn(f.column)}" for f in self.Member._meta.concrete_fields}
        exprs = {"member_id": cols["id"], "date": cols["join_date"], "to_org_id": cols["org_id"]}
        constants = {"kind": MemberEventKind.JOINED.value, "note": note, "actor_id": actor, "from_org_id": None}
        columns, selects, params = [], [], []
        for f in self.MemberEvent._meta.concrete_fields:
            if f.primary_key or getattr(f, "db_default", NOT_PROVIDED) is not NOT_PROVIDED:
                continue
            columns.append(qn(f.column))
            if f.attname in exprs:
                selects.append(exprs[f.attname])
                continue
            value = constants[f.attname] if f.attname in constants else _default_for(f, self.now)
            sql, values = constant_select(f, value, connection)
            selects.append(sql)
            params.extend(values)
        sql = (f"INSERT INTO {qn(self.MemberEvent._meta.db_table)} ({', '.join(columns)}) SELECT {', '.join(selects)} "
               f"FROM {qn(self.Member._meta.db_table)} m WHERE {cols['member_no']} >= %s AND {cols['member_no']} <= %s "
               f"ORDER BY {cols['id']}")
        with connection.cursor() as cursor:
            cursor.execute(sql, params + [lo, hi])


def _display(value):
    if value is None:
        return ""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


# --- organisations and units (small files: written through the services, one savepoint per row) ---------


class RecordImporter(BaseImporter):
    """Organisations and units: each row goes through its service (rules, audit) in its own savepoint."""

    def describe_changes(self, row):
        return [{"field": self.labels.get(f, f), "before": _display(b), "after": _display(a)} for f, (b, a) in row.changes.items()]

    def create_record(self, row, data):
        raise NotImplementedError

    def update_record(self, row, data):
        raise NotImplementedError

    def apply(self, rows, note, prepared=None):
        created = updated = 0
        for row in rows:
            if row.action not in ("create", "update"):
                continue
            data = {k: v for k, v in row.data.items() if k in self.fields}
            try:
                with transaction.atomic():
                    if row.action == "create":
                        self.create_record(row, data)
                        created += 1
                    else:
                        self.update_record(row, data)
                        updated += 1
            except (ValidationError, PermissionDenied) as e:
                row.action = "error"
                for msg in getattr(e, "messages", [str(e)]):
                    row.error(None, "", msg)
        return created, updated


class OrgImporter(RecordImporter):
    kind = "orgs"

    def __init__(self, job, user, header):
        super().__init__(job, user, header)
        from gonghui.orgs.models import Organisation
        from gonghui.orgs.services import ORG_FIELDS

        self.Org = Organisation
        self.fields = [f for f in ORG_FIELDS if f != "notes"]
        self.planned = set()  # codes the file creates (later rows may use them as parents)
        self.labels = {f.name: str(f.verbose_name) for f in Organisation._meta.fields}

    def remember(self, values):
        i = self.index_of["code"]
        if i < len(values) and values[i] not in (None, ""):
            code = cell_text(values[i]).strip()
            self.seen.setdefault(code, -1)
            self.planned.add(code)

    def classify(self, rows):
        for row in rows:
            self.convert(row)
            code = row.data.get("code")
            if code and not row.errors:
                self.check_duplicate(row, code, "code")
        codes = {r.data["code"] for r in rows if "code" in r.data} | {r.data["parent"] for r in rows if "parent" in r.data}
        found = {o.code: o for o in self.Org.objects.filter(code__in=codes)}
        for row in rows:
            d = row.data
            if row.errors:
                row.action = "error"
                continue
            existing = found.get(d["code"])
            parent_code = d.get("parent")
            parent = found.get(parent_code) if parent_code else None
            if existing is not None:
                if not (existing.path.startswith(self.root.path) and scope.can(self.user, "manage_orgs", existing)):
                    row.error(None, "code", _("This organisation code is already in use."))
                elif parent_code and (parent is None or existing.path[:-self.Org.steplen] != parent.path):
                    row.error(None, "parent", _("An import does not move organisations; use Move on the organisation's "
                                                "page."))
                elif "status" in d and d["status"] != existing.status:
                    row.error(None, "status", _("An import does not change the status of an organisation; use the "
                                                "organisation's page."))
                else:
                    row.existing = existing
                    changes = {f: (getattr(existing, f), d[f]) for f in self.fields if f in d and d[f] != getattr(existing, f)}
                    merged = {**{f: getattr(existing, f) for f in self.fields}, **d}
                    self._check_dates(row, merged)
                    row.changes = changes
                    row.action = "update" if changes else "unchanged"
            else:
                for col in specs.ORG_COLUMNS:
                    if col.required == "create" and col.field not in d:
                        row.error(None, col.field, _("Required for a new organisation; the cell is empty."))
                if parent_code and not row.errors:
                    in_file = parent_code in self.planned
                    if parent is None and not in_file:
                        row.error(None, "parent", _("No organisation with code “%(code)s” in your part of the union tree.")
                                  % {"code": parent_code})
                    elif parent is not None:
                        if not (parent.path.startswith(self.root.path) and scope.can(self.user, "manage_orgs", parent)):
                            row.error(None, "parent", _("No organisation with code “%(code)s” in your part of the union "
                                                        "tree.") % {"code": parent_code})
                        elif not parent.is_live:
                            row.error(None, "parent", _("A dissolved or merged organisation cannot have new "
                                                        "sub-organisations."))
                if d.get("status") not in (None, OrgStatus.PREPARING, OrgStatus.ACTIVE):
                    row.error(None, "status", _("A new organisation is either preparing or active."))
                self._check_dates(row, d)
                if not row.errors:
                    self.planned.add(d["code"])
                    row.action = "create"
            for f in ("founded_on", "approved_on", "term_started_on"):
                if d.get(f) and d[f] > self.today:
                    row.error(None, f, _("This date cannot be in the future."))
            if row.errors:
                row.action = "error"
        return rows

    def _check_dates(self, row, d):
        founded, approved = d.get("founded_on"), d.get("approved_on")
        if founded and approved and approved < founded:
            row.error(None, "approved_on", _("The approval cannot come before the founding date."))
        started, due = d.get("term_started_on"), d.get("next_election_due")
        if started and due and due <= started:
            row.error(None, "next_election_due", _("The next election must come after the term started."))

    def create_record(self, row, data):
        from gonghui.orgs.services import create_org

        create_org(self.user, self.Org.objects.get(code=row.data["parent"]), **data)

    def update_record(self, row, data):
        from gonghui.orgs.services import update_org

        update_org(self.user, row.existing, **data)


class UnitImporter(RecordImporter):
    kind = "units"

    def __init__(self, job, user, header):
        super().__init__(job, user, header)
        from gonghui.orgs.models import EmployerUnit, Organisation
        from gonghui.orgs.services import UNIT_FIELDS

        self.Unit, self.Org = EmployerUnit, Organisation
        self.fields = UNIT_FIELDS
        self.labels = {f.name: str(f.verbose_name) for f in EmployerUnit._meta.fields}

    def remember(self, values):
        i = self.index_of["credit_code"]
        if i < len(values) and values[i] not in (None, ""):
            self.seen.setdefault(cell_text(values[i]).strip().upper(), -1)

    def classify(self, rows):
        for row in rows:
            self.convert(row)
            if "credit_code" in row.data and not row.errors:
                self.check_duplicate(row, row.data["credit_code"], "credit_code")
        codes = {r.data[f] for r in rows for f in ("area_org", "union") if f in r.data}
        orgs = {o.code: o for o in self.Org.objects.filter(code__in=codes, path__startswith=self.root.path).for_user(self.user)}
        credit = {r.data["credit_code"] for r in rows if "credit_code" in r.data}
        units = {u.credit_code: u for u in self.Unit.objects.filter(credit_code__in=credit).select_related("area_org", "union")}
        visible = set(self.Unit.objects.for_user(self.user).filter(credit_code__in=credit).values_list("credit_code", flat=True))
        for row in rows:
            d = row.data
            if row.errors:
                row.action = "error"
                continue
            for f in ("area_org", "union"):
                if f in d:
                    org = orgs.get(d[f])
                    if org is None:
                        row.error(None, f, _("No union with code “%(code)s” in your part of the union tree.") % {"code": d[f]})
                    elif f == "union" and not org.is_live:
                        row.error(None, f, _("A dissolved or merged union cannot cover an employer."))
                    else:
                        d[f] = org
            existing = units.get(d.get("credit_code"))
            if existing is not None and existing.credit_code not in visible:
                row.error(None, "credit_code", _("An employer unit with this unified social credit code is registered "
                                                 "outside your part of the union tree."))
            if row.errors:
                row.action = "error"
                continue
            if existing is not None:
                row.existing = existing
                changes = {}
                for f in self.fields:
                    if f in d:
                        old = getattr(existing, f)
                        if d[f] != old:
                            changes[f] = (old, d[f])
                row.changes = changes
                row.action = "update" if changes else "unchanged"
            else:
                for col in specs.UNIT_COLUMNS:
                    if col.required == "create" and col.field not in d:
                        row.error(None, col.field, _("Required for a new employer unit; the cell is empty."))
                d.setdefault("area_org", self.root)
                row.action = "error" if row.errors else "create"
        return rows

    def create_record(self, row, data):
        from gonghui.orgs.services import create_unit

        create_unit(self.user, **data)

    def update_record(self, row, data):
        from gonghui.orgs.services import update_unit

        update_unit(self.user, row.existing, **data)


IMPORTERS = {"members": MemberImporter, "orgs": OrgImporter, "units": UnitImporter}


# --- the driver ----------------------------------------------------------------------------------------


class Outcome:
    def __init__(self):
        self.counts = {"create": 0, "update": 0, "unchanged": 0, "error": 0, "rejoin": 0}
        self.errors_preview = []
        self.updates_preview = []
        self.rows = 0


def process(job, *, write, on_progress=None, scan=None):
    """Check (``write=False``) or import (``write=True``) the job's file; returns an :class:`Outcome`.

    Raises JobFailed (message for the user) or Cancelled. Import resumes after ``job.rows_committed`` rows.
    """
    user = job.user
    try:
        sheet = open_sheet(job.file_path, job.file_format or None, job.encoding,
                           scan=(not write) if scan is None else scan)
    except SpreadsheetError as e:
        raise JobFailed(str(e)) from None
    importer = IMPORTERS[job.kind](job, user, sheet.header)
    pipelined = write and importer.pipelined and not connection.in_atomic_block and _pipeline_enabled()
    _import_connection(16 if pipelined else 160)
    outcome = Outcome()
    skip = job.rows_committed if write else 0
    size = batch_rows()
    throttle = float(getattr(settings, "GONGHUI_IMPORT_THROTTLE", 0) or 0)
    note = _("Imported from %(file)s") % {"file": job.original_name}
    total = max(sheet.estimated_rows, skip)
    ImportJob.objects.filter(pk=job.pk).update(
        header_map={str(i): c.field for i, c in importer.mapping.items()},
        unknown_columns=[h for _i, h in importer.unknown] + [h for _i, h in importer.duplicates],
        rows_total=total, heartbeat_at=timezone.now(),
    )
    done = 0
    batch = []
    writer = BatchWriter(lambda *a: _write_batch(*a)) if pipelined else None
    # What an import keeps (the rows read so far, the keys seen) grows to millions of long-lived objects: they
    # are frozen out of the cyclic collector after each batch (an O(1) move), which would otherwise walk them
    # all again and again while the next batches allocate (~10% of an import's time). Freed as usual by their
    # reference counts; unfrozen at the end.
    gc.freeze()
    try:
        rows = sheet.rows()
        for number, values in rows:
            if done < skip:
                importer.remember(values)
                done += 1
                continue
            batch.append(Row(number, values))
            if len(batch) >= size:
                _handle_batch(job, importer, batch, outcome, write, note, done + len(batch), total, writer)
                done += len(batch)
                batch = []
                gc.freeze()
                if on_progress:
                    on_progress(done, total)
                if throttle:
                    time.sleep(throttle)
        if batch:
            _handle_batch(job, importer, batch, outcome, write, note, done + len(batch), total, writer)
            done += len(batch)
            if on_progress:
                on_progress(done, total)
        if writer is not None:
            writer, w = None, writer
            w.close()  # waits for the last batch; raises what the writer raised
    except SpreadsheetError as e:
        raise JobFailed(str(e)) from None
    finally:
        if writer is not None:
            writer.close(raise_error=False)  # the batch being written commits or rolls back whole
        gc.unfreeze()
    outcome.rows = done
    outcome.unknown = [h for _i, h in importer.unknown]
    return outcome


def _import_connection(cache_mb=160):
    """Session settings for this (worker) connection during a check or an import.

    SQLite: a page cache of ``cache_mb``, so that the member indexes stay in it when the table grows past a
    million rows (the default 2 MB makes every batch read them again). With a BatchWriter the writing
    connection gets it and the checking one, which only looks up ID hashes, a small one: an import of a
    million rows stays under 1 GB. Only ever set here, in the engine's import path, never for web requests.
    """
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        connection.connection.execute(f"PRAGMA cache_size = -{int(cache_mb) * 1000}")


def _pipeline_enabled():
    """A second connection writes: not for an in-memory SQLite database (the tests' own), whose shared cache
    locks whole tables between connections; a file in WAL mode lets the checking read while the writer writes."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return False
    return bool(getattr(settings, "GONGHUI_IMPORT_PIPELINE", True))


class BatchWriter:
    """Writes checked batches in a thread of its own, with its own database connection, one batch behind the
    checking: the database (and the C code of the drivers, which release the GIL) works on batch k while
    Python checks batch k+1, so an import uses both cores. One batch waits at most; each is still one
    transaction. The first error stops the writing and is raised in the importing thread."""

    def __init__(self, write):
        from django.utils import translation

        self.write = write
        self.language = translation.get_language()  # the audit notes are written in the importer's language
        self.queue = queue.Queue(maxsize=1)
        self.error = None
        self.thread = threading.Thread(target=self._run, name="gonghui-import-writer", daemon=True)
        self.thread.start()

    def _run(self):
        from django.db import connections
        from django.utils import translation

        try:
            translation.activate(self.language)
            _import_connection(96)
            while (item := self.queue.get()) is not None:
                if self.error is None:  # after an error, only drain what was queued
                    try:
                        self.write(*item)
                    except BaseException as e:  # noqa: BLE001 (raised again in the importing thread)
                        self.error = e
        finally:
            connections.close_all()  # this thread's connections

    def put(self, *item):
        self.raise_error()
        self.queue.put(item)

    def close(self, raise_error=True):
        self.queue.put(None)
        self.thread.join()
        if raise_error:
            self.raise_error()

    def raise_error(self):
        if self.error is not None:
            raise self.error


def _handle_batch(job, importer, batch, outcome, write, note, done, total, writer=None):
    flags = ImportJob.objects.filter(pk=job.pk).values_list("cancel_requested", flat=True).first()
    if flags:
        raise Cancelled()
    importer.classify(batch)
    if write and writer is not None:
        # What the batch changes in the statistics counters is counted here, while the writer writes the one
        # before (and checked again under the writer's locks).
        writer.put(job, importer, batch, outcome, note, done, total, importer.prepare(batch))
    elif write:
        _write_batch(job, importer, batch, outcome, note, done, total)
    else:
        errors = _row_errors(job, importer, batch, outcome)
        _tally(importer, batch, outcome)
        with transaction.atomic():
            ImportRowError.objects.bulk_create(errors, batch_size=2000)
            ImportJob.objects.filter(pk=job.pk).update(rows_done=done, rows_total=max(total, done),
                                                       heartbeat_at=timezone.now())


def _write_batch(job, importer, batch, outcome, note, done, total, prepared=None):
    """Write one checked batch in one transaction: records, history, counters, audit, errors, progress."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # The batch and its progress counter commit together, so a crash loses whole batches consistently.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        created, updated = importer.apply(batch, note, prepared)
        errors = _row_errors(job, importer, batch, outcome)
        _tally(importer, batch, outcome)
        skipped = sum(1 for r in batch if r.action == "error")
        unchanged = sum(1 for r in batch if r.action == "unchanged")
        if created or updated:
            audit.record(
                AuditAction.BULK, None, user=job.user, org=job.org, model=_model(job.kind), count=created + updated,
                after={"job": str(job.uid), "rows": [batch[0].number, batch[-1].number], "created": created,
                       "updated": updated, "unchanged": unchanged, "skipped": skipped},
                note=_("%(note)s: rows %(first)d–%(last)d, %(created)d created, %(updated)d updated, %(skipped)d "
                       "skipped") % {"note": note, "first": batch[0].number, "last": batch[-1].number,
                                     "created": created, "updated": updated, "skipped": skipped},
            )
        ImportRowError.objects.bulk_create(errors, batch_size=2000)
        from django.db.models import F

        ImportJob.objects.filter(pk=job.pk).update(
            rows_committed=F("rows_committed") + len(batch), rows_done=done, rows_total=max(total, done),
            created=F("created") + created, updated=F("updated") + updated, skipped=F("skipped") + skipped,
            unchanged=F("unchanged") + unchanged, heartbeat_at=timezone.now(),
        )


def _model(kind):
    from gonghui.members.models import Member
    from gonghui.orgs.models import EmployerUnit, Organisation

    return {"members": Member, "orgs": Organisation, "units": EmployerUnit}[kind]


def _row_errors(job, importer, batch, outcome):
    out = []
    preview = outcome.errors_preview
    for r in batch:
        if r.errors:
            r.action = "error"
            for index, field, message in r.errors:
                column = importer.column_name(index, field)
                out.append(ImportRowError(job_id=job.pk, row=r.number, column=column[:100], field=field[:50], message=message))
                if len(preview) < PREVIEW_ERRORS:
                    preview.append({"row": r.number, "column": column, "message": message})
    return out


def _tally(importer, batch, outcome):
    counts = outcome.counts
    sample = outcome.updates_preview
    for r in batch:
        action = r.action or "error"
        counts[action] = counts.get(action, 0) + 1
        if action in ("update", "rejoin") and len(sample) < PREVIEW_UPDATES:
            sample.append({"row": r.number, "name": str(r.data.get("name", "") or r.data.get("code", "")),
                           "changes": importer.describe_changes(r)})
