"""``gonghui serve``: serve an existing installation with gunicorn (static files by WhiteNoise)."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation
from django.utils.translation import gettext as _


def unapplied_migrations(alias=DEFAULT_DB_ALIAS):
    connection = connections[alias]
    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def build_application(options):
    from gunicorn.app.base import BaseApplication

    class GonghuiApplication(BaseApplication):
        """gunicorn running ``gonghui.wsgi.application`` with settings from the command line."""

        def __init__(self, opts):
            self.opts = opts
            super().__init__()

        def load_config(self):
            for key, value in self.opts.items():
                if key in self.cfg.settings and value is not None:
                    self.cfg.set(key, value)

        def load(self):
            from gonghui.wsgi import application

            return application

    return GonghuiApplication(options)


def gunicorn_options(bind, workers, threads, timeout=120):
    """gunicorn's settings for gonghui (``gonghui serve``; ``gonghui bench load`` serves with them too)."""
    return {
        "bind": bind,
        "workers": max(1, workers),
        "threads": max(1, threads),
        "worker_class": "gthread",
        "timeout": timeout,
        "graceful_timeout": 20,
        "accesslog": "-",
        # Path without the query string: searches can carry ID or phone numbers, which never go to logs.
        "access_log_format": '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms',
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "gonghui",
        "forwarded_allow_ips": "127.0.0.1",
    }


class Command(BaseCommand):
    help = "Serve gonghui with gunicorn (threads, so the embedded SQLite database works), static files by WhiteNoise."
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
        parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
        parser.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
        parser.add_argument("--timeout", type=int, default=120, help="seconds before a stuck worker is restarted")

    def handle(self, *args, **opts):
        translation.activate(settings.LANGUAGE_CODE)
        try:
            pending = unapplied_migrations()
        except Exception as exc:  # no database yet, or it cannot be reached
            raise CommandError(_("Cannot read the database (%(error)s). Run `gonghui migrate` (or `gonghui demo`) "
                                 "first, and check DATABASE_URL / GONGHUI_DATA_DIR.") % {"error": exc}) from None
        if pending:
            raise CommandError(
                _("The database has %(n)d unapplied migrations. Run `gonghui migrate` (or `gonghui demo` "
                  "for a demo installation) first.") % {"n": len(pending)})
        # Static files under hashed, compressed names (cached for a year); only what changed is copied again.
        call_command("collectstatic", interactive=False, verbosity=0)
        if not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            connections.close_all()  # the workers open their own connections
        host, port = opts["host"], opts["port"]
        shown = "127.0.0.1" if host in ("0.0.0.0", "") else f"[{host}]" if ":" in host else host
        bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        self.stdout.write(_("gonghui is serving at http://%(host)s:%(port)d/ (press Ctrl+C to stop)")
                          % {"host": shown, "port": port})
        self.stdout.flush()
        build_application(gunicorn_options(bind, opts["workers"], opts["threads"], opts["timeout"])).run()
