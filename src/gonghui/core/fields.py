"""Form fields that pick a record by its code from a scoped queryset, with type-ahead suggestions.

A city has tens of thousands of organisations and units, so forms take a code (the union code, the
credit code) in a text box fed by a ``<datalist>`` that an htmx endpoint fills as the user types. The
field looks the code up in the queryset the form gives it (the user's scope), so a code outside the scope
is refused with a clear message, whatever the browser sent.
"""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


class CodeSuggestInput(forms.TextInput):
    def __init__(self, suggest_url_name, attrs=None):
        self.suggest_url_name = suggest_url_name
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        list_id = f"suggest-{name}"
        attrs = {
            **(attrs or {}),
            "list": list_id,
            "autocomplete": "off",
            "hx-get": reverse(self.suggest_url_name),
            "hx-trigger": "input changed delay:250ms",
            "hx-target": f"#{list_id}",
            "hx-swap": "innerHTML",
            "name": name,
        }
        ctx = super().get_context(name, value, attrs)
        ctx["widget"]["datalist_id"] = list_id
        return ctx

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        return html + format_html('<datalist id="suggest-{}"></datalist>', name)  # SafeString + SafeString stays safe


class ScopedCodeField(forms.CharField):
    """Accepts ``CODE`` or ``Name (CODE)`` and returns the model instance from ``queryset``."""

    default_error_messages = {
        "not_found": _("Nothing with this code in your part of the union tree."),
    }

    def __init__(self, *, code_field="code", suggest_url_name=None, queryset=None, **kwargs):
        self.code_field = code_field
        self.queryset = queryset
        if suggest_url_name:
            kwargs.setdefault("widget", CodeSuggestInput(suggest_url_name))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if hasattr(value, self.code_field):
            return f"{value} ({getattr(value, self.code_field)})"
        if isinstance(value, int) and self.queryset is not None:
            obj = self.queryset.filter(pk=value).first()
            return self.prepare_value(obj) if obj is not None else ""
        return value

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return None
        ProhibitNullCharactersValidator()(value)  # before the query: PostgreSQL refuses NUL even in a WHERE
        if value.endswith(")") and "(" in value:
            value = value.rsplit("(", 1)[1][:-1].strip()
        if self.code_field == "credit_code":
            value = value.upper()
        obj = self.queryset.filter(**{self.code_field: value}).first() if self.queryset is not None else None
        if obj is None:
            raise forms.ValidationError(self.error_messages["not_found"], code="not_found")
        return obj

    def has_changed(self, initial, data):
        return self.prepare_value(initial) != data
