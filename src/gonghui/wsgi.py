import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
application = get_wsgi_application()

from gonghui.core import keys  # noqa: E402  (needs the settings and the app registry)

keys.ensure()  # a database restored without its keys must not be served with new ones

from gonghui.core.warmup import warm_up  # noqa: E402

warm_up()  # templates compiled, URLs and catalogues loaded before the first official waits for them
