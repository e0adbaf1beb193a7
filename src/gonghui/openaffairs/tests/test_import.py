"""The catalogue sheet: items created and updated through the service; a row naming an employer without a
recorded system, or out of scope, is refused on its column."""

import datetime

import pytest
import xlsxwriter

from gonghui.imports import services as imports
from gonghui.imports.choices import ImportMode
from gonghui.imports.models import ImportRowError

from ..models import DisclosureItem
from ..testing import build_system

pytestmark = pytest.mark.django_db
HEADER = ["统一社会信用代码", "公开事项", "类别", "责任部门", "公开频次", "公开形式", "起始日期"]


def write(path, rows):
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write_row(0, 0, HEADER)
    for r, row in enumerate(rows, start=1):
        ws.write_row(r, 0, row)
    wb.close()
    return path


def test_catalogue_import_creates_updates_and_refuses(tree, users, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    system = build_system(tree["EA1"], users["root"], "QI1")
    other = build_system(tree["EB1"], users["root"], "QI2")
    code = system.unit.credit_code
    rows = [[code, "工资发放情况", "工资", "人力资源部", "每月", "公开栏", "2026-01-01"],
            [code, "安全生产情况", "安全生产", "安全环保部", "季度", "会议", ""],
            [other.unit.credit_code, "工资发放情况", "工资", "人力资源部", "每月", "公开栏", ""],
            [code, "招待费", "经营", "财务部", "每两天", "公开栏", ""]]
    job = imports.import_file_sync(users["a_staff"], "disclosure_items", write(tmp_path / "c.xlsx", rows), tree["A"],
                                   ImportMode.SKIP_INVALID)
    errors = list(ImportRowError.objects.filter(job=job).values_list("row", "column"))
    assert (job.created, job.error_rows) == (2, 2), errors
    assert {r for r, _c in errors} == {4, 5}
    wages = DisclosureItem.objects.get(system=system, title="工资发放情况")
    assert (wages.category, wages.frequency, wages.form) == ("wages", "monthly", "board")
    assert wages.postings.exists()  # the schedule follows
    job = imports.import_file_sync(users["a_staff"], "disclosure_items", write(
        tmp_path / "c2.xlsx", [[code, "工资发放情况", "工资", "财务部", "每月", "公开栏", "2026-01-01"]]), tree["A"],
        ImportMode.SKIP_INVALID)
    assert job.updated == 1 and DisclosureItem.objects.get(pk=wages.pk).department == "财务部"
    assert datetime.date(2026, 1, 1) == DisclosureItem.objects.get(pk=wages.pk).since


def test_the_catalogue_template_names_its_columns():
    import io

    from python_calamine import CalamineWorkbook

    for lang, first in (("zh-hans", "统一社会信用代码"), ("en", "Employer's credit code")):
        data = imports.template_workbook("disclosure_items", lang)
        rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
        assert rows[0][0].startswith(first)
