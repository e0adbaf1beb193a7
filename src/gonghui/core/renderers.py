"""The form renderer: Django's, with its two commonest widgets written in Python.

Django renders every widget through a template, and a select through an ``include`` per option: a member list's
filter form (15 fields, about 150 options) took ~10 ms of each page view that way, a third of an ID search. The
HTML written here is the same as Django's templates write (tested against them); any other widget, and any widget
with a template of its own, still goes through its template.
"""

from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.utils.html import format_html

_SELECT = "django/forms/widgets/select.html"
_OPTION = "django/forms/widgets/select_option.html"
_INPUTS = {f"django/forms/widgets/{kind}.html" for kind in ("input", "text", "number", "email", "url", "date",
                                                            "search", "tel", "password", "hidden")}


def _option(option):
    return format_html('<option value="{}"{}>{}</option>', str(option["value"]), flatatt(option["attrs"]),
                       option["label"])


def _select(widget):
    parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in group_choices:
            parts.append("\n  " + _option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _input(widget):
    value = "" if widget["value"] is None else format_html(' value="{}"', str(widget["value"]))
    return format_html('<input type="{}" name="{}"{}{}>', widget["type"], widget["name"], value,
                       flatatt(widget["attrs"]))


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None:
            if template_name == _SELECT and all(o["template_name"] == _OPTION
                                                 for _g, options, _i in widget["optgroups"] for o in options):
                return _select(widget)
            if template_name in _INPUTS:
                return _input(widget)
        return super().render(template_name, context, request)

