"""The service-network and mediator sheets: rows through the kit's save, each refusal named in its row, a second
import updating what the first created."""

from types import SimpleNamespace

import pytest

from gonghui.core.importing import Row

from ..importers import MediatorImporter, ServicePointImporter
from ..models import Mediator, ServicePoint

pytestmark = pytest.mark.django_db


def _run(importer_class, org, user, header, rows):
    imp = importer_class(SimpleNamespace(org=org), user, header)
    out = imp.classify([Row(i + 2, list(values)) for i, values in enumerate(rows)])
    return out, imp.apply(out, "")


def test_service_point_sheet(tree, users):
    header = ["名称", "类型", "地址", "服务项目", "工作人员数", "服务时间", "电话", "开放中"]
    rows, counts = _run(ServicePointImporter, tree["A"], users["a_staff"], header, [
        ["A区职工服务中心", "服务中心", "和平路88号", "帮扶、法律援助", 6, "工作日 9:00-17:00", "0516-83000001", "是"],
        ["一街道职工服务站", "服务站", "解放路1号", "咨询", 2, "工作日 9:00-17:00", "", ""],
        ["一街道职工服务站", "服务站", "解放路1号", "咨询", 2, "工作日 9:00-17:00", "", ""],
        ["无类型", "驿站", "某路", "咨询", 1, "全天", "", ""],
    ])
    assert [r.action for r in rows] == ["create", "create", "error", "error"]
    assert counts == (2, 0)
    assert set(ServicePoint.objects.values_list("org", flat=True)) == {tree["A"].pk}
    rows, counts = _run(ServicePointImporter, tree["A"], users["a_staff"], header, [
        ["A区职工服务中心", "中心", "和平路88号", "帮扶、法律援助、心理咨询", 6, "工作日 9:00-17:00", "0516-83000001",
         "是"],
    ])
    assert rows[0].action == "update" and counts == (0, 1)
    assert "心理咨询" in ServicePoint.objects.get(name="A区职工服务中心").services


def test_mediator_sheet_checks_phone_and_right(tree, users):
    header = ["调解委员会", "姓名", "手机号", "专长", "入册日期", "在册"]
    rows, counts = _run(MediatorImporter, tree["EA1"], users["a_staff"], header, [
        ["调委会", "周海燕", "13912345678", "工资争议", "2024-03-01", "是"],
        ["调委会", "孙立军", "12345", "工伤", "2024-03-01", "是"],
        ["调委会", "吴桂兰", "", "", "2099-01-01", "否"],
    ])
    assert [r.action for r in rows][:2] == ["create", "error"]
    assert Mediator.objects.filter(name="周海燕", active=True).exists()
    assert rows[2].action == "error"  # on the roster from a day in the future
    rows, counts = _run(MediatorImporter, tree["EA1"], users["a_viewer"], header, [
        ["调委会", "郑国强", "", "", "2024-03-01", "是"]])
    assert counts == (0, 0) and rows[0].action == "error"  # a viewer writes nothing
