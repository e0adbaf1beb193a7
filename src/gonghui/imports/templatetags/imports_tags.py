from django import template

from gonghui.core import scope

register = template.Library()


@register.inclusion_tag("imports/partials/import_buttons.html", takes_context=True)
def import_buttons(context, kind):
    """"Import" and "Download import template" buttons for a list page (shown to roles that may change)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"kind": kind, "can_import": bool(user is not None and scope.can(user, "change", None))}


@register.filter
def duration(seconds):
    """Seconds as h:mm:ss or m:ss."""
    if seconds is None or seconds == "":
        return ""
    seconds = int(seconds)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
