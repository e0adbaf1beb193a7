"""The filters of every list, shared by the page and the API (one filterset serves both, as in NetBox).

- :class:`ScopedFilterSet` styles the filter form for the list pages when the form is built, after the
  subclass's ``__init__`` has set its querysets (styling earlier builds the form fields too soon and freezes
  whatever queryset a field had then).
- :class:`WithinFilter`: ``within=<organisation code>`` keeps the rows whose organisation is in that code's
  subtree. The code is looked up in the caller's scope: an unknown or out-of-scope code gives an empty list,
  so the filter says nothing about unions the user cannot see.
- :class:`OrgFilter`: the same code, but that organisation only (not its subtree).
- :class:`SearchFilter`: ``q`` over a few lookups (OR), stripped; :class:`YesNoFilter`: a yes/no question
  answered by a condition; :class:`OnePerFilter`: one row per organisation (or other value), applied after the
  other filters.
"""

import django_filters
from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Max, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from . import scope
from .fields import CodeSuggestInput
from .forms import style_widgets
from .models import AuditAction, AuditLog

YES_NO = (("yes", _("Yes")), ("no", _("No")))


def request_user(filterset):
    return getattr(getattr(filterset, "request", None), "user", None)


def style_filter_form(form):
    """Bootstrap classes on the filter widgets (small controls; dates get the browser's date picker)."""
    style_widgets(form.fields, control="form-control form-control-sm", select="form-select form-select-sm", once=True)
    return form


MAX_INT = 2**63 - 1


def bound_numbers(form):
    """A number or a record id past 64 bits is a field error (400 in the API), not a query the database cannot
    run (SQLite raises on it)."""
    for field in form.fields.values():
        if getattr(field, "_bounded", False):
            continue
        if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
            field.validators += [MinValueValidator(-MAX_INT), MaxValueValidator(MAX_INT)]
        elif isinstance(field, forms.ModelChoiceField):
            field.clean = _bounded_clean(field)
        field._bounded = True
    return form


def _bounded_clean(field):
    original = field.clean

    def clean(value):
        values = value if isinstance(value, (list, tuple)) else [value]
        for v in values:
            text = str(v).strip()
            if text.lstrip("-").isdigit() and abs(int(text)) > MAX_INT:
                raise forms.ValidationError(field.error_messages["invalid_choice"],
                                            code="invalid_choice", params={"value": text})
        return original(value)

    return clean


class ScopedFilterSet(django_filters.FilterSet):
    """The base of every list's filterset (the API ignores the widgets)."""

    @property
    def form(self):
        return style_filter_form(bound_numbers(super().form))

    @property
    def user(self):
        return request_user(self)

    def filter_queryset(self, queryset):
        # as django-filter's, but a filter that reads the rows the others kept (``OnePerFilter``) comes last
        items = sorted(self.form.cleaned_data.items(),
                       key=lambda item: getattr(self.filters[item[0]], "applied_last", False))
        for name, value in items:
            queryset = self.filters[name].filter(queryset, value)
            assert isinstance(queryset, QuerySet), f"{type(self).__name__}.{name} returned no QuerySet"
        return queryset


class WithinFilter(django_filters.CharFilter):
    """An organisation code (or ``Name (CODE)``): rows whose ``field_name`` organisation is in its subtree.

    ``field_name`` is the link to the organisation (``"org"``, ``"case__handling_org"``; ``""`` for a list of
    organisations).
    """

    def __init__(self, field_name="org", label=None, **kwargs):
        kwargs.setdefault("widget", CodeSuggestInput(settings.GONGHUI_ORG_SUGGEST_URL))
        super().__init__(field_name=field_name, label=label or _("Within union (code)"), **kwargs)

    def filter(self, qs, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        org = scope.org_by_code(request_user(self.parent), value)
        if org is None:
            return qs.none()
        return qs.filter(scope.subtree_q(self.field_name, org.path))


class OrgFilter(WithinFilter):
    """Like :class:`WithinFilter`, but the rows whose ``field_name`` organisation is that very one (not its
    subtree): ``issuer=C01A`` keeps what district A itself handed down."""

    def filter(self, qs, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        org = scope.org_by_code(request_user(self.parent), value)
        return qs.none() if org is None else qs.filter(**{self.field_name or "pk": org})


def date_range(field_name, label_from, label_to, *, lookup=""):
    """The two filters ``<x>_from`` and ``<x>_to`` over one date (both ends included): ``a, b = date_range(...)``.
    ``lookup="date__"`` compares the date of a date-time field."""
    return (django_filters.DateFilter(field_name=field_name, lookup_expr=f"{lookup}gte", label=label_from),
            django_filters.DateFilter(field_name=field_name, lookup_expr=f"{lookup}lte", label=label_to))


class SearchFilter(django_filters.CharFilter):
    """``q``: the text, stripped, matched by any of ``lookups`` (``("name__icontains", "code__istartswith")``).
    A subclass widens the match by overriding :meth:`query`."""

    def __init__(self, lookups, label=None, **kwargs):
        self.lookups = tuple(lookups)
        super().__init__(label=label or _("Search"), **kwargs)

    def query(self, value):
        q = Q()
        for lookup in self.lookups:
            q |= Q(**{lookup: value})
        return q

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        return qs.filter(self.query(value))


class YesNoFilter(django_filters.ChoiceFilter):
    """A yes/no question (``overdue=yes``) answered by ``condition`` (a Q, or a callable returning one)."""

    def __init__(self, condition, label=None, **kwargs):
        self.condition = condition
        super().__init__(choices=YES_NO, label=label, **kwargs)

    def filter(self, qs, value):
        condition = self.condition() if callable(self.condition) else self.condition
        if value == "yes":
            return qs.filter(condition)
        if value == "no":
            return qs.exclude(condition)
        return qs


class OnePerFilter(django_filters.ChoiceFilter):
    """``one_per_org=yes``: one row per value of ``field_name`` (the latest record of each), of the rows the other
    filters kept: the drill-down of a figure that counts distinct values (``RecordIndicator(distinct="org")``)."""

    applied_last = True

    def __init__(self, field_name="org", label=None, **kwargs):
        super().__init__(field_name=field_name, choices=(("yes", _("Yes")),), label=label, **kwargs)

    def filter(self, qs, value):
        if value != "yes":
            return qs
        latest = qs.order_by().values(self.field_name).annotate(latest=Max("pk")).values("latest")
        return qs.filter(pk__in=latest)


def filterset_for(model, *, search=(), within=None, fields=(), base=ScopedFilterSet):
    """A filterset for a plain list: ``q`` over the ``search`` lookups, ``within`` an organisation's subtree (the
    link to it), and django-filter's own filters for ``fields`` (choices become drop-downs, dates exact)."""
    attrs = {}
    if search:
        attrs["q"] = SearchFilter(search)
    if within is not None:
        attrs["within"] = WithinFilter(within)
    attrs["Meta"] = type("Meta", (), {"model": model, "fields": [*attrs, *fields]})
    return type(f"{model.__name__}FilterSet", (base,), attrs)


def record_type_choices():
    """Every kind of record by its name (``members.member`` shown as 会员): the audit log's "record type"."""
    from django.apps import apps

    choices = {m._meta.label_lower: str(m._meta.verbose_name) for m in apps.get_models()}
    return sorted(choices.items(), key=lambda c: c[1])


class AuditLogFilterSet(ScopedFilterSet):
    """Serves the audit log page and ``/api/v1/audit-log/``."""

    q = django_filters.CharFilter(method="filter_q", label=_("Object"))
    user_name = django_filters.CharFilter(lookup_expr="icontains", label=_("User"))
    action = django_filters.ChoiceFilter(choices=AuditAction.choices, label=_("Action"))
    since, until = date_range("timestamp", _("From"), _("To"), lookup="date__")
    content_type = django_filters.ChoiceFilter(method="filter_content_type", label=_("Record type"),
                                               choices=lambda: record_type_choices())
    object_id = django_filters.CharFilter(label=_("Record ID"))

    class Meta:
        model = AuditLog
        fields = ["q", "user_name", "action", "since", "until", "content_type", "object_id"]

    def filter_q(self, queryset, name, value):
        """By the record's name, among the records the reader may open (the others' names are not shown)."""
        return queryset.filter(object_repr__icontains=value).openable_by(self.user)

    def filter_content_type(self, queryset, name, value):
        app_label, _sep, model = value.partition(".")
        return queryset.filter(content_type__app_label=app_label, content_type__model=model)
