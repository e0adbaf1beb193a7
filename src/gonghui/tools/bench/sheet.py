"""The member sheet the import benchmark loads: N rows as a union official would fill them in, some bad.

Headers and values are what a 工会会员信息采集登记表 holds (Chinese headers, Chinese labels such as 男 /
汉族 / 大学本科 / 农民工, dates as Excel dates, ID numbers and phones as text). A known share of the rows
is bad, of several kinds, spread over the sheet; the generator records which rows are bad (as Excel
numbers them: the header is row 1) and what every good row must become in the registry, so the benchmark
can check each method's result.
"""

import datetime
import hashlib
import hmac
import random
from dataclasses import dataclass, field

import xlsxwriter
from django.utils import translation

from gonghui.core.validators import ID_CHECK_CHARS
from gonghui.members.choices import Education, EmploymentType, Ethnicity, Gender, PoliticalStatus
from gonghui.tools.demo import places
from gonghui.tools.demo.identifiers import PersonIdentifiers
from gonghui.tools.demo.pools import get_pools

HEADERS = (
    "姓名", "居民身份证号", "性别", "出生日期", "民族", "学历", "政治面貌", "手机号码",
    "工作单位 (统一社会信用代码)", "用工类型", "所属工会 (组织代码)", "入会日期",
)
# The model fields behind the headers, in the same order.
FIELDS = (
    "name", "id_number", "gender", "birth_date", "ethnicity", "education", "political_status", "phone", "unit",
    "employment_type", "org", "join_date",
)
COL = {f: k for k, f in enumerate(FIELDS)}

BAD_KINDS = (
    "id_checksum",         # the ID number's check character is wrong
    "gender_mismatch",     # 性别 says the opposite of the ID number
    "bad_phone",           # not an 11-digit mainland mobile number
    "bad_date",            # 入会日期 is not a real date
    "unknown_union",       # no union has this code
    "union_out_of_scope",  # a union outside the importing organisation's subtree
    "duplicate_id",        # the same person a second time in the file (the later row is refused)
)

ETHNICITIES = (("01", 9500), ("03", 200), ("11", 120), ("02", 60), ("08", 40), ("06", 30), ("15", 20), ("10", 20))
EDUCATIONS = (("postgraduate", 4), ("bachelor", 22), ("college", 24), ("vocational", 16), ("high_school", 17),
              ("junior_or_below", 17))
POLITICAL = (("cpc", 11), ("cpc_probationary", 1), ("cyl", 9), ("democratic_party", 1), ("masses", 78))
EMPLOYMENT = (("regular", 70), ("migrant", 14), ("dispatched", 8), ("new_forms", 5), ("other", 3))


def labels(choices):
    """code -> Chinese label of a TextChoices class, as the zh-hans pages show it."""
    with translation.override("zh-hans"):
        return {value: str(label) for value, label in choices.choices}


def bench_id_hash(hash_key: str, number: str) -> str:
    """``gonghui.core.pii.id_hash`` with an explicit key (the key the benchmark's databases use)."""
    return hmac.new(hash_key.encode(), number.encode(), hashlib.sha256).hexdigest()


def stored_line(values):
    """One member as the check compares it: id_hash, name, union code, gender, birth, phone, join, unit code,
    ethnicity, education, political status, employment type (dates as ISO text, no unit as "")."""
    return "\t".join("" if v is None else v.isoformat() if isinstance(v, datetime.date) else str(v) for v in values)


@dataclass
class SheetInfo:
    path: str
    rows: int
    bad_rows: dict = field(default_factory=dict)  # Excel row number -> kind
    expected: list = field(default_factory=list)  # stored_line() of every member that must be stored
    kinds: dict = field(default_factory=dict)  # kind -> count

    @property
    def expected_digest(self):
        return digest_lines(sorted(self.expected))


def digest_lines(sorted_lines):
    h = hashlib.sha256()
    for line in sorted_lines:
        h.update(line.encode())
        h.update(b"\n")
    return h.hexdigest()


def _draw(rng, pairs, k):
    return rng.choices([v for v, _w in pairs], weights=[w for _v, w in pairs], k=k)


def generate_member_sheet(path, rows, *, holders, outside, hash_key, bad_share=0.05, seed=2026, region="3203"):
    """Write the sheet and return a :class:`SheetInfo`.

    ``holders``: [(union code, [unit credit codes covered by it])] of live member-holding unions inside the
    importing organisation's subtree; ``outside``: codes of unions outside it.
    """
    rng = random.Random(seed)
    pools = get_pools()
    city = places.CITIES.get(region) or places.XUZHOU
    ids = PersonIdentifiers([d.code for d in city.districts])
    gender_label = labels(Gender)
    eth_label, edu_label = labels(Ethnicity), labels(Education)
    pol_label, emp_label = labels(PoliticalStatus), labels(EmploymentType)
    today = datetime.date.today()

    n_bad = min(rows, round(rows * bad_share))
    bad_positions = sorted(rng.sample(range(rows), n_bad))
    kinds = [BAD_KINDS[k % len(BAD_KINDS)] for k in range(n_bad)]
    rng.shuffle(kinds)
    bad_at = dict(zip(bad_positions, kinds))
    # A duplicate copies a good row before it: a duplicate with none before it becomes a bad checksum.
    first_good = next((i for i in range(rows) if i not in bad_at), rows)
    for pos, kind in list(bad_at.items()):
        if kind == "duplicate_id" and pos < first_good:
            bad_at[pos] = "id_checksum"

    surnames = rng.choices(pools.surnames, cum_weights=pools.surname_cum_weights, k=rows)
    eth = _draw(rng, ETHNICITIES, rows)
    edu = _draw(rng, EDUCATIONS, rows)
    pol = _draw(rng, POLITICAL, rows)
    emp = _draw(rng, EMPLOYMENT, rows)
    holder_idx = [rng.randrange(len(holders)) for _ in range(rows)]
    person_base = rng.randrange(1, 10_000_000)

    info = SheetInfo(path=str(path), rows=rows)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("会员信息")
    head = workbook.add_format({"bold": True})
    date_fmt = workbook.add_format({"num_format": "yyyy-mm-dd"})
    text_fmt = workbook.add_format({"num_format": "@"})
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 1, 21, text_fmt)
    sheet.set_column(7, 8, 21, text_fmt)
    sheet.set_column(10, 10, 16, text_fmt)
    sheet.set_column(3, 3, 12, date_fmt)
    sheet.set_column(11, 11, 12, date_fmt)
    for c, h in enumerate(HEADERS):
        sheet.write_string(0, c, h, head)

    recent = []  # (number, name, gender, birth) of recent good rows: what a duplicate copies
    write_string, write_datetime = sheet.write_string, sheet.write_datetime
    for i in range(rows):
        r = i + 1
        number, gender, d = ids.id_number(person_base + i)
        birth = datetime.date.fromordinal(ids.birth_ordinals[d])
        name = surnames[i] + rng.choice(pools.given_male if gender == "M" else pools.given_female)
        phone = ids.phone(person_base + i)
        lo = max(birth.toordinal() + 6575, datetime.date(1990, 1, 1).toordinal())  # joins at 18 or later
        join = datetime.date.fromordinal(lo + int(rng.random() * (today.toordinal() - 1 - lo)))
        org_code, units = holders[holder_idx[i]]
        unit = units[i % len(units)] if units and i % 5 else ""
        kind = bad_at.get(i)
        gender_cell = gender_label[gender]
        join_cell = join
        if kind == "duplicate_id":
            number, name, gender, birth = recent[rng.randrange(len(recent))]
            gender_cell = gender_label[gender]
        elif kind == "id_checksum":
            number = number[:17] + ID_CHECK_CHARS[(ID_CHECK_CHARS.index(number[17]) + 1 + i % 10) % 11]
        elif kind == "gender_mismatch":
            gender_cell = gender_label["F" if gender == "M" else "M"]
        elif kind == "bad_phone":
            phone = phone[:10] if i % 2 else "2" + phone[1:]
        elif kind == "bad_date":
            join_cell = f"{join.year}-02-30" if i % 2 else f"{join.year}-13-{join.day:02d}"
        elif kind == "unknown_union":
            org_code = f"{region}9{i:07d}"
        elif kind == "union_out_of_scope":
            org_code = outside[i % len(outside)]
            unit = ""

        write_string(r, 0, name)
        write_string(r, 1, number)
        write_string(r, 2, gender_cell)
        write_datetime(r, 3, birth, date_fmt)
        write_string(r, 4, eth_label[eth[i]])
        write_string(r, 5, edu_label[edu[i]])
        write_string(r, 6, pol_label[pol[i]])
        write_string(r, 7, phone)
        if unit:
            write_string(r, 8, unit)
        write_string(r, 9, emp_label[emp[i]])
        write_string(r, 10, org_code)
        if isinstance(join_cell, str):
            write_string(r, 11, join_cell)
        else:
            write_datetime(r, 11, join_cell, date_fmt)

        if kind is None:
            if len(recent) < 5000:
                recent.append((number, name, gender, birth))
            else:
                recent[i % 5000] = (number, name, gender, birth)
            info.expected.append(stored_line((
                bench_id_hash(hash_key, number), name, org_code, gender, birth, phone, join, unit, eth[i], edu[i],
                pol[i], emp[i],
            )))
        else:
            info.bad_rows[r + 1] = kind  # Excel row: the header is row 1
            info.kinds[kind] = info.kinds.get(kind, 0) + 1
    workbook.close()
    return info
