"""What a server process does once before it serves (``gonghui.wsgi``, before gunicorn forks its workers): the
work every worker would otherwise do on its first requests, while officials wait.

- the URL resolvers of every language (the reverse lookups of all the site's links), and the views imported;
- the translation catalogues of every language;
- every template of the site compiled into the cached template loader: a list page includes some twenty
  templates, and compiling them took a cold worker 100–200 ms per kind of page, seconds in all while the first
  officials of the day waited behind it.

Nothing reads the database. Workers forked after this share the compiled templates (copy on write).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver, reverse
from django.utils import translation

log = logging.getLogger(__name__)

TEMPLATE_SUFFIXES = (".html", ".txt", ".xml", ".svg")


def _own_template_dirs(backend) -> list[Path]:
    """The template directories of the site and of the apps it ships (not Django's own admin or debug pages,
    which officials do not see)."""
    root = Path(settings.BASE_DIR).resolve()
    dirs = []
    for d in backend.template_dirs:
        d = Path(d).resolve()
        if d.is_dir() and (d.is_relative_to(root) or "django_tables2" in d.parts or "django_filters" in d.parts):
            dirs.append(d)
    return dirs


def compile_templates() -> int:
    """Compile every template of the site's own directories (and the table and filter libraries') into the
    cached loader; returns how many."""
    n = 0
    for engine in engines.all():
        if getattr(engine, "engine", None) is None:
            continue  # not Django's template language
        for d in _own_template_dirs(engine):
            for path in sorted(d.rglob("*")):
                if path.suffix not in TEMPLATE_SUFFIXES or not path.is_file():
                    continue
                try:
                    engine.get_template(path.relative_to(d).as_posix())
                except (TemplateDoesNotExist, TemplateSyntaxError, UnicodeDecodeError):
                    continue  # a fragment that is not a template of its own; compiled when it is used
                n += 1
    return n


def warm_up() -> dict:
    """Everything above; returns what it did (counts and seconds) for the log."""
    started = time.perf_counter()
    get_resolver().url_patterns  # noqa: B018  (imports every view)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            reverse("core:healthz")  # the language's reverse lookups
    templates = compile_templates()
    done = {"templates": templates, "seconds": round(time.perf_counter() - started, 2)}
    log.info("warmed up: %(templates)d templates in %(seconds).2f s", done)
    return done
