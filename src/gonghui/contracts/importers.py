"""Sheets of existing collective contracts (one row per contract, its employers' credit codes in one cell) and of
labour-contract coverage (one row per employer and year), declared in ``ContractsConfig.import_kinds``. Each row
goes through the services (rules, scope, audit) in a savepoint of its own (:class:`RecordImporter`)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import scope
from gonghui.core.importing import Column, RecordImporter
from gonghui.orgs.selectors import units_for

from . import services
from .choices import ContractType
from .forms import split_codes
from .models import CollectiveContract, LabourContractCoverage

TYPE_SPELLINGS = {"综合": "comprehensive", "综合性": "comprehensive", "综合性集体合同": "comprehensive",
                  "工资专项": "wage", "工资专项集体合同": "wage", "女职工特殊保护专项": "women",
                  "女职工专项": "women", "劳动安全卫生专项": "safety"}
CONTRACT_COLUMNS = (
    Column("number", "合同编号", "Contract number", required="always", aliases=("编号", "number"), max_length=40),
    Column("title", "合同名称", "Title", required="always", aliases=("名称", "title"), max_length=150),
    Column("contract_type", "合同类型", "Type", kind="choice", choices=ContractType, required="always",
           aliases=("类型", "type"), spellings=TYPE_SPELLINGS),
    Column("org", "签约工会代码", "Filing union code", kind="org_code", required="always",
           aliases=("签约工会", "工会代码", "filing union")),
    Column("units", "覆盖单位信用代码", "Employers' credit codes", required="always",
           aliases=("单位信用代码", "统一社会信用代码", "credit codes"),
           help=gettext_lazy("The unified social credit codes of the employers covered, separated by ; or ，.")),
    Column("starts_on", "期限起始", "Term starts", kind="date", required="always", aliases=("起始日期",)),
    Column("ends_on", "期限届满", "Term ends", kind="date", required="always", aliases=("届满日期", "终止日期")),
    Column("workers_covered", "覆盖职工人数", "Workers covered", kind="int", required="always",
           aliases=("职工人数",)),
    Column("minimum_wage", "最低工资", "Minimum wage", aliases=("合同约定最低工资",), max_length=30),
    Column("wage_rise_pct", "工资增幅", "Wage rise (%)", aliases=("约定工资增幅",), max_length=12),
    Column("congress_session", "职代会届次", "Congress session", aliases=("届次",), max_length=40),
    Column("congress_approved_on", "职代会通过日期", "Approved by the congress on", kind="date"),
    Column("signed_on", "签订日期", "Signed on", kind="date"),
    Column("submitted_on", "报送日期", "Submitted on", kind="date", aliases=("报送审查日期",)),
)


class ContractImporter(RecordImporter):
    """Existing contracts: created, then signed and submitted when the row has those dates. A number already in
    the register is left as it is."""

    kind = "collective_contracts"
    columns = CONTRACT_COLUMNS
    model = CollectiveContract
    fields = tuple(c.field for c in CONTRACT_COLUMNS)

    def classify(self, rows):
        for row in rows:
            self.convert(row)
            if "number" in row.data and not row.errors:
                self.check_duplicate(row, row.data["number"], "number")
        numbers = set(CollectiveContract.objects.filter(
            number__in=[r.data.get("number") for r in rows]).values_list("number", flat=True))
        for row in rows:
            d = row.data
            if not row.errors:
                org = scope.org_by_code(self.user, d["org"])
                if org is None or not org.path.startswith(self.root.path):
                    row.error(None, "org", _("No union with code “%(code)s” in your part of the union tree.")
                              % {"code": d["org"]})
                else:
                    d["org"] = org
                codes = split_codes(d.get("units"))
                found = {u.credit_code: u for u in units_for(self.user).filter(credit_code__in=codes)}
                missing = [c for c in codes if c not in found]
                if missing:
                    row.error(None, "units", _("No employer unit with these credit codes in your scope: %(codes)s.")
                              % {"codes": "、".join(missing)})
                d["units"] = [found[c] for c in dict.fromkeys(codes) if c in found]
            if row.errors:
                row.action = "error"
            elif d["number"] in numbers:
                row.action = "unchanged"
            else:
                row.action = "create"
        return rows

    def create_record(self, row, data):
        data = dict(data)
        org, units = data.pop("org"), data.pop("units")
        signed_on, submitted_on = data.pop("signed_on", None), data.pop("submitted_on", None)
        contract = services.save_contract(self.user, None, org, units=units, regional=len(units) > 1, **data)
        if signed_on:
            contract = services.sign_contract(self.user, contract, signed_on)
            if submitted_on:
                services.submit_contract(self.user, contract, submitted_on)


COVERAGE_COLUMNS = (
    Column("credit_code", "统一社会信用代码", "Unified social credit code", kind="credit_code", required="always",
           aliases=("信用代码", "credit code")),
    Column("year", "年度", "Year", kind="int", required="always", aliases=("年份",)),
    Column("workers", "职工人数", "Workers", kind="int", required="always"),
    Column("signed", "已签订劳动合同人数", "Workers with a signed labour contract", kind="int", required="always",
           aliases=("签订人数", "已签劳动合同人数")),
)


class LabourCoverageImporter(RecordImporter):
    """Labour-contract coverage by employer (its credit code) and year: created, or updated when it is there."""

    kind = "labour_contracts"
    columns = COVERAGE_COLUMNS
    model = LabourContractCoverage
    fields = ("year", "workers", "signed")

    def classify(self, rows):
        for row in rows:
            self.convert(row)
            if not row.errors:
                self.check_duplicate(row, (row.data["credit_code"], row.data["year"]), "credit_code")
        codes = {r.data.get("credit_code") for r in rows}
        units = {u.credit_code: u for u in units_for(self.user).filter(credit_code__in=codes)}
        existing = {(c.unit.credit_code, c.year): c for c in LabourContractCoverage.objects.filter(
            unit__credit_code__in=codes).select_related("unit")}
        for row in rows:
            d = row.data
            if not row.errors:
                unit = units.get(d["credit_code"])
                if unit is None:
                    row.error(None, "credit_code", _("No employer unit with these credit codes in your scope: "
                                                     "%(codes)s.") % {"codes": d["credit_code"]})
                else:
                    d["unit"] = unit
            if row.errors:
                row.action = "error"
                continue
            old = existing.get((d["credit_code"], d["year"]))
            if old is None:
                row.action = "create"
            else:
                row.existing = old
                row.changes = {f: (getattr(old, f), d[f]) for f in ("workers", "signed") if getattr(old, f) != d[f]}
                row.action = "update" if row.changes else "unchanged"
        return rows

    def create_record(self, row, data):
        services.save_labour_coverage(self.user, None, row.data["unit"], **data)

    def update_record(self, row, data):
        services.save_labour_coverage(self.user, row.existing, **data)
