"""``{% table_rows table %}``: the ``<tr>`` rows of a django-tables2 table's page, as its Bootstrap 5 template renders
them, written in Python.

The library's template renders each cell through a template loop that looks ``column.attrs`` up again for every
cell (a new dict each time) and resolves half a dozen variables: about a third of a member list page's time. Here a
column's ``<td>`` attributes are worked out once, unless they depend on the record (a callable in ``attrs``), and
the cell itself comes from the library (``BoundRow.get_cell``), so every ``render_FOO``, link and choice label is
what django-tables2 makes. ``core/tests/test_table_rows.py`` holds the two outputs equal.
"""

from django import template
from django.template.base import render_value_in_context
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


def _td_is_static(table, bound_column):
    attrs = dict(table.attrs)
    attrs.update(dict(bound_column.column.attrs))
    td = attrs.get("td", attrs.get("cell", {}))
    return not any(callable(v) for v in td.values())


@register.simple_tag(takes_context=True)
def table_rows(context, table):
    columns = list(table.columns)
    static = {}
    for column in columns:
        if _td_is_static(table, column):
            column.current_record = column.current_value = None
            static[column.name] = column.attrs["td"].as_html()
    out = []
    for row in table.paginated_rows:
        out.append(format_html("<tr {}>", row.attrs.as_html()))
        for column in columns:
            cell = row.get_cell(column.name)
            td = static.get(column.name)
            if td is None:
                column.current_value, column.current_record = cell, row.record
                td = column.attrs["td"].as_html()
            if column.localize is not None:  # the template's |localize or |unlocalize
                cell = str(localize(cell, use_l10n=bool(column.localize)))
            text = render_value_in_context(cell, context)
            out.append(format_html("<td {}>{}</td>", td, text))
        out.append(mark_safe("</tr>"))
    return mark_safe("".join(out))
