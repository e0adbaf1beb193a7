"""The entrant and proposal sheets: rows through the services, each refusal named in its row."""

import datetime
from types import SimpleNamespace

import pytest

from gonghui.competitions import testing as ct
from gonghui.competitions.importers import EntrantImporter, ParticipantImporter, ProposalImporter
from gonghui.competitions.models import Entrant, Participant, Proposal
from gonghui.core.importing import Row

pytestmark = pytest.mark.django_db


def _run(importer_class, tree, user, header, rows):
    imp = importer_class(SimpleNamespace(org=tree["EA1"]), user, header)
    out = imp.classify([Row(i + 2, list(values)) for i, values in enumerate(rows)])
    return imp, out, imp.apply(out, "")


def test_entrants_and_proposals_sheets(tree, users, root):
    ct.contest(root, tree["EA1"], title="电工技术比武")
    header = ["竞赛名称", "姓名", "单位", "名次", "称号"]
    _imp, rows, counts = _run(EntrantImporter, tree, users["a_staff"], header, [
        ["电工技术比武", "王大力", "甲厂", 1, "技术状元"],
        ["没有的比赛", "李四", "甲厂", 2, ""],
        ["电工技术比武", "刘五", "甲厂", 1, ""],
    ])
    assert [r.action for r in rows][:2] == ["create", "error"]
    e = Entrant.objects.get(worker_name="王大力")
    assert (e.rank, e.title) == (1, "champion")
    assert not Entrant.objects.filter(worker_name="刘五").exists()  # rank 1 taken: refused by the service
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    header = ["建议名称", "建议内容", "类别", "建议人", "提出日期"]
    _imp, rows, counts = _run(ProposalImporter, tree, users["a_staff"], header, [
        ["改进焊接", "改用自动焊", "技术", "李明", "2025-03-01"],
        ["明天的建议", "x", "安全", "张三", tomorrow.isoformat()],
    ])
    assert [r.action for r in rows] == ["create", "error"]
    p = Proposal.objects.get()
    assert (p.org, p.number, p.category) == (tree["EA1"], 1, "technology")


def test_participants_sheet_joins_a_higher_competition(tree, users, root):
    ct.competition(root, tree["city"], title="全市重点工程劳动竞赛")
    ct.competition(root, tree["B"], title="B区竞赛")
    header = ["竞赛名称", "参赛类型", "名称", "参赛人数"]
    _imp, rows, counts = _run(ParticipantImporter, tree, users["a_staff"], header, [
        ["全市重点工程劳动竞赛", "单位", "甲电子", 300],
        ["B区竞赛", "班组", "钢筋班组", 12],
    ])
    assert [r.action for r in rows] == ["create", "error"]
    p = Participant.objects.get()
    assert (p.org, p.kind, p.headcount) == (tree["EA1"], "employer", 300)
