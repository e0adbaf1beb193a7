"""The page kit's template tags: the list above a record's page, and a block shown twice (title and heading)."""

from types import SimpleNamespace

from django.template import Context, Engine
from django.urls import reverse
from django.utils.translation import override

from gonghui.core.models import AuditLog
from gonghui.core.templatetags.core_tags import list_page


def _engine(templates):
    return Engine(loaders=[("django.template.loaders.locmem.Loader", templates)],
                  libraries={"core_tags": "gonghui.core.templatetags.core_tags"})


def test_render_block_shows_the_page_block_or_its_default_again():
    engine = _engine({
        "base.html": "<title>{% block title %}default{% endblock %}</title>{% block content %}{% endblock %}",
        "page.html": '{% extends "base.html" %}{% load core_tags %}'
                     '{% block content %}<h1>{% block heading %}{% render_block "title" %}{% endblock %}</h1>'
                     "{% endblock %}",
        "own.html": '{% extends "page.html" %}{% block title %}Mine {{ n }}{% endblock %}',
        "other.html": '{% extends "page.html" %}{% block title %}T{% endblock %}{% block heading %}H{% endblock %}',
    })
    assert engine.get_template("own.html").render(Context({"n": 2})) == "<title>Mine 2</title><h1>Mine 2</h1>"
    assert engine.get_template("page.html").render(Context()) == "<title>default</title><h1>default</h1>"
    assert engine.get_template("other.html").render(Context()) == "<title>T</title><h1>H</h1>"


def test_list_page_is_the_list_named_like_the_record_page_with_its_title():
    record = SimpleNamespace(detail_url_name="core:auditlog_detail", _meta=AuditLog._meta)
    found = list_page({}, record)
    with override("en"):
        assert found["url"] == reverse("core:auditlog_list") and str(found["title"]) == "Audit log"
    # The view's own list_url comes first; a record without a list of that name has none.
    assert list_page({"list_url": reverse("core:auditlog_list")}, SimpleNamespace(_meta=AuditLog._meta))["url"] \
        == reverse("core:auditlog_list")
    assert list_page({}, SimpleNamespace(detail_url_name="core:nothing_detail", _meta=AuditLog._meta)) is None
    assert list_page({}, SimpleNamespace(detail_url_name="", _meta=AuditLog._meta)) is None
    # A record without a detail_url_name: the list named like the page shown.
    request = SimpleNamespace(resolver_match=SimpleNamespace(view_name="core:auditlog_detail"))
    found = list_page({"request": request}, SimpleNamespace(_meta=AuditLog._meta))
    assert found["url"] == reverse("core:auditlog_list")
