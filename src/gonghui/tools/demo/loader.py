"""The demo data set: a Xuzhou-style city, demo accounts at every level, and pending work to act on.

The organisations, units and members come from the fast seed machinery; the pending join
applications, transfers and withdrawals go through ``members.services``, so they carry the same history
and audit entries as real ones. Then every area adds its own records (``<area>/demo.py``'s ``load(ctx)``, found
through the area registry) with the accounts and organisations of the context. Loading happens once: a marker
(the ``core.Sequence`` row ``demo_data``) tells later runs that the data is there.
"""

import datetime
import random
import time
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.choices import Role
from gonghui.accounts.models import RoleAssignment, User
from gonghui.core import audit, sequences
from gonghui.core.models import Sequence
from gonghui.core.registry import ordered_by_area, registry, resolve
from gonghui.members import services
from gonghui.members.models import JoinApplication, Member, Transfer
from gonghui.orgs.models import EmployerUnit, Organisation

from .identifiers import BIRTH_FIRST, PersonIdentifiers
from .pools import get_pools, person_name
from .seeder import CitySeeder

DEMO_PASSWORD = "Gonghui@2026"
MARKER = "demo_data"
DEMO_REGION = "3203"
DEMO_DISTRICT = "泉山区"

TRANSFER_REASONS = ("工作调动", "单位改制，劳动关系转移", "跨区域流动就业", "劳务派遣单位变更", "企业合并重组")
WITHDRAW_REASONS = ("调离本单位，本人申请退会", "解除劳动合同", "出国定居")


@dataclass
class DemoAccount:
    login: str
    role: str
    org: str


@dataclass
class DemoInfo:
    loaded: bool
    accounts: list = field(default_factory=list)
    password: str = DEMO_PASSWORD
    counts: dict = field(default_factory=dict)
    seconds: float = 0.0
    message: str = ""


def demo_loaded():
    return Sequence.objects.filter(name=MARKER).exists()


def _accounts():
    rows = []
    admin = User.objects.filter(username="admin").first()
    if admin is not None:
        rows.append(DemoAccount("admin", _("system administrator (superuser)"), _("whole system")))
    role_names = dict(Role.choices)
    names = ["city_admin", "district_admin", "district_staff", "district_viewer", "grassroots_chair",
             "grassroots_staff"]
    assignments = {
        ra.user.username: ra
        for ra in RoleAssignment.objects.filter(user__username__in=names).select_related("user", "org")
    }
    for name in names:
        ra = assignments.get(name)
        if ra is not None:
            rows.append(DemoAccount(name, str(role_names.get(ra.role, ra.role)), ra.org.name))
    chair = assignments.get("grassroots_chair")
    if chair is not None:
        member_user = User.objects.filter(kind="member", member__org=chair.org).select_related("member").first()
        if member_user is not None:
            rows.append(DemoAccount(member_user.phone, _("member portal (signs in with the mobile number)"),
                                    f"{member_user.full_name} · {chair.org.name}"))
    return rows


def _counts():
    return {
        "organisations": Organisation.objects.count(),
        "units": EmployerUnit.objects.count(),
        "members": Member.objects.count(),
        "pending_applications": JoinApplication.objects.filter(status="pending").count(),
        "pending_transfers": Transfer.objects.filter(status="pending").count(),
    }


def load_demo(scale=1.0, *, log=None, password=DEMO_PASSWORD, workers=0):
    """Load the demo data unless it is there already. ``scale`` 1.0 gives ~4,000 unions and 30,000 members."""
    log = log or (lambda msg: None)
    if demo_loaded():
        return DemoInfo(False, _accounts(), password, _counts(), message=_("Demo data is already loaded."))
    if Organisation.objects.exists():
        return DemoInfo(False, _accounts(), password, _counts(), message=_(
            "The database already holds organisations that are not the demo data; demo data not loaded."))
    started = time.perf_counter()
    with transaction.atomic():
        if Sequence.objects.select_for_update().filter(name=MARKER).exists():  # loaded by a concurrent run
            return DemoInfo(False, _accounts(), password, _counts(), message=_("Demo data is already loaded."))
        _load(scale, log, password, workers)
        Sequence.objects.create(name=MARKER, value=1)
    return DemoInfo(True, _accounts(), password, _counts(), time.perf_counter() - started)


def _load(scale, log, password, workers):
    """The city (organisations, units, members), the demo accounts and the members' pending work; then every
    area adds its records through the registry, given the context built here."""
    rng = random.Random(2026)
    ctx = _city(scale, log, workers)
    ctx |= _demo_accounts(ctx, password)
    ctx |= {"today": timezone.localdate(), "rng": rng, "log": log, "scale": scale} | _name_makers(rng)
    _pending_work(ctx)
    _demo_apps(ctx)


def _name_makers(rng):
    """Realistic names for the areas' records (household members, parties...), from the seeder's pools: the
    areas may not import gonghui.tools."""
    pools = get_pools()
    surnames = set(pools.surnames)
    return {
        "person_name": lambda gender: person_name(rng, pools, gender),
        "given_name": lambda gender: rng.choice(pools.given_male if gender == "M" else pools.given_female),
        "surname_of": lambda name: name[:2] if name[:2] in surnames and len(name) > 2 else name[0],
    }


def _city(scale, log, workers):
    """Seed the city; pick the demo district and its largest enterprise union (the demo union)."""
    n_orgs = max(150, int(4000 * scale))
    n_members = max(1000, int(30000 * scale))
    seeded = CitySeeder(orgs=n_orgs, members=n_members, seed=2026, region=DEMO_REGION, workers=workers, log=log,
                        note="gonghui demo", flagship=DEMO_DISTRICT).run()
    root = Organisation.objects.filter(depth=1, org_type="city_federation").order_by("path").last()
    district = root.get_children().filter(name__contains=DEMO_DISTRICT).first() or root.get_children().first()
    in_district = Organisation.objects.filter(path__startswith=district.path, status="active")
    holders = in_district.filter(org_type__in=["enterprise", "joint_regional", "joint_industry", "community",
                                               "public_institution"], depth__gte=3)
    ranked = list(
        holders.annotate(n=Count("members", filter=Q(members__status="active"))).filter(n__gt=0).order_by("-n", "path")
    )
    enterprises = [o for o in ranked if o.org_type == "enterprise"]
    # The seeder's flagship: a group company covering its subsidiaries, with branches.
    union = seeded.flagship or (enterprises[0] if enterprises else ranked[0])
    others = [o for o in ranked if o.pk != union.pk]
    return {"root": root, "district": district, "union": union, "others": others}


def _demo_accounts(ctx, password):
    """The officials at every level and the portal account of a member of the demo union (one password hash
    for all: hashing is deliberately slow)."""
    root, district, union = ctx["root"], ctx["district"], ctx["union"]
    hashed = make_password(password)
    admin = User.objects.create(username="admin", full_name="系统管理员", is_superuser=True, is_staff=True,
                                password=hashed, kind="official")
    audit.created(admin, admin)

    def official(username, full_name, org, role):
        user = User.objects.create(username=username, full_name=full_name, home_org=org, password=hashed,
                                   kind="official")
        RoleAssignment.objects.create(user=user, org=org, role=role)
        audit.created(user, admin)
        return user

    official("city_admin", "陈立新", root, "org_admin")
    official("district_admin", "刘海燕", district, "org_admin")
    district_staff = official("district_staff", "张伟", district, "staff")
    official("district_viewer", "李娜", district, "viewer")
    official("grassroots_chair", union.chair_name or "王建国", union, "org_admin")
    grassroots_staff = official("grassroots_staff", "赵敏", union, "staff")

    members = list(Member.objects.filter(org=union, status="active").order_by("id")[:40])
    portal_member = members[0]
    User.objects.create(username=f"m{portal_member.member_no}", kind="member", full_name=portal_member.name,
                        phone=portal_member.phone, member=portal_member, password=hashed)
    audit.record("create", portal_member, user=admin, transition="portal_account", note=_("Portal account opened"))
    return {"admin": admin, "district_staff": district_staff, "grassroots_staff": grassroots_staff,
            "members": members, "portal_member": portal_member}


def _pending_work(ctx):
    """Join applications, transfers and withdrawals for the officials to act on, through ``members.services`` (so
    with the same history and audit entries as real ones)."""
    root, district, union, others = ctx["root"], ctx["district"], ctx["union"], ctx["others"]
    district_staff, grassroots_staff, members = ctx["district_staff"], ctx["grassroots_staff"], ctx["members"]
    rng, scale, today = ctx["rng"], ctx["scale"], ctx["today"]

    # Pending join applications: half for the demo union, the rest for other unions in the district
    # and a few elsewhere in the city.
    n_apps = max(10, int(40 * min(scale, 1.0)))
    elsewhere = list(Organisation.objects.filter(path__startswith=root.path, org_type="enterprise", status="active")
                     .exclude(path__startswith=district.path).order_by("path")[:50])
    targets = [union] * (n_apps // 2)
    rest = n_apps - len(targets)
    pool = others[:4] or [union]
    for k in range(rest):
        targets.append(elsewhere[k % len(elsewhere)] if (k % 6 == 5 and elsewhere) else pool[k % len(pool)])
    ids = PersonIdentifiers(["320302", "320303", "320305", "320311", "320312", "320321", "320322", "320324",
                             "320381", "320382"])
    first = sequences.allocate("seed_person", n_apps * 4)
    pools = get_pools()
    candidates = iter(range(first, first + n_apps * 4))
    units = {u.union_id: u for u in EmployerUnit.objects.filter(union__in={t.pk for t in targets}).order_by("-id")}
    for k, org in enumerate(targets):
        while True:
            i = next(candidates)
            number, gender, d = ids.id_number(i)
            birth = BIRTH_FIRST + datetime.timedelta(days=d)
            if 1968 <= birth.year <= 2004:
                break
        unit = units.get(org.pk)
        data = {
            "name": person_name(rng, pools, gender), "id_number": number, "gender": gender, "birth_date": birth,
            "phone": ids.phone(i), "ethnicity": "01", "education": rng.choice(["bachelor", "college", "vocational",
                                                                                 "high_school"]),
            "political_status": rng.choice(["masses", "masses", "cyl", "cpc"]), "unit": unit,
            "unit_name": unit.name if unit else org.name.removesuffix("工会委员会").removesuffix("工会"),
            "job_title": rng.choice(["操作工", "技术员", "快递员", "会计", "销售代表", "质检员"]),
            "employment_type": rng.choice(["regular", "regular", "migrant", "dispatched", "new_forms"]),
        }
        if k % 4 == 3 and org.path.startswith(district.path):  # entered by staff on the worker's behalf
            services.submit_application(org, data, user=grassroots_staff if org.pk == union.pk else district_staff,
                                        channel="staff")
        else:
            services.submit_application(org, data)

    # Pending transfers: into the demo union from elsewhere in the district, and out of it.
    n_transfers = max(4, int(10 * min(scale, 1.0)))
    incoming = n_transfers // 2
    sources = list(Member.objects.filter(org__in=others[:6], status="active").order_by("org_id", "id")
                   .select_related("org"))
    step = max(1, len(sources) // max(1, incoming))
    for k in range(min(incoming, len(sources))):
        member = sources[k * step]
        services.start_transfer(district_staff, member, union, rng.choice(TRANSFER_REASONS))
    outgoing = members[1: 1 + n_transfers - incoming]
    for k, member in enumerate(outgoing):
        services.start_transfer(grassroots_staff, member, others[k % len(others)] if others else union,
                                rng.choice(TRANSFER_REASONS))

    # A few withdrawals (退会), with history and audit like any other.
    leaving = members[1 + len(outgoing): 4 + len(outgoing)]
    for k, member in enumerate(leaving):
        date = max(member.join_date, today - datetime.timedelta(days=rng.randint(3, 200)))
        services.withdraw_member(grassroots_staff, member, WITHDRAW_REASONS[k % len(WITHDRAW_REASONS)], date=date)
    ctx["log"](_("Demo accounts, %(apps)d pending applications and %(tr)d pending transfers created.")
               % {"apps": n_apps, "tr": n_transfers})


def _demo_apps(ctx):
    """Every area's demo records (cases, archives...), added through its own services (``AreaConfig.demo``),
    after the registry and the accounts exist."""
    for _label, load in ordered_by_area(registry.demo):
        resolve(load)(ctx)
