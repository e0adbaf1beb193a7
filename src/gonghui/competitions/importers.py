"""Sheets of contest entrants and rationalisation proposals (declared in ``CompetitionsConfig.import_kinds``): small
sheets, each row through its service (``save_entrant``, ``file_proposal``: rules, rights, audit) in a savepoint of
its own (``RecordImporter``). Entrants go to a contest the import's union holds, named by its title."""

from django.utils.translation import gettext as _

from gonghui.core.importing import Column, RecordImporter

from . import services
from .choices import ContestTitle, ParticipantKind, ProposalCategory
from .models import Contest, Entrant, Participant, Proposal
from .selectors import joinable_competitions

TITLE_SPELLINGS = {"技术状元": "champion", "状元": "champion", "技术能手": "expert", "能手": "expert", "无": ""}
CATEGORY_SPELLINGS = {"技术": "technology", "工艺": "technology", "技术工艺": "technology", "管理": "management",
                      "经营管理": "management", "安全": "safety", "安全生产": "safety", "节能": "energy",
                      "节能降耗": "energy", "其他": "other"}


KIND_SPELLINGS = {"单位": "employer", "企业": "employer", "班组": "team", "团队": "team", "职工": "worker",
                  "个人": "worker"}


class ParticipantImporter(RecordImporter):
    """Employers, teams and workers the union enters in a competition it organises or one of a union above it."""

    kind = "competition_participants"
    model = Participant
    fields = ("competition", "org", "kind", "name", "employer_name", "headcount")
    columns = (
        Column("competition", "竞赛名称", "Competition", required="always", aliases=("竞赛", "competition"),
               max_length=200),
        Column("kind", "参赛类型", "Participant", kind="choice", choices=ParticipantKind, aliases=("类型",),
               spellings=KIND_SPELLINGS),
        Column("name", "名称", "Name", required="always", aliases=("参赛单位", "姓名", "name"), max_length=200),
        Column("employer_name", "所属单位", "Employer", aliases=("单位",), max_length=200),
        Column("headcount", "参赛人数", "Workers taking part", kind="int", aliases=("人数",)),
    )

    def classify(self, rows):
        for row in rows:
            self.convert(row)
        titles = {r.data["competition"] for r in rows if "competition" in r.data}
        found = {c.title: c for c in joinable_competitions(self.user).filter(title__in=titles)
                 if self.root.path.startswith(c.org.path)}
        for row in rows:
            d = row.data
            competition = found.get(d.get("competition"))
            if competition is None and "competition" in d:
                row.error(None, "competition", _("No competition named “%(title)s” that %(org)s may join.") % {
                    "title": d["competition"], "org": self.root.name})
            if row.errors:
                row.action = "error"
                continue
            d["competition"], d["org"] = competition, self.root
            d.setdefault("kind", ParticipantKind.EMPLOYER)
            d.setdefault("employer_name", "")
            row.action = "create"
        return rows

    def create_record(self, row, data):
        services.save_participant(self.user, None, **data)


class EntrantImporter(RecordImporter):
    """Workers entered in a skill contest of the union, with their score, rank and title when known."""

    kind = "contest_entrants"
    model = Entrant
    fields = ("contest", "worker_name", "employer_name", "round", "rank", "title", "grade_before", "grade_after")
    columns = (
        Column("contest", "竞赛名称", "Contest", required="always", aliases=("竞赛", "contest"), max_length=200),
        Column("worker_name", "姓名", "Worker", required="always", aliases=("选手姓名", "职工姓名", "worker"),
               max_length=50),
        Column("employer_name", "单位", "Employer", required="always", aliases=("工作单位", "employer"),
               max_length=200),
        Column("round", "轮次", "Round", kind="int", aliases=("round",)),
        Column("rank", "名次", "Rank", kind="int", aliases=("排名", "rank")),
        Column("title", "称号", "Title awarded", kind="choice", choices=ContestTitle, aliases=("获得称号", "title"),
               spellings=TITLE_SPELLINGS),
        Column("grade_before", "原技能等级", "Grade before", aliases=("原等级",), max_length=30),
        Column("grade_after", "晋升后等级", "Grade after", aliases=("晋升等级",), max_length=30),
    )

    def classify(self, rows):
        for row in rows:
            self.convert(row)
        titles = {r.data["contest"] for r in rows if "contest" in r.data}
        found = {c.title: c for c in Contest.objects.for_user(self.user).filter(org=self.root, title__in=titles)
                 .order_by("held_on")}
        for row in rows:
            d = row.data
            contest = found.get(d.get("contest"))
            if contest is None and "contest" in d:
                row.error(None, "contest", _("%(org)s holds no contest named “%(title)s”.") % {
                    "org": self.root.name, "title": d["contest"]})
            elif contest is not None and Entrant.objects.filter(
                    contest=contest, worker_name=d.get("worker_name"), employer_name=d.get("employer_name")).exists():
                row.error(None, "worker_name", _("This worker is already entered in this contest (once per trade)."))
            if row.errors:
                row.action = "error"
                continue
            d["contest"] = contest
            d.setdefault("round", 1)
            row.action = "create"
        return rows

    def create_record(self, row, data):
        services.save_entrant(self.user, None, **data)


class ProposalImporter(RecordImporter):
    """Proposals collected on paper: each row a new proposal of the union."""

    kind = "rationalisation_proposals"
    model = Proposal
    fields = ("title", "content", "category", "unit_name", "author_name", "co_authors", "filed_on")
    columns = (
        Column("title", "建议名称", "Title", required="always", aliases=("标题", "题目", "title"), max_length=200),
        Column("content", "建议内容", "Content", required="always", aliases=("内容", "content")),
        Column("category", "类别", "Category", kind="choice", choices=ProposalCategory, aliases=("category",),
               spellings=CATEGORY_SPELLINGS),
        Column("unit_name", "单位或部门", "Unit or department", aliases=("部门", "单位"), max_length=200),
        Column("author_name", "建议人", "Proposed by", required="always", aliases=("提出人", "proposed by"),
               max_length=50),
        Column("co_authors", "合作者", "Co-authors", aliases=("参与人",), max_length=200),
        Column("filed_on", "提出日期", "Filed on", kind="date", required="always", aliases=("日期", "filed on")),
    )

    def classify(self, rows):
        for row in rows:
            self.convert(row)
            d = row.data
            if "filed_on" in d and d["filed_on"] > self.today:
                row.error(None, "filed_on", _("This date cannot be in the future."))
            if row.errors:
                row.action = "error"
                continue
            d.setdefault("category", ProposalCategory.TECHNOLOGY)
            row.action = "create"
        return rows

    def create_record(self, row, data):
        services.file_proposal(self.user, None, org=self.root, **data)
