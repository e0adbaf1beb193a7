"""The dashboard's children cells (stats.templatetags.dashboard_cells) are the template loop they replace."""

from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

LOOP = Template(
    '{% for cell in cells %}<td class="text-end">{% if cell.value is None %}—{% elif cell.url %}'
    '<a href="{{ cell.url }}">{{ cell.value }}{% if cell.kind == "ratio" %}%{% endif %}</a>'
    '{% else %}{{ cell.value }}{% if cell.kind == "ratio" %}%{% endif %}{% endif %}</td>{% endfor %}')
TAG = Template("{% load dashboard_cells %}{% child_cells cells %}")


def test_the_cells_equal_the_loop():
    cells = [
        {"value": None, "kind": "count", "url": "/x/"},
        {"value": 1234567, "kind": "count", "url": "/members/?within=A&status=active"},
        {"value": Decimal("87.5"), "kind": "ratio", "url": ""},
        {"value": 3.25, "kind": "sum", "url": None},
        {"value": 0, "kind": "ratio", "url": "/a/?q=<b>&x=\"1\""},
    ]
    for language in ("zh-hans", "en"):
        with translation.override(language):
            ours, loop = TAG.render(Context({"cells": cells})), LOOP.render(Context({"cells": cells}))
            assert ours == loop and ours.count("<td") == 5
