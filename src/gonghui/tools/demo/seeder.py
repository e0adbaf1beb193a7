"""Generate a whole synthetic city fast: organisation tree, employer units, committees, members, history.

The plan (tree, units, member counts per union) is built in memory first; then organisations and units
are bulk-inserted with their materialised paths computed directly (treebeard ``MP_Node`` with
``steplen=4``: a node's path is its parent's path plus its 1-based position among its siblings in base
36, and ``depth``/``numchild`` are set from the plan). Members are generated in chunks, in worker
processes when there are many (building, hashing and encrypting the rows), and written with
``executemany`` (SQLite) or ``COPY`` (PostgreSQL). Small loads commit per chunk; big ones run in one
transaction that drops the secondary indexes first and rebuilds them at the end. Their "joined" history
rows are then copied inside the database (``INSERT ... SELECT``). One audit entry per batch records
what was generated.
"""

import bisect
import collections
import contextlib
import datetime
import itertools
import math
import multiprocessing
import random
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import bulk, pii, sequences

from . import places
from .identifiers import PersonIdentifiers, credit_code
from .pools import get_pools

CHUNK = 50_000
POOL_THRESHOLD = 150_000  # fewer members than this are generated in-process
DEFER_INDEXES_THRESHOLD = 150_000


class SeedRefused(Exception):
    pass


# --- the plan ------------------------------------------------------------------------------------


class Node:
    __slots__ = (
        "parent", "path", "depth", "numchild", "name", "org_type", "level", "status", "district", "town",
        "founded", "approved", "doc_no", "chair", "term", "term_started", "due", "address", "phone", "closed",
        "weight", "units", "members", "pk", "industry", "kind", "code", "grassroots", "children",
    )

    def __init__(self, parent, name, org_type, level, kind, district=None, town=None):
        self.parent = parent
        self.name = name
        self.org_type = org_type
        self.level = level
        self.kind = kind  # what the generators make of it: enterprise, public, joint, community, ...
        self.district = district
        self.town = town
        self.numchild = 0
        self.children = []
        self.status = "active"
        self.units = []
        self.members = 0
        self.weight = 0.0
        self.industry = None
        self.pk = None
        self.grassroots = None  # the grassroots union a branch or group belongs to
        self.closed = None


class UnitPlan:
    __slots__ = ("name", "kind", "ownership", "industry", "employees", "address", "area", "union", "district",
                 "assigned", "pk", "credit_code")

    def __init__(self, name, kind, ownership, industry, employees, address, area, union, district):
        self.name = name
        self.kind = kind
        self.ownership = ownership
        self.industry = industry
        self.employees = employees
        self.address = address
        self.area = area
        self.union = union
        self.district = district
        self.assigned = 0
        self.pk = None
        self.credit_code = None


def _weighted(rng, pairs):
    values, weights = zip(*pairs)
    return rng.choices(values, weights=weights)[0]


ENTERPRISE_INDUSTRIES = (
    ("C", 34), ("F", 14), ("E", 10), ("G", 8), ("H", 6), ("I", 5), ("L", 5), ("M", 3), ("K", 3), ("O", 4),
    ("J", 2), ("A", 2), ("D", 1), ("B", 1), ("N", 1), ("R", 1),
)
OWNERSHIPS = (("private", 72), ("state", 7), ("collective", 4), ("foreign", 4), ("hmt", 3))


def _iso(day):
    return day.isoformat() if day is not None else None


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class CityPlan:
    """The whole city in memory: nodes in insertion order (parents first) and units."""

    def __init__(self, *, orgs, units, seed, region, root_position, today):
        if orgs < 60:
            raise SeedRefused(_("A city needs at least %(n)d organisations.") % {"n": 60})
        self.rng = rng = random.Random(seed)
        self.pools = get_pools()
        self.today = today
        self.city = places.CITIES.get(region) or self._generic_city(region)
        self.nodes = []
        self.units = []
        self.used_names = set()
        from gonghui.orgs.models import Organisation

        self.Organisation = Organisation
        city = self.city
        root = Node(None, f"{city.name}市总工会", "city_federation", 3, "federation")
        root.path = Organisation._get_path(None, 1, root_position)
        root.depth = 1
        self._dates(root, upper=True, founded_year=1950)
        root.address = f"{city.name}市{city.districts[0].name}{rng.choice(self.pools.roads)}{rng.randint(1, 300)}号"
        self.nodes.append(root)
        self.root = root

        districts = []
        for d in city.districts:
            name = f"{city.name}市{d.name}总工会" if d.name.endswith("区") else f"{d.name}总工会"
            districts.append(self._child(root, name, "county_federation", 4, "federation", district=d))
        n_ind = len(places.INDUSTRY_UNIONS) if orgs >= 2000 else 3
        industry_unions = []
        for name, industry in places.INDUSTRY_UNIONS[:n_ind]:
            node = self._child(root, f"{city.name}市{name}", "industry", 4, "federation", district=districts[0].district)
            node.industry = industry
            industry_unions.append(node)
        organ = self._child(root, f"{city.name}市{places.ORGAN_COMMITTEE}", "organ_work_committee", 4, "organ",
                            district=districts[0].district)
        organ.weight = rng.uniform(10, 30)

        towns = []
        per_district = max(2, orgs // 300)
        for dn in districts:
            names = list(dn.district.towns) or self._generic_towns(dn.district)
            for town in names[:per_district]:
                suffix = "总工会" if town.endswith("镇") else "工会"
                node = self._child(dn, f"{dn.district.name}{town}{suffix}", "township", 5, "township",
                                   district=dn.district, town=town)
                node.weight = rng.uniform(5, 30)
                node.industry = None
                towns.append(node)
        upper = len(self.nodes)
        remaining = orgs - upper
        if remaining < 20:
            raise SeedRefused(_("A city needs at least %(n)d organisations.") % {"n": upper + 20})
        n_groups = int(remaining * 0.04)
        n_branches = int(remaining * 0.12)
        n_grassroots = remaining - n_groups - n_branches

        # Grassroots unions: most under townships and streets, some directly under the districts, the
        # industry unions and the organs' committee.
        town_weights = [rng.uniform(0.4, 1.6) for _ in towns]
        parents = rng.choices(["town", "district", "industry", "organ"], weights=[81.5, 10, 8, 0.5], k=n_grassroots)
        grassroots = []
        for kind in parents:
            if kind == "town":
                parent = rng.choices(towns, weights=town_weights)[0]
                node = self._grassroots_under_town(parent)
            elif kind == "district":
                node = self._grassroots_under_district(rng.choice(districts))
            elif kind == "industry":
                node = self._grassroots_under_industry(rng.choice(industry_unions), districts)
            else:
                node = self._grassroots_under_organ(organ)
            grassroots.append(node)

        # Branch unions under the larger enterprise and public-institution unions, groups under branches.
        big = [g for g in grassroots if g.kind in ("enterprise", "public")]
        big_weights = [g.units[0].employees if g.units else 1 for g in big]
        branches = []
        candidates = rng.choices(big, weights=big_weights, k=n_branches) if big else []
        candidates += big
        for parent in candidates:
            if len(branches) >= n_branches:
                break
            if parent.numchild:
                continue
            for _i in range(min(rng.randint(2, 8), n_branches - len(branches))):
                base = parent.name.removesuffix("工会委员会").removesuffix("工会")
                dept = places.BRANCH_UNITS[parent.numchild % len(places.BRANCH_UNITS)]
                node = self._child(parent, f"{base}{dept}分工会", "branch", 7, "branch", district=parent.district,
                                   town=parent.town)
                node.grassroots = parent
                node.weight = rng.uniform(15, 80)
                self._dates(node, founded_after=parent.founded)
                branches.append(node)
        groups = 0
        for parent in rng.sample(branches, len(branches)):
            if groups >= n_groups:
                break
            for _i in range(min(rng.randint(2, 5), n_groups - groups)):
                name = f"{parent.name.removesuffix('分工会')}{places.GROUP_ORDINALS[parent.numchild]}工会小组"
                node = self._child(parent, name, "group", 8, "group", district=parent.district, town=parent.town)
                node.grassroots = parent.grassroots
                node.weight = rng.uniform(5, 15)
                self._dates(node, founded_after=parent.founded)
                groups += 1
        # Top up with grassroots unions if branches or groups could not use their whole budget.
        while len(self.nodes) < orgs:
            grassroots.append(self._grassroots_under_town(rng.choices(towns, weights=town_weights)[0]))

        # Statuses: a few unions are being set up (筹建), a few dissolved (撤销) grassroots unions.
        for g in grassroots:
            roll = rng.random()
            if roll < 0.02:
                g.status = "preparing"
                g.founded = today - datetime.timedelta(days=rng.randint(5, 170))
                g.approved = g.doc_no = g.term = g.term_started = g.due = None
                g.chair = ""
                g.weight *= 0.3
            elif roll < 0.03 and not g.numchild:
                g.status = "dissolved"
                g.closed = max(g.founded, today - datetime.timedelta(days=rng.randint(30, 1000)))
                g.weight = 0
                for u in g.units:  # its employers are no longer covered
                    u.union = None

        n_covered = sum(1 for u in self.units)
        target_units = units if units is not None else n_covered + int(n_covered * 0.2)
        for _i in range(max(0, target_units - n_covered)):
            self._uncovered_unit(rng.choices(towns, weights=town_weights)[0] if rng.random() < 0.85
                                 else rng.choice(districts))
        self.grassroots = grassroots

    # -- helpers ---------------------------------------------------------------------------------

    def _generic_city(self, region):
        rng = random.Random(int(region))
        pools = get_pools()
        names = rng.sample(pools.fake_places, 12)
        districts = tuple(places.District(f"{region}{k + 2:02d}", f"{names[k]}区") for k in range(10))
        return places.City(region, names[10], "0" + region[:3], districts)

    def _generic_towns(self, district):
        rng = random.Random(district.code)
        names = rng.sample(self.pools.fake_places, 25)
        return [n + ("街道" if k % 3 == 0 else "镇") for k, n in enumerate(names)]

    def _child(self, parent, name, org_type, level, kind, district=None, town=None):
        node = Node(parent, name, org_type, level, kind, district=district, town=town)
        parent.numchild += 1
        parent.children.append(node)
        node.depth = parent.depth + 1
        node.path = self.Organisation._get_path(parent.path, node.depth, parent.numchild)
        if kind in ("federation", "township", "organ"):
            self._dates(node, upper=True, founded_year=self.rng.randint(1952, 1995))
        self.used_names.add(name)
        self.nodes.append(node)
        return node

    def _unique(self, make):
        for _attempt in range(6):
            name = make()
            if name not in self.used_names:
                return name
        n = 2
        while f"{name}（{n}）" in self.used_names:
            n += 1
        return f"{name}（{n}）"

    def _dates(self, node, upper=False, founded_year=None, founded_after=None):
        rng, today = self.rng, self.today
        if founded_year is not None:
            founded = datetime.date(founded_year, rng.randint(1, 12), rng.randint(1, 28))
        else:
            lo = max(1988, founded_after.year if founded_after else 1988)
            year = min(today.year, int(lo + (today.year - lo) * rng.random() ** 0.7))
            founded = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
            if founded_after and founded < founded_after:
                founded = founded_after
            if founded > today:
                founded = today - datetime.timedelta(days=rng.randint(0, 60))
        node.founded = founded
        node.approved = min(today, founded + datetime.timedelta(days=rng.randint(5, 60)))
        abbr = self.city.name[0]
        node.doc_no = f"{abbr}工{'组' if upper else '字'}〔{node.approved.year}〕{rng.randint(1, 160)}号"
        term_len = 5 if upper or rng.random() < 0.5 else 3
        years = (today - founded).days / 365.25
        term = int(years // term_len) + 1
        started = _add_years(founded, (term - 1) * term_len) + datetime.timedelta(days=rng.randint(0, 40))
        started = min(started, today)
        if term > 1 and rng.random() < 0.12:  # the election is overdue (换届逾期)
            term -= 1
            started = _add_years(started, -term_len)
        node.term = min(term, 30)
        node.term_started = max(started, founded)
        node.due = _add_years(node.term_started, term_len)
        node.chair = self._person()
        node.phone = f"{self.city.area_code}-8{rng.randint(0, 9999999):07d}"
        if not getattr(node, "address", None) and node.parent is not None:
            node.address = self._address(node.district, node.town)

    def _person(self):
        gender = "M" if self.rng.random() < 0.6 else "F"
        from .pools import person_name

        return person_name(self.rng, self.pools, gender)

    def _address(self, district, town=None):
        rng = self.rng
        place = f"{district.name}{town or ''}" if district else ""
        return f"{self.city.name}市{place}{rng.choice(self.pools.roads)}{rng.randint(1, 399)}号"

    def _company(self, industry, big=False, district=None):
        rng, pools = self.rng, self.pools
        words = places.INDUSTRY_WORDS.get(industry, places.INDUSTRY_WORDS["C"])
        suffixes = places.COMPANY_SUFFIXES[3:] if big else places.COMPANY_SUFFIXES
        city = self.city.name

        def make():
            roll = rng.random()
            if big:
                lead = "江苏" if roll < 0.5 else city
            else:
                lead = city if roll < 0.55 else "江苏" if roll < 0.7 else \
                    f"{city}市{district.name}" if district is not None and roll < 0.95 else ""
            return f"{lead}{rng.choice(pools.company_prefixes)}{rng.choice(words)}{rng.choice(suffixes)}"

        name = self._unique(make)
        self.used_names.add(name)
        return name

    def _employees(self, median, sigma, lo, hi):
        return max(lo, min(hi, int(self.rng.lognormvariate(math.log(median), sigma))))

    def _area_for(self, node):
        """The union whose census holds an employer: the township, else the district, else the city."""
        n = node
        while n is not None and n.org_type not in ("township", "county_federation"):
            n = n.parent
        return n or self.root

    def _unit(self, name, kind, ownership, industry, employees, node, union=True, district=None):
        district = district or node.district
        unit = UnitPlan(name, kind, ownership, industry, employees,
                        self._address(district, node.town if node.org_type != "county_federation" else None),
                        self._area_for(node), node if union else None, district)
        self.units.append(unit)
        if union:
            node.units.append(unit)
        return unit

    def _grassroots(self, parent, name, org_type, kind, district, town=None):
        node = self._child(parent, name, org_type, 6, kind, district=district, town=town)
        self._dates(node)
        return node

    def _enterprise(self, parent, industry, district, town=None, big=False):
        rng = self.rng
        name = self._company(industry, big, district)
        node = self._grassroots(parent, name + ("工会委员会" if rng.random() < 0.5 else "工会"), "enterprise",
                                "enterprise", district, town)
        ownership = "state" if big and rng.random() < 0.4 else _weighted(rng, OWNERSHIPS)
        employees = self._employees(300 if big else 60, 1.1, 8, 30000)
        self._unit(name, "enterprise", ownership, industry, employees, node)
        node.weight = employees * rng.uniform(0.75, 0.98)
        return node

    def _institution(self, parent, make, district, town=None, organ=False):
        """A public institution's union; ``make()`` proposes (unit name, industry), retried until unused."""
        rng = self.rng
        for _attempt in range(8):
            unit_name, industry = make()
            if unit_name not in self.used_names:
                break
        else:
            unit_name = self._unique(lambda: unit_name)
        self.used_names.add(unit_name)
        suffix = "机关工会" if organ and unit_name.endswith(("局", "委员会")) else "工会"
        node = self._grassroots(parent, unit_name + suffix, "public_institution", "public",
                                district, town)
        employees = self._employees(45 if organ else 90, 0.8, 10, 4000)
        self._unit(unit_name, "organ" if organ else "institution", "public", industry, employees, node)
        node.weight = employees * rng.uniform(0.9, 1.0)
        return node

    def _grassroots_under_town(self, town):
        rng, d = self.rng, town.district
        kind = _weighted(rng, (("enterprise", 55), ("community", 18), ("joint_regional", 10), ("joint_industry", 5),
                               ("public", 12)))
        if kind == "enterprise":
            return self._enterprise(town, _weighted(rng, ENTERPRISE_INDUSTRIES), d, town.town)
        if kind == "public":
            def make():
                if rng.random() < 0.6:
                    inst, industry = rng.choice(places.TOWN_INSTITUTIONS)
                    return f"{d.name}{town.town}{inst}", industry
                village = rng.choice(self.pools.villages)
                return rng.choice([(f"{d.name}{town.town}{village}小学", "P"), (f"{d.name}{town.town}{village}幼儿园", "P"),
                                   (f"{d.name}{town.town}{village}村卫生室", "Q")])

            return self._institution(town, make, d, town.town)
        if kind == "community":
            name = self._unique(lambda: f"{town.town}{rng.choice(self.pools.villages)}村工会联合会" if rng.random() < 0.6
                                else f"{town.town}{rng.choice(places.COMMUNITY_NAMES)}社区工会联合会")
            node = self._grassroots(town, name, "community", "community", d, town.town)
            for _i in range(rng.randint(0, 5)):
                industry = _weighted(rng, ENTERPRISE_INDUSTRIES)
                self._unit(self._company(industry, district=node.district), "enterprise", "private", industry,
                           self._employees(12, 0.7, 3, 80), node)
            node.weight = sum(u.employees for u in node.units) * 0.7 + rng.uniform(15, 60)
            return node
        if kind == "joint_regional":
            name = self._unique(lambda: f"{town.town}{rng.choice(self.pools.villages) if rng.random() < 0.5 else ''}"
                                        f"{rng.choice(places.JOINT_REGIONAL_AREAS)}区域工会联合会")
            node = self._grassroots(town, name, "joint_regional", "joint", d, town.town)
        else:
            label, industry = rng.choice(places.JOINT_INDUSTRIES)
            name = self._unique(lambda: f"{town.town}{rng.choice(self.pools.villages) if rng.random() < 0.5 else ''}"
                                        f"{label}行业工会联合会")
            node = self._grassroots(town, name, "joint_industry", "joint", d, town.town)
            node.industry = industry
        for _i in range(rng.randint(3, 15)):
            industry = node.industry or _weighted(rng, ENTERPRISE_INDUSTRIES)
            kind = "individual" if rng.random() < 0.2 else "enterprise"
            self._unit(self._company(industry, district=node.district), kind, "private", industry,
                       self._employees(12, 0.7, 3, 80), node)
        node.weight = sum(u.employees for u in node.units) * rng.uniform(0.6, 0.9)
        return node

    def _grassroots_under_district(self, district_node):
        rng, d = self.rng, district_node.district
        roll = rng.random()
        label, industry = rng.choice(places.JOINT_INDUSTRIES)
        joint_name = f"{d.name}{label}行业工会联合会"
        if roll < 0.4 or (roll < 0.5 and joint_name in self.used_names):
            return self._enterprise(district_node, _weighted(rng, ENTERPRISE_INDUSTRIES), d, big=True)
        if roll < 0.5:
            node = self._grassroots(district_node, joint_name, "joint_industry", "joint", d)
            node.industry = industry
            for _i in range(rng.randint(4, 20)):
                self._unit(self._company(industry, district=node.district), "enterprise", "private", industry,
                           self._employees(15, 0.8, 3, 120), node)
            node.weight = sum(u.employees for u in node.units) * rng.uniform(0.6, 0.9)
            return node
        if roll < 0.8:
            def make():
                roll = rng.random()
                if roll < 0.3:
                    inst, industry = rng.choice(places.DISTRICT_INSTITUTIONS)
                    return f"{d.name}{inst}", industry
                if roll < 0.6:
                    return f"{d.name}{rng.choice(self.pools.roads)}{rng.choice(['小学', '幼儿园'])}", "P"
                if roll < 0.8:
                    return f"{d.name}{rng.choice(places.COMMUNITY_NAMES)}{rng.choice(['中学', '小学', '实验学校'])}", "P"
                return f"{d.name}{rng.choice(places.COMMUNITY_NAMES)}社区卫生服务中心", "Q"

            return self._institution(district_node, make, d)

        def organ():
            sub = rng.choice(places.BUREAU_UNITS)
            return f"{d.name}{rng.choice(places.BUREAUS)}{sub}", "S"

        return self._institution(district_node, organ, d, organ=True)

    def _grassroots_under_industry(self, industry_node, districts):
        d = self.rng.choice(districts).district
        if industry_node.industry in ("P", "Q"):
            rng = self.rng
            labels = (("中学", "小学", "实验学校", "高级中学", "幼儿园", "职业学校") if industry_node.industry == "P"
                      else ("医院", "中医院", "口腔医院", "康复医院", "社区卫生服务中心"))

            def make():
                if rng.random() < 0.3:
                    inst, industry = rng.choice(
                        [x for x in places.DISTRICT_INSTITUTIONS if x[1] == industry_node.industry])
                    return f"{self.city.name}市{d.name}{inst}", industry
                place = rng.choice(places.COMMUNITY_NAMES + self.pools.roads)
                return f"{self.city.name}市{place}{rng.choice(labels)}", industry_node.industry

            return self._institution(industry_node, make, d)
        return self._enterprise(industry_node, industry_node.industry, d, big=True)

    def _grassroots_under_organ(self, organ):
        d, rng = self.city.districts[0], self.rng

        def make():
            return f"{self.city.name}市{rng.choice(places.BUREAUS)}{rng.choice(places.BUREAU_UNITS)}", "S"

        return self._institution(organ, make, d, organ=True)

    def _uncovered_unit(self, node):
        rng = self.rng
        industry = _weighted(rng, ENTERPRISE_INDUSTRIES)
        kind = "individual" if rng.random() < 0.15 else "enterprise"
        self._unit(self._company(industry, district=node.district), kind, _weighted(rng, OWNERSHIPS), industry,
                   self._employees(18, 1.0, 3, 600), node, union=False)

    # -- members ---------------------------------------------------------------------------------

    def holders(self):
        """Live member-holding unions with their share of the members."""
        from gonghui.orgs.choices import MEMBER_HOLDING_TYPES

        types = {str(t) for t in MEMBER_HOLDING_TYPES}
        return [n for n in self.nodes if n.org_type in types and n.status in ("active", "preparing") and n.weight > 0]

    def allocate_members(self, total):
        holders = self.holders()
        weight = sum(n.weight for n in holders)
        if not holders or weight <= 0:
            return []
        exact = [n.weight * total / weight for n in holders]
        counts = [int(x) for x in exact]
        short = total - sum(counts)
        order = sorted(range(len(holders)), key=lambda k: exact[k] - counts[k], reverse=True)
        for k in order[:short]:
            counts[k] += 1
        for n, c in zip(holders, counts):
            n.members = c
            units = self.member_units(n)
            for k, u in enumerate(units):  # members are spread round-robin over the union's units
                u.assigned += c // len(units) + (1 if k < c % len(units) else 0)
        for u in self.units:  # a unit employs at least the members registered with it
            if u.assigned > u.employees * 0.97:
                u.employees = int(u.assigned / self.rng.uniform(0.85, 0.97)) + 1
        return [n for n in holders if n.members]

    @staticmethod
    def member_units(node):
        if node.units:
            return node.units
        if node.grassroots is not None and node.grassroots.units:
            return node.grassroots.units[:1]
        return []


# --- member rows (run in worker processes) -----------------------------------------------------------

_WORK = {}

ETHNICITIES = (("01", 9700), ("03", 120), ("11", 60), ("02", 30), ("08", 20), ("06", 20), ("15", 15), ("10", 10),
               ("07", 10), ("05", 5))
EDUCATIONS = (("postgraduate", 4), ("bachelor", 22), ("college", 24), ("vocational", 16), ("high_school", 17),
              ("junior_or_below", 17))
POLITICAL = (("cpc", 11), ("cpc_probationary", 1), ("cyl", 9), ("democratic_party", 1), ("masses", 78))
EMPLOYMENT = {
    "enterprise": (("regular", 78), ("migrant", 12), ("dispatched", 7), ("other", 3)),
    "public": (("regular", 92), ("dispatched", 5), ("other", 3)),
    "joint": (("regular", 35), ("migrant", 30), ("new_forms", 28), ("other", 7)),
}
STATUSES = (("active", 975), ("withdrawn", 15), ("retained", 10))


def _draw(rng, pairs, k):
    """``k`` values drawn with the pairs' weights."""
    values = tuple(v for v, _w in pairs)
    return rng.choices(values, weights=[w for _v, w in pairs], k=k)


def _member_chunk(task):
    """Rows for members ``start .. start+count`` (COPY text on PostgreSQL, tuples elsewhere)."""
    chunk_no, start, count = task
    w = _WORK
    rng = random.Random(w["seed"] * 1_000_003 + chunk_no)
    ids, pools = w["ids"], w["pools"]
    holders, starts = w["holders"], w["starts"]
    surnames = rng.choices(pools.surnames, cum_weights=pools.surname_cum_weights, k=count)
    male = rng.choices(pools.given_male, k=count)
    female = rng.choices(pools.given_female, k=count)
    eth = _draw(rng, ETHNICITIES, count)
    edu = _draw(rng, EDUCATIONS, count)
    pol = _draw(rng, POLITICAL, count)
    status = _draw(rng, STATUSES, count)
    emp = {k: _draw(rng, v, count) for k, v in EMPLOYMENT.items()}
    random_ = rng.random
    choice = rng.choice
    today = w["today"]
    iso = w["iso"]  # ordinal -> ISO date, for every day from 1960 to today
    iso_base = w["iso_base"]
    encrypt, id_hash = pii.encrypt, pii.id_hash
    person_base, no_base = w["person_base"], w["no_base"]
    text = w["vendor"] == "postgresql"
    tail = w["tail_text"]
    jobs = places.JOB_TITLES
    out = []
    pos = bisect.bisect_right(starts, start) - 1
    org_pk, org_start, org_n, founded, units, kind = holders[pos]
    org_end = org_start + org_n
    for j in range(count):
        k = start + j
        while k >= org_end:
            pos += 1
            org_pk, org_start, org_n, founded, units, kind = holders[pos]
            org_end = org_start + org_n
        number, gender, d = ids.id_number(person_base + k)
        birth = ids.birth_ordinals[d]
        lo = max(birth + 6575, founded)  # joins at 18 at the earliest, not before the union existed
        if lo > today:
            lo = today
        join = lo + int(random_() * (today - lo + 1))
        st = status[j]
        changed = join if st == "active" else join + int(random_() * (today - join + 1))
        unit = units[(k - org_start) % len(units)] if units else None
        name = surnames[j] + (male[j] if gender == "M" else female[j])
        row = (
            name, encrypt(number), id_hash(number), gender, ids.birth_iso[d], eth[j], edu[j], pol[j],
            ids.phone(person_base + k), unit, choice(jobs[kind]), emp[kind][j], org_pk, f"{no_base + k:012d}",
            iso[join - iso_base], st, iso[changed - iso_base],
        )
        if text:
            out.append("\t".join(["\\N" if v is None else str(v) for v in row]) + tail)
        else:
            out.append(row)
    if text:
        return count, "\n".join(out) + "\n"
    return count, out


MEMBER_COLUMNS = [
    "name", "id_number", "id_hash", "gender", "birth_date", "ethnicity", "education", "political_status", "phone",
    "unit_id", "job_title", "employment_type", "org_id", "member_no", "join_date", "status", "status_changed_on",
]


# --- the seeder ---------------------------------------------------------------------------------------


@dataclass
class SeedResult:
    root: object = None
    organisations: int = 0
    units: int = 0
    committee_members: int = 0
    members: int = 0
    events: int = 0
    seconds: float = 0.0
    timings: dict = field(default_factory=dict)


class CitySeeder:
    def __init__(self, *, orgs, members, units=None, seed=1, region="3203", force=False, workers=2, chunk=CHUNK,
                 log=None, audit_user=None, note=""):
        self.orgs, self.members, self.units = orgs, members, units
        self.seed, self.region, self.force = seed, region, force
        self.workers, self.chunk = workers, chunk
        self.log = log or (lambda msg: None)
        self.audit_user = audit_user
        self.note = note

    def run(self):
        from gonghui.orgs.models import Organisation

        t0 = time.perf_counter()
        result = SeedResult()
        existing = Organisation.objects.exists()
        if existing and not self.force:
            raise SeedRefused(_(
                "The registry already holds organisations. Seed an empty database, or pass --force to add "
                "another city root beside the existing tree."))
        position = 1
        if existing:
            last = Organisation.get_last_root_node()
            position = Organisation._str2int(last.path[: Organisation.steplen]) + 1
        today = timezone.localdate()
        plan = CityPlan(orgs=self.orgs, units=self.units, seed=self.seed, region=self.region, root_position=position,
                        today=today)
        holders = plan.allocate_members(self.members)
        result.timings["plan"] = time.perf_counter() - t0
        self.log(_("Planned %(orgs)d organisations and %(units)d employer units in %(s).1f s.")
                 % {"orgs": len(plan.nodes), "units": len(plan.units), "s": result.timings["plan"]})

        with bulk.fast_load():
            t = time.perf_counter()
            with transaction.atomic():
                self._insert_orgs(plan)
                self._insert_units(plan)
                result.committee_members = self._insert_committees(plan)
                self._audit(Organisation, len(plan.nodes),
                            _("%(n)d organisations generated (seed)") % {"n": len(plan.nodes)})
                from gonghui.orgs.models import EmployerUnit

                self._audit(EmployerUnit, len(plan.units),
                            _("%(n)d employer units generated (seed)") % {"n": len(plan.units)})
            result.timings["organisations"] = time.perf_counter() - t
            result.organisations, result.units = len(plan.nodes), len(plan.units)
            self.log(_("Organisations, units and committees written in %(s).1f s.")
                     % {"s": result.timings["organisations"]})
            t = time.perf_counter()
            result.members, result.events = self._insert_members(plan, holders, today)
            result.timings["members"] = time.perf_counter() - t
            t = time.perf_counter()
            from gonghui.members.models import Member, MemberEvent
            from gonghui.orgs.models import CommitteeMember, EmployerUnit

            bulk.analyze([m._meta.db_table for m in (Organisation, EmployerUnit, CommitteeMember, Member, MemberEvent)])
            result.timings["analyze"] = time.perf_counter() - t
            t = time.perf_counter()
            from gonghui.stats import counters
            from gonghui.stats.models import OrgCounter

            rows = counters.rebuild()  # bulk inserts bypass the services: count everything once
            bulk.analyze([OrgCounter._meta.db_table])
            result.timings["counters"] = time.perf_counter() - t
            self.log(_("Statistics counters built (%(n)d rows) in %(s).1f s.") % {"n": rows, "s": result.timings["counters"]})
        from gonghui.orgs.models import Organisation as Org

        result.root = Org.objects.get(path=plan.root.path)
        result.seconds = time.perf_counter() - t0
        return result

    def _audit(self, model, count, note):
        from gonghui.core import audit
        from gonghui.core.models import AuditAction

        root = self._root_obj
        audit.record(AuditAction.BULK, None, user=self.audit_user, org=root, model=model, count=count,
                     note=(note + (" · " + self.note if self.note else "")))

    def _insert_orgs(self, plan):
        from gonghui.orgs.models import Organisation

        first = sequences.allocate("org_code", len(plan.nodes))
        table = bulk.FastTable(Organisation, [
            "path", "depth", "numchild", "name", "code", "org_type", "level", "status", "founded_on", "approved_on",
            "approval_doc_no", "chair_name", "term_number", "term_started_on", "next_election_due", "address",
            "contact_phone", "closed_on",
        ])
        rows = []
        for k, n in enumerate(plan.nodes):
            n.code = f"{plan.city.region}{first + k:08d}"
            rows.append((
                n.path, n.depth, n.numchild, n.name[:100], n.code, n.org_type, n.level, n.status, _iso(n.founded),
                _iso(n.approved), n.doc_no or "", n.chair or "", n.term, _iso(n.term_started), _iso(n.due),
                (n.address or "")[:200], n.phone or "", _iso(n.closed),
            ))
        for k in range(0, len(rows), 20_000):
            table.insert(rows[k: k + 20_000])
        pks = dict(Organisation.objects.filter(path__startswith=plan.root.path).values_list("path", "pk"))
        for n in plan.nodes:
            n.pk = pks[n.path]
        self._root_obj = Organisation.objects.get(pk=plan.root.pk)

    def _insert_units(self, plan):
        from gonghui.orgs.models import EmployerUnit

        first = sequences.allocate("seed_unit", len(plan.units))
        before = EmployerUnit.objects.aggregate(m=Max("id"))["m"] or 0
        table = bulk.FastTable(EmployerUnit, ["name", "credit_code", "ownership", "industry", "employee_count",
                                              "address", "area_org_id", "union_id"])
        rows = []
        for k, u in enumerate(plan.units):
            u.credit_code = credit_code(first + k, u.district.code if u.district else plan.city.districts[0].code,
                                        u.kind)
            rows.append((u.name[:150], u.credit_code, u.ownership, u.industry, u.employees, u.address[:200],
                         u.area.pk, u.union.pk if u.union is not None else None))
        for k in range(0, len(rows), 20_000):
            table.insert(rows[k: k + 20_000])
        pks = dict(EmployerUnit.objects.filter(pk__gt=before).values_list("credit_code", "pk"))
        for u in plan.units:
            u.pk = pks[u.credit_code]

    def _insert_committees(self, plan):
        """The chair of every union, a vice chair for larger ones, special committees for some."""
        from gonghui.orgs.models import CommitteeMember

        rng = plan.rng
        table = bulk.FastTable(CommitteeMember, ["org_id", "committee", "position", "name", "term_number",
                                                 "started_on"])
        rows = []
        for n in plan.nodes:
            if not n.chair or n.term_started is None:
                continue
            started = n.term_started.isoformat()
            rows.append((n.pk, "union", "chair", n.chair, n.term, started))
            if n.weight > 80 or n.kind in ("federation", "township", "organ"):
                rows.append((n.pk, "union", "vice_chair", plan._person(), n.term, started))
            if n.level <= 6 and (n.kind in ("federation", "township") or rng.random() < 0.2):
                rows.append((n.pk, "funds_review", "director", plan._person(), n.term, started))
                rows.append((n.pk, "women", "director", plan._person(), n.term, started))
                if n.weight > 200 and rng.random() < 0.5:
                    rows.append((n.pk, "mediation", "director", plan._person(), n.term, started))
                    rows.append((n.pk, "labour_protection", "director", plan._person(), n.term, started))
        for k in range(0, len(rows), 20_000):
            table.insert(rows[k: k + 20_000])
        return len(rows)

    def _insert_members(self, plan, holders, today):
        from gonghui.members.models import Member

        total = sum(n.members for n in holders)
        if not total:
            return 0, 0
        person_base = sequences.allocate("seed_person", total)
        no_base = sequences.allocate("member_no", total)
        before = Member.objects.aggregate(m=Max("id"))["m"] or 0
        table = bulk.FastTable(Member, MEMBER_COLUMNS)
        iso_base = datetime.date(1960, 1, 1).toordinal()
        today_ord = today.toordinal()
        starts, rows = [], []
        pos = 0
        for n in holders:
            units = tuple(u.pk for u in plan.member_units(n))
            kind = "public" if n.kind in ("public", "organ") else "joint" if n.kind in ("joint", "community") \
                else "enterprise"
            rows.append((n.pk, pos, n.members, max(n.founded.toordinal(), iso_base), units, kind))
            starts.append(pos)
            pos += n.members
        _WORK.clear()
        _WORK.update(
            seed=self.seed, ids=PersonIdentifiers([d.code for d in plan.city.districts]), pools=plan.pools,
            holders=rows, starts=starts, today=today_ord, iso_base=iso_base,
            iso=[datetime.date.fromordinal(o).isoformat() for o in range(iso_base, today_ord + 1)],
            person_base=person_base, no_base=no_base, vendor=connection.vendor, tail_text=table.tail_text,
        )
        pii.encrypt("warm up")  # build the cipher before forking
        tasks = [(k // self.chunk, k, min(self.chunk, total - k)) for k in range(0, total, self.chunk)]
        t0 = time.perf_counter()
        done = 0
        last_log = 0.0

        db_seconds = 0.0

        def write(payload):
            nonlocal db_seconds
            t = time.perf_counter()
            with transaction.atomic():
                if isinstance(payload, str):
                    table.copy_text(payload)
                else:
                    table.insert(payload)
            db_seconds += time.perf_counter() - t

        def progress(n):
            nonlocal done, last_log
            done += n
            now = time.perf_counter()
            if now - last_log > 5 or done == total:
                last_log = now
                self.log(_("members: %(done)s / %(total)s (%(rate)s rows/s)") % {
                    "done": f"{done:,}", "total": f"{total:,}", "rate": f"{done / max(now - t0, 1e-6):,.0f}"})

        # A big load runs in one transaction that drops the secondary indexes first and builds them at
        # the end (several times cheaper than maintaining them row by row); a failure rolls it all back.
        deferred = total >= DEFER_INDEXES_THRESHOLD
        try:
            with transaction.atomic() if deferred else contextlib.nullcontext():
                dropped = bulk.drop_secondary_indexes(Member) if deferred else []
                for n, payload in self._generate(tasks):
                    write(payload)
                    del payload
                    progress(n)
                if dropped:
                    t = time.perf_counter()
                    bulk.create_indexes(dropped)
                    self.log(_("%(n)d member indexes built in %(s).1f s")
                             % {"n": len(dropped), "s": time.perf_counter() - t})
        finally:
            _WORK.clear()
        t1 = time.perf_counter()
        self.log(_("members written in %(s).1f s (%(db).1f s of it in the database)")
                 % {"s": t1 - t0, "db": db_seconds})
        with transaction.atomic() if deferred else contextlib.nullcontext():
            from gonghui.members.models import MemberEvent

            dropped = bulk.drop_secondary_indexes(MemberEvent) if deferred else []
            events = self._insert_events(before)
            bulk.create_indexes(dropped)
        self.log(_("member history: %(n)s events in %(s).1f s") % {"n": f"{events:,}", "s": time.perf_counter() - t1})
        with transaction.atomic():
            self._audit(Member, total, _("%(n)d members generated (seed)") % {"n": total})
        return total, events

    def _generate(self, tasks):
        """Yield (count, rows) per chunk, in order; from worker processes for big loads."""
        total = sum(t[2] for t in tasks)
        if not (self.workers and total >= POOL_THRESHOLD):
            for task in tasks:
                yield _member_chunk(task)
            return
        # Workers generate and encrypt while this process writes; at most two chunks per worker are in
        # flight, so memory stays flat however many members there are. Forked workers inherit the
        # prepared state and never touch the database connection.
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(self.workers) as pool:
            queue = iter(tasks)
            in_flight = collections.deque(
                pool.apply_async(_member_chunk, (t,)) for t in itertools.islice(queue, 2 * self.workers))
            while in_flight:
                result = in_flight.popleft().get()
                nxt = next(queue, None)
                if nxt is not None:
                    in_flight.append(pool.apply_async(_member_chunk, (nxt,)))
                yield result

    def _insert_events(self, after_id):
        """Each new member's history: "joined" for all, and the later status change for some (in SQL)."""
        from gonghui.members.models import Member, MemberEvent

        qn = connection.ops.quote_name
        m = Member._meta
        col = {f.attname: f"m.{qn(f.column)}" for f in m.concrete_fields}
        total = 0
        specs = [
            ({"kind": "joined", "note": ""}, {"date": col["join_date"], "to_org_id": col["org_id"]}, None),
            ({"kind": "withdrawn", "note": "离职"}, {"date": col["status_changed_on"]}, "withdrawn"),
            ({"kind": "status_changed", "note": "保留会籍"}, {"date": col["status_changed_on"]}, "retained"),
        ]
        now = timezone.now()
        for constants, exprs, status in specs:
            columns, selects, params = [], [], []
            for f in MemberEvent._meta.concrete_fields:
                if f.primary_key or getattr(f, "db_default", bulk.NOT_PROVIDED) is not bulk.NOT_PROVIDED:
                    continue
                columns.append(qn(f.column))
                if f.attname == "member_id":
                    selects.append(col["id"])
                elif f.attname == "created_at":
                    selects.append(col["created_at"])
                elif f.attname in exprs:
                    selects.append(exprs[f.attname])
                else:
                    sql, values = bulk.constant_select(f, constants.get(f.attname, bulk._default_for(f, now)), connection)
                    selects.append(sql)
                    params.extend(values)
            where = f"{col['id']} > %s"
            params.append(after_id)
            if status:
                where += f" AND {col['status']} = %s"
                params.append(status)
            sql = (f"INSERT INTO {qn(MemberEvent._meta.db_table)} ({', '.join(columns)}) "
                   f"SELECT {', '.join(selects)} FROM {qn(m.db_table)} m WHERE {where} ORDER BY {col['id']}")
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, params)
                total += cursor.rowcount
        return total
