"""Streaming CSV and XLSX export of a django-tables2 table: the columns the user sees, rows as rendered."""

import csv
import tempfile

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import escape_uri_path


class _Echo:
    def write(self, value):
        return value


def _rows(table):
    # as_values renders each cell like the page does (masked PII included) and yields row by row.
    yield from table.as_values()


def export_table(table, fmt, basename):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"{basename}-{stamp}.{fmt}"
    disposition = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    if fmt == "csv":
        writer = csv.writer(_Echo())

        def stream():
            yield "\ufeff"  # BOM so Excel opens UTF-8 correctly
            for row in _rows(table):
                yield writer.writerow(["" if v is None else v for v in row])

        response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = disposition
        return response
    import xlsxwriter

    tmp = tempfile.TemporaryFile(suffix=".xlsx")
    book = xlsxwriter.Workbook(tmp, {"constant_memory": True, "in_memory": False})
    sheet = book.add_worksheet()
    bold = book.add_format({"bold": True})
    for r, row in enumerate(_rows(table)):
        sheet.write_row(r, 0, ["" if v is None else str(v) for v in row], bold if r == 0 else None)
    book.close()
    tmp.seek(0)
    response = FileResponse(
        tmp, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", as_attachment=True, filename=filename
    )
    return response
