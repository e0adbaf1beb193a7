"""The member sheet importer (工会会员信息采集登记表), declared in ``MembersConfig.import_kinds``.

Cells are converted without forms (plain Python, a million rows), and checked by the member rules of
:mod:`.rules`, with their messages. What a batch needs is looked up with one query each (existing members by ID
hash, unions by code, units by credit code or name, all within the user's scope). Members are written with
``executemany`` (SQLite) or ``COPY`` (PostgreSQL) through :class:`gonghui.core.bulk.FastTable`; ID numbers are
encrypted with :func:`gonghui.core.pii.encrypt_many` and found by the keyed hash of :func:`gonghui.core.pii.id_hash`.
Every change is announced to the areas above (``hooks.members_changed``: the statistics counters), which may
count a batch ahead while the batch before it is written (``hooks.members_counting_ahead``).
"""

import hmac
import types

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import pii, sequences
from gonghui.core.bulk import FastTable, insert_select
from gonghui.core.importing import BaseImporter, CellError, Column, JobFailed, display, id_text
from gonghui.orgs.models import EmployerUnit, Organisation

from . import choices as mc
from . import hooks, rules
from .choices import HOLDING_STATUSES, MemberEventKind, MemberStatus
from .models import Member, MemberEvent

# --- the sheet's columns ------------------------------------------------------------------------------------------

GENDER_SPELLINGS = {"男": "M", "女": "F", "男性": "M", "女性": "F", "m": "M", "f": "F", "1": "M", "2": "F", "male": "M",
                    "female": "F"}
EDUCATION_SPELLINGS = {
    "研究生": "postgraduate", "硕士": "postgraduate", "博士": "postgraduate", "硕士研究生": "postgraduate",
    "博士研究生": "postgraduate", "本科": "bachelor", "大学本科": "bachelor", "大学": "bachelor", "大专": "college",
    "专科": "college", "大学专科": "college", "高职": "college", "中专": "vocational", "中技": "vocational",
    "中职": "vocational", "技校": "vocational", "职高": "vocational", "中专/中技": "vocational", "高中": "high_school",
    "普通高中": "high_school", "初中": "junior_or_below", "小学": "junior_or_below", "初中及以下": "junior_or_below",
    "初中以下": "junior_or_below"}
POLITICAL_SPELLINGS = {
    "党员": "cpc", "中共党员": "cpc", "中国共产党党员": "cpc", "预备党员": "cpc_probationary",
    "中共预备党员": "cpc_probationary", "团员": "cyl", "共青团员": "cyl", "中国共产主义青年团团员": "cyl",
    "民主党派": "democratic_party", "民主党派成员": "democratic_party", "群众": "masses", "无党派": "masses",
    "普通群众": "masses"}
EMPLOYMENT_SPELLINGS = {
    "在岗职工": "regular", "正式职工": "regular", "正式工": "regular", "合同制": "regular", "职工": "regular",
    "农民工": "migrant", "劳务派遣": "dispatched", "劳务派遣工": "dispatched", "派遣": "dispatched",
    "派遣工": "dispatched", "新就业形态": "new_forms", "新就业形态劳动者": "new_forms", "其他": "other",
    "其它": "other"}

SAME_AS_ID = gettext_lazy("Optional: taken from the ID number when empty; must match it when given.")

MEMBER_COLUMNS = (
    Column("name", "姓名", "Name", required="always", aliases=("会员姓名", "名字", "full name"), max_length=50,
           help=gettext_lazy("The member's name as on the ID card.")),
    Column("id_number", "居民身份证号", "ID number", kind="id_number", required="always",
           aliases=("身份证号", "身份证号码", "公民身份号码", "居民身份证号码", "身份证", "证件号码", "id", "id no",
                    "id no.", "id card number", "idnumber"),
           help=gettext_lazy("18 characters; format the column as Text so that Excel keeps every digit. It identifies "
                             "the member: importing the same number again updates the record.")),
    Column("gender", "性别", "Gender", kind="choice", choices=mc.Gender, aliases=("sex",), spellings=GENDER_SPELLINGS,
           help=SAME_AS_ID),
    Column("birth_date", "出生日期", "Date of birth", kind="date",
           aliases=("出生年月", "生日", "birth date", "birthday", "dob"), help=SAME_AS_ID),
    Column("ethnicity", "民族", "Ethnicity", kind="choice", choices=mc.Ethnicity,
           aliases=("ethnic group", "nationality"), zh_suffix="族", list_codes=False,
           help=gettext_lazy("Name (汉族 or 汉) or the two-digit code (01). Empty means Han.")),
    Column("education", "学历", "Education", kind="choice", choices=mc.Education, aliases=("文化程度", "最高学历"),
           spellings=EDUCATION_SPELLINGS),
    Column("political_status", "政治面貌", "Political status", kind="choice", choices=mc.PoliticalStatus,
           aliases=("political affiliation",), spellings=POLITICAL_SPELLINGS),
    Column("phone", "手机号码", "Mobile phone", kind="phone", required="always",
           aliases=("手机", "手机号", "联系电话", "电话", "联系方式", "移动电话", "phone", "mobile", "mobile number"),
           help=gettext_lazy("11-digit mainland mobile number.")),
    Column("unit", "工作单位", "Employer unit", kind="unit",
           aliases=("单位", "用人单位", "单位名称", "工作单位名称", "所在单位", "employer", "unit", "employer unit"),
           help=gettext_lazy("The employer's unified social credit code, or its exact name as registered in gonghui.")),
    Column("job_title", "岗位", "Job", aliases=("职务", "岗位/职务", "工种", "job title", "position"), max_length=50),
    Column("employment_type", "用工类型", "Employment type", kind="choice", choices=mc.EmploymentType,
           aliases=("用工形式", "职工类型", "employment"), spellings=EMPLOYMENT_SPELLINGS,
           help=gettext_lazy("Empty means regular employee.")),
    Column("org", "所属工会", "Union code", kind="org_code",
           aliases=("工会", "工会代码", "所属工会代码", "组织代码", "所属工会(组织代码)", "union", "union code"),
           help=gettext_lazy("The organisation code of the member's union; empty means the union the import is made "
                             "for.")),
    Column("join_date", "入会日期", "Join date", kind="date", aliases=("入会时间", "入会年月", "date joined"),
           help=gettext_lazy("Empty means today.")),
)

NO_UNION = gettext_lazy("No union with code “%(code)s” in your part of the union tree.")
NO_UNIT = gettext_lazy("No employer unit “%(value)s” in your part of the union tree.")


def _found(row, field, found, not_found, params):
    """The primary key a batch lookup ``found`` for ``field`` (``(pk, refusal)``, or None when nothing was
    found); None, with the refusal (or ``not_found % params``) on the row, when there is none to take."""
    pk, refusal = found if found is not None else (None, str(not_found) % params)
    if refusal is not None:
        row.error(None, field, refusal)
        return None
    return pk


# --- the importer -------------------------------------------------------------------------------------------------

MEMBER_UPDATE_FIELDS = ["name", "gender", "birth_date", "ethnicity", "education", "political_status", "phone",
                        "unit_id", "job_title", "employment_type", "join_date"]
MEMBER_INSERT = ["name", "id_number", "id_hash", "gender", "birth_date", "ethnicity", "education", "political_status",
                 "phone", "unit_id", "job_title", "employment_type", "org_id", "member_no", "join_date", "status",
                 "status_changed_on"]
EXISTING_FIELDS = ["pk", "id_hash", "org_id", "status", "member_no", *MEMBER_UPDATE_FIELDS]


class MemberImporter(BaseImporter):
    kind = "members"
    columns = MEMBER_COLUMNS
    model = Member
    pipelined = True

    def __init__(self, job, user, header):
        super().__init__(job, user, header)
        self.hash_key = settings.HASH_KEY.encode()
        self.orgs = {}  # code → (pk, why the union cannot take members or None), or None (not found)
        self.units = {}  # text → (pk, None) or (None, why it is ambiguous), or None (not found)
        root = self.root
        self.default_org_error = rules.union_refusal(root.is_live, root.org_type)
        if self.default_org_error is not None and root.is_live:  # a federation: the sheet must name the unions
            self.default_org_error = _(
                "%(org)s is a federation and holds no members: give each member's union in the column 所属工会 "
                "(union code).") % {"org": root.name}
        if self.default_org_error and "org" not in self.index_of:
            raise JobFailed(self.default_org_error)
        self.insert_table = None
        self.event_table = None
        self.org_names = {}

    def hash(self, number):
        return hmac.digest(self.hash_key, number.encode(), "sha256").hex()

    def seen_key(self, key):
        return bytes.fromhex(key)  # 65 bytes instead of the hex string's 113

    def remember(self, values):
        i = self.index_of["id_number"]
        if i >= len(values) or values[i] in (None, ""):
            return
        try:
            number = rules.id_number_info(id_text(values[i]))[0]
        except (CellError, ValidationError):
            return
        self.seen.setdefault(self.seen_key(self.hash(number)), -1)

    # lookups, one query per batch each

    @staticmethod
    def _not_looked_up(found, keys):
        """The keys not looked up yet, put in ``found`` as not found until the lookup finds them."""
        wanted = [k for k in keys if k not in found]
        for k in wanted:
            found[k] = None
        return wanted

    def _load_orgs(self, codes):
        wanted = self._not_looked_up(self.orgs, codes)
        if not wanted:
            return
        qs = Organisation.objects.filter(code__in=wanted, path__startswith=self.root.path).for_user(self.user)
        for org in qs.only("pk", "code", "status", "org_type"):
            self.orgs[org.code] = (org.pk, rules.union_refusal(org.is_live, org.org_type))

    def _load_units(self, texts):
        wanted = self._not_looked_up(self.units, texts)
        if not wanted:
            return
        codes = {t.upper(): t for t in wanted if len(t) == 18 and t.isalnum()}
        qs = EmployerUnit.objects.for_user(self.user)
        if codes:
            for pk, code in qs.filter(credit_code__in=list(codes)).values_list("pk", "credit_code"):
                self.units[codes[code]] = (pk, None)
        names = [t for t in wanted if self.units[t] is None]
        if names:
            found = {}
            for pk, name in qs.filter(name__in=names).values_list("pk", "name"):
                found.setdefault(name, set()).add(pk)
            for name, pks in found.items():
                self.units[name] = (next(iter(pks)), None) if len(pks) == 1 else (None, _(
                    "Several employer units are named “%(value)s”; give the unified social credit code instead.")
                    % {"value": name})

    def _already_member_message(self, existing):
        org = self.org_names.get(existing["org_id"])
        if org is None:
            org = self.org_names[existing["org_id"]] = Organisation.objects.get(pk=existing["org_id"])
        err = rules.already_member_error(self.user, types.SimpleNamespace(org=org, member_no=existing["member_no"]))
        return err.messages[0]

    def classify(self, rows):
        convert = self.convert
        today = self.today
        for row in rows:
            convert(row)
            data = row.data
            number = data.get("id_number")
            if number is None:
                continue
            try:
                number, birth, gender = rules.id_number_info(number)
            except ValidationError as e:
                row["id_number"] = e.messages[0]
                continue
            data["id_number"] = number
            rules.check_matches_id(data.get("gender"), data.get("birth_date"), gender, birth, errors=row)
            data.setdefault("gender", gender)
            data.setdefault("birth_date", birth)
            join = data.get("join_date")
            if join is not None:
                rules.check_join_date(join, birth, today=today, errors=row)
            if not row.errors:
                self.check_duplicate(row, self.hash(number), "id_number")

        self._load_orgs({r.data["org"] for r in rows if "org" in r.data})
        self._load_units({r.data["unit"] for r in rows if "unit" in r.data})
        hashes = [r.key for r in rows if r.key and not r.errors]
        existing = {}
        if hashes:
            members = Member.objects
            if connection.vendor == "postgresql":  # one array parameter instead of an IN list of thousands
                qn = connection.ops.quote_name
                column = f"{qn(Member._meta.db_table)}.{qn(Member._meta.get_field('id_hash').column)}"
                members = members.filter(RawSQL(f"{column} = ANY(%s)", (hashes,), output_field=BooleanField()))
            else:
                members = members.filter(id_hash__in=hashes)
            for rec in members.values(*EXISTING_FIELDS):
                existing[rec["id_hash"]] = rec

        for row in rows:
            data = row.data
            code = data.get("org")
            if code is not None:
                row.target = _found(row, "org", self.orgs.get(code), NO_UNION, {"code": code})
            elif self.default_org_error:
                row.error(None, "org", self.default_org_error)
            else:
                row.target = self.root.pk
            unit = data.get("unit")
            if unit is not None:
                pk = _found(row, "unit", self.units.get(unit), NO_UNIT, {"value": unit})
                if pk is not None:
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
                row.error(None, "id_number", rules.deceased_error().messages[0])
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
            out.append({"field": self.labels.get(f, f), "before": display(before), "after": display(after)})
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
        """(before, after) values of every member the batch writes: what the areas above follow (hooks)."""
        active = MemberStatus.ACTIVE.value
        pairs = []
        for r in rows:
            if r.action == "create":
                d = r.data
                pairs.append((None, {"org_id": r.target, "status": active, "gender": d["gender"],
                                     "birth_date": d["birth_date"],
                                     "employment_type": d.get("employment_type", "regular"),
                                     "education": d.get("education", ""),
                                     "political_status": d.get("political_status", ""),
                                     "unit_id": d.get("unit_id"), "join_date": d.get("join_date") or self.today}))
            elif r.action in ("update", "rejoin"):
                merged, status, _changed_on = self._merged(r)
                before = {f: r.existing[f] for f in hooks.MEMBER_FIELDS}
                pairs.append((before, before | {f: merged[f] for f in hooks.MEMBER_FIELDS if f in merged}
                              | {"org_id": r.target, "status": status}))
        return pairs

    def prepare(self, rows):
        """Let the areas above count the batch's changes ahead, in the checking thread (checked again when written:
        ``hooks.members_changed`` gets what they counted). Counted ahead only when one area counts."""
        pairs = self._counted_pairs(rows)
        if not pairs:
            return None
        ahead = hooks.members_counting_ahead(pairs)
        return pairs, (ahead[0] if len(ahead) == 1 else None)

    def _refresh_updated(self, updates):
        """Lock and read again the members a batch updates. Their values were read when the batch was checked,
        and another user may have changed one since: the update keeps what the sheet does not set as it is now
        (a withdrawal, a new employer), and the counters follow the member as it is now. A member moved to another
        union, or recorded dead, since the check is not written: its row ends in error, to be imported again.
        Returns whether any member changed."""
        ids = sorted(r.existing["pk"] for r in updates)
        members = Member.objects.filter(pk__in=ids)
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
            self.insert_table = FastTable(Member, MEMBER_INSERT)
            self.event_table = FastTable(MemberEvent, ["member_id", "kind", "date", "from_org_id", "to_org_id", "note",
                                                       "actor_id"])
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
            self._update(updates, note, actor, today, events)
        if events:
            self.event_table.insert(events)
        # The areas above (the statistics counters) follow in the same transaction.
        pairs, counted = prepared if prepared is not None else (self._counted_pairs(rows), None)
        if pairs:
            hooks.members_changed(pairs, counted)
        return len(creates), len(updates)

    def _update(self, updates, note, actor, today, events):
        """Write the updated and rejoining members (one executemany each) and collect their history rows."""
        now = timezone.now()
        qn = connection.ops.quote_name
        columns = MEMBER_UPDATE_FIELDS + ["org_id", "status", "status_changed_on", "updated_at"]
        cols = [Member._meta.get_field(f.removesuffix("_id") if f.endswith("_id") else f) for f in columns]
        sql = (f"UPDATE {qn(Member._meta.db_table)} SET "
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

    def _joined_events(self, lo, hi, note, actor):
        """The "joined" history of the members just inserted (numbers lo..hi), copied inside the database."""
        qn = connection.ops.quote_name
        cols = {f.attname: f"m.{qn(f.column)}" for f in Member._meta.concrete_fields}
        exprs = {"member_id": cols["id"], "date": cols["join_date"], "to_org_id": cols["org_id"]}
        constants = {"kind": MemberEventKind.JOINED.value, "note": note, "actor_id": actor, "from_org_id": None}
        insert_select(MemberEvent, f"FROM {qn(Member._meta.db_table)} m WHERE {cols['member_no']} >= %s AND "
                      f"{cols['member_no']} <= %s ORDER BY {cols['id']}", [lo, hi],
                      exprs=exprs, constants=constants, now=self.now)
