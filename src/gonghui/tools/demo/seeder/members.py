"""Members: each union's share of the city's members, their rows (built, hashed and encrypted in chunks, in
worker processes when there are many) and the writing (``executemany`` on SQLite, ``COPY`` on PostgreSQL).
Small loads commit per chunk; big ones run in one transaction that drops the secondary indexes first and
rebuilds them at the end. Their history is written after them (:mod:`.history`)."""

import bisect
import collections
import contextlib
import datetime
import itertools
import multiprocessing
import random
import time

from django.db import connection, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from gonghui.core import bulk, pii, sequences
from gonghui.members.models import Member, MemberEvent
from gonghui.orgs.choices import MEMBER_HOLDING_TYPES

from .. import places
from ..identifiers import PersonIdentifiers

POOL_THRESHOLD = 150_000  # fewer members than this are generated in-process
DEFER_INDEXES_THRESHOLD = 150_000  # from this many members the secondary indexes are dropped and rebuilt


class MemberPlanner:
    """How :class:`.organisations.CityPlan` spreads the members over the unions and their employers."""

    def holders(self):
        """Live member-holding unions with their share of the members."""
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
        self._one_member_per_unit(holders, counts)
        for n, c in zip(holders, counts):
            n.members = c
            units = self.member_units(n)
            for k, u in enumerate(units):  # members are spread round-robin over the union's units
                u.assigned += c // len(units) + (1 if k < c % len(units) else 0)
        self.size_workforce()
        return [n for n in holders if n.members]

    @staticmethod
    def _one_member_per_unit(holders, counts):
        """Every employer a union covers has at least one member (else its workers count towards the 入会率's
        denominator with no member at all): a union short of members for its units gets them from the largest
        unions, as far as the total allows."""
        need = {k: len(n.units) - counts[k] for k, n in enumerate(holders) if len(n.units) > counts[k]}
        spare = sum(max(0, c - max(1, len(n.units))) for n, c in zip(holders, counts))
        if not need or sum(need.values()) > spare:
            return
        donors = sorted(range(len(holders)), key=lambda k: counts[k] - len(holders[k].units), reverse=True)
        owed = sum(need.values())
        for k, extra in need.items():
            counts[k] += extra
        d, limit = 0, len(donors) * (owed + 2)
        while owed and d < limit:  # one from each of the largest unions in turn, none below its number of units
            k = donors[d % len(donors)]
            if counts[k] > max(1, len(holders[k].units)):
                counts[k] -= 1
                owed -= 1
            d += 1

    def size_workforce(self):
        """A unionised unit's workforce follows its members (入会率 of 75-95% per unit), so that the 入会率 of
        any union or area (members ÷ employees of unionised units) is as plausible as its 组建率. Units no union
        covers keep their planned size (they count only towards 组建率)."""
        rng = self.rng
        for u in self.units:
            if u.union is None:
                continue
            if u.assigned:
                # rounded at random, so that small employers too have a worker outside the union now and then
                u.employees = u.assigned + int(u.assigned * (100 - rng.randint(75, 95)) / 100 + rng.random())
            else:  # a small employer of a joint union whose workers have not joined yet
                u.employees = min(u.employees, rng.randint(2, 9))

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



# --- writing ---------------------------------------------------------------------------------------


class MemberWriter:
    """The seeder's part that writes the members, then their history (:class:`.history.HistoryWriter`)."""

    manage_indexes = True  # drop and rebuild the secondary indexes around a big load (a province does it once)

    def _insert_members(self, plan, holders, today):
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
        deferred = self.manage_indexes and total >= DEFER_INDEXES_THRESHOLD
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

