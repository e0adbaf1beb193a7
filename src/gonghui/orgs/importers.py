"""The organisation and employer-unit sheet importers, declared in ``OrgsConfig.import_kinds``.

Both are small sheets: each row goes through its service (``create_org`` / ``update_org``, ``create_unit`` /
``update_unit``: rules, rights, audit, counters) in a savepoint of its own (:class:`RecordImporter`). The check
looks up the batch's codes with one query each, within the user's part of the union tree.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import scope
from gonghui.core.importing import Column, RecordImporter
from gonghui.core.spreadsheets import cell_text
from gonghui.core.validators import check_not_future

from . import choices as oc
from .choices import OrgStatus
from .models import EmployerUnit, Organisation
from .services import ORG_FIELDS, UNIT_FIELDS, create_org, create_unit, update_org, update_unit

STATUS_SPELLINGS = {"筹建": "preparing", "筹建中": "preparing", "正常": "active", "运行": "active"}
OWNERSHIP_SPELLINGS = {
    "国有": "state", "国有企业": "state", "集体": "collective", "私营": "private", "民营": "private",
    "私营企业": "private", "民营企业": "private", "外资": "foreign", "外商投资": "foreign", "港澳台": "hmt",
    "港澳台投资": "hmt", "机关事业": "public", "机关事业单位": "public", "机关": "public", "事业单位": "public"}

ORG_COLUMNS = (
    Column("code", "组织代码", "Organisation code", required="always", aliases=("工会代码", "代码", "code"),
           max_length=30),
    Column("name", "工会名称", "Name", required="create", aliases=("名称", "组织名称", "工会", "name"), max_length=100),
    Column("parent", "上级工会", "Parent code", kind="org_code", required="create",
           aliases=("上级工会代码", "上级组织代码", "上级组织", "parent", "parent code"),
           help=gettext_lazy("Organisation code of the parent organisation (it may be created by an earlier row of "
                             "the file).")),
    Column("org_type", "组织类型", "Type", kind="choice", choices=oc.OrgType, required="create",
           aliases=("类型", "工会类型", "type", "org type")),
    Column("level", "层级", "Level", kind="choice", choices=oc.OrgLevel, aliases=("级别", "level"),
           help=gettext_lazy("Empty means the usual level of the type.")),
    Column("status", "状态", "Status", kind="choice", choices=oc.OrgStatus, aliases=("组织状态", "status"),
           spellings=STATUS_SPELLINGS,
           help=gettext_lazy("For new organisations: preparing or active (default).")),
    Column("founded_on", "成立日期", "Founding date", kind="date", aliases=("建会日期", "建会时间", "成立时间")),
    Column("approved_on", "批准日期", "Approval date", kind="date", aliases=("批准时间",)),
    Column("approval_doc_no", "批准文号", "Approval document number", aliases=("批复文号", "文号"), max_length=60),
    Column("chair_name", "工会主席", "Chair", aliases=("主席", "主席姓名", "chair name"), max_length=50),
    Column("term_number", "届次", "Term", kind="int", aliases=("本届届次", "term number")),
    Column("term_started_on", "本届开始日期", "Term started", kind="date",
           aliases=("换届日期", "届期开始日期", "本届换届日期")),
    Column("next_election_due", "下次换届日期", "Next election due", kind="date", aliases=("应换届日期", "届满日期")),
    Column("address", "地址", "Address", aliases=("办公地址", "通讯地址"), max_length=200),
    Column("contact_phone", "联系电话", "Contact phone", aliases=("电话", "办公电话"), max_length=30),
)

UNIT_COLUMNS = (
    Column("credit_code", "统一社会信用代码", "Unified social credit code", kind="credit_code", required="always",
           aliases=("信用代码", "社会信用代码", "credit code"),
           help=gettext_lazy("18 characters; it identifies the unit: importing the same code again updates the "
                             "unit.")),
    Column("name", "单位名称", "Name", required="create", aliases=("名称", "单位", "企业名称", "name"), max_length=150),
    Column("ownership", "经济类型", "Ownership", kind="choice", choices=oc.Ownership, required="create",
           aliases=("所有制", "单位性质", "经济性质", "所有制性质", "ownership"), spellings=OWNERSHIP_SPELLINGS),
    Column("industry", "行业", "Industry", kind="choice", choices=oc.Industry, required="create",
           aliases=("所属行业", "行业门类", "行业类别", "industry"),
           help=gettext_lazy("GB/T 4754 section letter (C) or its name.")),
    Column("employee_count", "职工人数", "Employees", kind="int",
           aliases=("从业人员数", "职工数", "员工人数", "employees")),
    Column("address", "地址", "Address", aliases=("单位地址", "address"), max_length=200),
    Column("area_org", "所在地工会", "Registered with (code)", kind="org_code",
           aliases=("属地工会", "所在地工会代码", "registered with"),
           help=gettext_lazy("Organisation code of the union whose census includes the unit; empty means the union "
                             "the import is made for.")),
    Column("union", "覆盖工会", "Covering union (code)", kind="org_code",
           aliases=("本单位工会", "建会工会", "所属工会", "covering union"),
           help=gettext_lazy("Organisation code of the unit's own union, if it has one.")),
    # The census rule's facts (which employers should have a union): orgs.census.
    Column("established_on", "成立日期", "Established on", kind="date",
           aliases=("成立时间", "注册日期", "established on")),
    Column("operating_status", "经营状态", "Operating status", kind="choice", choices=oc.OperatingStatus,
           aliases=("经营情况", "登记状态", "operating status"),
           spellings={"正常": "operating", "正常经营": "operating", "在业": "operating", "存续": "operating",
                      "筹建": "preparing", "未投产": "preparing", "停业": "suspended", "歇业": "suspended",
                      "停产": "suspended", "注销": "closed", "吊销": "closed", "关闭": "closed"}),
    Column("sales_band", "营业收入", "Annual sales", kind="choice", choices=oc.SalesBand,
           aliases=("年营业收入", "营业收入规模", "annual sales"),
           spellings={"500万以下": "lt5m", "500万元以下": "lt5m", "500万-2000万": "5m_20m",
                      "500万至2000万": "5m_20m", "2000万-2亿": "20m_200m", "2000万至2亿": "20m_200m",
                      "2亿以上": "ge200m", "2亿元以上": "ge200m"}),
    Column("village", "所在行政村", "Administrative village", aliases=("行政村", "administrative village"),
           max_length=60),
)


def _not_in_scope(code):
    return _("No organisation with code “%(code)s” in your part of the union tree.") % {"code": code}


class OrgImporter(RecordImporter):
    kind = "orgs"
    columns = ORG_COLUMNS
    model = Organisation
    required_action = "manage_orgs"
    fields = [f for f in ORG_FIELDS if f != "notes"]

    def __init__(self, job, user, header):
        super().__init__(job, user, header)
        self.planned = set()  # codes the file creates (later rows may use them as parents)

    def remember(self, values):
        i = self.index_of["code"]
        if i < len(values) and values[i] not in (None, ""):
            code = cell_text(values[i]).strip()
            self.seen.setdefault(code, -1)
            self.planned.add(code)

    def _may_manage(self, org):
        return org.path.startswith(self.root.path) and scope.can(self.user, "manage_orgs", org)

    def classify(self, rows):
        for row in rows:
            self.convert(row)
            code = row.data.get("code")
            if code and not row.errors:
                self.check_duplicate(row, code, "code")
        codes = {r.data[f] for r in rows for f in ("code", "parent") if f in r.data}
        found = {o.code: o for o in Organisation.objects.filter(code__in=codes)}
        for row in rows:
            d = row.data
            if row.errors:
                row.action = "error"
                continue
            existing = found.get(d["code"])
            parent_code = d.get("parent")
            parent = found.get(parent_code) if parent_code else None
            if existing is not None:
                self._classify_update(row, existing, parent_code, parent)
            else:
                self._classify_create(row, parent_code, parent)
            for f in ("founded_on", "approved_on", "term_started_on"):
                check_not_future(d.get(f), f, today=self.today, errors=row)
            if row.errors:
                row.action = "error"
        return rows

    def _classify_update(self, row, existing, parent_code, parent):
        d = row.data
        if not self._may_manage(existing):
            row.error(None, "code", _("This organisation code is already in use."))
        elif parent_code and (parent is None or existing.path[:-Organisation.steplen] != parent.path):
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

    def _classify_create(self, row, parent_code, parent):
        d = row.data
        self.check_required_to_create(row, _("Required for a new organisation; the cell is empty."))
        if parent_code and not row.errors:
            if parent is None and parent_code not in self.planned:
                row.error(None, "parent", _not_in_scope(parent_code))
            elif parent is not None:
                if not self._may_manage(parent):
                    row.error(None, "parent", _not_in_scope(parent_code))
                elif not parent.is_live:
                    row.error(None, "parent", _("A dissolved or merged organisation cannot have new "
                                                "sub-organisations."))
        if d.get("status") not in (None, OrgStatus.PREPARING, OrgStatus.ACTIVE):
            row.error(None, "status", _("A new organisation is either preparing or active."))
        self._check_dates(row, d)
        if not row.errors:
            self.planned.add(d["code"])
            row.action = "create"

    def _check_dates(self, row, d):
        founded, approved = d.get("founded_on"), d.get("approved_on")
        if founded and approved and approved < founded:
            row.error(None, "approved_on", _("The approval cannot come before the founding date."))
        started, due = d.get("term_started_on"), d.get("next_election_due")
        if started and due and due <= started:
            row.error(None, "next_election_due", _("The next election must come after the term started."))

    def create_record(self, row, data):
        create_org(self.user, Organisation.objects.get(code=row.data["parent"]), **data)

    def update_record(self, row, data):
        update_org(self.user, row.existing, **data)


class UnitImporter(RecordImporter):
    kind = "units"
    columns = UNIT_COLUMNS
    model = EmployerUnit
    fields = UNIT_FIELDS

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
        orgs = {o.code: o for o in
                Organisation.objects.filter(code__in=codes, path__startswith=self.root.path).for_user(self.user)}
        credit = {r.data["credit_code"] for r in rows if "credit_code" in r.data}
        units = {u.credit_code: u for u in
                 EmployerUnit.objects.filter(credit_code__in=credit).select_related("area_org", "union")}
        visible = set(EmployerUnit.objects.for_user(self.user).filter(credit_code__in=credit)
                      .values_list("credit_code", flat=True))
        for row in rows:
            d = row.data
            if row.errors:
                row.action = "error"
                continue
            for f in ("area_org", "union"):
                if f in d:
                    org = orgs.get(d[f])
                    if org is None:
                        row.error(None, f, _("No union with code “%(code)s” in your part of the union tree.")
                                  % {"code": d[f]})
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
                self.check_required_to_create(row, _("Required for a new employer unit; the cell is empty."))
                d.setdefault("area_org", self.root)
                row.action = "error" if row.errors else "create"
        return rows

    def create_record(self, row, data):
        create_unit(self.user, **data)

    def update_record(self, row, data):
        update_unit(self.user, row.existing, **data)
