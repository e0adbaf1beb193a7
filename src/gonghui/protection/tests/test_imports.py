"""The sheet of problems found at inspections: each row finds its open inspection by the employer's credit code, the
day and the kind, and goes through ``save_finding`` (checklist of the kind, arrears only on wages); a row that names
no open inspection in the importing union's subtree, or repeats another row, is refused with the reason."""

import datetime

import openpyxl
import pytest

from gonghui.imports.services import import_file_sync
from gonghui.protection.models import Finding
from gonghui.protection.testing import make_inspection, make_unit

pytestmark = pytest.mark.django_db


def _sheet(path, rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_findings_sheet_finds_the_open_inspection_and_keeps_the_rules(tree, users, tmp_path):
    staff = users["a_staff"]
    day = datetime.date.today() - datetime.timedelta(days=2)
    unit = make_unit(staff, tree["EA1"], "甲")
    inspection = make_inspection(staff, tree["A"], unit, kind="labour_law", inspected_on=day)
    outside = make_inspection(users["b_staff"], tree["B"], make_unit(users["b_staff"], tree["EB1"], "乙"),
                              kind="labour_law", inspected_on=day)
    header = ["统一社会信用代码", "检查日期", "检查类别", "检查项目", "问题描述", "严重程度", "整改方式", "整改期限",
              "欠薪人数", "欠薪金额"]
    kind, wages = "劳动法律监督", "工资按时足额支付"
    overtime = [unit.credit_code, day.isoformat(), kind, "工作时间和休息休假", "连续加班未安排调休", "一般", "当场整改"]
    rows = [
        header,
        [unit.credit_code, day.isoformat(), kind, wages, "拖欠三个月工资", "重大", "限期整改", "", 12, "86000"],
        overtime + ["", None, None],
        overtime + ["", None, None],  # the same row again
        [unit.credit_code, day.isoformat(), kind, "社会保险", "未缴社保", "一般", "", "", 3, "5000"],  # not on wages
        [outside.unit.credit_code, day.isoformat(), kind, wages, "另一个区的检查", "一般", "", "", None, None],
        [unit.credit_code, day.isoformat(), "安全生产", "消防安全和安全出口", "没有这次检查", "一般", "", "",
         None, None],
    ]
    job = import_file_sync(staff, "protection_findings", _sheet(tmp_path / "findings.xlsx", rows), tree["A"],
                           mode="skip_invalid")
    assert job.error_rows == 4
    found = {f.description: f for f in Finding.objects.filter(inspection=inspection)}
    assert set(found) == {"拖欠三个月工资", "连续加班未安排调休"}
    arrears = found["拖欠三个月工资"]
    assert (arrears.item, arrears.severity, arrears.arrears_workers, str(arrears.arrears_amount)) == (
        "wages_on_time", "major", 12, "86000.00")
    assert arrears.deadline == day + datetime.timedelta(days=30) and arrears.is_open
    assert found["连续加班未安排调休"].status == "fixed"
    assert not Finding.objects.filter(inspection=outside).exists()
