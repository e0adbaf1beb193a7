"""The cadres' sheet and the census columns of the employer sheet: rows through the services, each refusal named
in its row."""

from types import SimpleNamespace

import pytest

from gonghui.core.importing import Row
from gonghui.core.testing import make_credit_code
from gonghui.orgs.importers import UnitImporter
from gonghui.orgs.models import EmployerUnit

from ..importers import CadreImporter
from ..models import Cadre

pytestmark = pytest.mark.django_db


def _run(importer_class, org, user, header, rows):
    imp = importer_class(SimpleNamespace(org=org), user, header)
    out = imp.classify([Row(i + 2, list(values)) for i, values in enumerate(rows)])
    return out, imp.apply(out, "")


def test_cadre_sheet(tree, users):
    header = ["工会组织代码", "姓名", "职务", "专兼职", "级别", "党委委员", "任职日期"]
    rows, counts = _run(CadreImporter, tree["A"], users["a_staff"], header, [
        [tree["EA1"].code, "王建国", "主席", "专职", "正科级", "是", "2023-05-01"],
        [tree["EA1"].code, "李红", "工会主席", "兼职", "", "", "2024-01-01"],  # a second chair in post
        [tree["EB1"].code, "外区人", "委员", "兼职", "", "", "2024-01-01"],  # not in the importer's tree
        ["", "张伟", "副主席", "兼职", "", "否", "2099-01-01"],  # appointed in the future
        ["", "赵敏", "社工", "", "", "", "2024-03-01"],
    ])
    assert [r.action for r in rows] == ["create", "error", "error", "error", "create"]
    assert counts == (2, 0)
    chair = Cadre.objects.get(name="王建国")
    assert (chair.org, chair.position, chair.engagement, chair.on_party_committee) == (
        tree["EA1"], "chair", "full_time", True)
    assert Cadre.objects.get(name="赵敏").org == tree["A"]
    rows, counts = _run(CadreImporter, tree["A"], users["a_staff"], header, [
        [tree["EA1"].code, "王建国", "主席", "专职", "副处级", "是", "2023-05-01"]])
    assert rows[0].action == "update" and Cadre.objects.get(name="王建国").rank == "副处级"


def test_unit_sheet_takes_the_census_facts(tree, users):
    header = ["统一社会信用代码", "单位名称", "经济类型", "行业", "职工人数", "成立日期", "经营状态", "营业收入",
              "所在行政村"]
    code = make_credit_code()
    rows, counts = _run(UnitImporter, tree["A1"], users["a_staff"], header, [
        [code, "新成立科技有限公司", "私营", "C", 30, "2024-06-01", "正常经营", "500万-2000万", "东风村"],
        [make_credit_code(), "停业公司", "私营", "C", 40, "2020-01-01", "停业", "", ""],
        [make_credit_code(), "状态不明公司", "私营", "C", 40, "2020-01-01", "半停半开", "", ""],
    ])
    assert [r.action for r in rows] == ["create", "create", "error"]
    unit = EmployerUnit.objects.get(credit_code=code)
    assert (unit.operating_status, unit.sales_band, unit.village) == ("operating", "5m_20m", "东风村")
    assert unit.established_on.isoformat() == "2024-06-01"
    assert not EmployerUnit.objects.get(name="停业公司").should_have_union
