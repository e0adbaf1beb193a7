"""``gonghui seed``: a city-sized synthetic data set, or with ``--province`` a province of cities, fast (bulk inserts,
COPY on PostgreSQL)."""

import resource
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from gonghui.members.models import Member
from gonghui.orgs.models import Organisation
from gonghui.tools.demo.seeder import CHUNK, CitySeeder, ProvinceSeeder, SeedRefused
from gonghui.tools.demo.seeder.province import database_bytes


def _positive(value):
    n = int(value)
    if n < 0:
        raise ValueError
    return n


class Command(BaseCommand):
    help = (
        "Generate a synthetic city: one city federation, its districts and counties, townships and streets, "
        "grassroots unions of every type, employer units and members (valid, encrypted ID numbers), fast. "
        "With --province: a province federation with --cities cities below it (Jiangsu's 3201..3213 for --region 32), "
        "each generated like a city, the organisations and members shared out unequally. A province is resumable "
        "by city: each city is written in one transaction, so running the same command again skips the cities "
        "written and writes the rest (a city interrupted half-way left nothing and is written again from its "
        "start); indexes and counters are built at the end. It refuses when the database's disk lacks room."
    )

    def add_arguments(self, parser):
        parser.add_argument("--orgs", type=_positive, default=None,
                            help="number of organisations (default 3000; a province 500000)")
        parser.add_argument("--members", type=_positive, default=None,
                            help="number of members (default 30000; a province 20000000)")
        parser.add_argument("--units", type=_positive, default=None,
                            help="number of employer units (default: every covered unit plus 20%% without a union)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data)")
        parser.add_argument("--region", default=None,
                            help="first four digits of the city's division code (default 3203 Xuzhou; 3205 Suzhou, "
                                 "3201 Nanjing, any of Jiangsu's 3201..3213); with --province the first two "
                                 "(default 32 Jiangsu)")
        parser.add_argument("--province", action="store_true",
                            help="a province: a province federation with --cities city federations below it")
        parser.add_argument("--cities", type=_positive, default=13, help="cities of the province (default 13)")
        parser.add_argument("--stop-after-cities", type=_positive, default=None,
                            help="stop after writing this many cities (run again to continue)")
        parser.add_argument("--force", action="store_true",
                            help="seed even if the registry holds organisations (adds another city root)")
        parser.add_argument("--workers", type=_positive, default=2,
                            help="processes generating and encrypting members (0: in this process)")
        parser.add_argument("--chunk", type=_positive, default=CHUNK, help="members per transaction")
        parser.add_argument("--check", action="store_true",
                            help="check the tree with treebeard's find_problems() afterwards (slow on big trees)")

    def handle(self, *args, **opts):
        translation.activate(settings.LANGUAGE_CODE)
        province = opts["province"]
        region = str(opts["region"] or ("32" if province else "3203"))
        digits = 2 if province else 4
        if not (len(region) == digits and region.isdigit()):
            raise CommandError(_("--region takes the first four digits of a division code, e.g. 3203.") if digits == 4
                               else _("--region takes the first two digits of a division code, e.g. 32."))
        verbose = opts["verbosity"] > 0

        def log(msg):
            if verbose:
                self.stdout.write(msg)
                self.stdout.flush()

        common = {"units": opts["units"], "seed": opts["seed"], "region": region, "force": opts["force"],
                  "workers": opts["workers"], "chunk": max(1000, opts["chunk"]), "log": log, "note": "gonghui seed"}
        if province:
            seeder = ProvinceSeeder(cities=opts["cities"], orgs=opts["orgs"] or 500_000,
                                    members=20_000_000 if opts["members"] is None else opts["members"],
                                    stop_after_cities=opts["stop_after_cities"], **common)
        else:
            seeder = CitySeeder(orgs=opts["orgs"] or 3000,
                                members=30_000 if opts["members"] is None else opts["members"], **common)
        started = time.perf_counter()
        try:
            result = seeder.run()
        except SeedRefused as exc:
            raise CommandError(str(exc)) from None
        elapsed = time.perf_counter() - started
        if not result.complete:
            return
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
        if province:  # after a resumed run the totals of the whole province, not of this run only
            size, n_members = database_bytes(), Member.objects.count()
            log(_("In the database: %(orgs)s organisations and %(members)s members, %(gb).2f GB (%(per)s bytes per "
                  "member); this run wrote %(rate)s members/s.") % {
                "orgs": f"{Organisation.objects.count():,}", "members": f"{n_members:,}", "gb": size / 1e9,
                "per": f"{size / max(n_members, 1):,.0f}", "rate": f"{result.members / max(elapsed, 1e-6):,.0f}"})
