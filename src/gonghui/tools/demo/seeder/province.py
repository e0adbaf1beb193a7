"""A province: one province federation with its cities below it, each planned and written by the city seeder's
parts (:class:`.city.CitySeeder`), the organisations and members shared out over the cities unequally (Jiangsu's
cities weighted by their workforce), then the member indexes and the statistics counters once for the whole tree.

Resumable by city: each city (organisations, units, committees, members, history) is written in one transaction,
so a city is either all there or not at all. A second run with the same arguments skips the cities written and
writes the others (a city interrupted half-way is rolled back, so it is written again from its start). Until the
run ends, the table ``gh_seed_province`` holds its arguments, the province's path and the SQL of the member indexes
dropped for the load; the last step rebuilds those indexes, builds the counters and drops the table.
"""

import json
import random
import shutil
import time
from pathlib import Path

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import bulk
from gonghui.members.models import Member, MemberEvent
from gonghui.orgs.models import Organisation

from .. import places
from ..pools import get_pools
from . import members as member_rows  # its thresholds read at run time (tests patch them)
from .base import CHUNK, SeedRefused
from .city import CitySeeder, SeedResult
from .organisations import CityPlan, Node

STATE_TABLE = "gh_seed_province"
MIN_CITY_ORGS = 80

# Bytes on disk per member of a seeded province, with its share of organisations, units, committees, history and
# counters (measured at 5,000 organisations and 200,000 members, benchmarks/README.md); a margin is added for
# index builds and the write-ahead log.
BYTES_PER_MEMBER = {"postgresql": 975, "sqlite": 730}
DISK_MARGIN = 1.3


class ProvincePlan(CityPlan):
    """The province federation alone, planned with the city plan's dates, chairs and committees."""

    def __init__(self, *, province, seed, root_position, today):  # noqa: D107  (not CityPlan's __init__)
        self.rng = random.Random(seed)
        self.pools = get_pools()
        self.today = today
        # The province's region code ("32" + "00") prefixes its code, its name its document numbers.
        self.city = places.City(province.region + "00", province.name, province.area_code, ())
        self.nodes, self.units, self.used_names = [], [], set()
        root = Node(None, f"{province.name}省总工会", "province_federation", 2, "federation")
        root.depth = 1
        root.path = Organisation._get_path(None, 1, root_position)
        self._dates(root, upper=True, founded_year=1950)
        root.address = f"{province.name}省{self.rng.choice(self.pools.roads)}{self.rng.randint(1, 300)}号"
        self.nodes.append(root)
        self.root = root
        self.flagship = None


def cities_for(orgs, region="32", most=13):
    """The most cities, up to ``most``, that ``orgs`` organisations give a province (each city needs some)."""
    for cities in range(most, 1, -1):
        try:
            _province(region, cities, 1)
        except SeedRefused:
            continue
        weights = [w for _r, w in _province(region, cities, 1)[1]]
        if min(_split(orgs - 1, weights)) >= MIN_CITY_ORGS:
            return cities
    return 1


def _split(total, weights):
    """``total`` shared out by ``weights`` (largest remainders), in whole numbers that add up to it."""
    s = sum(weights)
    exact = [w * total / s for w in weights]
    out = [int(x) for x in exact]
    for k in sorted(range(len(out)), key=lambda k: exact[k] - out[k], reverse=True)[: total - sum(out)]:
        out[k] += 1
    return out


def _province(region, cities, seed):
    """The province and its cities' (region, weight) for ``region``: Jiangsu's, else generic ones."""
    known = places.PROVINCES.get(region)
    if known is not None:
        if not 1 <= cities <= len(known.shares):
            raise SeedRefused(_("%(name)s has %(n)d cities: --cities takes 1 to %(n)d.")
                              % {"name": known.name, "n": len(known.shares)})
        return known, known.shares[:cities]
    if not 1 <= cities <= 99:
        raise SeedRefused(_("--cities takes 1 to 99."))
    rng = random.Random(int(region) * 7 + seed)
    name = rng.choice(get_pools().fake_places)
    shares = tuple((f"{region}{k + 1:02d}", rng.lognormvariate(0, 0.45)) for k in range(cities))
    return places.Province(region, name, "0" + region + "1", shares), shares


def free_space(path=None):
    """(directory, free bytes) of the disk holding the database, or (where, None) when it cannot be seen (a
    PostgreSQL server on another machine, a data directory this user may not read)."""
    if path is None:
        if connection.vendor == "sqlite":
            path = Path(connection.settings_dict["NAME"]).resolve().parent
        else:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT current_setting('data_directory')")
                    path = cursor.fetchone()[0]
            except Exception:  # not allowed to read it
                return _("the database server"), None
    try:
        return str(path), shutil.disk_usage(path).free
    except OSError:  # on another machine, or not readable here
        return str(path), None


def database_bytes():
    """The database's size on disk (PostgreSQL: ``pg_database_size``; SQLite: the file and its WAL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0]
    name = Path(connection.settings_dict["NAME"])
    return sum(p.stat().st_size for p in (name, Path(f"{name}-wal")) if p.exists())


def _gb(n):
    return f"{n / 1e9:,.1f} GB"


class ProvinceSeeder(CitySeeder):
    manage_indexes = False  # dropped once before the first city, rebuilt once after the last

    def __init__(self, *, cities=13, orgs, members, units=None, seed=1, region="32", force=False, workers=2,
                 chunk=CHUNK, log=None, audit_user=None, note="", stop_after_cities=None):
        super().__init__(orgs=orgs, members=members, units=units, seed=seed, region=region, force=force,
                         workers=workers, chunk=chunk, log=log, audit_user=audit_user, note=note)
        self.cities = cities
        self.stop_after_cities = stop_after_cities
        self.province, weights = _province(region, cities, seed)
        self.regions = [r for r, _w in weights]
        # Members per organisation differ a little from city to city (bigger employers in the south).
        rng = random.Random(seed)
        member_weights = [w * rng.uniform(0.85, 1.15) for _r, w in weights]
        self.city_orgs = _split(orgs - 1, [w for _r, w in weights])  # --orgs counts the province federation too
        self.city_members = _split(members, member_weights)
        self.city_units = _split(units, [w for _r, w in weights]) if units is not None else [None] * cities
        smallest = min(self.city_orgs)
        if smallest < MIN_CITY_ORGS:
            raise SeedRefused(_("Too few organisations for %(c)d cities: the smallest city would have %(n)d, and a "
                                "city needs at least %(min)d.") % {"c": cities, "n": smallest, "min": MIN_CITY_ORGS})

    def arguments(self):
        return {"cities": self.cities, "orgs": self.orgs, "members": self.members, "units": self.units,
                "seed": self.seed, "region": self.region}

    # -- the state of an unfinished run ---------------------------------------------------------------------------

    def _state(self):
        if STATE_TABLE not in connection.introspection.table_names():
            return None
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT name, value FROM {STATE_TABLE}")
            return {name: json.loads(value) for name, value in cursor.fetchall()}

    def _save_state(self, **values):
        with connection.cursor() as cursor:
            for name, value in values.items():
                cursor.execute(f"DELETE FROM {STATE_TABLE} WHERE name = %s", [name])
                cursor.execute(f"INSERT INTO {STATE_TABLE} (name, value) VALUES (%s, %s)", [name, json.dumps(value)])

    def _start(self, today, result):
        """A new province: its federation, the state table and the member indexes dropped, in one transaction."""
        if Organisation.objects.exists() and not self.force:
            raise SeedRefused(_(
                "The registry already holds organisations (a finished province, say). Seed an empty database, or "
                "pass --force to add another province root beside the existing tree."))
        position = self._root_position()
        self._check_disk(self.members)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"CREATE TABLE {STATE_TABLE} (name varchar(40) PRIMARY KEY, value text NOT NULL)")
            plan = ProvincePlan(province=self.province, seed=self.seed, root_position=position, today=today)
            self._insert_orgs(plan)
            result.organisations += 1
            result.committee_members += self._insert_committees(plan)
            dropped = []
            if self.members >= member_rows.DEFER_INDEXES_THRESHOLD:  # built once at the end: cheaper than row by row
                dropped = bulk.drop_secondary_indexes(Member) + bulk.drop_secondary_indexes(MemberEvent)
            self._save_state(arguments=self.arguments(), root=plan.root.path, indexes=dropped)
        self.log(_("Province: %(name)s (%(code)s), %(n)d cities; %(orgs)s organisations and %(members)s members "
                   "in all.") % {"name": plan.root.name, "code": plan.root.code, "n": self.cities,
                                 "orgs": f"{self.orgs:,}", "members": f"{self.members:,}"})
        return self._state()

    def _check_disk(self, members):
        need = int(members * BYTES_PER_MEMBER.get(connection.vendor, 975) * DISK_MARGIN)
        where, free = free_space()
        if free is None:
            self.log(_("Disk: about %(need)s needed for %(n)s members; the free space of %(where)s cannot be seen "
                       "from here: check it.") % {"need": _gb(need), "n": f"{members:,}", "where": where})
            return
        self.log(_("Disk: about %(need)s needed for %(n)s members, %(free)s free on %(where)s.")
                 % {"need": _gb(need), "n": f"{members:,}", "free": _gb(free), "where": where})
        if need > free:
            raise SeedRefused(_(
                "Not enough disk: %(members)s members need about %(need)s and %(where)s has %(free)s free. Free "
                "some space or seed fewer members (--members; --orgs in proportion).")
                % {"members": f"{members:,}", "need": _gb(need), "where": where, "free": _gb(free)})

    # -- the run --------------------------------------------------------------------------------------------------

    def run(self):
        t0 = time.perf_counter()
        result = SeedResult()
        today = timezone.localdate()
        state = self._state()
        if state is None:
            state = self._start(today, result)
        elif state["arguments"] != self.arguments():
            raise SeedRefused(_(
                "An unfinished province seed with other arguments is in this database (%(args)s): run it again "
                "with those to finish it, or seed an empty database.") % {"args": json.dumps(state["arguments"])})
        root = Organisation.objects.get(path=state["root"])
        result.root = root
        written = set(Organisation.objects.filter(path__startswith=root.path, depth=root.depth + 1)
                      .values_list("path", flat=True))
        if written:
            left = sum(n for k, n in enumerate(self.city_members)
                       if Organisation._get_path(root.path, root.depth + 1, k + 1) not in written)
            self.log(_("Continuing %(name)s: %(done)d of %(n)d cities written before, %(left)s members to go.")
                     % {"name": root.name, "done": len(written), "n": self.cities, "left": f"{left:,}"})
            self._check_disk(left)
        with bulk.fast_load():
            if not self._write_cities(root, written, today, result):
                result.complete = False
                result.seconds = time.perf_counter() - t0
                return result
            self._complete(state, result)
        result.root = Organisation.objects.get(pk=root.pk)
        result.seconds = time.perf_counter() - t0
        return result

    def _write_cities(self, root, written, today, result):
        """Each city not yet written, in one transaction each; False when stopped early (--stop-after-cities)."""
        started = time.perf_counter()
        total = sum(self.city_members)
        done_before = sum(n for k, n in enumerate(self.city_members)
                          if Organisation._get_path(root.path, root.depth + 1, k + 1) in written)
        for k, region in enumerate(self.regions):
            path = Organisation._get_path(root.path, root.depth + 1, k + 1)
            if path in written:
                continue
            if self.stop_after_cities is not None and result.cities >= self.stop_after_cities:
                self.log(_("Stopped after %(n)d cities (--stop-after-cities): run the same command again to "
                           "continue.") % {"n": result.cities})
                return False
            t = time.perf_counter()
            members_before = result.members
            plan = self._plan(region=region, seed=self.seed * 1000 + k + 1, orgs=self.city_orgs[k],
                              members=self.city_members[k], units=self.city_units[k], position=k + 1, today=today,
                              result=result, parent_path=root.path)
            with transaction.atomic():  # the whole city or nothing: an interrupted city is written again
                self._write_city(plan, today, result)
                Organisation.objects.filter(pk=root.pk).update(numchild=F("numchild") + 1)
            if connection.vendor == "sqlite" and not connection.in_atomic_block:  # the WAL stays one city's size
                connection.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            result.cities += 1
            now = time.perf_counter()
            city_members = result.members - members_before
            done = done_before + result.members
            rate = result.members / max(now - started, 1e-6)
            self.log(_("City %(k)d/%(n)d %(name)s (%(region)s): %(orgs)s organisations, %(units)s employer units, "
                       "%(members)s members in %(s).0f s (%(city_rate)s members/s); province %(done)s / %(total)s "
                       "members at %(rate)s members/s, about %(eta)s min to go.") % {
                "k": k + 1, "n": self.cities, "name": plan.root.name, "region": region,
                "orgs": f"{len(plan.nodes):,}", "units": f"{len(plan.units):,}", "members": f"{city_members:,}",
                "s": now - t, "city_rate": f"{city_members / max(now - t, 1e-6):,.0f}", "done": f"{done:,}",
                "total": f"{total:,}", "rate": f"{rate:,.0f}",
                "eta": f"{(total - done) / max(rate, 1e-6) / 60:,.0f}"})
        return True

    def _complete(self, state, result):
        """The member indexes dropped for the load, the statistics counters, then the state table goes."""
        if state["indexes"]:
            t = time.perf_counter()
            with transaction.atomic():
                bulk.create_indexes(state["indexes"])
                self._save_state(indexes=[])
            self.log(_("%(n)d member and history indexes built in %(s).0f s.")
                     % {"n": len(state["indexes"]), "s": time.perf_counter() - t})
        with transaction.atomic():
            self._finish(result)
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE {STATE_TABLE}")
