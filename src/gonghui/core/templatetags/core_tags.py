"""Tags of the page kit.

``{% workflow_buttons object %}``: the buttons of exactly the steps the user may take on ``object`` now (nothing for a
record without a workflow). ``{% workflow_buttons object menu=_("More actions") %}`` puts them in a drop-down menu of
that name instead: the steps whose style is a danger one come last, in red, after a divider.

``{% list_page object as list %}``: the list a record's page sits under (the path above it).
``{% render_block "title" %}``: a block of the page once more (a title written once serves as the heading too).
"""

from django import template
from django.template.loader_tags import BlockNode
from django.urls import NoReverseMatch, Resolver404, get_script_prefix, get_urlconf, resolve, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language

from gonghui.core import registry
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


@register.simple_tag
def portal_links(tab=None):
    """The member portal's pages the areas offer (``registry.PortalLink``): the bottom bar's tabs (``tab=True``),
    the home page's tiles (``tab=False``) or all."""
    links = registry.portal_links()
    return [link for link in links if tab is None or link.tab == tab]


def current_tab(context, url_names):
    """Which of ``url_names`` is the page the user is on: the view's own ``active_tab`` when it declares one, else
    the page's URL name, else the tab whose address is the longest start of the page's (a record's page sits
    under its list: ``/hardship/archives/12/`` is in the tab of ``/hardship/archives/``)."""
    request = context.get("request")
    view = context.get("view")
    declared = getattr(view, "active_tab", None)
    if declared in url_names:
        return declared
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name in url_names:
        return match.view_name
    path = getattr(request, "path", "")
    best, length = None, 0
    for name in url_names:
        url = plain_url(name)
        if path.startswith(url) and len(url) > length:
            best, length = name, len(url)
    return best


_PLAIN_URLS = {}


def plain_url(name):
    """``reverse(name)`` of a page without arguments, kept: the menu reverses a hundred of them on every page."""
    key = (name, get_script_prefix(), get_urlconf())
    url = _PLAIN_URLS.get(key)
    if url is None:
        url = _PLAIN_URLS[key] = reverse(name)
    return url


def _nav_link(css, item, here):
    current = here["url_name"] == item.url_name
    return format_html('<a class="{}{}" href="{}"{}>{}</a>', css, " active" if current else "",
                       plain_url(item.url_name), mark_safe(' aria-current="page"') if current else "", item.label)


_NAV_HTML = {}


@register.simple_tag(takes_context=True)
def main_nav(context, nav):
    """``{% main_nav nav %}``: the main navigation's items and menus (``<li>``), the page's own marked; written
    here, not in a template loop, since every page shows it (a hundred links), and kept per language, menu and page
    (the few menus the roles give times the pages)."""
    here = nav_here(context, nav)
    shape = tuple((menu.key if menu else None, tuple(item.url_name for item in items)) for menu, items in nav)
    key = (get_language(), get_script_prefix(), get_urlconf(), shape, here["url_name"], here["menu"])
    html = _NAV_HTML.get(key)
    if html is None:
        if len(_NAV_HTML) > 2000:
            _NAV_HTML.clear()
        html = _NAV_HTML[key] = _main_nav(nav, here)
    return html


def _main_nav(nav, here):
    out = []
    for menu, items in nav:
        if menu is None:
            out.append(format_html('\n        <li class="nav-item">{}</li>', _nav_link("nav-link", items[0], here)))
            continue
        links = mark_safe("".join(format_html("<li>{}</li>", _nav_link("dropdown-item", item, here)) for item in items))
        out.append(format_html(
            '\n        <li class="nav-item dropdown">\n          <a class="nav-link dropdown-toggle{}" href="#" '
            'role="button" data-bs-toggle="dropdown" aria-expanded="false">{}</a>\n'
            '          <ul class="dropdown-menu{}">\n            {}\n          </ul>\n        </li>',
            " active" if here["menu"] == menu.key else "", menu.label, " dropdown-menu-end" if menu.end else "", links))
    return mark_safe("".join(out))


@register.inclusion_tag("core/partials/tab_bar.html", takes_context=True)
def tab_bar(context, *pairs, label=""):
    """``{% tab_bar "hardship:overview" _("Overview") "hardship:archive_list" _("Archives") label=_("Aid") %}``:
    an area's pages as a bar of tabs, the current one marked (``aria-current="page"``); see :func:`current_tab`."""
    names = list(pairs[::2])
    active = current_tab(context, names)
    tabs = [{"url": reverse(name), "label": text, "active": name == active}
            for name, text in zip(pairs[::2], pairs[1::2])]
    return {"tabs": tabs, "label": label}


@register.simple_tag(takes_context=True)
def may_open(context, url_name):
    """``{% may_open "hardship:allocation_add" as may_allocate %}``: whether the user may open an add or action page
    without arguments, by the check its view makes (an ``ObjectEditView``'s ``action`` somewhere in the user's
    scope), so a button is shown only to those who may press it."""
    from gonghui.core import scope
    from gonghui.core.views import ObjectEditView

    view = getattr(resolve(reverse(url_name)).func, "view_class", None)
    user = context["request"].user
    if view is not None and issubclass(view, ObjectEditView):
        return scope.can(user, view.action, None)
    return True


@register.simple_tag(takes_context=True)
def nav_here(context, nav):
    """``{% nav_here nav as here %}``: the main navigation's entry for the page (``here.url_name``) and its menu
    (``here.menu``), found as :func:`current_tab` finds a tab."""
    items = {item.url_name: (menu.key if menu else None) for menu, entries in nav for item in entries}
    name = current_tab(context, list(items)) if items else None
    return {"url_name": name, "menu": items.get(name)}


@register.inclusion_tag("core/partials/record_alerts.html", takes_context=True)
def record_alerts(context, obj):
    """What other areas know about ``obj`` (``gonghui.core.alerts``), for the user of the page."""
    return {"alerts": alerts_for(context["request"].user, obj) if obj is not None else []}
