"""The process of ``gonghui bench pages`` (:mod:`.pagesbench` starts it with :mod:`.settings_pages` and sets Django
up first): migrate and seed (a city, or at ``--scale province`` a province of cities: ``gonghui seed --province``'s
generator; or reuse a kept database), make the two officials, then request every page of the
fixed set as each of them, ours and the plain Django way (:mod:`.plainpages`) alternated, and write the result
(JSON).

Requests go through Django's test client in this process: the whole stack (middleware, session, view, template
or serializer), no HTTP socket. The first round is not timed: it checks that every page answered 200 and that the
searches and the member's page found the member on both sides (and warms the caches).
"""

import contextlib
import json
import logging
import time
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.models import RoleAssignment, User
from gonghui.members.models import Member
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Organisation
from gonghui.stats.models import NO_DAY, OrgCounter
from gonghui.tools.demo.seeder import CitySeeder, ProvinceSeeder
from gonghui.tools.demo.seeder.province import cities_for

from .statswork import percentile

ROLES = ("upper", "township")  # the official of the seeded tree's root (a city, a province), of a township


def _say(line=""):
    print("  " + line, flush=True)


def seed(task, note="gonghui bench pages"):
    """Migrate the benchmark's database and seed it (a city, or a province with ``task["province"]``); its root."""
    t = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    _say(f"database: {connection.vendor} {connection.settings_dict['NAME']}, migrated in "
         f"{time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    common = {"orgs": task["orgs"], "members": task["members"], "seed": task["seed"], "workers": task["workers"],
              "log": lambda msg: _say("seed: " + msg), "note": note}
    if task.get("province"):  # a province federation with as many of its 13 cities as the organisations allow
        seeded = ProvinceSeeder(cities=cities_for(task["orgs"]), **common).run()
    else:
        seeded = CitySeeder(**common).run()
    _say(f"seeded in {time.perf_counter() - t:.1f} s: {seeded.organisations:,} organisations, {seeded.units:,} "
         f"employer units, {seeded.members:,} members")
    return Organisation.objects.get(pk=seeded.root.pk)


def _busiest_township(root):
    """The township (street) holding the most members below it (from the counters), else the first one."""
    towns = Organisation.objects.filter(path__startswith=root.path, level=OrgLevel.TOWNSHIP)
    row = (OrgCounter.objects.filter(key="m.count", day=NO_DAY, org__in=towns).order_by("-total", "org_id")
           .values_list("org_id", flat=True).first())
    town = towns.filter(pk=row).first() if row else towns.order_by("path").first()
    if town is None:
        raise SystemExit("the seeded tree has no township: seed more organisations (--orgs)")
    return town


def _official(username, org):
    """A staff official of ``org`` (made once: a kept database reused keeps them)."""
    user, made = User.objects.get_or_create(username=username, defaults={
        "full_name": username, "home_org": org, "kind": "official"})
    if made:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    RoleAssignment.objects.get_or_create(user=user, org=org, defaults={"role": "staff"})
    return user


def _target(town):
    """The member the searches look for and whose page is opened: in the township's subtree, so both officials
    see it."""
    member = (Member.objects.filter(org__path__startswith=town.path, status="active").exclude(phone="")
              .order_by("id").first())
    if member is None:
        raise SystemExit(f"no active member with a phone below {town.code}: seed more members (--members)")
    return member


def pages(org, member, year):
    """The fixed set of pages for an official of ``org``: (name, our URL, the plain URL, text both must show)."""
    searches = (("search_id", member.id_number), ("search_phone", member.phone),
                ("search_member_no", member.member_no), ("search_name", member.name[:2]))
    members, plain_members = reverse("members:member_list"), reverse("plain_member_list")
    dashboard = "?" + urlencode({"org": org.code, "period": year})
    return [
        ("member_list", members, plain_members, None),
        *[(name, f"{members}?{urlencode({'q': q})}", f"{plain_members}?{urlencode({'q': q})}",
           None if name == "search_name" else member.member_no) for name, q in searches],
        ("org_tree", reverse("orgs:org_tree_children", args=[org.pk]), reverse("plain_org_children", args=[org.pk]),
         None),
        ("member_detail", reverse("members:member_detail", args=[member.pk]),
         reverse("plain_member_detail", args=[member.pk]), member.member_no),
        ("dashboard", reverse("stats:dashboard") + dashboard, reverse("plain_dashboard") + dashboard, org.name),
        ("api_members", reverse("member-list"), reverse("plain_member_api"), None),
        ("api_search_id", f"{reverse('member-list')}?{urlencode({'q': member.id_number})}",
         f"{reverse('plain_member_api')}?{urlencode({'q': member.id_number})}", member.member_no),
    ]


def _client(user):
    host = next((h for h in settings.ALLOWED_HOSTS if h and h != "*" and not h.startswith(".")), "localhost")
    client = Client(HTTP_HOST=host)
    client.force_login(user)
    return client


TIMED_OUT = "timed out"


@contextlib.contextmanager
def _deadline(seconds):
    """The database work of the block is cut after ``seconds`` (0: never): on SQLite the whole block's (a progress
    handler interrupts the statement running then), on PostgreSQL each statement's (``statement_timeout``)."""
    if not seconds:
        yield
        return
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        end = time.perf_counter() + seconds
        connection.connection.set_progress_handler(lambda: int(time.perf_counter() > end), 100_000)
        try:
            yield
        finally:
            connection.connection.set_progress_handler(None, 0)
    else:
        with transaction.atomic():  # SET LOCAL: ends with it, whether the block fails or not
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [str(int(seconds * 1000))])
            yield


@contextlib.contextmanager
def _quiet(logger_name, when):
    logger = logging.getLogger(logger_name)
    level = logger.level
    if when:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _get(client, url, limit=0):
    """(ms, status, body) of one request; a request cut at ``limit`` seconds (the plain pages' --plain-timeout)
    counts as the limit, with the status :data:`TIMED_OUT`."""
    t = time.perf_counter()
    try:
        # a request cut short is not an error of the page: Django would log its traceback
        with _deadline(limit), _quiet("django.request", limit):
            response = client.get(url, secure=True)
            body = b"".join(response.streaming_content) if response.streaming else response.content
    except DatabaseError:
        if not limit:
            raise
        return limit * 1000.0, TIMED_OUT, b""
    ms = (time.perf_counter() - t) * 1000
    return ms, response.status_code, body


def work(task):
    if task.get("reuse"):
        _say(f"database: {connection.vendor} {connection.settings_dict['NAME']}, kept by an earlier run: no seeding")
        root = Organisation.get_root_nodes().first()
    else:
        root = seed(task)
    if root is None:
        raise SystemExit("the database holds no organisations")
    town = _busiest_township(root)
    member = _target(town)
    year = timezone.localdate().year
    officials = {"upper": (_official("bench_pages_upper", root), root),
                 "township": (_official("bench_pages_township", town), town)}
    n_orgs, n_members = Organisation.objects.count(), Member.objects.count()
    below = Member.objects.filter(org__path__startswith=town.path).count()
    _say(f"{n_orgs:,} organisations, {n_members:,} members; upper official at {root.code} {root.name}, township "
         f"official at {town.code} {town.name} ({below:,} members below it); the member searched: {member.pk}")

    plan = []  # (role, page, client, our url, plain url, expected text)
    for role in ROLES:
        user, org = officials[role]
        client = _client(user)
        for name, ours, plain, expect in pages(org, member, year):
            plan.append((role, name, client, ours, plain, expect))

    # The first round: untimed; every page must answer 200 and show what it must, on both sides.
    problems = []
    limit = task.get("plain_timeout") or 0
    cut = []  # the plain requests cut at the limit
    for role, name, client, ours, plain, expect in plan:
        for way, url in (("ours", ours), ("plain", plain)):
            _ms, status, body = _get(client, url, limit if way == "plain" else 0)
            if status == TIMED_OUT:
                cut.append(f"{role}/{name}")
            elif status != 200:
                problems.append(f"{role}/{name} {way}: {url} answered {status}")
            elif expect and str(expect).encode() not in body:
                problems.append(f"{role}/{name} {way}: {url} does not show {expect}")
    if problems:
        for p in problems:
            _say("CHECK FAILED: " + p)
    else:
        _say(f"check passed: all {len(plan) * 2} pages answered 200 (ours and plain), and the searches and the "
             f"member's page found member {member.member_no} on both sides")

    times = {(role, name): {"ours": [], "plain": []} for role, name, *_rest in plan}
    statuses = set()
    for r in range(task["repeat"]):
        for role, name, client, ours, plain, _expect in plan:
            order = (("ours", ours), ("plain", plain)) if r % 2 == 0 else (("plain", plain), ("ours", ours))
            for way, url in order:
                ms, status, _body = _get(client, url, limit if way == "plain" else 0)
                if status == TIMED_OUT:
                    cut.append(f"{role}/{name}")
                else:
                    statuses.add(status)
                times[(role, name)][way].append(ms)
    if statuses - {200}:
        problems.append(f"timed rounds answered {sorted(statuses)}")
        _say(f"CHECK FAILED: timed rounds answered {sorted(statuses)}")

    _say(f"{task['repeat']} timed rounds, ours and plain alternated; milliseconds, p50 / p95 (nearest rank):")
    _say(f"{'page':<26}{'ours p50':>10}{'p95':>9}{'plain p50':>11}{'p95':>9}{'plain/ours p95':>16}")
    rows = []
    for (role, name), t in times.items():
        row = {"page": f"{role}/{name}", "ours_p50": percentile(t["ours"], 50), "ours_p95": percentile(t["ours"], 95),
               "plain_p50": percentile(t["plain"], 50), "plain_p95": percentile(t["plain"], 95)}
        rows.append(row)
        _say(f"{row['page']:<26}{row['ours_p50']:>10.1f}{row['ours_p95']:>9.1f}{row['plain_p50']:>11.1f}"
             f"{row['plain_p95']:>9.1f}{row['plain_p95'] / row['ours_p95']:>15.1f}x")
    if cut:
        _say(f"plain requests cut at --plain-timeout {limit:g} s: {len(cut)} ({', '.join(sorted(set(cut)))}); each "
             f"counts as {limit * 1000:.0f} ms, so the plain figures and the speedups are lower bounds")
    all_ours = [ms for t in times.values() for ms in t["ours"]]
    all_plain = [ms for t in times.values() for ms in t["plain"]]
    worst = max(rows, key=lambda row: row["ours_p95"])
    result = {"orgs": n_orgs, "members": n_members, "pages": rows, "problems": problems,
              "p95_ms": percentile(all_ours, 95), "plain_p95_ms": percentile(all_plain, 95),
              "worst_page": worst["page"], "worst_ms": worst["ours_p95"], "requests": len(all_ours) + len(all_plain),
              "plain_cut": len(cut)}
    Path(task["result"]).write_text(json.dumps(result))
