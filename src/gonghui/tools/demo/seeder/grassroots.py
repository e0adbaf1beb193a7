"""Grassroots unions and their employer units: enterprises, public institutions and organs, village and
community federations, regional and industry joint unions, and employers no union covers yet. A mixin of
:class:`.organisations.CityPlan` (it builds on its tree, dates and names), and the writer of the units."""

import math
from dataclasses import dataclass

from django.db.models import Max

from gonghui.core import bulk, sequences
from gonghui.orgs import census
from gonghui.orgs.models import EmployerUnit

from .. import places
from ..identifiers import credit_code
from .base import ENTERPRISE_INDUSTRIES, OWNERSHIPS, insert_in_batches, weighted


@dataclass(slots=True, eq=False)
class UnitPlan:
    name: str
    kind: str
    ownership: str
    industry: str
    employees: int
    address: str
    area: object
    union: object
    district: object
    assigned: int = 0
    pk: int = None
    credit_code: str = None


class GrassrootsPlanner:
    """How :class:`.organisations.CityPlan` makes grassroots unions and employer units."""

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
        ownership = "state" if big and rng.random() < 0.4 else weighted(rng, OWNERSHIPS)
        employees = self._employees(300 if big else 60, 1.1, 8, 30000)
        self._unit(name, "enterprise", ownership, industry, employees, node)
        node.weight = employees * rng.uniform(0.75, 0.98)
        return node

    def _flagship(self, district_node):
        """A group company directly under the district whose union covers the group and two subsidiaries (their
        workforce is sized to the members later, like every unionised unit's)."""
        rng, d = self.rng, district_node.district
        name = self._unique(lambda: f"江苏{rng.choice(self.pools.company_prefixes)}重工集团有限公司")
        self.used_names.add(name)
        node = self._grassroots(district_node, name + "工会委员会", "enterprise", "enterprise", d)
        self._dates(node, founded_year=rng.randint(1992, 2006))  # an old union: its members joined over the years
        brand = name[2:4]
        self._unit(name, "enterprise", "state", "C", 1, node)
        for word, industry in (("工程机械", "C"), ("物流", "G")):
            sub = self._unique(lambda word=word: f"{self.city.name}{brand}{word}有限公司")
            self.used_names.add(sub)
            self._unit(sub, "enterprise", "state", industry, 1, node)
        node.weight = 1.0  # a share of the city once the plan is complete
        return node

    def _institution(self, parent, make, district, town=None, organ=False):
        """A public institution's union; ``make()`` proposes (unit name, industry), retried until unused."""
        rng = self.rng
        for _attempt in range(8):
            unit_name, industry = make()
            if unit_name not in self.used_names:
                break
        else:
            unit_name = self._unique(lambda name=unit_name: name)
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
        kind = weighted(rng, (("enterprise", 55), ("community", 18), ("joint_regional", 10), ("joint_industry", 5),
                               ("public", 12)))
        if kind == "enterprise":
            return self._enterprise(town, weighted(rng, ENTERPRISE_INDUSTRIES), d, town.town)
        if kind == "public":
            def make():
                if rng.random() < 0.6:
                    inst, industry = rng.choice(places.TOWN_INSTITUTIONS)
                    return f"{d.name}{town.town}{inst}", industry
                place = f"{d.name}{town.town}{rng.choice(self.pools.villages)}"
                return rng.choice([(f"{place}小学", "P"), (f"{place}幼儿园", "P"), (f"{place}村卫生室", "Q")])

            return self._institution(town, make, d, town.town)
        if kind == "community":
            name = self._unique(
                lambda: f"{town.town}{rng.choice(self.pools.villages)}村工会联合会" if rng.random() < 0.6
                else f"{town.town}{rng.choice(places.COMMUNITY_NAMES)}社区工会联合会")
            node = self._grassroots(town, name, "community", "community", d, town.town)
            for _i in range(rng.randint(0, 5)):
                industry = weighted(rng, ENTERPRISE_INDUSTRIES)
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
            industry = node.industry or weighted(rng, ENTERPRISE_INDUSTRIES)
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
            return self._enterprise(district_node, weighted(rng, ENTERPRISE_INDUSTRIES), d, big=True)
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
                    community = rng.choice(places.COMMUNITY_NAMES)
                    return f"{d.name}{community}{rng.choice(['中学', '小学', '实验学校'])}", "P"
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
        industry = weighted(rng, ENTERPRISE_INDUSTRIES)
        kind = "individual" if rng.random() < 0.15 else "enterprise"
        self._unit(self._company(industry, district=node.district), kind, weighted(rng, OWNERSHIPS), industry,
                   self._employees(18, 1.0, 3, 600), node, union=False)


# --- writing ---------------------------------------------------------------------------------------


class UnitWriter:
    """The seeder's part that writes the planned employer units."""

    def _insert_units(self, plan):
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
        insert_in_batches(table, rows)
        census.recompute_flags()
        pks = dict(EmployerUnit.objects.filter(pk__gt=before).values_list("credit_code", "pk"))
        for u in plan.units:
            u.pk = pks[u.credit_code]

