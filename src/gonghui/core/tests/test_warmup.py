from django.db import connection
from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader
from django.test.utils import CaptureQueriesContext

from gonghui.core.warmup import warm_up


def _cached_loader():
    engine = engines["django"].engine
    return next(loader for loader in engine.template_loaders if isinstance(loader, CachedLoader))


def test_warm_up_compiles_the_sites_templates_without_the_database(db):
    loader = _cached_loader()
    loader.reset()
    with CaptureQueriesContext(connection) as queries:
        done = warm_up()
    assert not queries.captured_queries
    assert done["templates"] >= 100
    cached = set(loader.get_template_cache)
    # the site's frame, a list page and the table library's template are compiled; Django's admin pages are not
    assert {"base.html", "django_tables2/bootstrap5.html"} <= cached
    assert any(name.startswith("members/") for name in cached)
    assert not any(name.startswith("admin/") for name in cached)
