"""One report as a printable xlsx workbook: one sheet per table (section), Chinese headers, A4 portrait."""

import io
import re

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from gonghui.core import audit
from gonghui.core.models import AuditAction

from . import services

THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _sheet_title(label, used):
    title = re.sub(r"[\[\]\*\?/\\:]", " ", str(label))[:31] or "Sheet"
    base, n = title, 2
    while title in used:
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(title)
    return title


def _cell(value):
    return "" if value is None else value


def build_workbook(report):
    from .views import report_tables

    fig = services.reported(report)
    tables = report_tables(report, fig, services.live_values(report))
    wb = Workbook()
    wb.remove(wb.active)
    used = set()
    headers = [_("Indicator"), _("Unit"), _("From the records"), _("Entered or corrected"),
               _("Reason for the correction"),
               _("Reported figure")]
    for table in tables:
        ws = wb.create_sheet(_sheet_title(table["label"], used))
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        ws.cell(row=1, column=1, value=f"{report.round.title} · {table['label']}").font = Font(bold=True, size=14)
        ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
        ws.cell(row=2, column=1, value=_("Union")).font = Font(bold=True)
        ws.cell(row=2, column=2, value=f"{report.org.name}（{report.org.code}）")
        ws.cell(row=3, column=1, value=_("Status")).font = Font(bold=True)
        ws.cell(row=3, column=2, value=str(report.get_status_display()))
        ws.cell(row=3, column=4, value=_("Printed")).font = Font(bold=True)
        ws.cell(row=3, column=5, value=timezone.localtime().strftime("%Y-%m-%d %H:%M"))
        for col, h in enumerate(headers, 1):
            c = ws.cell(row=5, column=col, value=h)
            c.font, c.border = Font(bold=True), BORDER
            c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        row = 6
        for r in table["rows"]:
            ind = r["ind"]
            values = [str(ind.name), str(ind.unit or ""), _cell(r["derived"]), _cell(r["entered"]), r["reason"] or "",
                      _cell(r["figure"])]
            for col, v in enumerate(values, 1):
                c = ws.cell(row=row, column=col, value=v)
                c.border = BORDER
                if col == 5:
                    c.alignment = Alignment(wrap_text=True, vertical="top")
            row += 1
        for col, width in enumerate((30, 8, 14, 14, 30, 14), 1):
            ws.column_dimensions[get_column_letter(col)].width = width
        ws.print_title_rows = "5:5"
        ws.page_setup.orientation = "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.oddFooter.center.text = "&P / &N"
    return wb


def report_xlsx_response(user, report):
    wb = build_workbook(report)
    buf = io.BytesIO()
    wb.save(buf)
    audit.record(AuditAction.EXPORT, report, user=user, count=1, note="xlsx annual report")
    response = HttpResponse(buf.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="annual-report-{report.round.year}-{report.org.code}.xlsx"'
    return response
