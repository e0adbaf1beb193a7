"""The delegate and motion sheets: rows through the services, each refusal named in its row."""

import datetime
from types import SimpleNamespace

import pytest

from gonghui.core.importing import Row
from gonghui.democracy.importers import DelegateImporter, MotionImporter
from gonghui.democracy.models import Delegate, Motion
from gonghui.members.services import create_member
from gonghui.members.testing import member_data

pytestmark = pytest.mark.django_db


def _run(importer_class, tree, user, header, rows):
    imp = importer_class(SimpleNamespace(org=tree["EA1"]), user, header)
    out = imp.classify([Row(i + 2, list(values)) for i, values in enumerate(rows)])
    return imp, out, imp.apply(out, "")


def test_delegates_sheet(tree, users, congress, root):
    wang = create_member(root, tree["EA1"], member_data(name="王芳", gender="F"))
    other = create_member(root, tree["EB1"], member_data(name="外人"))
    header = ["届次", "姓名", "身份证号", "代表团", "代表类别"]
    imp, rows, counts = _run(DelegateImporter, tree, users["a_staff"], header, [
        [9, "王芳", wang.id_number, "第一代表团", "一线职工"],
        [9, "外人", other.id_number, "第二代表团", "管理人员"],
        [8, "王芳", wang.id_number, "", ""],
        [9, "李四", wang.id_number, "", ""],
    ])
    assert [r.action for r in rows] == ["create", "error", "error", "error"]
    assert counts == (1, 0)
    assert Delegate.objects.get().category == "frontline"
    _imp, rows, counts = _run(DelegateImporter, tree, users["a_staff"], header,
                              [[9, "王芳", wang.id_number, "第一代表团", "技术人员"]])
    assert rows[0].action == "update" and Delegate.objects.get().category == "technician"


def test_motions_sheet(tree, users, congress, nine):
    header = ["届次", "案由", "提案内容", "提案人", "提交日期"]
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    _imp, rows, counts = _run(MotionImporter, tree, users["a_staff"], header, [
        [9, "关于食堂的提案", "多开窗口", "代表1", "2025-03-01"],
        [9, "关于班车的提案", "增加班次", "不是代表", "2025-03-01"],
        [9, "关于明天的提案", "x", "代表2", tomorrow.isoformat()],
    ])
    assert [r.action for r in rows] == ["create", "error", "error"] and counts == (1, 0)
    m = Motion.objects.get()
    assert (m.number, m.filer, m.title) == (1, nine[0], "关于食堂的提案")
