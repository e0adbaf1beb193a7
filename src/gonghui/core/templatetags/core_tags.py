"""``{% workflow_buttons object %}``: the buttons of exactly the steps the user may take on ``object`` now.

``{% workflow_buttons object menu=_("More actions") %}`` puts them in a drop-down menu of that name instead: the
steps whose style is a danger one come last, in red, after a divider.
"""

from django import template
from django.urls import reverse

from gonghui.core.pii import mask_free_text
from gonghui.core.workflow import available

register = template.Library()


@register.inclusion_tag("core/partials/workflow_buttons.html", takes_context=True)
def workflow_buttons(context, obj, size="sm", menu=None):
    user = context["request"].user
    buttons = [(t, reverse(t.url_name, args=[obj.pk])) for t in available(obj, user) if t.url_name and t.button]
    items = []
    if menu:
        safe = [(t, url, False, False) for t, url in buttons if "danger" not in t.style]
        danger = [(t, url, True, bool(safe) and i == 0) for i, (t, url) in
                  enumerate((t, url) for t, url in buttons if "danger" in t.style)]
        items = safe + danger
    return {"buttons": buttons, "size": size, "object": obj, "menu": menu, "items": items}


@register.filter
def verbose_name_plural(obj):
    """The plural name of a record's model, as the user reads it (for breadcrumbs)."""
    return obj._meta.verbose_name_plural


@register.filter
def free_text(value, may_reveal=False):
    """Free text as a reader sees it: ID and mobile numbers typed into it masked unless ``may_reveal``
    (``{{ event.note|free_text:can_reveal }}``)."""
    return value if may_reveal else mask_free_text(value)
