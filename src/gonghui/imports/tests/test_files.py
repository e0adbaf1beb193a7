"""Malformed and hostile files get a clear message and no server error; uploads are stored safely."""

import datetime
import os
import stat
import zipfile

import pytest
import xlsxwriter
from django.core.exceptions import ValidationError

from gonghui.core import spreadsheets
from gonghui.imports import services
from gonghui.imports.choices import ImportMode, ImportStatus
from gonghui.members.models import Member

from .sheets import HEADER, member_row, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.utils import translation

    with translation.override("en"):
        yield


def upload_error(user, org, path):
    with pytest.raises(ValidationError) as e:
        services.create_job(user, "members", str(path), org, ImportMode.SKIP_INVALID)
    return " ".join(e.value.message_dict["file"])


def job_for(user, org, path):
    return services.import_file_sync(user, "members", str(path), org, ImportMode.SKIP_INVALID)


def xlsx_with_sheet(path, sheet_xml, extra=None):
    """A minimal workbook around a hand-written sheet (for what XlsxWriter will not write)."""
    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
          'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
          '+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
          'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'spreadsheetml.worksheet+xml"/></Types>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", spreadsheets._RELS)
        z.writestr("xl/workbook.xml", spreadsheets._WB)
        z.writestr("xl/_rels/workbook.xml.rels", spreadsheets._WB_RELS % b"")
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


def inline_row(r, values, start_col=0):
    cells = "".join(f'<c r="{spreadsheets.column_letter(start_col + i)}{r}" t="inlineStr"><is><t>{v}</t></is></c>'
                    for i, v in enumerate(values))
    return f'<row r="{r}">{cells}</row>'


SHEET = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
         '{dimension}<sheetData>{rows}</sheetData>{tail}</worksheet>')


def test_random_bytes_named_xlsx(tree, users, tmp_path):
    path = tmp_path / "members.xlsx"
    path.write_bytes(b"\x00\x01" + os.urandom(5000))
    assert "not a spreadsheet" in upload_error(users["root"], tree["EA1"], path)


def test_empty_file(tree, users, tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert "empty" in upload_error(users["root"], tree["EA1"], path)


def test_zip_that_is_not_a_workbook(tree, users, tmp_path):
    path = tmp_path / "a.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    assert "not an Excel workbook" in upload_error(users["root"], tree["EA1"], path)


def test_truncated_zip(tree, users, tmp_path):
    good = write_xlsx(tmp_path / "g.xlsx", HEADER, [member_row(1)])
    path = tmp_path / "t.xlsx"
    path.write_bytes(good.read_bytes()[:2000])
    assert "damaged" in upload_error(users["root"], tree["EA1"], path)


def test_zip_bomb_is_refused_before_parsing(tree, users, tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", spreadsheets._WB)
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            block = b"\x00" * (1024 * 1024)
            for _i in range(40):
                f.write(block)
    message = upload_error(users["root"], tree["EA1"], path)
    assert "expands" in message


def test_declared_size_over_the_limit(monkeypatch, tree, users, tmp_path):
    monkeypatch.setattr(spreadsheets, "MAX_UNCOMPRESSED", 1000)
    path = write_xlsx(tmp_path / "m.xlsx", HEADER, [member_row(k) for k in range(50)])
    assert "unpacked" in upload_error(users["root"], tree["EA1"], path)


def test_formulas_are_refused_naming_the_cell(tree, users, tmp_path):
    path = tmp_path / "f.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write_row(0, 0, HEADER)
    row = member_row(1)
    ws.write_row(1, 0, [v for v in row if not isinstance(v, datetime.date)])
    ws.write_formula(1, 9, '="工"&"人"')
    wb.close()
    job = job_for(users["root"], tree["EA1"], path)
    assert job.status == ImportStatus.FAILED
    assert "J2" in job.message and "formula" in job.message
    assert Member.objects.count() == 0


def test_merged_header_cells_are_refused(tree, users, tmp_path):
    path = tmp_path / "m.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.merge_range(0, 0, 0, 1, "姓名/身份证")
    ws.write_row(0, 2, HEADER[2:])
    wb.close()
    job = job_for(users["root"], tree["EA1"], path)
    assert job.status == ImportStatus.FAILED and "A1:B1" in job.message and "merged" in job.message


def test_declared_dimension_of_xfd_is_ignored(tree, users, tmp_path):
    r = member_row(1)
    rows = inline_row(1, ["姓名", "居民身份证号", "手机号码"]) + inline_row(2, [r[0], r[1], r[7]])
    # Empty, formatted cells far to the right are harmless.
    rows = rows.replace("</row>", '<c r="XFD2" s="0"/></row>', 1)
    sheet = SHEET.format(dimension='<dimension ref="A1:XFD1048576"/>', rows=rows, tail="")
    job = job_for(users["root"], tree["EA1"], xlsx_with_sheet(tmp_path / "d.xlsx", sheet))
    assert (job.status, job.created) == (ImportStatus.DONE, 1), job.message


def test_data_far_to_the_right_is_refused(tree, users, tmp_path):
    r = member_row(1)
    rows = inline_row(1, ["姓名", "居民身份证号", "手机号码"]) + inline_row(2, [r[0], r[1], r[7]])
    rows += '<row r="3"><c r="XFD3" t="inlineStr"><is><t>x</t></is></c></row>'
    sheet = SHEET.format(dimension="", rows=rows, tail="")
    job = job_for(users["root"], tree["EA1"], xlsx_with_sheet(tmp_path / "w.xlsx", sheet))
    assert job.status == ImportStatus.FAILED and "XFD3" in job.message


def test_csv_with_a_million_empty_columns(tree, users, tmp_path):
    r = member_row(1)
    path = tmp_path / "wide.csv"
    with open(path, "w", encoding="utf-8") as f:
        f.write("姓名,居民身份证号,手机号码" + "," * 1_000_000 + "\n")
        f.write(f"{r[0]},{r[1]},{r[7]}" + "," * 1_000_000 + "\n")
    job = job_for(users["root"], tree["EA1"], path)
    assert (job.status, job.created) == (ImportStatus.DONE, 1), job.message


def test_header_with_too_many_columns(tree, users, tmp_path):
    path = write_csv(tmp_path / "h.csv", [f"列{k}" for k in range(300)], [["x"] * 300])
    job = job_for(users["root"], tree["EA1"], path)
    assert job.status == ImportStatus.FAILED and "300 columns" in job.message


def test_sheet_without_header(tree, users, tmp_path):
    path = tmp_path / "e.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet()
    wb.close()
    job = job_for(users["root"], tree["EA1"], path)
    assert job.status == ImportStatus.FAILED and "empty" in job.message


def test_too_many_rows(settings, tree, users, tmp_path):
    settings.GONGHUI_IMPORT_MAX_ROWS = 3
    path = write_xlsx(tmp_path / "m.xlsx", HEADER, [member_row(k) for k in range(5)])
    job = job_for(users["root"], tree["EA1"], path)
    assert job.status == ImportStatus.FAILED and "more than 3 rows" in job.message


def test_header_not_in_first_row_and_offset_columns(tree, users, tmp_path):
    path = tmp_path / "o.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    r = member_row(1)
    ws.write_row(2, 1, ["姓名", "居民身份证号", "手机号码"])
    ws.write_row(3, 1, [r[0], r[1], "bad"])
    wb.close()
    job = job_for(users["root"], tree["EA1"], path)
    assert job.preview["errors"][0]["row"] == 4 and job.preview["errors"][0]["column"] == "手机号码"


def test_big_sheets_read_in_slices_give_the_same_rows(monkeypatch, tmp_path):
    rows = [member_row(k) for k in range(300)]
    path = write_xlsx(tmp_path / "m.xlsx", HEADER, rows)
    whole = list(spreadsheets.open_sheet(path).rows())
    monkeypatch.setattr(spreadsheets, "SLICE_BYTES", 4096)
    sliced = list(spreadsheets.open_sheet(path).rows())
    assert sliced == whole and len(whole) == 300 and whole[0][0] == 2


def test_upload_is_stored_privately_and_purged(settings, tree, users, tmp_path):
    path = write_xlsx(tmp_path / "m.xlsx", HEADER, [member_row(1)])
    job = services.create_job(users["a_staff"], "members", str(path), tree["EA1"], ImportMode.SKIP_INVALID)
    stored = settings.MEDIA_ROOT / "imports" / str(job.uid)
    assert job.file_path == str(stored) and stored.exists()
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert job.file_format == "xlsx" and len(job.file_sha256) == 64 and job.expires_at is not None
    assert services.purge_expired_files(now=job.expires_at + datetime.timedelta(seconds=1)) == 1
    assert not stored.exists()


def test_upload_limits_and_rights(settings, tree, users, tmp_path):
    path = write_xlsx(tmp_path / "m.xlsx", HEADER, [member_row(1)])
    settings.GONGHUI_IMPORT_MAX_BYTES = 100
    assert "at most" in upload_error(users["root"], tree["EA1"], path)
    settings.GONGHUI_IMPORT_MAX_BYTES = 10 ** 8
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.create_job(users["a_viewer"], "members", str(path), tree["EA1"], ImportMode.SKIP_INVALID)
    with pytest.raises(PermissionDenied):
        services.create_job(users["b_staff"], "members", str(path), tree["EA1"], ImportMode.SKIP_INVALID)
    from django.core.files.uploadedfile import SimpleUploadedFile

    job = services.create_job(users["a_staff"], "members", SimpleUploadedFile("x.xlsx", path.read_bytes()), tree["EA1"],
                              ImportMode.SKIP_INVALID)
    assert job.original_name == "x.xlsx"


def test_cancel_and_stale_jobs(tree, users, tmp_path):
    from gonghui.imports.models import ImportJob

    path = write_xlsx(tmp_path / "m.xlsx", HEADER, [member_row(k) for k in range(3)])
    job = services.create_job(users["a_staff"], "members", str(path), tree["EA1"], ImportMode.SKIP_INVALID)
    job = services.check_job(job.pk)
    assert job.status == ImportStatus.VALIDATED and job.to_create == 3
    job = services.request_cancel(users["a_staff"], job)
    assert job.status == ImportStatus.CANCELLED
    job = services.create_job(users["a_staff"], "members", str(path), tree["EA1"], ImportMode.SKIP_INVALID)
    job = services.check_job(job.pk)
    services.start_import(users["a_staff"], job)
    from gonghui.core.exceptions import WorkflowConflict

    with pytest.raises(WorkflowConflict):
        services.start_import(users["a_staff"], job)
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=job.heartbeat_at - datetime.timedelta(hours=1),
                                               rows_total=3)
    assert services.mark_stale_jobs_failed(60) == 1
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and "0 of 3" in job.message
    job = services.run_import(job.pk)
    assert job.status == ImportStatus.DONE and job.created == 3
