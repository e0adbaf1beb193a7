"""The organisation tree of the city, planned in memory: the city federation, its districts and counties, the
industry unions and the organs' committee, townships and streets, grassroots unions (see :mod:`.grassroots`),
their branches and groups, with founding dates, terms and chairs. Then written with the paths computed directly
(treebeard ``MP_Node`` with ``steplen=4``: a node's path is its parent's path plus its 1-based position among its
siblings in base 36), with the committees of each union."""

import datetime
import random

from django.utils.translation import gettext as _

from gonghui.core import bulk, sequences
from gonghui.orgs.models import CommitteeMember, Organisation

from .. import places
from ..pools import get_pools, person_name
from .base import SeedRefused, add_years, insert_in_batches, iso
from .grassroots import GrassrootsPlanner
from .members import MemberPlanner

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


class CityPlan(GrassrootsPlanner, MemberPlanner):
    """The whole city in memory: nodes in insertion order (parents first) and units.

    The grassroots unions and their employers come from :class:`.grassroots.GrassrootsPlanner`, the members'
    share of each union from :class:`.members.MemberPlanner`."""

    def __init__(self, *, orgs, units, seed, region, root_position, today, flagship=None, parent_path=None):
        if orgs < 60:
            raise SeedRefused(_("A city needs at least %(n)d organisations.") % {"n": 60})
        self.rng = rng = random.Random(seed)
        self.pools = get_pools()
        self.today = today
        self.city = places.CITIES.get(region) or self._generic_city(region)
        self.nodes = []
        self.units = []
        self.used_names = set()
        city = self.city
        root = Node(None, f"{city.name}市总工会", "city_federation", 3, "federation")
        # A root of its own, or a child of a province federation (``parent_path``) at ``root_position``.
        root.depth = 1 if parent_path is None else len(parent_path) // Organisation.steplen + 1
        root.path = Organisation._get_path(parent_path, root.depth, root_position)
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
            node = self._child(root, f"{city.name}市{name}", "industry", 4, "federation",
                               district=districts[0].district)
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
        # The flagship (the demo's own union): a group company in the named district whose union covers the group
        # and its subsidiaries, with branches, holding a few percent of the city's members.
        home = next((dn for dn in districts if flagship and dn.district.name == flagship), None)
        self.flagship = self._flagship(home) if home is not None else None
        grassroots = [self.flagship] if self.flagship else []
        parents = rng.choices(["town", "district", "industry", "organ"], weights=[81.5, 10, 8, 0.5],
                              k=n_grassroots - len(grassroots))
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
        candidates = [self.flagship] if self.flagship else []
        candidates += rng.choices(big, weights=big_weights, k=n_branches) if big else []
        candidates += big
        for parent in candidates:
            if len(branches) >= n_branches:
                break
            if parent.numchild:
                continue
            for _i in range(min(6 if parent is self.flagship else rng.randint(2, 8), n_branches - len(branches))):
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
            if g is self.flagship:
                continue
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
        if self.flagship is not None:
            self.flagship.weight = 0.03 * sum(n.weight for n in self.nodes if n is not self.flagship)

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
        node.path = Organisation._get_path(parent.path, node.depth, parent.numchild)
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
        # Still taken: told apart like real namesakes, by a Chinese ordinal (never a digit).
        for ordinal in "二三四五六七八九十":
            if f"{name}（{ordinal}）" not in self.used_names:
                return f"{name}（{ordinal}）"
        return self._unique(make)

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
        started = add_years(founded, (term - 1) * term_len) + datetime.timedelta(days=rng.randint(0, 40))
        started = min(started, today)
        if term > 1 and rng.random() < 0.12:  # the election is overdue (换届逾期)
            term -= 1
            started = add_years(started, -term_len)
        node.term = min(term, 30)
        node.term_started = max(started, founded)
        node.due = add_years(node.term_started, term_len)
        node.chair = self._person()
        node.phone = f"{self.city.area_code}-8{rng.randint(0, 9999999):07d}"
        if not getattr(node, "address", None) and node.parent is not None:
            node.address = self._address(node.district, node.town)

    def _person(self):
        gender = "M" if self.rng.random() < 0.6 else "F"
        return person_name(self.rng, self.pools, gender)

    def _address(self, district, town=None):
        rng = self.rng
        place = f"{district.name}{town or ''}" if district else ""
        return f"{self.city.name}市{place}{rng.choice(self.pools.roads)}{rng.randint(1, 399)}号"



# --- writing ---------------------------------------------------------------------------------------


class OrgWriter:
    """The seeder's part that writes the planned tree and the committees."""

    def _insert_orgs(self, plan):
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
                n.path, n.depth, n.numchild, n.name[:100], n.code, n.org_type, n.level, n.status, iso(n.founded),
                iso(n.approved), n.doc_no or "", n.chair or "", n.term, iso(n.term_started), iso(n.due),
                (n.address or "")[:200], n.phone or "", iso(n.closed),
            ))
        insert_in_batches(table, rows)
        pks = dict(Organisation.objects.filter(path__startswith=plan.root.path).values_list("path", "pk"))
        for n in plan.nodes:
            n.pk = pks[n.path]
        self._root_obj = Organisation.objects.get(pk=plan.root.pk)

    def _insert_committees(self, plan):
        """The chair of every union, a vice chair for larger ones, special committees for some."""
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
        insert_in_batches(table, rows)
        return len(rows)
