"""Excel imports: existing contracts (one row per contract, its employers' credit codes separated by ; or ，) and
labour-contract coverage by credit code; bad rows are refused with the rule's message."""

import datetime

import openpyxl
import pytest

from gonghui.contracts.models import CollectiveContract, LabourContractCoverage
from gonghui.contracts.testing import make_unit
from gonghui.imports.services import import_file_sync

pytestmark = pytest.mark.django_db


def _sheet(path, rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_contracts_sheet(tree, users, tmp_path):
    root, staff = users["root"], users["a_staff"]
    a = make_unit(root, tree["EA1"], "甲", employees=300)
    b = make_unit(root, tree["EA2"], "乙", employees=40)
    c = make_unit(root, tree["EA2"], "丙", employees=30)
    header = ["合同编号", "合同名称", "合同类型", "签约工会代码", "覆盖单位信用代码", "期限起始", "期限届满",
              "覆盖职工人数", "工资增幅", "职代会届次", "职代会通过日期", "签订日期", "报送日期"]
    path = _sheet(tmp_path / "contracts.xlsx", [
        header,
        ["JT-1", "甲公司集体合同", "综合", tree["EA1"].code, a.credit_code, "2025-01-01", "2027-12-31", 280, "5%",
         "九届十三次", "2024-12-20", "2024-12-25", "2025-01-08"],
        ["QY-1", "区域性工资专项集体合同", "工资专项", tree["A"].code, f"{b.credit_code}；{c.credit_code}",
         "2025-01-01", "2025-12-31", 70, "4", "", "", "", ""],
    ])
    job = import_file_sync(staff, "collective_contracts", path, tree["A"])
    assert job.status == "done", job.preview
    one, regional = CollectiveContract.objects.get(number="JT-1"), CollectiveContract.objects.get(number="QY-1")
    assert one.status != "draft" and one.submitted_on == datetime.date(2025, 1, 8)
    assert regional.regional and set(regional.units.all()) == {b, c} and regional.status == "draft"

    bad = _sheet(tmp_path / "bad.xlsx", [header, ["JT-2", "超期合同", "综合", tree["EA1"].code, a.credit_code,
                                                   "2025-01-01", "2029-12-31", 280, "", "", "", "", ""]])
    job = import_file_sync(staff, "collective_contracts", bad, tree["A"], mode="skip_invalid")
    assert not CollectiveContract.objects.filter(number="JT-2").exists()
    assert "三年" in str(job.preview) or "three years" in str(job.preview)


def test_labour_coverage_sheet(tree, users, tmp_path):
    root, staff = users["root"], users["a_staff"]
    a = make_unit(root, tree["EA1"], "甲", employees=300)
    header = ["统一社会信用代码", "年度", "职工人数", "已签订劳动合同人数"]
    path = _sheet(tmp_path / "lc.xlsx", [header, [a.credit_code, 2025, 300, 280]])
    assert import_file_sync(staff, "labour_contracts", path, tree["A"]).status == "done"
    path = _sheet(tmp_path / "lc2.xlsx", [header, [a.credit_code, 2025, 300, 290]])
    assert import_file_sync(staff, "labour_contracts", path, tree["A"]).status == "done"
    assert LabourContractCoverage.objects.get(unit=a, year=2025).signed == 290
    path = _sheet(tmp_path / "lc3.xlsx", [header, [a.credit_code, 2024, 300, 310]])
    job = import_file_sync(staff, "labour_contracts", path, tree["A"], mode="skip_invalid")
    assert not LabourContractCoverage.objects.filter(year=2024).exists() and job.error_rows == 1
