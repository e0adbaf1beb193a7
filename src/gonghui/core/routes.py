"""The usual URLs of a record type, declared once (``object_urls``) instead of written out in every area."""

from django.urls import path

from .views import ObjectActionView


def object_urls(name, base="", *, list=None, add=None, detail=None, edit=None, delete=None, actions=None,
                model=None):
    """URL patterns named ``<name>_list``, ``<name>_add``, ``<name>_detail``, ``<name>_edit``, ``<name>_delete``
    and ``<name>_<action>``: ``base`` (the list), ``base + "add/"``, ``base + "<pk>/"``, ``"<pk>/edit/"``,
    ``"<pk>/delete/"`` and ``"<pk>/<action>/"`` (underscores become hyphens). ``add`` defaults to ``edit`` (the
    same view creates without a pk). Each view argument is a view class or None; in ``actions``, None stands for
    the bare declared transition of that name on ``model`` (a confirmation page, ``ObjectActionView``)."""
    patterns = []
    add = add or edit
    for suffix, view, kind in (("", list, "list"), ("add/", add, "add"), ("<int:pk>/", detail, "detail"),
                               ("<int:pk>/edit/", edit, "edit"), ("<int:pk>/delete/", delete, "delete")):
        if view is not None:
            patterns.append(path(base + suffix, view.as_view(), name=f"{name}_{kind}"))
    for action, view in (actions or {}).items():
        if view is None:  # the bare step: a confirmation page that makes it
            view = type(f"{model.__name__}{action.title().replace('_', '')}View", (ObjectActionView,),
                        {"model": model, "transition": action})
        handler = view.as_view()
        patterns.append(path(f"{base}<int:pk>/{action.replace('_', '-')}/", handler, name=f"{name}_{action}"))
    return patterns
