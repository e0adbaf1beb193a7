"""The base of every list table, and the columns that repeat: masked personal data, status badges."""

import django_tables2 as tables
from django.db.models import QuerySet
from django.template.defaultfilters import date as date_filter
from django.utils.html import format_html
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy as _
from django_tables2.columns import library

from .models import AuditLog

TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}


def stable_order(queryset):
    """``queryset`` in its order, then by primary key. Rows that tie on the sorted column (a join date, a status)
    would otherwise come in any order: a row could show on two pages or on none, and an export could differ
    from the page."""
    ordering = list(queryset.query.order_by) or list(queryset.query.get_meta().ordering or [])
    names = [o.lstrip("-") for o in ordering if isinstance(o, str)]
    if {"pk", "id", queryset.model._meta.pk.name} & set(names):
        return queryset
    last = "-pk" if ordering and isinstance(ordering[0], str) and ordering[0].startswith("-") else "pk"
    return queryset.order_by(*ordering, last)


def keep_stable_order(table):
    """Make a table's queryset keep :func:`stable_order`, also after it is sorted by a column (the table's
    sorting replaces the queryset's ordering)."""
    data = table.data
    if not isinstance(getattr(data, "data", None), QuerySet):
        return table
    sort = data.order_by

    def order_by(aliases):
        sort(aliases)
        data.data = stable_order(data.data)

    data.order_by = order_by
    data.data = stable_order(data.data)
    return table


class _DateFormatMixin:
    """django-tables2's date columns compile their template (``{{ value|date:F|default:default }}``) again for
    every cell: 50 compilations a list page. The same filter, called directly (and registered below, so the
    columns the library makes for date fields are these)."""

    def __init__(self, format=None, short=True, *args, **kwargs):
        super().__init__(format, short, *args, **kwargs)
        self.date_format = format or ("SHORT_DATE_FORMAT" if short else "DATE_FORMAT")
        if isinstance(self, tables.DateTimeColumn) and format is None:
            self.date_format = "SHORT_DATETIME_FORMAT" if short else "DATETIME_FORMAT"

    def render(self, value, bound_column):
        return date_filter(template_localtime(value), self.date_format) or bound_column.default


@library.register
class DateColumn(_DateFormatMixin, tables.DateColumn):
    pass


@library.register  # after DateColumn: the library asks the last registered first
class DateTimeColumn(_DateFormatMixin, tables.DateTimeColumn):
    pass


class TimeColumn(DateTimeColumn):
    """A date and time to the minute (``2024-05-01 14:30``), as every list shows them."""

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "Y-m-d H:i")
        super().__init__(**kwargs)


class BaseTable(tables.Table):
    """Every list table: the site's table style unless the table's ``Meta.attrs`` says otherwise."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.attrs:
            self.attrs = dict(TABLE_ATTRS)


class MaskedColumn(tables.Column):
    """A personal-data field shown masked (``<field>_masked``, see ``gonghui.core.pii.PersonalDataField``), on the
    page and in every export; not sortable (sorting by the value would leak its order)."""

    def __init__(self, field, verbose_name=None, **kwargs):
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("attrs", {"td": {"class": "masked"}})
        super().__init__(accessor=f"{field}_masked", verbose_name=verbose_name, **kwargs)


class StatusColumn(tables.Column):
    """A choice shown as a coloured badge (``styles``: value → Bootstrap class); exports get the label."""

    def __init__(self, styles=None, **kwargs):
        self.styles = styles or {}
        super().__init__(**kwargs)

    def render(self, value, record, bound_column):
        # django-tables2 hands a choice field's label to render(): the style is looked up by the stored value.
        raw = tables.A(bound_column.accessor).resolve(record, quiet=True)
        label = getattr(record, f"get_{bound_column.accessor}_display", lambda: value)()
        return format_html('<span class="badge {}">{}</span>', self.styles.get(raw, "text-bg-light"), label)

    def value(self, value, record, bound_column):
        return str(getattr(record, f"get_{bound_column.accessor}_display", lambda: value)())


def table_for(model, columns, *, styles=None):
    """A list table of ``columns``: the first links to the record, a ``status`` column shows a badge (``styles``:
    value → Bootstrap class), dates read Y-m-d."""
    attrs = {columns[0]: tables.Column(linkify=True)}
    if "status" in columns:
        attrs["status"] = StatusColumn(styles or {})
    attrs["Meta"] = type("Meta", (), {"model": model, "fields": tuple(columns)})  # columns in this order
    return type(f"{model.__name__}Table", (BaseTable,), attrs)


class AuditLogTable(BaseTable):
    """The change log as sentences (``changelog.describe``): what happened, who, when, to which record."""

    timestamp = TimeColumn()
    description = tables.TemplateColumn(template_name="core/partials/audit_changes_cell.html",
                                        verbose_name=_("what happened"), orderable=False, accessor="pk")

    def value_description(self, record):
        return record.summary

    class Meta:
        model = AuditLog
        fields = ("timestamp", "action", "description", "org")
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by = "-timestamp"


def cache_cell_signatures():
    """django-tables2 asks ``inspect.signature`` which arguments a cell's render function takes, for every cell:
    a sixth of a member list page's time. A function's signature does not change: it is kept, by the function
    (weakly: a table made per request takes its functions with it)."""
    import weakref

    from django_tables2 import utils

    if getattr(utils.signature, "cached", False):
        return
    original, bound, plain = utils.signature, weakref.WeakKeyDictionary(), weakref.WeakKeyDictionary()

    def signature(fn):
        func = getattr(fn, "__func__", None)
        store, key = (bound, func) if func is not None else (plain, fn)
        try:
            return store[key]
        except (KeyError, TypeError):
            result = original(fn)
        try:
            store[key] = result
        except TypeError:  # not weakly referable: asked again next time
            pass
        return result

    signature.cached = True
    utils.signature = signature
