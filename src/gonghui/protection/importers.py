"""Sheets of 安康杯 enrolments and of the safety inspectors' roster (declared in ``ProtectionConfig.import_kinds``):
small sheets, each row through its service (``save_enrolment``, ``save_inspector``: rules, rights, audit) in a
savepoint of its own (``RecordImporter``). Enrolments name an open round by its title and the employer by its
credit code; inspectors name the member by the member number; findings name their open inspection by the
employer's credit code, the day and the kind of inspection (``save_finding``)."""

from django.utils.translation import gettext as _

from gonghui.core.importing import Column, RecordImporter

from . import selectors, services
from .choices import ChecklistItem, FixMode, InspectionKind, InspectionStatus, RoundStatus, Severity
from .models import AnkangEnrolment, Finding, SafetyInspector


class EnrolmentImporter(RecordImporter):
    """Employers enrolled in an open 安康杯 round the importing union may see."""

    kind = "ankang_enrolments"
    model = AnkangEnrolment
    fields = ("enrolled_on", "workers")
    columns = (
        Column("round", "竞赛名称", "Round", required="always", aliases=("安康杯", "round"), max_length=200),
        Column("credit_code", "统一社会信用代码", "Credit code", kind="credit_code", required="always",
               aliases=("信用代码", "credit code")),
        Column("enrolled_on", "参赛日期", "Enrolled on", kind="date", required="always", aliases=("报名日期",)),
        Column("workers", "参赛职工人数", "Workers taking part", kind="int", aliases=("参赛人数", "人数")),
    )

    def classify(self, rows):
        for row in rows:
            self.convert(row)
        titles = {r.data["round"] for r in rows if "round" in r.data}
        codes = {r.data["credit_code"] for r in rows if "credit_code" in r.data}
        rounds = {r.title: r for r in selectors.rounds_for(self.user).filter(title__in=titles,
                                                                             status=RoundStatus.OPEN)}
        units = {u.credit_code: u for u in selectors.units_for(self.user).filter(credit_code__in=codes)
                 .select_related("union", "area_org")}
        for row in rows:
            d = row.data
            rnd, unit = rounds.get(d.get("round")), units.get(d.get("credit_code"))
            if rnd is None and "round" in d:
                row.error(None, "round", _("No open 安康杯 round named “%(title)s” in your scope.") % {
                    "title": d["round"]})
            if unit is None and "credit_code" in d:
                row.error(None, "credit_code", _("No employer unit with this credit code in your scope."))
            elif unit is not None and not selectors.unit_within(unit, self.root):
                row.error(None, "credit_code", _("This employer is outside %(org)s.") % {"org": self.root.name})
            if "enrolled_on" in d and d["enrolled_on"] > self.today:
                row.error(None, "enrolled_on", _("The date cannot be in the future."))
            if not row.errors:
                self.check_duplicate(row, (rnd.pk, unit.pk), "credit_code")
            if row.errors:
                row.action = "error"
                continue
            d["round_obj"], d["unit_obj"] = rnd, unit
            d.setdefault("workers", 0)
            row.action = "create"
        return rows

    def create_record(self, row, data):
        services.save_enrolment(self.user, None, row.data["round_obj"], unit=row.data["unit_obj"], **data)


class InspectorImporter(RecordImporter):
    """Members put on the roster of safety inspectors (群监员) of their union, with training and certificate."""

    kind = "safety_inspectors"
    model = SafetyInspector
    fields = ("trained_on", "certificate_no")
    columns = (
        Column("member_no", "会员编号", "Member number", required="always", aliases=("编号", "member number"),
               max_length=20),
        Column("trained_on", "培训日期", "Trained on", kind="date", aliases=("培训时间",)),
        Column("certificate_no", "证书编号", "Certificate number", aliases=("证书号",), max_length=40),
    )

    def classify(self, rows):
        for row in rows:
            self.convert(row)
        numbers = {r.data["member_no"] for r in rows if "member_no" in r.data}
        members = {m.member_no: m for m in selectors.members_for(self.user).filter(
            member_no__in=numbers, org__path__startswith=self.root.path)}
        for row in rows:
            d = row.data
            member = members.get(d.get("member_no"))
            if member is None and "member_no" in d:
                row.error(None, "member_no", _("No member with this number in %(org)s.") % {"org": self.root.name})
            elif member is not None and SafetyInspector.objects.filter(org_id=member.org_id, member=member).exists():
                row.error(None, "member_no", _("%(name)s is already on the roster.") % {"name": member.name})
            if "trained_on" in d and d["trained_on"] > self.today:
                row.error(None, "trained_on", _("The date cannot be in the future."))
            if not row.errors:
                self.check_duplicate(row, member.pk, "member_no")
            if row.errors:
                row.action = "error"
                continue
            d["member_obj"] = member
            d.setdefault("certificate_no", "")
            row.action = "create"
        return rows

    def create_record(self, row, data):
        services.save_inspector(self.user, None, row.data["member_obj"], active=True, **data)


class FindingImporter(RecordImporter):
    """Problems found at open inspections (a campaign's sheet of findings), each through ``save_finding``."""

    kind = "protection_findings"
    model = Finding
    fields = ("item", "description", "severity", "fix_mode", "deadline", "arrears_workers", "arrears_amount")
    columns = (
        Column("credit_code", "统一社会信用代码", "Credit code", kind="credit_code", required="always",
               aliases=("信用代码", "credit code")),
        Column("inspected_on", "检查日期", "Inspected on", kind="date", required="always", aliases=("检查时间",)),
        Column("inspection_kind", "检查类别", "Kind of inspection", kind="choice", choices=InspectionKind,
               required="always", aliases=("检查类型",)),
        Column("item", "检查项目", "Checklist item", kind="choice", choices=ChecklistItem, required="always",
               aliases=("项目",)),
        Column("description", "问题描述", "Problem found", required="always", aliases=("问题", "隐患"),
               max_length=1000),
        Column("severity", "严重程度", "Severity", kind="choice", choices=Severity, required="always",
               aliases=("等级",)),
        Column("fix_mode", "整改方式", "How it is fixed", kind="choice", choices=FixMode),
        Column("deadline", "整改期限", "Fix by", kind="date", aliases=("期限",)),
        Column("arrears_workers", "欠薪人数", "Workers owed wages", kind="int"),
        Column("arrears_amount", "欠薪金额", "Wages owed (yuan)", aliases=("欠薪金额（元）",), max_length=20),
    )

    def classify(self, rows):
        for row in rows:
            self.convert(row)
        codes = {r.data["credit_code"] for r in rows if "credit_code" in r.data}
        found = {}
        for inspection in selectors.inspections_for(self.user).filter(
                unit__credit_code__in=codes, status=InspectionStatus.OPEN, org__path__startswith=self.root.path):
            found.setdefault((inspection.unit.credit_code, inspection.inspected_on, inspection.kind), []).append(
                inspection)
        for row in rows:
            d = row.data
            matches = found.get((d.get("credit_code"), d.get("inspected_on"), d.get("inspection_kind")), [])
            if "credit_code" in d and "inspected_on" in d and "inspection_kind" in d:
                if not matches:
                    row.error(None, "credit_code", _("No open inspection of this employer of that kind on that day "
                                                     "in %(org)s.") % {"org": self.root.name})
                elif len(matches) > 1:
                    row.error(None, "inspected_on", _("More than one open inspection of this employer of that kind "
                                                      "on that day: record this problem on its page."))
            if not row.errors:
                self.check_duplicate(row, (matches[0].pk, d["item"], d["description"]), "description")
            if row.errors:
                row.action = "error"
                continue
            d["inspection_obj"] = matches[0]
            row.action = "create"
        return rows

    def create_record(self, row, data):
        services.save_finding(self.user, None, row.data["inspection_obj"], **data)
