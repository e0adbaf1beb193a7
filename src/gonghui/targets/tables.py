import django_tables2 as tables
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from gonghui.core import formats
from gonghui.core.tables import BaseTable, DateColumn, TimeColumn

from .models import ResponsibilityLetter, Target


class TargetTable(BaseTable):
    id = tables.Column(linkify=True, verbose_name="#")
    year = tables.Column()
    issuer = tables.Column(order_by=("issuer__path",))
    org = tables.Column(order_by=("org__path",))
    org_code = tables.Column(accessor="org__code", verbose_name=capfirst(_("organisation code")),
                             order_by=("org__code",))
    indicator = tables.Column(accessor="indicator_name", order_by=("indicator",), verbose_name=capfirst(_("indicator")))
    value = tables.Column()
    unit = tables.Column(accessor="unit", orderable=False, verbose_name=capfirst(_("unit")))
    note = tables.Column()
    updated_at = TimeColumn()

    class Meta:
        model = Target
        fields = ("id", "year", "issuer", "org", "org_code", "indicator", "value", "unit", "note", "updated_at")
        empty_text = _("No targets match.")
        order_by = ("-year", "org")

    def render_value(self, record, value):
        return format_html("{}", formats.number(value))

    def value_value(self, record, value):
        return formats.plain_decimal(value)



class LetterTable(BaseTable):
    id = tables.Column(linkify=True, verbose_name="#")
    year = tables.Column()
    issuer = tables.Column(order_by=("issuer__path",))
    org = tables.Column(order_by=("org__path",))
    issuer_signatory = tables.Column()
    org_signatory = tables.Column()
    signed_on = DateColumn(format="Y-m-d")
    attachment = tables.Column(accessor="file_name", verbose_name=capfirst(_("scanned letter")),
                               order_by=("file_name",))

    class Meta:
        model = ResponsibilityLetter
        fields = ("id", "year", "issuer", "org", "issuer_signatory", "org_signatory", "signed_on", "attachment")
        empty_text = _("No responsibility letters match.")
        order_by = ("-year", "org")
