"""``{% load numbers %}``: ``{{ value|number }}``, ``{{ value|number:2 }}``, ``{{ rate|percent }}``,
``{{ amount|money }}``, the one way numbers read on every page (``gonghui.core.formats``)."""

from django import template

from gonghui.core import formats

register = template.Library()


@register.filter
def number(value, places=None):
    return formats.number(value, None if places in (None, "") else int(places))


@register.filter
def percent(value):
    return formats.percent(value)


@register.filter
def money(value):
    return formats.money(value)
