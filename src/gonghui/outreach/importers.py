"""Sheets of the service network and the mediators' roster (declared in ``OutreachConfig.import_kinds``): small
sheets, each row through the kit's ``save_object`` (rules, rights, audit) in a savepoint of its own. The records are
kept at the union the import is made for; a row naming a record already there (a point by its name, a mediator by
committee and name) updates it."""

from django.utils.translation import gettext as _

from gonghui.core.importing import Column, RecordImporter
from gonghui.core.services import save_object

from .choices import PointKind
from .models import Mediator, ServicePoint

KIND_SPELLINGS = {"帮扶中心": "centre", "服务中心": "centre", "中心": "centre", "职工服务中心": "centre",
                  "服务站": "station", "站": "station", "职工服务站": "station", "服务点": "point", "点": "point"}
YES = {"是", "在册", "开放", "yes", "y", "1", "true"}


def _yes(value):
    return str(value).strip().lower() in YES if value not in (None, "") else True


class _PlainRows(RecordImporter):
    """Finds each row's record at the job's union by ``key(data)``; ``updatable`` fields change it."""

    updatable = ()

    def key(self, data):
        raise NotImplementedError

    def existing(self):
        return {self.key(vars(obj)): obj for obj in self.model.objects.filter(org=self.root)}

    def classify(self, rows):
        for row in rows:
            self.convert(row)
        found = self.existing()
        seen = set()
        for row in rows:
            d = row.data
            if "active" in d:
                d["active"] = _yes(d["active"])
            key = self.key(d) if not row.errors else None
            if key in seen:
                row.error(None, "", _("This row repeats an earlier row of the sheet."))
            if row.errors:
                row.action = "error"
                continue
            seen.add(key)
            d["org"] = self.root
            existing = found.get(key)
            if existing is None:
                row.action = "create"
                continue
            row.existing = existing
            row.changes = {f: (getattr(existing, f), d[f]) for f in self.updatable
                           if f in d and getattr(existing, f) != d[f]}
            row.action = "update" if row.changes else "unchanged"
        return rows

    def create_record(self, row, data):
        save_object(self.user, self.model(), data, fields=list(data))

    def update_record(self, row, data):
        changed = {k: v for k, v in data.items() if k in row.changes}
        save_object(self.user, row.existing, changed, fields=list(changed))


class ServicePointImporter(_PlainRows):
    kind = "service_points"
    model = ServicePoint
    fields = ("org", "kind", "name", "address", "services", "staff", "opening_hours", "telephone", "active")
    updatable = fields[1:]
    columns = (
        Column("name", "名称", "Name", required="always", aliases=("服务阵地名称", "name"), max_length=100),
        Column("kind", "类型", "Kind", kind="choice", choices=PointKind, required="always",
               aliases=("阵地类型", "kind"), spellings=KIND_SPELLINGS),
        Column("address", "地址", "Address", required="always", aliases=("服务地址", "address"), max_length=200),
        Column("services", "服务项目", "Services", required="always", aliases=("服务内容", "services")),
        Column("staff", "工作人员数", "Staff", kind="int", aliases=("工作人员", "人员数", "staff")),
        Column("opening_hours", "服务时间", "Opening hours", required="always",
               aliases=("开放时间", "opening hours"), max_length=100),
        Column("telephone", "电话", "Telephone", aliases=("联系电话", "telephone"), max_length=30),
        Column("active", "开放中", "Open", aliases=("是否开放", "open")),
    )

    def key(self, data):
        return data.get("name")


class MediatorImporter(_PlainRows):
    kind = "mediators"
    model = Mediator
    fields = ("org", "committee", "name", "phone", "speciality", "since", "active")
    updatable = ("phone", "speciality", "since", "active")
    columns = (
        Column("committee", "调解委员会", "Mediation committee", required="always",
               aliases=("调委会", "mediation committee"), max_length=100),
        Column("name", "姓名", "Full name", required="always", aliases=("调解员", "调解员姓名", "name"), max_length=60),
        Column("phone", "手机号", "Mobile phone", kind="phone", aliases=("手机", "联系电话", "mobile phone")),
        Column("speciality", "专长", "Speciality", aliases=("擅长领域", "speciality"), max_length=100),
        Column("since", "入册日期", "On the roster since", kind="date", required="always",
               aliases=("聘任日期", "since")),
        Column("active", "在册", "Active", aliases=("是否在册", "active")),
    )

    def key(self, data):
        return (data.get("committee"), data.get("name"))
