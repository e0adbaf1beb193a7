"""Reading uploaded spreadsheets safely and fast: xlsx, xls, ods (python-calamine) and csv (UTF-8 or GB18030).

Every problem with the file itself raises :class:`SpreadsheetError` with a message for the user; nothing
here raises anything else for a bad file.

- The type is decided by the content, never by the file name: a zip with ``xl/workbook.xml`` is xlsx, a
  zip whose ``mimetype`` is OpenDocument spreadsheet is ods, the OLE2 signature is xls, and text that
  decodes as UTF-8 (with or without BOM) or GB18030 is csv.
- Zip bombs are refused before anything is parsed, from the sizes the zip declares (total and ratio). The
  scan below reads entries through :mod:`zipfile`, which never inflates past the declared size.
- The first sheet of an xlsx is scanned (streamed, never held) before calamine sees it: formulas are
  refused (we import values only; cached results of formulas can be stale or missing, e.g. when a
  program wrote the file), and so are cells with content beyond column ``MAX_COLUMNS`` (calamine would
  otherwise build a rectangle as wide as the farthest cell for every row). Merged cells touching the header
  row are refused. A declared ``<dimension>`` is ignored.
- Trailing empty header cells are trimmed; a header wider than ``MAX_COLUMNS`` is refused.
- Large xlsx sheets are read in slices of rows (each slice a small in-memory workbook handed to calamine),
  so memory stays bounded whatever the number of rows.

:func:`open_sheet` returns a :class:`Sheet` with the header and ``rows()``, which yields
``(excel_row_number, [values])`` for every non-empty data row.
"""

import codecs
import csv
import dataclasses
import datetime
import io
import re
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _

MAX_COLUMNS = 200
MAX_UNCOMPRESSED = 1536 * 1024 * 1024  # the sheet is streamed in slices, never held whole; the ratio catches bombs
MAX_RATIO = 100
SLICE_BYTES = 32 * 1024 * 1024  # xlsx sheets bigger than this are read in slices of about this size
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
SCAN_CHUNK = 8 * 1024 * 1024


class SpreadsheetError(Exception):
    """The file cannot be read as a spreadsheet; ``str(error)`` is the message for the user."""


def max_rows():
    return int(getattr(settings, "GONGHUI_IMPORT_MAX_ROWS", 2_000_000))


def column_letter(index):
    """0 → A, 25 → Z, 26 → AA."""
    s = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        s = chr(65 + rem) + s
    return s


def column_index(letters):
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


# --- type by content ---------------------------------------------------------------------------------


def detect_format(path):
    """``(format, encoding)`` of the file at ``path``: format is xlsx, ods, xls or csv; encoding for csv."""
    with open(path, "rb") as f:
        head = f.read(65536)
    if not head:
        raise SpreadsheetError(_("The file is empty."))
    if head.startswith(ZIP_MAGIC):
        return _zip_format(path), ""
    if head.startswith(OLE2_MAGIC):
        return "xls", ""
    encoding = _text_encoding(path, head)
    if encoding is None:
        raise SpreadsheetError(_(
            "This file is not a spreadsheet gonghui can read. Upload an Excel workbook (.xlsx or .xls), an "
            "OpenDocument spreadsheet (.ods) or a CSV file saved as UTF-8 or GBK."))
    return "csv", encoding


def _zip_format(path):
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            check_zip(z)
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "mimetype" in names and z.read("mimetype").strip() == b"application/vnd.oasis.opendocument.spreadsheet":
                return "ods"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise SpreadsheetError(_("The file looks like an Excel workbook but is damaged; open it in Excel, save it "
                                 "again and upload the new file.")) from None
    raise SpreadsheetError(_("This zip file is not an Excel workbook (.xlsx) or an OpenDocument spreadsheet (.ods)."))


def check_zip(z):
    """Refuse a zip whose declared content is too big or compressed too well (a zip bomb)."""
    total = compressed = 0
    for info in z.infolist():
        total += info.file_size
        compressed += info.compress_size
        if info.file_size > 10 * 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise SpreadsheetError(_(
                "The workbook is refused: a part of it expands %(ratio)d times when unpacked, which only "
                "damaged or malicious files do.") % {"ratio": info.file_size // max(info.compress_size, 1)})
    limit = getattr(settings, "GONGHUI_IMPORT_MAX_UNCOMPRESSED", None) or MAX_UNCOMPRESSED
    if total > limit:
        raise SpreadsheetError(_(
            "The workbook is refused: unpacked it would take %(mb)d MB (at most %(max)d MB). Split it into "
            "several files.") % {"mb": total // (1024 * 1024), "max": limit // (1024 * 1024)})


def _text_encoding(path, head):
    if b"\x00" in head:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with open(path, "rb") as f:
                while True:
                    block = f.read(1024 * 1024)
                    if not block:
                        decoder.decode(b"", final=True)
                        break
                    if b"\x00" in block:
                        return None
                    decoder.decode(block)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


# --- the sheet ---------------------------------------------------------------------------------------


_WIDE_CELL = re.compile(rb'r="((?:[A-Z]{3}|[H-Z][A-Z])[0-9]+)"')
_FORMULA = re.compile(rb"<(?:[A-Za-z0-9_]+:)?f[ >/]")
_CELL_REF = re.compile(rb'<(?:[A-Za-z0-9_]+:)?c [^>]*?r="([A-Z]+[0-9]+)"')
_MERGE = re.compile(rb'<(?:[A-Za-z0-9_]+:)?mergeCell [^>]*?ref="([A-Z]+)([0-9]+)(?::([A-Z]+)([0-9]+))?"')


def _first_sheet_entry(z):
    """The zip entry of the workbook's first sheet."""
    try:
        wb = z.read("xl/workbook.xml")
        m = (re.search(rb'<(?:\w+:)?sheet [^>]*?r:id="([^"]+)"', wb)
             or re.search(rb'<(?:\w+:)?sheet [^>]*?id="([^"]+)"', wb))
        rels = z.read("xl/_rels/workbook.xml.rels")
        if m:
            for rel in re.finditer(rb"<Relationship [^>]*>", rels):
                tag = rel.group(0)
                if re.search(rb'Id="' + re.escape(m.group(1)) + rb'"', tag):
                    target = re.search(rb'Target="([^"]+)"', tag).group(1).decode()
                    target = target.lstrip("/")
                    return target if target.startswith("xl/") else "xl/" + target
    except (KeyError, AttributeError):
        pass
    names = sorted(n for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
    if not names:
        raise SpreadsheetError(_("The workbook has no sheet."))
    return names[0]


def scan_xlsx(path):
    """Stream the first sheet's XML: refuse formulas and cells far to the right; return merged ranges.

    Returns ``(entry name, uncompressed size, [(row1, col1, row2, col2)] merged ranges, 0-based)``.
    """
    with zipfile.ZipFile(path) as z:
        check_zip(z)
        entry = _first_sheet_entry(z)
        try:
            info = z.getinfo(entry)
        except KeyError:
            raise SpreadsheetError(_("The workbook has no sheet.")) from None
        merged = []
        tail = b""
        prefixed = None
        with z.open(info) as f:
            while True:
                block = f.read(SCAN_CHUNK)
                if not block:
                    break
                data = tail + block
                if prefixed is None:
                    prefixed = re.search(rb"<[A-Za-z0-9_]+:worksheet[ >]", data[:4096]) is not None
                m = None
                if prefixed or b"<f" in data:
                    m = _FORMULA.search(data)
                if m:
                    cells = list(_CELL_REF.finditer(data, 0, m.start()))
                    where = cells[-1].group(1).decode() if cells else "?"
                    raise SpreadsheetError(_(
                        "Cell %(cell)s contains a formula. gonghui imports values only: select the sheet, copy it "
                        "and use Paste Special → Values, then save and upload the file again.") % {"cell": where})
                for m in _WIDE_CELL.finditer(data):
                    end = data.find(b">", m.end())
                    if end == -1 or data[end - 1:end] == b"/":
                        continue  # an empty, self-closing cell (formatting only)
                    ref = m.group(1).decode()
                    col = column_index(ref.rstrip("0123456789"))
                    if col >= MAX_COLUMNS:
                        raise SpreadsheetError(_(
                            "Cell %(cell)s holds data beyond column %(max)s: a sheet may have at most %(n)d "
                            "columns. Delete the columns on the right that are not part of the table.")
                            % {"cell": ref, "max": column_letter(MAX_COLUMNS - 1), "n": MAX_COLUMNS})
                for m in (_MERGE.finditer(data) if b"mergeCell " in data else ()):
                    c1, r1, c2, r2 = m.groups()
                    c2, r2 = c2 or c1, r2 or r1
                    merged.append((int(r1) - 1, column_index(c1.decode()), int(r2) - 1, column_index(c2.decode())))
                tail = data[-256:]
        return entry, info.file_size, merged


@dataclasses.dataclass(eq=False)
class Sheet:
    """An opened sheet: ``header`` (list of str), ``header_row`` (Excel row number), ``rows()``."""

    format: str
    encoding: str
    header: list
    header_row: int
    estimated_rows: int
    _factory: object  # () → iterator of (excel row number, values)

    def rows(self):
        """Yield ``(excel_row_number, values)`` for every non-empty row after the header."""
        limit = max_rows()
        n = 0
        for number, values in self._factory():
            if number <= self.header_row:
                continue
            for v in values:
                if v != "" and v is not None:
                    break
            else:
                continue
            n += 1
            if n > limit:
                raise SpreadsheetError(_("The sheet has more than %(n)s rows; split it into several files.")
                                       % {"n": f"{limit:,}"})
            yield number, values


def _header_from(values, number):
    header = ["" if v is None else str(v).strip() for v in values]
    while header and not header[-1].strip(" \u3000\t"):
        header.pop()
    if len(header) > MAX_COLUMNS:
        raise SpreadsheetError(_(
            "The header row (row %(row)d) has %(n)d columns; a sheet may have at most %(max)d. Delete the "
            "columns on the right that are not part of the table.") % {
                "row": number, "n": len(header), "max": MAX_COLUMNS})
    return header


def _no_header():
    return SpreadsheetError(_("The sheet is empty: the first row must hold the column headers."))


def open_sheet(path, fmt=None, encoding="", *, scan=True):
    """Open the first sheet of the file. ``scan=False`` skips the safety scan (already done for this file)."""
    if fmt is None:
        fmt, encoding = detect_format(path)
    if fmt == "csv":
        return _open_csv(path, encoding or "utf-8-sig")
    return _open_calamine(path, fmt, scan)


def _open_csv(path, encoding):
    def raw_rows():
        with open(path, encoding=encoding, newline="") as f:
            reader = csv.reader(f)
            try:
                for number, row in enumerate(reader, start=1):
                    if len(row) > MAX_COLUMNS:
                        for v in row[MAX_COLUMNS:]:
                            if v.strip():
                                raise SpreadsheetError(_(
                                    "Row %(row)d holds data beyond column %(max)s: a sheet may have at most %(n)d "
                                    "columns.") % {"row": number, "max": column_letter(MAX_COLUMNS - 1),
                                                   "n": MAX_COLUMNS})
                        row = row[:MAX_COLUMNS + 1]
                    yield number, row
            except csv.Error as e:
                raise SpreadsheetError(_("The CSV file cannot be read at line %(line)d: %(error)s")
                                       % {"line": reader.line_num, "error": e}) from None
            except UnicodeDecodeError:
                raise SpreadsheetError(_("The CSV file mixes text encodings; save it again as UTF-8.")) from None

    header, header_row = None, 0
    csv.field_size_limit(10 * 1024 * 1024)
    # A header row of a million commas is read as one (long) line; trimmed below.
    for number, row in _header_rows(path, encoding):
        if any(v.strip() for v in row):
            header, header_row = _header_from(row, number), number
            break
    if not header:
        raise _no_header()
    with open(path, "rb") as f:
        lines = sum(block.count(b"\n") for block in iter(lambda: f.read(4 * 1024 * 1024), b""))
    return Sheet("csv", encoding, header, header_row, max(lines - header_row + 1, 0), raw_rows)


def _header_rows(path, encoding):
    try:
        with open(path, encoding=encoding, newline="") as f:
            for number, row in enumerate(csv.reader(f), start=1):
                yield number, row
                if number > 50:
                    return
    except (csv.Error, UnicodeDecodeError) as e:
        raise SpreadsheetError(_("The CSV file cannot be read: %(error)s") % {"error": e}) from None


def _calamine_error(exc):
    return SpreadsheetError(_("The spreadsheet cannot be read (%(error)s). Open it in Excel, save it again as .xlsx "
                              "and upload the new file.") % {"error": str(exc)[:200]})


def _open_calamine(path, fmt, scan):
    from python_calamine import CalamineWorkbook

    merged, size, entry = [], 0, None
    if fmt in ("xlsx", "ods"):
        try:
            with zipfile.ZipFile(path) as z:
                check_zip(z)
                if fmt == "ods" and scan:
                    _scan_ods(z)
        except zipfile.BadZipFile:
            raise _calamine_error("zip") from None
    if fmt == "xlsx":
        try:
            if scan:
                entry, size, merged = scan_xlsx(path)
            else:
                with zipfile.ZipFile(path) as z:
                    entry = _first_sheet_entry(z)
                    size = z.getinfo(entry).file_size
        except (zipfile.BadZipFile, KeyError, OSError, EOFError, zlib_error()) as e:
            raise _calamine_error(e) from None
    sliced = fmt == "xlsx" and size > SLICE_BYTES

    def load(source):
        try:
            wb = CalamineWorkbook.from_object(source)
            sheet = wb.get_sheet_by_index(0)
        except SpreadsheetError:
            raise
        except BaseException as e:  # calamine's errors, and Rust panics surfacing as exceptions
            if isinstance(e, (KeyboardInterrupt, SystemExit, MemoryError)):
                raise
            raise _calamine_error(e) from None
        return sheet

    def iterate(sheet, sliced=False):
        start = sheet.start
        if start is None:
            return
        r0, c0 = start
        pad = [""] * c0
        try:
            if sliced:
                # A slice starts far down the sheet: iter_rows() would first yield every empty row above it, so
                # take the slice's own rows (one slice of Python lists at a time), numbered from its start.
                numbered = enumerate(sheet.to_python(skip_empty_area=True), r0 + 1)
            else:
                # iter_rows() starts at the sheet's first row (A1), columns at the first used column.
                numbered = ((k + 1, row) for k, row in enumerate(sheet.iter_rows()) if k >= r0)
            for number, row in numbered:
                yield number, (pad + row if c0 else row)
        except SpreadsheetError:
            raise
        except Exception as e:
            raise _calamine_error(e) from None

    if sliced:
        def factory():
            for mem in _slices(path, entry):
                yield from iterate(load(mem), sliced=True)
    else:
        loaded = load(str(path))

        def factory():
            yield from iterate(loaded)

    # The header: the first non-empty row.
    header, header_row = None, 0
    it = factory()
    seen = []
    for number, row in it:
        if sliced:
            seen.append((number, row))
        if any(v != "" and v is not None for v in row):
            header, header_row = _header_from(row, number), number
            break
    if not header:
        it.close()
        raise _no_header()
    if sliced:
        # The first slice is already parsed: the first rows() carries on from it instead of parsing it again.
        held = [(seen, it)]
        read_slices = factory

        def factory():
            if not held:
                yield from read_slices()
                return
            before, rest = held.pop()
            yield from before
            yield from rest
    else:
        it.close()
    if fmt == "xls":
        try:
            ranges = loaded.merged_cell_ranges or []
        except Exception:
            ranges = []
        merged = [(a[0], a[1], b[0], b[1]) for a, b in ranges]
    touching = [m for m in merged if m[0] <= header_row - 1 <= m[2]]
    if touching:
        cells = ", ".join(f"{column_letter(m[1])}{m[0] + 1}:{column_letter(m[3])}{m[2] + 1}" for m in touching[:5])
        raise SpreadsheetError(_(
            "The header row (row %(row)d) has merged cells (%(cells)s). Unmerge them so that every column has its "
            "own header in one row, then upload the file again.") % {"row": header_row, "cells": cells})
    if sliced:
        estimated = int(size / max(_bytes_per_row(path, entry), 1))
    else:
        start = loaded.start
        estimated = max(start[0] + loaded.height - header_row, 0) if start else 0  # height counts from start
        if estimated > max_rows():
            raise SpreadsheetError(_("The sheet has more than %(n)s rows; split it into several files.")
                                   % {"n": f"{max_rows():,}"})
    return Sheet(fmt, "", header, header_row, estimated, factory)


def zlib_error():
    import zlib

    return zlib.error


def _scan_ods(z):
    try:
        with z.open("content.xml") as f:
            tail = b""
            while True:
                block = f.read(SCAN_CHUNK)
                if not block:
                    break
                data = tail + block
                if b"table:formula=" in data:
                    raise SpreadsheetError(_(
                        "The sheet contains formulas. gonghui imports values only: copy the sheet and paste it as "
                        "values, then save and upload the file again."))
                tail = data[-64:]
    except KeyError:
        raise SpreadsheetError(_("The spreadsheet has no content.")) from None


def _bytes_per_row(path, entry):
    with zipfile.ZipFile(path) as z, z.open(entry) as f:
        sample = f.read(4 * 1024 * 1024)
    rows = sample.count(b"</row>") or sample.count(b"</x:row>")
    return len(sample) / rows if rows else len(sample)


# Slices of a big xlsx sheet: each becomes a small workbook (the original styles, so dates stay dates,
# and shared strings) holding a run of complete rows; rows keep their ``r`` numbers.

_CT = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.'
       b'org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformat'
       b's-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override Part'
       b'Name="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.she'
       b'et.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlfor'
       b'mats-officedocument.spreadsheetml.worksheet+xml"/>%s</Types>')
_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/'
         b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WB = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/'
       b'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
       b'<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WB_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>%s</Relationships>')


def _slices(path, entry):
    """In-memory workbooks of about SLICE_BYTES of rows each."""
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        extras_ct, extras_rel, parts = b"", b"", {}
        for kind, rel_id in (("styles", "rId2"), ("sharedStrings", "rId3")):  # the parts every slice shares
            part = f"xl/{kind}.xml"
            if part in names:
                parts[part] = z.read(part)
                extras_ct += (f'<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-'
                              f'officedocument.spreadsheetml.{kind}+xml"/>').encode()
                extras_rel += (f'<Relationship Id="{rel_id}" Type="http://schemas.openxmlformats.org/officeDocument/'
                               f'2006/relationships/{kind}" Target="{kind}.xml"/>').encode()
        with z.open(entry) as f:
            buf = b""
            prefix = None
            while True:
                block = f.read(SLICE_BYTES)
                buf += block
                if prefix is None:
                    at = buf.find(b"<sheetData")
                    if at == -1:
                        if not block:
                            return
                        continue
                    close = buf.find(b">", at)
                    if buf[close - 1:close] == b"/":
                        return  # <sheetData/>: no rows
                    prefix = buf[:close + 1]
                    buf = buf[close + 1:]
                end_tag = b"</row>"
                cut = buf.rfind(end_tag)
                if block and cut == -1:
                    continue
                if not block:
                    stop = buf.find(b"</sheetData>")
                    rows_xml, buf = (buf[:stop] if stop != -1 else buf), b""
                else:
                    rows_xml, buf = buf[:cut + len(end_tag)], buf[cut + len(end_tag):]
                if rows_xml.strip():
                    sheet_xml = prefix + rows_xml + b"</sheetData></worksheet>"
                    mem = io.BytesIO()
                    with zipfile.ZipFile(mem, "w", zipfile.ZIP_STORED) as out:
                        out.writestr("[Content_Types].xml", _CT % extras_ct)
                        out.writestr("_rels/.rels", _RELS)
                        out.writestr("xl/workbook.xml", _WB)
                        out.writestr("xl/_rels/workbook.xml.rels", _WB_RELS % extras_rel)
                        for name, data in parts.items():
                            out.writestr(name, data)
                        out.writestr("xl/worksheets/sheet1.xml", sheet_xml)
                    del sheet_xml, rows_xml
                    mem.seek(0)
                    yield mem
                    del mem
                if not block:
                    return


# --- values --------------------------------------------------------------------------------------------


def cell_text(value):
    """A cell as text the way the user sees it (integral floats without ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)
