"""``{% child_cells row.cells %}``: the figure cells of one child in the dashboard's children table, written in
Python: a township's table is hundreds of unions by a dozen figures, and the template loop rendered them in about
a hundred milliseconds. The HTML is the loop's own (``stats/tests/test_dashboard_cells.py``)."""

from django import template
from django.template.base import render_value_in_context
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def child_cells(context, cells):
    out = []
    for cell in cells:
        value = cell["value"]
        if value is None:
            out.append('<td class="text-end">—</td>')
            continue
        text = render_value_in_context(value, context) + ("%" if cell["kind"] == "ratio" else "")
        if cell["url"]:
            out.append(format_html('<td class="text-end"><a href="{}">{}</a></td>', cell["url"], mark_safe(text)))
        else:
            out.append(format_html('<td class="text-end">{}</td>', mark_safe(text)))
    return mark_safe("".join(out))
