"""Import templates (XlsxWriter): the headers of a 工会会员信息采集登记表, a sheet explaining each column, and
drop-downs."""

import datetime
import io

import xlsxwriter
from django.utils import translation
from django.utils.translation import gettext as _

from gonghui.core.importing import allowed_labels
from gonghui.core.spreadsheets import column_letter

from . import engine


def build_template(kind, language="zh-hans"):
    columns = engine.columns(kind)
    buf = io.BytesIO()
    with translation.override(language):
        wb = xlsxwriter.Workbook(buf, {"in_memory": True})
        ws = wb.add_worksheet(_("Data")[:31])
        help_ws = wb.add_worksheet(_("Columns")[:31])
        lists = wb.add_worksheet("lists")
        lists.hide()
        head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        head_req = wb.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1})
        text = wb.add_format({"num_format": "@"})
        date = wb.add_format({"num_format": "yyyy-mm-dd"})
        wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        lang = "zh" if language.startswith("zh") else "en"
        for c, col in enumerate(columns):
            ws.write_string(0, c, col.header(lang), head_req if col.required else head)
            if col.kind == "date":
                ws.set_column(c, c, 12, date)
                ws.data_validation(1, c, 1048575, c, {
                    "validate": "date", "criteria": ">", "value": datetime.date(1900, 1, 1), "ignore_blank": True,
                    "error_message": _("Enter a date such as 2024-03-01.")})
            elif col.kind == "choice":
                labels = allowed_labels(col, language)
                ws.set_column(c, c, 14, text)
                for r, label in enumerate(labels):
                    lists.write_string(r, c, label)
                ref = f"=lists!${column_letter(c)}$1:${column_letter(c)}${len(labels)}"
                ws.data_validation(1, c, 1048575, c, {"validate": "list", "source": ref, "ignore_blank": True,
                                                      "error_type": "warning"})
            else:
                ws.set_column(c, c, 22 if col.kind in ("id_number", "credit_code", "unit") else 14, text)
        ws.freeze_panes(1, 0)
        heads = [_("Column"), _("Required"), _("Accepted headers"), _("Allowed values"), _("Notes")]
        for c, h in enumerate(heads):
            help_ws.write_string(0, c, h, head)
        help_ws.set_column(0, 0, 18)
        help_ws.set_column(1, 1, 10)
        help_ws.set_column(2, 4, 45, wrap)
        for r, col in enumerate(columns, start=1):
            help_ws.write_string(r, 0, col.header(lang))
            req = {"always": _("Yes"), "create": _("For new records"), "": _("No")}[col.required]
            help_ws.write_string(r, 1, req)
            help_ws.write_string(r, 2, "、".join([col.zh, col.en, *col.aliases]))
            if col.kind == "choice":
                allowed = "、".join(allowed_labels(col, language))
                if col.list_codes:
                    codes = ", ".join(str(v) for v, _l in col.choices.choices)
                    allowed += " (" + _("or the codes") + ": " + codes + ")"
                help_ws.write_string(r, 3, allowed)
            elif col.kind == "date":
                help_ws.write_string(r, 3, "2024-03-01, 2024/3/1, 2024.3.1, 20240301, 2024年3月1日")
            help_ws.write_string(r, 4, str(col.help or ""))
        wb.close()
    return buf.getvalue()
