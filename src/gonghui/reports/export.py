"""One report as a printable xlsx workbook: one sheet per table (section), Chinese headers, A4 portrait."""

import io
import re

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, exports
from gonghui.core.models import AuditAction

from . import services


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


def build_workbook(report, target):
    """Write the report's workbook into ``target`` (a path or a binary file) through the one export writer."""
    from .views import report_tables

    fig = services.reported(report)
    tables = report_tables(report, fig, services.live_values(report))
    wb = exports.workbook(target, {"in_memory": True})
    title = wb.add_format({"bold": True, "font_size": 14, "align": "center"})
    bold = wb.add_format({"bold": True})
    head = wb.add_format({"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True})
    cell = wb.add_format({"border": 1})
    reason = wb.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    used = set()
    headers = [_("Indicator"), _("Unit"), _("From the records"), _("Entered or corrected"),
               _("Reason for the correction"),
               _("Reported figure")]
    printed = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    taken = timezone.localtime(report.figures_taken_at).strftime("%Y-%m-%d %H:%M") if report.figures_taken_at else ""
    for table in tables:
        ws = wb.add_worksheet(_sheet_title(table["label"], used))
        ws.merge_range(0, 0, 0, len(headers) - 1, f"{report.round.title} · {table['label']}", title)
        ws.write(1, 0, _("Union"), bold)
        ws.write(1, 1, f"{report.org.name}（{report.org.code}）")
        ws.write(2, 0, _("Status"), bold)
        ws.write(2, 1, str(report.get_status_display()))
        ws.write(2, 3, _("Printed"), bold)
        ws.write(2, 4, printed)
        if taken:
            ws.write(1, 3, _("figures taken at"), bold)
            ws.write(1, 4, taken)
        ws.write_row(4, 0, [str(h) for h in headers], head)
        for n, r in enumerate(table["rows"], 5):
            ind = r["ind"]
            values = [str(ind.name), str(ind.unit or ""), _cell(r["derived"]), _cell(r["entered"]), r["reason"] or "",
                      _cell(r["figure"])]
            for col, v in enumerate(values):
                ws.write(n, col, v, reason if col == 4 else cell)
        for col, width in enumerate((30, 8, 14, 14, 30, 14)):
            ws.set_column(col, col, width)
        ws.repeat_rows(4)
        ws.set_portrait()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.center_horizontally()
        ws.set_footer("&C&P / &N")
    if not tables:
        wb.add_worksheet()
    wb.close()


def report_xlsx_response(user, report):
    buf = io.BytesIO()
    build_workbook(report, buf)
    audit.record(AuditAction.EXPORT, report, user=user, count=1, note="xlsx annual report")
    response = HttpResponse(buf.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="annual-report-{report.round.year}-{report.org.code}.xlsx"'
    return response
