"""Tags of the page kit.

``{% workflow_buttons object %}``: the buttons of exactly the steps the user may take on ``object`` now (nothing for a
record without a workflow). ``{% workflow_buttons object menu=_("More actions") %}`` puts them in a drop-down menu of
that name instead: the steps whose style is a danger one come last, in red, after a divider.

``{% list_page object as list %}``: the list a record's page sits under (the path above it).
``{% render_block "title" %}``: a block of the page once more (a title written once serves as the heading too).
"""

from django import template
from django.template.loader_tags import BlockNode
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.text import capfirst

from gonghui.core.alerts import alerts_for
from gonghui.core.pii import mask_free_text
from gonghui.core.workflow import available

register = template.Library()


@register.inclusion_tag("core/partials/workflow_buttons.html", takes_context=True)
def workflow_buttons(context, obj, size="sm", menu=None):
    user = context["request"].user
    steps = available(obj, user) if hasattr(type(obj), "workflow") else []
    buttons = [(t, reverse(t.url_name, args=[obj.pk])) for t in steps if t.url_name and t.button]
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


@register.simple_tag(takes_context=True)
def list_page(context, obj):
    """``{"url", "title"}`` of the list above a record's page: the view's ``list_url``, else the list named like the
    record's page (its ``detail_url_name``, or the page shown: ``members:member_detail`` → ``members:member_list``);
    its title is the list view's ``title``. None when there is no such list."""
    url = context.get("list_url")
    if not url:
        match = getattr(context.get("request"), "resolver_match", None)
        names = [getattr(obj, "detail_url_name", "") or "", getattr(match, "view_name", "") or ""]
        url = next((found for found in map(_list_of, names) if found), None)
        if not url:
            return None
    try:
        view_class = getattr(resolve(url).func, "view_class", None)
    except Resolver404:
        view_class = None
    return {"url": url, "title": getattr(view_class, "title", "") or capfirst(obj._meta.verbose_name_plural)}


def _list_of(detail_name):
    if not detail_name.endswith("_detail"):
        return None
    try:
        return reverse(detail_name.removesuffix("_detail") + "_list")
    except NoReverseMatch:
        return None


class _RenderBlockNode(template.Node):
    def __init__(self, name):
        self.name = name

    def render(self, context):
        # A block node of that name renders the page's own version of the block (or the default it extends).
        return BlockNode(self.name, template.NodeList()).render(context)


@register.tag
def render_block(parser, token):
    """``{% render_block "title" %}``: the block ``title`` of the page, as the page fills it (else its default), once
    more: e.g. a page base shows the title as the heading, and the page writes it once."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("render_block takes the name of a block")
    return _RenderBlockNode(bits[1].strip("\"'"))


@register.filter
def free_text(value, may_reveal=False):
    """Free text as a reader sees it: ID and mobile numbers typed into it masked unless ``may_reveal``
    (``{{ event.note|free_text:can_reveal }}``)."""
    return value if may_reveal else mask_free_text(value)


@register.inclusion_tag("core/partials/record_alerts.html", takes_context=True)
def record_alerts(context, obj):
    """What other areas know about ``obj`` (``gonghui.core.alerts``), for the user of the page."""
    return {"alerts": alerts_for(context["request"].user, obj) if obj is not None else []}
