"""The preparing process of ``gonghui bench load`` (:mod:`.loadbench` starts it and sets Django up first): migrate
and seed (or reuse a kept database), make the officials of every level with one password and an API token each,
pick the members each of them searches for (their numbers decrypted with the run's keys), and write the plan the
load driver (:mod:`.loaddriver`, which never imports Django) follows: the officials, their samples and the URLs.
"""

import json
import random
import time
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts import tokens
from gonghui.accounts.models import RoleAssignment, User
from gonghui.members.choices import Gender, MemberStatus
from gonghui.members.models import Member
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Organisation

from .pageswork import _busiest_township, _say, seed

# Officials made per level (at most; fewer when the tree has fewer such organisations): the tree's root ("city": the
# city, or the province at province scale), districts (counties), townships and grassroots unions (their chairs).
PER_LEVEL = {"city": 1, "district": 6, "township": 10, "grassroots": 16}
SAMPLES = 8  # members per official its searches and member pages use
PK = 987654321  # stands for the record's id in the URL patterns handed to the driver


def _pattern(name):
    return reverse(name, args=[PK]).replace(str(PK), "{pk}")


def urls():
    """The pages and API calls the driver requests, by name (``{pk}`` where a record's id goes)."""
    return {
        "login": reverse("accounts:login"), "home": reverse("core:home"), "healthz": reverse("core:healthz"),
        "dashboard": reverse("stats:dashboard"), "members": reverse("members:member_list"),
        "member_detail": _pattern("members:member_detail"), "org_tree": reverse("orgs:org_tree"),
        "org_children": _pattern("orgs:org_tree_children"), "org_detail": _pattern("orgs:org_detail"),
        "org_list": reverse("orgs:org_list"), "unit_list": reverse("orgs:unit_list"),
        "transfer_list": reverse("members:transfer_list"), "application_list": reverse("members:application_list"),
        "case_list": reverse("rights:case_list"), "warning_list": reverse("rights:warning_list"),
        "archive_list": reverse("hardship:archive_list"), "search": reverse("core:search"),
        "api_members": reverse("member-list"), "api_orgs": reverse("org-list"), "api_units": reverse("unit-list"),
        "api_cases": reverse("rights-case-list"), "api_archives": reverse("hardship-archive-list"),
    }


def _offices(root, rng):
    """The organisations the officials sit at, by level: the root, districts, the busiest township and random
    others, grassroots unions that hold members."""
    below = Organisation.objects.filter(path__startswith=root.path, depth__gt=root.depth)
    districts = list(below.filter(level=OrgLevel.COUNTY).order_by("path")[:50])
    towns = list(below.filter(level=OrgLevel.TOWNSHIP).order_by("?")[:PER_LEVEL["township"] - 1])
    busiest = _busiest_township(root)
    towns = [busiest, *[t for t in towns if t.pk != busiest.pk]][:PER_LEVEL["township"]]
    # Grassroots unions holding members: those of random members (a random id, the next active member).
    low, high = Member.objects.order_by("pk").values_list("pk", flat=True).first(), \
        Member.objects.order_by("-pk").values_list("pk", flat=True).first()
    grassroots, seen = [], set()
    for _try in range(PER_LEVEL["grassroots"] * 4):
        org_id = (Member.objects.filter(pk__gte=rng.randint(low, high), status=MemberStatus.ACTIVE,
                                        org__level=OrgLevel.GRASSROOTS).order_by("pk")
                  .values_list("org_id", flat=True).first())
        if org_id and org_id not in seen:
            seen.add(org_id)
            grassroots.append(Organisation.objects.get(pk=org_id))
        if len(grassroots) == PER_LEVEL["grassroots"]:
            break
    return {"city": [root], "district": rng.sample(districts, min(len(districts), PER_LEVEL["district"])),
            "township": towns, "grassroots": grassroots}


def _official(username, org, password_hash):
    """A staff official of ``org`` with the run's password (made once: a kept database reused keeps them)."""
    user, _made = User.objects.get_or_create(username=username, defaults={
        "full_name": username, "home_org": org, "kind": "official"})
    User.objects.filter(pk=user.pk).update(password=password_hash, is_active=True)
    RoleAssignment.objects.get_or_create(user=user, org=org, defaults={"role": "staff"})
    return user


def _samples(org):
    """Up to ``SAMPLES`` active members with a phone below ``org``, each of another grassroots union where there
    are several, with the numbers the searches type in (decrypted: the model does it)."""
    unions = list(Organisation.objects.filter(path__startswith=org.path, level=OrgLevel.GRASSROOTS)
                  .order_by("?").values_list("pk", flat=True)[:SAMPLES * 2]) or [org.pk]
    found = []
    for union in unions:
        members = (Member.objects.filter(org_id=union, status=MemberStatus.ACTIVE).exclude(phone="")
                   .select_related("org").order_by("pk"))
        picks = members[:SAMPLES] if len(unions) == 1 else members[:1]
        found += [{"pk": m.pk, "id_number": m.id_number, "phone": m.phone, "member_no": m.member_no,
                   "name": m.name, "union": m.org.code} for m in picks]
        if len(found) >= SAMPLES:
            break
    return found[:SAMPLES]


def _children(org, rng):
    kids = list(Organisation.objects.filter(path__startswith=org.path, depth=org.depth + 1)
                .order_by("path").values("pk", "code")[:200])
    return rng.sample(kids, min(len(kids), 12))


def work(task):
    rng = random.Random(task["seed"])
    if task.get("reuse"):
        _say(f"database: {connection.vendor} {connection.settings_dict['NAME']}, kept by an earlier run: no seeding")
        root = Organisation.get_root_nodes().first()
    else:
        root = seed(task, "gonghui bench load")
    if root is None:
        raise SystemExit("the database holds no organisations")
    # Every run starts from an empty cache, as a server whose cache was emptied: a kept work dir's cache would
    # otherwise hold the dashboards and workbenches an earlier run worked out.
    cache.clear()
    t = time.perf_counter()
    password = task["password"]
    password_hash = make_password(password)  # hashed once: every official of the run has it
    officials = []
    for level, orgs in _offices(root, rng).items():
        for i, org in enumerate(orgs):
            user = _official(f"bench_load_{level}_{i}", org, password_hash)
            _token, key = tokens.create_token(user, "gonghui bench load")
            samples = _samples(org)
            if not samples:
                continue  # no member to search for below it
            shown = Member.objects.filter(org__path__startswith=org.path).count()
            officials.append({"level": level, "username": user.username, "token": key, "org": org.pk,
                              "code": org.code, "children": _children(org, rng), "samples": samples,
                              "pages": max(1, min(5, -(-shown // 50)))})
    if not officials:
        raise SystemExit("no organisation of the seeded tree holds active members: seed more members (--members)")
    n_orgs, n_members = Organisation.objects.count(), Member.objects.count()
    by_level = {level: sum(o["level"] == level for o in officials) for level in PER_LEVEL}
    _say(f"{n_orgs:,} organisations, {n_members:,} members; officials "
         + ", ".join(f"{level} {n}" for level, n in by_level.items())
         + f" (made with tokens and samples in {time.perf_counter() - t:.1f} s)")
    plan = {"orgs": n_orgs, "members": n_members, "officials": officials, "urls": urls(),
            "year": timezone.localdate().year, "genders": list(Gender.values), "password": password}
    path = Path(task["result"])
    path.touch(mode=0o600)  # the password and the tokens
    path.write_text(json.dumps(plan))
