"""The one export writer (gonghui.core.exports): formula-like text is neutralised in CSV and XLSX, numbers stay
numbers. The list exports of the pages go through it (the members list here); the other paths are tested in
their areas (imports CLI, statistics dashboard, annual report, bank transfer file)."""

import datetime
import decimal
import io

import openpyxl
import pytest
from django.urls import reverse

from gonghui.core import exports

from .injection import PAYLOADS, assert_csv_inert, assert_xlsx_inert


def test_neutralise():
    for payload in PAYLOADS + ["-", "=", "\r\n=1"]:
        assert exports.neutralise(payload) == "'" + payload
    for value in ["李明", " =1", "a=b", "", "'=1", -5, 3.5, decimal.Decimal("-2.50"), None]:
        assert exports.neutralise(value) == value


def test_csv_neutralises_text_and_keeps_numbers():
    rows = [["name", "n"]] + [[p, -k] for k, p in enumerate(PAYLOADS, 1)] + [["x", decimal.Decimal("-2.5")]]
    data = b"".join(exports.csv_stream(rows))
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM for Excel
    cells = assert_csv_inert(data)
    assert "-1" in cells and "-5" in cells and "-2.5" in cells  # negative numbers stay numbers, not quoted


def test_xlsx_neutralises_text_and_keeps_numbers(tmp_path):
    rows = ([["name", "n", "when"]] + [[p, -k, datetime.date(2026, 1, k)] for k, p in enumerate(PAYLOADS, 1)])
    out = tmp_path / "x.xlsx"
    exports.write_xlsx(rows, out, dates_as_text=False)
    book = assert_xlsx_inert(out.read_bytes())
    sheet = book.active
    assert [c.value for c in sheet[2]][:2] == [PAYLOADS[0], -1]
    assert sheet["B3"].data_type == "n" and sheet["B3"].value == -2
    assert sheet["C2"].value == datetime.datetime(2026, 1, 1)
    assert sheet["A1"].value == "name" and not sheet["A1"].quotePrefix


def test_workbook_keeps_the_format_and_refuses_formulas():
    buf = io.BytesIO()
    book = exports.workbook(buf, {"in_memory": True, "strings_to_formulas": True})  # asked for, not granted
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet("S")
    sheet.write(0, 0, "=1+1", bold)
    sheet.write_row(1, 0, ["@A1", "plain", 7])
    with pytest.raises(ValueError):
        sheet.write_formula(2, 0, "=1+1")
    book.close()
    ws = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))["S"]
    assert ws["A1"].value == "=1+1" and ws["A1"].data_type == "s" and ws["A1"].quotePrefix and ws["A1"].font.b
    assert ws["A2"].quotePrefix and not ws["B2"].quotePrefix and ws["C2"].value == 7


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_member_list_export_is_inert(tree, users, client_for, fmt):
    from gonghui.members.models import Member
    from gonghui.members.services import create_member
    from gonghui.tools.testing import member_data

    for payload in PAYLOADS:
        member = create_member(users["root"], tree["EA1"], member_data(name="张三"))
        Member.objects.filter(pk=member.pk).update(name=payload)
    response = client_for(users["a_staff"]).get(reverse("members:member_list"), {"export": fmt})
    assert response.status_code == 200
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        assert_csv_inert(raw)
    else:
        assert_xlsx_inert(raw)
