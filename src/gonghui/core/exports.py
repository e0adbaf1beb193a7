"""Streaming CSV and XLSX export of a list, and the one writer of every export file.

Every export (the list pages, ``gonghui export``, the statistics dashboard, the annual report, the bank file)
writes through :func:`csv_stream` / :func:`write_csv` / :func:`write_xlsx` / :func:`workbook`, which neutralise
text that a spreadsheet would take for a formula (see ``FORMULA_STARTS`` below).

A list of a million members must not be held in memory: the filtered, ordered queryset is read with
``.iterator(chunk_size=2000)`` (a server-side cursor on PostgreSQL; behind PgBouncer one inside a transaction,
see :func:`gonghui.core.pooling.stream`) and each record is rendered through
the table's own columns (``value_FOO``, ``get_FOO_display``, masked accessors), one at a time. We do not
use django-tables2's ``as_values()`` on the whole queryset: it iterates ``table.rows``, which evaluates
and caches every record.

- CSV is streamed as it is produced: UTF-8 with a BOM (Excel opens it correctly), or GB18030 with
  ``?encoding=gbk`` for older Excel installations in China.
- XLSX is written with XlsxWriter in ``constant_memory`` mode into a temporary file, then streamed back;
  past Excel's 1,048,576 rows a sheet, rows continue on a further sheet with the header repeated.

Personal data: cells come from the table's columns, so ID numbers and phones are masked exactly as on the
page. A table may offer unmasked values for an export by implementing the hook
``export_value(record, column_name, reveal)``: it returns the value to write, or ``NotImplemented`` to use
the column's normal value. :class:`RevealIdNumberMixin` does that for ``id_number`` columns. The view
asks for ``reveal=True`` only when the user asked for it and may reveal personal data everywhere in their
scope (:func:`may_reveal_everywhere`); such an export is audited as "unmasked".
"""

import csv
import datetime
import decimal
import io
import re
import tempfile

import xlsxwriter
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.encoding import escape_uri_path, force_str
from django_tables2.rows import BoundRow
from xlsxwriter.worksheet import Worksheet

from . import pooling, scope

CHUNK_SIZE = 2000
XLSX_MAX_ROWS = 1_048_576  # rows per sheet, header included
ENCODINGS = {"utf-8": "utf-8", "utf8": "utf-8", "gbk": "gb18030", "gb18030": "gb18030", "gb2312": "gb18030"}


class RevealIdNumberMixin:
    """For tables whose ``id_number`` column shows the masked number: the full one in unmasked exports."""

    reveal_columns = {"id_number": "id_number"}  # column name → attribute holding the clear value

    def export_value(self, record, column_name, reveal):
        attr = self.reveal_columns.get(column_name)
        if reveal and attr:
            return getattr(record, attr)
        return NotImplemented


def can_reveal_in_export(table):
    return callable(getattr(table, "export_value", None))


def may_reveal_everywhere(user):
    """May the user see personal data in clear at every organisation of their scope?

    An export spans the user's whole (filtered) scope, so the simple, safe rule is: the user's role at each
    of their scope roots allows ``reveal_pii``.
    """
    if scope.is_unrestricted(user):
        return True
    paths = scope.scope_paths(user)
    needed = scope.ROLE_RANK[scope.ACTIONS["reveal_pii"]]
    return bool(paths) and all(scope.ROLE_RANK.get(scope.role_at(user, p), 0) >= needed for p in paths)


def export_columns(table):
    return [c for c in table.columns.iterall() if not c.column.exclude_from_export]


def export_queryset(table):
    """The table's data as a queryset in the table's current order (sorting applied by RequestConfig)."""
    from .tables import stable_order

    return stable_order(table.data.data)


_DATE_FORMAT = re.compile(r'\|date:"([^"]*)"')


class _CellGetter:
    """The export value of one column for a record, as ``BoundRow.get_cell_value`` computes it, but with
    everything that does not depend on the record worked out once per column.

    django-tables2 inspects the signature of the value function for every cell and renders date columns
    through a template compiled for every cell: about 1 ms a row, 20 minutes for a million rows. Here a
    plain column costs an attribute lookup, a date column a date format, and a ``value_FOO`` method one
    call. Columns we cannot shortcut (a ``TemplateColumn`` without ``value_FOO``) take the library's path.
    """

    def __init__(self, table, bound_column):
        from django_tables2 import columns as dt_columns
        from django_tables2.utils import Accessor, signature

        self.table = table
        self.bound_column = bound_column
        self.name = bound_column.name
        self.column = column = bound_column.column
        self.accessor = Accessor(bound_column.accessor)
        self.single = self.accessor if "__" not in self.accessor and "." not in self.accessor else None
        self.empty_values = column.empty_values
        self.uses_display = None  # decided on the first record: a model field with choices → get_FOO_display()
        fn = bound_column.value
        own_value = getattr(type(column).value, "__func__", type(column).value)
        is_column_value = getattr(fn, "__func__", None) is own_value and getattr(fn, "__self__", None) is column
        self.date_format = None
        if is_column_value and isinstance(column, (dt_columns.DateColumn, dt_columns.DateTimeColumn)):
            match = _DATE_FORMAT.search(column.template_code or "")
            self.mode = "date" if match else "slow"
            self.date_format = match.group(1) if match else None
        elif (is_column_value and type(column).value is dt_columns.Column.value
              and type(column).render is dt_columns.Column.render):
            self.mode = "plain"
        elif is_column_value:
            self.mode = "slow"
        else:
            self.mode = "call"
            self.fn = fn
            self.args, self.kwargs_name = signature(fn)

    def _resolve(self, record):
        from django.db import models

        if self.uses_display is None:
            self.uses_display = False
            try:
                penultimate, remainder = self.accessor.penultimate(record)
                if isinstance(penultimate, models.Model):
                    field = self.accessor.get_field(record)
                    self.uses_display = bool(getattr(field, "choices", ()) and
                                             hasattr(penultimate, f"get_{remainder}_display"))
                    if self.uses_display:  # get_FOO_display() rebuilds the choices dict on every call
                        self.choices = {k: str(v) for k, v in field.flatchoices}
                        self.attname = field.attname
            except Exception:
                pass
        if self.uses_display:
            penultimate, remainder = self.accessor.penultimate(record)
            if isinstance(penultimate, models.Model):
                value = getattr(penultimate, self.attname)
                try:
                    return self.choices.get(value, value)
                except TypeError:  # an unhashable value
                    return getattr(penultimate, f"get_{remainder}_display")()
            return None
        try:
            if self.single is not None:
                value = getattr(record, self.single)
                if callable(value) and not getattr(value, "do_not_call_in_templates", False):
                    value = value()
                return value
            return self.accessor.resolve(record)
        except Exception:
            return None

    def __call__(self, record, row):
        if self.mode == "slow":
            return row().get_cell_value(self.name)
        value = self._resolve(record)
        if value in self.empty_values:
            return None
        if self.mode == "plain":
            return value
        if self.mode == "date":
            from django.template.defaultfilters import date as date_filter
            from django.utils.timezone import template_localtime

            return date_filter(template_localtime(value), self.date_format) or None
        kwargs = {"value": value, "record": record, "column": self.column, "bound_column": self.bound_column,
                  "table": self.table}
        if self.kwargs_name or "bound_row" in self.args:
            kwargs["bound_row"] = row()
        if not self.kwargs_name:
            if any(a not in kwargs for a in self.args):
                return None
            kwargs = {a: kwargs[a] for a in self.args}
        return self.fn(**kwargs)


def iter_rows(table, *, reveal=False, chunk_size=CHUNK_SIZE):
    """Header, then one list of cell values per record; records are fetched in chunks, never cached."""
    columns = export_columns(table)
    getters = [_CellGetter(table, c) for c in columns]
    hook = getattr(table, "export_value", None)
    yield [force_str(c.header) for c in columns]
    for record in pooling.stream(export_queryset(table), chunk_size):
        bound = []

        def row(record=record, bound=bound):  # a BoundRow only for the few columns that need one
            if not bound:
                bound.append(BoundRow(record, table=table))
            return bound[0]

        values = []
        for getter in getters:
            value = hook(record, getter.name, reveal) if hook is not None else NotImplemented
            if value is NotImplemented:
                value = getter(record, row)
            values.append(force_str(value, strings_only=True))
        yield values


# --- the one writer of every export (lists, the CLI, the dashboard, the annual report) ---------------------
#
# A text cell that starts with ``= + - @``, a tab or a carriage return is read by Excel, WPS and LibreOffice as a
# formula when the file is opened (CSV) or when the cell is edited (XLSX): a member named
# ``=HYPERLINK("http://x","y")`` would become a live link. Such a cell is neutralised as OWASP advises ("CSV
# injection"): in CSV it is written with a single quote in front; in XLSX it is written as a text cell carrying
# Excel's own "quote prefix" (what Excel stores when one types a leading ``'``), so it shows the name exactly,
# stays text when edited, and is never a formula. Numbers (negative ones too) stay numbers.

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value):
    """Would a spreadsheet take this text cell for a formula?"""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(value):
    """A cell value safe for CSV: formula-like text gets a leading single quote; other values are unchanged."""
    return "'" + value if formula_like(value) else value


def _cell(value, dates_as_text=True):
    """A value as written to a cell: numbers stay numbers, everything else becomes text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float, decimal.Decimal)):
        return value
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%Y-%m-%d %H:%M") if dates_as_text else value
    if isinstance(value, datetime.date):
        return value.isoformat() if dates_as_text else value
    return str(value)


def csv_stream(rows, encoding="utf-8", rows_per_chunk=500):
    """Encoded CSV chunks of ``rows`` (a BOM first for UTF-8), every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if encoding == "utf-8":
        buffer.write("\ufeff")  # BOM so Excel opens UTF-8 correctly
    n = 0
    for row in rows:
        writer.writerow([neutralise(_cell(v)) for v in row])
        n += 1
        if n % rows_per_chunk == 0:
            yield buffer.getvalue().encode(encoding, errors="replace")
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode(encoding, errors="replace")


def write_csv(rows, fileobj, encoding="utf-8"):
    """Write ``rows`` (header first) as CSV into a binary file object."""
    for chunk in csv_stream(rows, ENCODINGS.get((encoding or "utf-8").lower(), "utf-8")):
        fileobj.write(chunk)


def workbook(target, options=None):
    """An XLSX workbook (XlsxWriter) whose every worksheet writes text cells as text, formula-like ones inert.

    ``options`` are XlsxWriter's; strings are never turned into formulas, numbers or links, whatever is asked.
    Formats must be made with ``add_format(properties)`` (not changed afterwards with ``set_*``), so that a
    formula-like cell keeps its format with the quote prefix added.
    """
    return _SafeWorkbook(target, options)


class SafeWorksheet(Worksheet):
    """A worksheet of :func:`workbook`: formula-like text gets the quote prefix; formulas are refused."""

    quoted_format = None  # set by the workbook

    def _write_string(self, row, col, string, cell_format=None):
        if formula_like(string):
            cell_format = self.quoted_format(cell_format)
        return super()._write_string(row, col, string, cell_format)

    def _write_formula(self, *args, **kwargs):
        raise ValueError("gonghui exports write values, never formulas")

    _write_array_formula = _write_formula


class _SafeWorkbook(xlsxwriter.Workbook):
    def __init__(self, target, options=None):
        self._properties, self._quoted = {}, {}
        super().__init__(target, {**(options or {}), "strings_to_formulas": False, "strings_to_numbers": False,
                                  "strings_to_urls": False})

    def add_format(self, properties=None):
        fmt = super().add_format(properties)
        self._properties[id(fmt)] = (fmt, dict(properties or {}))
        return fmt

    def quoted_format(self, cell_format=None):
        """``cell_format`` with Excel's quote prefix (one format made per format used)."""
        key = id(cell_format) if cell_format is not None else None
        if key not in self._quoted:
            props = dict(self._properties[key][1]) if key in self._properties else {}
            self._quoted[key] = self.add_format({**props, "quote_prefix": True})
        return self._quoted[key]

    def add_worksheet(self, name=None, worksheet_class=None):
        sheet = super().add_worksheet(name, worksheet_class or SafeWorksheet)
        sheet.quoted_format = self.quoted_format
        return sheet


def write_xlsx(rows, fileobj, sheet_name="Sheet", *, dates_as_text=True):
    """Write ``rows`` (header first) as an xlsx workbook into ``fileobj`` (or a path), in constant memory.

    Dates are written as text (as the page shows them) or, with ``dates_as_text=False``, as Excel dates.
    """
    book = workbook(fileobj, {"constant_memory": True, "in_memory": False, "tmpdir": tempfile.gettempdir()})
    bold = book.add_format({"bold": True})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    datetime_format = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    rows = iter(rows)
    header = [str(v) for v in next(rows, [])]
    sheet, r, n_sheets = None, XLSX_MAX_ROWS, 0
    for row in rows:
        if r >= XLSX_MAX_ROWS:
            n_sheets += 1
            sheet = book.add_worksheet(sheet_name if n_sheets == 1 else f"{sheet_name} {n_sheets}")
            sheet.write_row(0, 0, header, bold)
            sheet.freeze_panes(1, 0)
            r = 1
        for c, value in enumerate(row):
            value = _cell(value, dates_as_text)
            if isinstance(value, datetime.datetime):
                sheet.write_datetime(r, c, value, datetime_format)
            elif isinstance(value, datetime.date):
                sheet.write_datetime(r, c, datetime.datetime.combine(value, datetime.time()), date_format)
            elif value != "":
                sheet.write(r, c, value)
        r += 1
    if sheet is None:
        sheet = book.add_worksheet(sheet_name)
        sheet.write_row(0, 0, header, bold)
    book.close()


def _filename(basename, fmt):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"{basename}-{stamp}.{fmt}"


def _in_language(language, rows):
    """Run the row generator in the request's language (a streamed body is produced after the view returns)."""
    with translation.override(language):
        yield from rows


def export_table(table, fmt, basename, *, reveal=False, encoding="utf-8"):
    """An HTTP response with the table's rows as ``fmt`` ("csv" or "xlsx")."""
    rows = iter_rows(table, reveal=reveal and can_reveal_in_export(table))
    return rows_response(rows, fmt, basename, encoding=encoding)


def rows_response(rows, fmt, basename, *, encoding="utf-8"):
    """An HTTP response with ``rows`` (an iterable of lists, header first) as ``fmt`` ("csv" or "xlsx"), for an
    export that is not a list page's table (a survey's results)."""
    filename = _filename(basename, fmt)
    if fmt == "csv":
        codec = ENCODINGS.get((encoding or "utf-8").lower(), "utf-8")
        body = csv_stream(_in_language(translation.get_language(), rows), codec)
        response = StreamingHttpResponse(body, content_type=f"text/csv; charset={codec}")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
        response["Cache-Control"] = "no-store"
        return response
    tmp = tempfile.TemporaryFile(suffix=".xlsx")
    write_xlsx(rows, tmp)
    tmp.seek(0)
    response = FileResponse(
        tmp, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", as_attachment=True,
        filename=filename,
    )
    response["Cache-Control"] = "no-store"
    return response
