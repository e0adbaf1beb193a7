"""Sheets of delegates and motions (declared in ``DemocracyConfig.import_kinds``): small sheets, each row through its
service (``save_delegate``, ``file_motion``: rules, rights, audit) in a savepoint of its own (``RecordImporter``).
The congress is the one of the union the import is made for, by the term (届次) in the row."""

from django.utils.translation import gettext as _

from gonghui.core import pii
from gonghui.core.importing import Column, RecordImporter
from gonghui.members.models import Member

from . import services
from .choices import DelegateCategory
from .models import Congress, Delegate, Motion

CATEGORY_SPELLINGS = {"一线": "frontline", "一线职工": "frontline", "一线工人": "frontline", "技术人员": "technician",
                      "专业技术": "technician", "管理": "manager", "管理人员": "manager", "中层": "manager",
                      "其他": "other"}
TERM = Column("term", "届次", "Term", kind="int", required="always", aliases=("届", "term"))


class _CongressRows(RecordImporter):
    """Finds each row's congress (the job's union and the term) in one query."""

    def congresses(self, rows):
        terms = {r.data["term"] for r in rows if "term" in r.data}
        return {c.term: c for c in Congress.objects.for_user(self.user).filter(org=self.root, term__in=terms)}

    def congress_of(self, row, found):
        congress = found.get(row.data.get("term"))
        if congress is None and "term" in row.data:
            row.error(None, "term", _("%(org)s has no congress of term %(term)s.") % {
                "org": self.root.name, "term": row.data["term"]})
        return congress


class DelegateImporter(_CongressRows):
    kind = "congress_delegates"
    model = Delegate
    fields = ("congress", "member", "constituency", "category")
    columns = (
        TERM,
        Column("name", "姓名", "Full name", required="always", aliases=("代表姓名", "name"), max_length=50),
        Column("id_number", "身份证号", "ID number", kind="id_number", required="always",
               aliases=("身份证号码", "公民身份号码", "id number")),
        Column("constituency", "代表团", "Constituency", aliases=("代表团（组）", "代表组", "选区"), max_length=60),
        Column("category", "代表类别", "Category", kind="choice", choices=DelegateCategory,
               aliases=("类别", "category"), spellings=CATEGORY_SPELLINGS),
    )

    def classify(self, rows):
        for row in rows:
            self.convert(row)
        found = self.congresses(rows)
        hashes = {pii.id_hash(r.data["id_number"]): r for r in rows if "id_number" in r.data}
        members = {m.id_hash: m for m in Member.objects.for_user(self.user).filter(
            id_hash__in=list(hashes), org__path__startswith=self.root.path).select_related("org")}
        for row in rows:
            d = row.data
            congress = self.congress_of(row, found)
            member = members.get(pii.id_hash(d["id_number"])) if "id_number" in d else None
            if member is None and "id_number" in d:
                row.error(None, "id_number", _("No member of %(org)s with this ID number.") % {"org": self.root.name})
            elif member is not None and member.name != d.get("name"):
                row.error(None, "name", _("The name differs from the member's (%(name)s).") % {"name": member.name})
            if row.errors:
                row.action = "error"
                continue
            d["congress"], d["member"] = congress, member
            d.setdefault("category", DelegateCategory.FRONTLINE)
            existing = Delegate.objects.filter(congress=congress, member=member).first()
            if existing is not None:
                row.existing = existing
                row.changes = {f: (getattr(existing, f), d[f]) for f in ("constituency", "category")
                               if f in d and getattr(existing, f) != d[f]}
                row.action = "update" if row.changes else "unchanged"
            else:
                row.action = "create"
        return rows

    def create_record(self, row, data):
        services.save_delegate(self.user, None, **data)

    def update_record(self, row, data):
        services.save_delegate(self.user, row.existing, **{k: v for k, v in data.items() if k in row.changes})


class MotionImporter(_CongressRows):
    """Motions collected on paper: each row a new motion, filed by a delegate of the term (by name)."""

    kind = "congress_motions"
    model = Motion
    fields = ("congress", "title", "content", "filer", "filed_on")
    columns = (
        TERM,
        Column("title", "案由", "Title", required="always", aliases=("提案标题", "标题", "题目", "title"),
               max_length=200),
        Column("content", "提案内容", "Content", required="always", aliases=("内容", "建议", "content")),
        Column("filer", "提案人", "Filed by", required="always", aliases=("提案代表", "领衔人", "filed by"),
               max_length=50),
        Column("filed_on", "提交日期", "Filed on", kind="date", required="always", aliases=("日期", "filed on")),
    )

    def classify(self, rows):
        for row in rows:
            self.convert(row)
        found = self.congresses(rows)
        delegates = {}
        for d in Delegate.objects.filter(congress__in=list(found.values())).select_related("member"):
            delegates.setdefault((d.congress_id, d.member.name), d)
        for row in rows:
            d = row.data
            congress = self.congress_of(row, found)
            if congress is not None and "filer" in d:
                filer = delegates.get((congress.pk, d["filer"]))
                if filer is None:
                    row.error(None, "filer", _("“%(name)s” is not a delegate of this congress.") % {"name": d["filer"]})
                d["filer"] = filer
            if "filed_on" in d and d["filed_on"] > self.today:
                row.error(None, "filed_on", _("This date cannot be in the future."))
            if row.errors:
                row.action = "error"
                continue
            d["congress"] = congress
            row.action = "create"
        return rows

    def create_record(self, row, data):
        services.file_motion(self.user, None, **data)
