"""The seeder: plans the city (:class:`.organisations.CityPlan`), writes it part by part and builds the
statistics counters once at the end; one audit entry per batch records what was generated."""

import time
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, bulk
from gonghui.core.models import AuditAction
from gonghui.members.models import Member, MemberEvent
from gonghui.orgs.models import CommitteeMember, EmployerUnit, Organisation
from gonghui.stats import counters
from gonghui.stats.models import OrgCounter

from .base import CHUNK, SeedRefused
from .grassroots import UnitWriter
from .history import HistoryWriter
from .members import MemberWriter
from .organisations import CityPlan, OrgWriter


@dataclass
class SeedResult:
    root: object = None
    flagship: object = None  # the flagship union (``flagship=`` district), when one was planned
    organisations: int = 0
    units: int = 0
    committee_members: int = 0
    members: int = 0
    events: int = 0
    cities: int = 0  # written by this run (a province)
    complete: bool = True  # False: a province stopped early (--stop-after-cities), to be continued
    seconds: float = 0.0
    timings: dict = field(default_factory=dict)


class CitySeeder(OrgWriter, UnitWriter, MemberWriter, HistoryWriter):
    def __init__(self, *, orgs, members, units=None, seed=1, region="3203", force=False, workers=2, chunk=CHUNK,
                 log=None, audit_user=None, note="", flagship=None):
        self.orgs, self.members, self.units = orgs, members, units
        self.seed, self.region, self.force = seed, region, force
        self.workers, self.chunk = workers, chunk
        self.log = log or (lambda msg: None)
        self.audit_user = audit_user
        self.note = note
        self.flagship = flagship  # the district (名称) to give a flagship group company, for the demo

    def run(self):
        t0 = time.perf_counter()
        result = SeedResult()
        position = self._root_position()
        today = timezone.localdate()
        plan = self._plan(region=self.region, seed=self.seed, orgs=self.orgs, members=self.members, units=self.units,
                          position=position, today=today, result=result, flagship=self.flagship)
        with bulk.fast_load():
            self._write_city(plan, today, result)
            self._finish(result)
        result.root = Organisation.objects.get(path=plan.root.path)
        if plan.flagship is not None:
            result.flagship = Organisation.objects.get(pk=plan.flagship.pk)
        result.seconds = time.perf_counter() - t0
        return result

    def _root_position(self):
        """The position among the roots of the new tree (after the existing ones); refused over an existing tree
        without ``force``."""
        existing = Organisation.objects.exists()
        if existing and not self.force:
            raise SeedRefused(_(
                "The registry already holds organisations. Seed an empty database, or pass --force to add "
                "another city root beside the existing tree."))
        if not existing:
            return 1
        last = Organisation.get_last_root_node()
        return Organisation._str2int(last.path[: Organisation.steplen]) + 1

    def _plan(self, *, region, seed, orgs, members, units, position, today, result, flagship=None, parent_path=None):
        """The city planned in memory, its members shared out over its unions (``plan.holders``)."""
        t = time.perf_counter()
        plan = CityPlan(orgs=orgs, units=units, seed=seed, region=region, root_position=position, today=today,
                        flagship=flagship, parent_path=parent_path)
        plan.holders = plan.allocate_members(members)
        result.timings["plan"] = result.timings.get("plan", 0.0) + time.perf_counter() - t
        self.log(_("Planned %(orgs)d organisations and %(units)d employer units in %(s).1f s.")
                 % {"orgs": len(plan.nodes), "units": len(plan.units), "s": time.perf_counter() - t})
        return plan

    def _write_city(self, plan, today, result):
        """Write a planned city: organisations, units and committees, then the members and their history."""
        t = time.perf_counter()
        with transaction.atomic():
            self._insert_orgs(plan)
            self._insert_units(plan)
            committee = self._insert_committees(plan)
            self._audit(Organisation, len(plan.nodes),
                        _("%(n)d organisations generated (seed)") % {"n": len(plan.nodes)})
            self._audit(EmployerUnit, len(plan.units),
                        _("%(n)d employer units generated (seed)") % {"n": len(plan.units)})
        seconds = time.perf_counter() - t
        result.timings["organisations"] = result.timings.get("organisations", 0.0) + seconds
        result.organisations += len(plan.nodes)
        result.units += len(plan.units)
        result.committee_members += committee
        self.log(_("Organisations, units and committees written in %(s).1f s.") % {"s": seconds})
        t = time.perf_counter()
        members, events = self._insert_members(plan, plan.holders, today)
        result.members += members
        result.events += events
        result.timings["members"] = result.timings.get("members", 0.0) + time.perf_counter() - t

    def _finish(self, result):
        """The planner's statistics and the statistics counters, once everything is written."""
        t = time.perf_counter()
        bulk.analyze([m._meta.db_table for m in (Organisation, EmployerUnit, CommitteeMember, Member, MemberEvent)])
        result.timings["analyze"] = time.perf_counter() - t
        t = time.perf_counter()
        rows = counters.rebuild()  # bulk inserts bypass the services: count everything once
        bulk.analyze([OrgCounter._meta.db_table])
        result.timings["counters"] = time.perf_counter() - t
        self.log(_("Statistics counters built (%(n)d rows) in %(s).1f s.")
                 % {"n": rows, "s": result.timings["counters"]})

    def _audit(self, model, count, note):
        audit.record(AuditAction.BULK, None, user=self.audit_user, org=self._root_obj, model=model, count=count,
                     note=(note + (" · " + self.note if self.note else "")))
