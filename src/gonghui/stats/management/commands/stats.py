"""``gonghui stats rebuild|verify``: rebuild the statistics counters from the records, or check them."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from gonghui.stats import counters


class Command(BaseCommand):
    help = "Statistics counters: rebuild them from the records, or verify them against a recount."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{rebuild,verify}")
        sub.add_parser("rebuild", help="recompute every counter (after changing GONGHUI_UNIONISATION_THRESHOLD)")
        sub.add_parser("verify", help="compare the counters with a recount; exit 1 when they differ")

    def handle(self, *args, **opts):
        translation.activate(settings.LANGUAGE_CODE)
        started = time.perf_counter()
        if opts["action"] == "rebuild":
            rows = counters.rebuild(log=self.stdout.write if opts["verbosity"] > 1 else None)
            self.stdout.write(_("Counters rebuilt: %(n)d rows in %(s).1f s.") % {
                "n": rows, "s": time.perf_counter() - started})
            return
        diff = counters.differences()
        if diff:
            for org, key, day, stored, expected in diff:
                self.stdout.write(f"org={org} key={key} day={day} stored={stored} expected={expected}")
            raise CommandError(_("The counters differ from the records; run `gonghui stats rebuild`."))
        self.stdout.write(_("The counters match the records (%(s).1f s).") % {"s": time.perf_counter() - started})
