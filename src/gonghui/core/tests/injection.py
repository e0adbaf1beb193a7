"""Checks shared by the export tests of every area: formula-like text comes out inert (issue 15, part 4)."""

import csv
import io
import re

import openpyxl

from gonghui.core.exports import formula_like

# A record named like this must never become a live formula in an exported file.
NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
PAYLOADS = ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "\t=1"]


def assert_csv_inert(data, payloads=PAYLOADS):
    """Every payload is in the CSV with a leading single quote; no cell starts like a formula."""
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    for payload in payloads:
        assert payload not in cells, f"{payload!r} written bare"
        assert "'" + payload in cells, f"{payload!r} missing from the CSV"
    live = [c for c in cells if formula_like(c) and not NUMBER.fullmatch(c)]  # a negative number is a number
    assert not live, live
    return cells


def assert_xlsx_inert(data, payloads=PAYLOADS):
    """Read back with openpyxl: no formula anywhere; each payload is a text cell with Excel's quote prefix."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    found = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"formula in {sheet.title}!{cell.coordinate}: {cell.value!r}"
                if formula_like(cell.value):
                    assert cell.data_type == "s" and cell.quotePrefix, f"{cell.value!r} without the quote prefix"
                    found.add(cell.value)
    missing = set(payloads) - found
    assert not missing, f"{missing} missing from the workbook"
    return book
