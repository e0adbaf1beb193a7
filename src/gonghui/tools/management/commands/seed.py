"""``gonghui seed``: a city-sized synthetic data set, fast (bulk inserts, COPY on PostgreSQL)."""

import resource
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from gonghui.orgs.models import Organisation
from gonghui.tools.demo.seeder import CHUNK, CitySeeder, SeedRefused


def _positive(value):
    n = int(value)
    if n < 0:
        raise ValueError
    return n


class Command(BaseCommand):
    help = (
        "Generate a synthetic city: one city federation, its districts and counties, townships and streets, "
        "grassroots unions of every type, employer units and members (valid, encrypted ID numbers), fast."
    )

    def add_arguments(self, parser):
        parser.add_argument("--orgs", type=_positive, default=3000, help="number of organisations (default 3000)")
        parser.add_argument("--members", type=_positive, default=30000, help="number of members (default 30000)")
        parser.add_argument("--units", type=_positive, default=None,
                            help="number of employer units (default: every covered unit plus 20%% without a union)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data)")
        parser.add_argument("--region", default="3203",
                            help="first four digits of the city's division code "
                                 "(3203 Xuzhou, 3205 Suzhou, 3201 Nanjing)")
        parser.add_argument("--force", action="store_true",
                            help="seed even if the registry holds organisations (adds another city root)")
        parser.add_argument("--workers", type=_positive, default=2,
                            help="processes generating and encrypting members (0: in this process)")
        parser.add_argument("--chunk", type=_positive, default=CHUNK, help="members per transaction")
        parser.add_argument("--check", action="store_true",
                            help="check the tree with treebeard's find_problems() afterwards (slow on big trees)")

    def handle(self, *args, **opts):
        translation.activate(settings.LANGUAGE_CODE)
        region = str(opts["region"])
        if not (len(region) == 4 and region.isdigit()):
            raise CommandError(_("--region takes the first four digits of a division code, e.g. 3203."))
        verbose = opts["verbosity"] > 0

        def log(msg):
            if verbose:
                self.stdout.write(msg)
                self.stdout.flush()

        seeder = CitySeeder(orgs=opts["orgs"], members=opts["members"], units=opts["units"], seed=opts["seed"],
                            region=region, force=opts["force"], workers=opts["workers"], chunk=max(1000, opts["chunk"]),
                            log=log, note="gonghui seed")
        started = time.perf_counter()
        try:
            result = seeder.run()
        except SeedRefused as exc:
            raise CommandError(str(exc)) from None
        elapsed = time.perf_counter() - started
        if opts["check"]:
            problems = Organisation.find_problems()
            if any(problems):
                raise CommandError(_("The tree has problems: %(p)s") % {"p": problems})
            log(_("Tree check: no problems."))
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        log(_("Done: %(orgs)s organisations, %(units)s employer units, %(committee)s committee seats, "
              "%(members)s members, %(events)s history events under %(root)s in %(s).1f s "
              "(peak memory of this process %(mb).0f MB).") % {
            "orgs": f"{result.organisations:,}", "units": f"{result.units:,}",
            "committee": f"{result.committee_members:,}", "members": f"{result.members:,}",
            "events": f"{result.events:,}", "root": result.root.name, "s": elapsed, "mb": peak_mb,
        })
