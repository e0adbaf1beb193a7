"""``gonghui demo``: set up a demo installation (database, static files, demo data) and serve it."""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from gonghui.tools.demo.loader import load_demo


def _scale(value):
    x = float(value)
    if not 0 < x <= 10:
        raise ValueError
    return x


class Command(BaseCommand):
    help = (
        "Create the data directory and database, collect static files, load realistic demo data once (a city "
        "union tree, employer units, ~30,000 members, demo accounts and pending work), print the demo accounts "
        "and serve."
    )
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="prepare everything and exit")
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
        parser.add_argument("--workers", type=int, default=2, help="web worker processes (default 2)")
        parser.add_argument("--scale", type=_scale, default=1.0,
                            help="size of the demo data (1 = ~4,000 unions and 30,000 members)")

    def handle(self, *args, **opts):
        translation.activate(settings.LANGUAGE_CODE)
        started = time.perf_counter()
        out = self.stdout
        verbose = opts["verbosity"] > 0

        def log(msg):
            if verbose:
                out.write("  " + msg)
                out.flush()

        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        db = settings.DATABASES["default"]
        if db["ENGINE"].endswith("sqlite3"):
            where = db["NAME"]
        else:
            where = f"{db['ENGINE'].rsplit('.', 1)[-1]} {db.get('HOST') or ''}/{db['NAME']}"
        log(_("Data directory: %(dir)s; database: %(db)s") % {"dir": settings.DATA_DIR, "db": where})
        t = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        log(_("Database migrated (%(s).1f s).") % {"s": time.perf_counter() - t})
        t = time.perf_counter()
        call_command("collectstatic", interactive=False, verbosity=0)
        log(_("Static files collected (%(s).1f s).") % {"s": time.perf_counter() - t})

        t = time.perf_counter()
        info = load_demo(opts["scale"], log=log)
        if info.loaded:
            log(_("Demo data loaded (%(s).1f s).") % {"s": time.perf_counter() - t})
        else:
            log(info.message)
        self._summary(info, opts)
        out.write(_("Ready in %(s).1f s.") % {"s": time.perf_counter() - started})
        if not opts["no_serve"]:
            call_command("serve", host=opts["host"], port=opts["port"], workers=opts["workers"])

    def _summary(self, info, opts):
        out = self.stdout
        c = info.counts
        host = "127.0.0.1" if opts["host"] in ("0.0.0.0", "") else opts["host"]
        out.write("")
        out.write(_("gonghui demo: %(orgs)s organisations, %(units)s employer units, %(members)s members, "
                    "%(apps)s pending join applications, %(tr)s pending transfers.") % {
            "orgs": f"{c.get('organisations', 0):,}", "units": f"{c.get('units', 0):,}",
            "members": f"{c.get('members', 0):,}", "apps": c.get("pending_applications", 0),
            "tr": c.get("pending_transfers", 0)})
        out.write(_("URL: http://%(host)s:%(port)d/  (member portal: http://%(host)s:%(port)d/portal/)")
                  % {"host": host, "port": opts["port"]})
        if info.accounts:
            out.write(_("Demo accounts (password for all: %(pw)s):") % {"pw": info.password})
            width = max(len(a.login) for a in info.accounts)
            for a in info.accounts:
                out.write(f"  {a.login.ljust(width)}  {a.role} · {a.org}")
        out.write("")
