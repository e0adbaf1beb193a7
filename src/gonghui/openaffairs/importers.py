"""The disclosure catalogue sheet (公开目录), declared in ``OpenAffairsConfig.import_kinds``: one row per item of an
employer's catalogue, the employer named by its credit code. A row whose employer already has an item of that
name updates it; each row goes through ``services.save_item`` (rules, rights, schedule, change log)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.importing import Column, RecordImporter
from gonghui.core.spreadsheets import cell_text

from .choices import Category, DisclosureForm, Frequency
from .models import DisclosureItem, OpenAffairsSystem
from .services import ITEM_FIELDS, save_item

CATEGORY_SPELLINGS = {"工资": "wages", "奖金": "wages", "工资奖金": "wages", "薪酬": "wages", "福利": "welfare",
                      "社会保险": "welfare", "保险福利": "welfare", "安全": "safety", "安全生产": "safety",
                      "招聘": "hiring", "用工": "hiring", "人事": "hiring", "重大决策": "decisions",
                      "决策": "decisions",
                      "经营": "business", "经营管理": "business", "业务": "business", "其他": "other"}
FREQUENCY_SPELLINGS = {"每月": "monthly", "月度": "monthly", "按月": "monthly", "月": "monthly",
                       "每季度": "quarterly", "季度": "quarterly", "按季": "quarterly", "季": "quarterly",
                       "每年": "yearly", "年度": "yearly", "按年": "yearly", "年": "yearly",
                       "随时": "as_needed", "即时": "as_needed", "适时": "as_needed", "及时": "as_needed"}
FORM_SPELLINGS = {"公开栏": "board", "公示栏": "board", "张贴": "board", "厂务公开栏": "board", "会议": "meeting",
                  "职代会": "meeting", "内网": "intranet", "网站": "intranet", "网络": "intranet", "其他": "other"}

COLUMNS = (
    Column("unit", "统一社会信用代码", "Employer's credit code", kind="credit_code", required="always",
           aliases=("信用代码", "单位信用代码", "credit code"),
           help=gettext_lazy("The employer whose catalogue the row belongs to; its open-affairs system must be "
                             "recorded.")),
    Column("title", "公开事项", "Item", required="always", aliases=("事项", "公开内容", "item"), max_length=150,
           help=gettext_lazy("An item already in the employer's catalogue under this name is updated.")),
    Column("category", "类别", "Category", kind="choice", choices=Category, required="create",
           aliases=("公开类别", "category"), spellings=CATEGORY_SPELLINGS),
    Column("department", "责任部门", "Responsible department", required="create",
           aliases=("责任单位", "部门", "department"), max_length=100),
    Column("frequency", "公开频次", "Frequency", kind="choice", choices=Frequency, required="create",
           aliases=("频次", "公开时间", "frequency"), spellings=FREQUENCY_SPELLINGS),
    Column("form", "公开形式", "Form of disclosure", kind="choice", choices=DisclosureForm,
           aliases=("形式", "公开方式", "form"), spellings=FORM_SPELLINGS),
    Column("since", "起始日期", "Disclosed since", kind="date", aliases=("开始日期", "since"),
           help=gettext_lazy("Empty means the first day of this month.")),
    Column("notes", "备注", "Notes", aliases=("说明", "notes"), max_length=500),
)


class CatalogueImporter(RecordImporter):
    kind = "disclosure_items"
    columns = COLUMNS
    model = DisclosureItem
    fields = ITEM_FIELDS

    def remember(self, values):
        unit, title = self.index_of["unit"], self.index_of["title"]
        if max(unit, title) < len(values) and values[unit] not in (None, "") and values[title] not in (None, ""):
            self.seen.setdefault((cell_text(values[unit]).strip().upper(), cell_text(values[title]).strip()), -1)

    def classify(self, rows):
        for row in rows:
            self.convert(row)
            if "unit" in row.data and "title" in row.data and not row.errors:
                self.check_duplicate(row, (row.data["unit"], row.data["title"]), "title")
        codes = {r.data["unit"] for r in rows if "unit" in r.data}
        systems = {s.unit.credit_code: s for s in OpenAffairsSystem.objects.for_user(self.user)
                   .filter(unit__credit_code__in=codes, org__path__startswith=self.root.path).select_related("unit")}
        items = {(i.system_id, i.title): i for i in
                 DisclosureItem.objects.filter(system__in=list(systems.values()))}
        for row in rows:
            d = row.data
            if row.errors:
                row.action = "error"
                continue
            system = systems.get(d["unit"])
            if system is None:
                row.error(None, "unit", _("No open-affairs system of an employer with this credit code in your part "
                                          "of the union tree: record the employer's system first."))
                row.action = "error"
                continue
            row.target = system
            existing = items.get((system.pk, d["title"]))
            if existing is not None:
                row.existing = existing
                changes = {f: (getattr(existing, f), d[f]) for f in self.fields
                           if f in d and d[f] != getattr(existing, f)}
                row.changes = changes
                row.action = "update" if changes else "unchanged"
            else:
                self.check_required_to_create(row, _("Required for a new catalogue item; the cell is empty."))
                row.action = "error" if row.errors else "create"
        return rows

    def create_record(self, row, data):
        save_item(self.user, None, system=row.target, **data)

    def update_record(self, row, data):
        merged = {f: getattr(row.existing, f) for f in self.fields}
        merged.update(data)
        save_item(self.user, row.existing, **merged)
