"""What an import sheet may contain: columns, their headers (Chinese, English, aliases) and allowed values.

One :class:`Column` per field. Headers are matched after :func:`normalise_header` (full-width → half-width,
spaces of every kind removed, case folded, a trailing ``*`` or ``(...)`` hint dropped), so ``身份证号``,
``居民身份证号码``, ``ＩＤ Number`` and ``id number`` all find their column. Choice values accept the code, the
English label, the Chinese label and common variants (:func:`choice_map`).
"""

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from gonghui.members import choices as mc
from gonghui.orgs import choices as oc


@dataclass(frozen=True)
class Column:
    field: str
    zh: str
    en: str
    kind: str = "text"  # text, choice, date, id_number, phone, int, org_code, unit, credit_code
    required: str = ""  # "" optional, "always", "create" (needed to create, optional to update)
    aliases: tuple = ()
    choices: type = None
    max_length: int = 0
    help: object = ""
    extra_values: dict = field(default_factory=dict)  # further accepted spellings → code

    def header(self, language):
        return self.zh if language.startswith("zh") else self.en


_TRAILING_HINT = re.compile(r"(\*|\([^()]*\))$")


def normalise_header(text):
    s = unicodedata.normalize("NFKC", str(text or ""))
    s = "".join(s.split()).lower()
    for _i in range(2):
        stripped = _TRAILING_HINT.sub("", s)
        if stripped == s or not stripped:
            break
        s = stripped
    return s.strip("*:：")


def normalise_value(text):
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


EXTRA = {
    "gender": {"男": "M", "女": "F", "男性": "M", "女性": "F", "m": "M", "f": "F", "1": "M", "2": "F", "male": "M",
               "female": "F"},
    "education": {"研究生": "postgraduate", "硕士": "postgraduate", "博士": "postgraduate", "硕士研究生": "postgraduate",
                  "博士研究生": "postgraduate", "本科": "bachelor", "大学本科": "bachelor", "大学": "bachelor",
                  "大专": "college", "专科": "college", "大学专科": "college", "高职": "college", "中专": "vocational",
                  "中技": "vocational", "中职": "vocational", "技校": "vocational", "职高": "vocational",
                  "中专/中技": "vocational", "高中": "high_school", "普通高中": "high_school", "初中": "junior_or_below",
                  "小学": "junior_or_below", "初中及以下": "junior_or_below", "初中以下": "junior_or_below"},
    "political_status": {"党员": "cpc", "中共党员": "cpc", "中国共产党党员": "cpc", "预备党员": "cpc_probationary",
                         "中共预备党员": "cpc_probationary", "团员": "cyl", "共青团员": "cyl",
                         "中国共产主义青年团团员": "cyl", "民主党派": "democratic_party",
                         "民主党派成员": "democratic_party", "群众": "masses", "无党派": "masses", "普通群众": "masses"},
    "employment_type": {"在岗职工": "regular", "正式职工": "regular", "正式工": "regular", "合同制": "regular",
                        "职工": "regular", "农民工": "migrant", "劳务派遣": "dispatched", "劳务派遣工": "dispatched",
                        "派遣": "dispatched", "派遣工": "dispatched", "新就业形态": "new_forms",
                        "新就业形态劳动者": "new_forms", "其他": "other", "其它": "other"},
    "org_status": {"筹建": "preparing", "筹建中": "preparing", "正常": "active", "运行": "active"},
    "ownership": {"国有": "state", "国有企业": "state", "集体": "collective", "私营": "private", "民营": "private",
                  "私营企业": "private", "民营企业": "private", "外资": "foreign", "外商投资": "foreign",
                  "港澳台": "hmt", "港澳台投资": "hmt", "机关事业": "public", "机关事业单位": "public", "机关": "public",
                  "事业单位": "public"},
}


@functools.cache
def _choice_map_cached(choices, extra_key, language):
    mapping = {}
    with translation.override("en"):
        for value, label in choices.choices:
            mapping[normalise_value(str(value))] = value
            mapping[normalise_value(str(label))] = value
    with translation.override("zh-hans"):
        for value, label in choices.choices:
            zh = normalise_value(str(label))
            mapping[zh] = value
            if choices is mc.Ethnicity:
                mapping[zh.removesuffix("族")] = value
                mapping[str(int(value))] = value  # Excel drops the leading zero of 01
    for k, v in EXTRA.get(extra_key, {}).items():
        mapping[normalise_value(k)] = v
    if choices is oc.OrgLevel:
        mapping = {k: int(v) for k, v in mapping.items()}
    return mapping


def choice_map(column):
    return _choice_map_cached(column.choices, column.extra_values.get("key", column.field), translation.get_language() or "")


def allowed_labels(column, language="zh-hans"):
    with translation.override(language):
        return [str(label) for _v, label in column.choices.choices]


MEMBER_COLUMNS = (
    Column("name", "姓名", "Name", required="always", aliases=("会员姓名", "名字", "full name"), max_length=50,
           help=_("The member's name as on the ID card.")),
    Column("id_number", "居民身份证号", "ID number", kind="id_number", required="always",
           aliases=("身份证号", "身份证号码", "公民身份号码", "居民身份证号码", "身份证", "证件号码", "id", "id no",
                    "id no.", "id card number", "idnumber"),
           help=_("18 characters; format the column as Text so that Excel keeps every digit. It identifies the member: "
                  "importing the same number again updates the record.")),
    Column("gender", "性别", "Gender", kind="choice", choices=mc.Gender, aliases=("sex",),
           help=_("Optional: taken from the ID number when empty; must match it when given.")),
    Column("birth_date", "出生日期", "Date of birth", kind="date", aliases=("出生年月", "生日", "birth date", "birthday", "dob"),
           help=_("Optional: taken from the ID number when empty; must match it when given.")),
    Column("ethnicity", "民族", "Ethnicity", kind="choice", choices=mc.Ethnicity, aliases=("ethnic group", "nationality"),
           help=_("Name (汉族 or 汉) or the two-digit code (01). Empty means Han.")),
    Column("education", "学历", "Education", kind="choice", choices=mc.Education, aliases=("文化程度", "最高学历")),
    Column("political_status", "政治面貌", "Political status", kind="choice", choices=mc.PoliticalStatus,
           aliases=("political affiliation",)),
    Column("phone", "手机号码", "Mobile phone", kind="phone", required="always",
           aliases=("手机", "手机号", "联系电话", "电话", "联系方式", "移动电话", "phone", "mobile", "mobile number"),
           help=_("11-digit mainland mobile number.")),
    Column("unit", "工作单位", "Employer unit", kind="unit",
           aliases=("单位", "用人单位", "单位名称", "工作单位名称", "所在单位", "employer", "unit", "employer unit"),
           help=_("The employer's unified social credit code, or its exact name as registered in gonghui.")),
    Column("job_title", "岗位", "Job", aliases=("职务", "岗位/职务", "工种", "job title", "position"), max_length=50),
    Column("employment_type", "用工类型", "Employment type", kind="choice", choices=mc.EmploymentType,
           aliases=("用工形式", "职工类型", "employment"), help=_("Empty means regular employee.")),
    Column("org", "所属工会", "Union code", kind="org_code",
           aliases=("工会", "工会代码", "所属工会代码", "组织代码", "所属工会(组织代码)", "union", "union code"),
           help=_("The organisation code of the member's union; empty means the union the import is made for.")),
    Column("join_date", "入会日期", "Join date", kind="date", aliases=("入会时间", "入会年月", "date joined"),
           help=_("Empty means today.")),
)

ORG_COLUMNS = (
    Column("code", "组织代码", "Organisation code", required="always", aliases=("工会代码", "代码", "code"), max_length=30),
    Column("name", "工会名称", "Name", required="create", aliases=("名称", "组织名称", "工会", "name"), max_length=100),
    Column("parent", "上级工会", "Parent code", kind="org_code", required="create",
           aliases=("上级工会代码", "上级组织代码", "上级组织", "parent", "parent code"),
           help=_("Organisation code of the parent organisation (it may be created by an earlier row of the file).")),
    Column("org_type", "组织类型", "Type", kind="choice", choices=oc.OrgType, required="create",
           aliases=("类型", "工会类型", "type", "org type")),
    Column("level", "层级", "Level", kind="choice", choices=oc.OrgLevel, aliases=("级别", "level"),
           help=_("Empty means the usual level of the type.")),
    Column("status", "状态", "Status", kind="choice", choices=oc.OrgStatus, aliases=("组织状态", "status"),
           extra_values={"key": "org_status"}, help=_("For new organisations: preparing or active (default).")),
    Column("founded_on", "成立日期", "Founding date", kind="date", aliases=("建会日期", "建会时间", "成立时间")),
    Column("approved_on", "批准日期", "Approval date", kind="date", aliases=("批准时间",)),
    Column("approval_doc_no", "批准文号", "Approval document number", aliases=("批复文号", "文号"), max_length=60),
    Column("chair_name", "工会主席", "Chair", aliases=("主席", "主席姓名", "chair name"), max_length=50),
    Column("term_number", "届次", "Term", kind="int", aliases=("本届届次", "term number")),
    Column("term_started_on", "本届开始日期", "Term started", kind="date", aliases=("换届日期", "届期开始日期", "本届换届日期")),
    Column("next_election_due", "下次换届日期", "Next election due", kind="date", aliases=("应换届日期", "届满日期")),
    Column("address", "地址", "Address", aliases=("办公地址", "通讯地址"), max_length=200),
    Column("contact_phone", "联系电话", "Contact phone", aliases=("电话", "办公电话"), max_length=30),
)

UNIT_COLUMNS = (
    Column("credit_code", "统一社会信用代码", "Unified social credit code", kind="credit_code", required="always",
           aliases=("信用代码", "社会信用代码", "credit code"),
           help=_("18 characters; it identifies the unit: importing the same code again updates the unit.")),
    Column("name", "单位名称", "Name", required="create", aliases=("名称", "单位", "企业名称", "name"), max_length=150),
    Column("ownership", "经济类型", "Ownership", kind="choice", choices=oc.Ownership, required="create",
           aliases=("所有制", "单位性质", "经济性质", "所有制性质", "ownership")),
    Column("industry", "行业", "Industry", kind="choice", choices=oc.Industry, required="create",
           aliases=("所属行业", "行业门类", "行业类别", "industry"), help=_("GB/T 4754 section letter (C) or its name.")),
    Column("employee_count", "职工人数", "Employees", kind="int", aliases=("从业人员数", "职工数", "员工人数", "employees")),
    Column("address", "地址", "Address", aliases=("单位地址", "address"), max_length=200),
    Column("area_org", "所在地工会", "Registered with (code)", kind="org_code",
           aliases=("属地工会", "所在地工会代码", "registered with"),
           help=_("Organisation code of the union whose census includes the unit; empty means the union the import is "
                  "made for.")),
    Column("union", "覆盖工会", "Covering union (code)", kind="org_code",
           aliases=("本单位工会", "建会工会", "所属工会", "covering union"),
           help=_("Organisation code of the unit's own union, if it has one.")),
)

COLUMNS = {"members": MEMBER_COLUMNS, "orgs": ORG_COLUMNS, "units": UNIT_COLUMNS}


@functools.cache
def header_index(kind):
    """normalised header → column, for every spelling of every column of ``kind``."""
    index = {}
    for col in COLUMNS[kind]:
        for text in (col.zh, col.en, col.field, *col.aliases):
            index.setdefault(normalise_header(text), col)
    return index


def match_headers(kind, header):
    """``(mapping {column index: Column}, unknown [(index, header)], duplicates [(index, header)])``."""
    index = header_index(kind)
    mapping, unknown, duplicates, seen = {}, [], [], set()
    for i, text in enumerate(header):
        key = normalise_header(text)
        if not key:
            continue
        col = index.get(key)
        if col is None:
            unknown.append((i, text))
        elif col.field in seen:
            duplicates.append((i, text))
        else:
            seen.add(col.field)
            mapping[i] = col
    return mapping, unknown, duplicates
