"""The server of ``gonghui bench load``: gunicorn with ``gonghui serve``'s settings (gthread workers, its access
log without query strings), on the address and with the workers given: ``python -m gonghui.tools.bench.loadserver
HOST PORT WORKERS THREADS``. Unlike ``gonghui serve`` it does not collect the static files first (the driver asks
for none, and the pages render with their plain names without a manifest), which takes minutes in a new work dir;
the database is the bench's own, migrated by its preparing process. The site's code is imported before gunicorn
forks its workers, so they start warm."""

import sys

import django

if __name__ == "__main__":
    django.setup()
    from django.urls import reverse

    import gonghui.wsgi  # noqa: F401
    from gonghui.core.management.commands.serve import build_application, gunicorn_options

    # Every view imported before the workers fork: they start warm, as a server that has been up a while (the
    # first request of a cold worker imports the whole site, seconds on a busy machine). No database is opened.
    reverse("core:healthz")

    host, port, workers, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    sys.argv = sys.argv[:1]  # gunicorn reads the command line too
    build_application(gunicorn_options(f"{host}:{port}", workers, threads)).run()
