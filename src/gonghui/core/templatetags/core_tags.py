"""``{% workflow_buttons object %}``: the buttons of exactly the steps the user may take on ``object`` now."""

from django import template
from django.urls import reverse

from gonghui.core.workflow import available

register = template.Library()


@register.inclusion_tag("core/partials/workflow_buttons.html", takes_context=True)
def workflow_buttons(context, obj, size="sm"):
    user = context["request"].user
    buttons = [(t, reverse(t.url_name, args=[obj.pk])) for t in available(obj, user) if t.url_name and t.button]
    return {"buttons": buttons, "size": size, "object": obj}


@register.filter
def verbose_name_plural(obj):
    """The plural name of a record's model, as the user reads it (for breadcrumbs)."""
    return obj._meta.verbose_name_plural
