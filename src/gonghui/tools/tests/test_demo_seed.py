"""`gonghui seed` and the demo loader: counts, a valid tree, valid encrypted identifiers, pending work."""

import io
import re

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count
from django.utils import timezone
from gunicorn.app.base import BaseApplication

from gonghui.accounts.models import RoleAssignment, User
from gonghui.core import pii
from gonghui.core.management.commands import serve
from gonghui.core.models import AuditLog
from gonghui.core.validators import check_credit_code, check_mobile, parse_id_number
from gonghui.members.models import JoinApplication, Member, MemberEvent, Transfer
from gonghui.orgs.choices import MEMBER_HOLDING_TYPES
from gonghui.orgs.models import CommitteeMember, EmployerUnit, Organisation
from gonghui.tools.demo.loader import DEMO_PASSWORD, load_demo
from gonghui.tools.demo.seeder import members as member_rows  # where the seeder's thresholds are read
from gonghui.wsgi import application

pytestmark = pytest.mark.django_db


def _seed(**kw):
    out = io.StringIO()
    args = {"orgs": 300, "members": 3000, "seed": 7, "workers": 0, "stdout": out} | kw
    call_command("seed", **args)
    return out.getvalue()


def test_seed_builds_a_valid_city():
    output = _seed()
    assert "3,000 / 3,000" in output  # progress lines

    assert Organisation.objects.count() == 300
    assert Organisation.find_problems() == ([], [], [], [], [])
    root = Organisation.objects.get(depth=1)
    assert root.org_type == "city_federation" and root.name == "徐州市总工会"
    assert root.get_children().filter(org_type="county_federation").count() == 10
    types = set(Organisation.objects.values_list("org_type", flat=True))
    assert {"township", "enterprise", "public_institution", "joint_regional", "joint_industry", "community",
            "branch", "industry", "organ_work_committee"} <= types
    # Every grassroots union has a chair and (unless being set up) a term and an election date; some are overdue.
    grassroots = Organisation.objects.filter(level=6, status="active")
    assert not grassroots.filter(chair_name="").exists()
    assert grassroots.filter(next_election_due__lt=timezone.localdate()).exists()
    assert CommitteeMember.objects.filter(position="chair").count() >= grassroots.count()

    units = EmployerUnit.objects.all()
    assert units.filter(union__isnull=True).exists() and units.filter(union__isnull=False).exists()
    for code in units.values_list("credit_code", flat=True):
        check_credit_code(code)

    members = list(Member.objects.select_related("org"))
    assert len(members) == 3000
    live = {"active", "preparing"}
    holding = {str(t) for t in MEMBER_HOLDING_TYPES}
    numbers = set()
    for m in members:
        assert m.org.org_type in holding and m.org.status in live
        info = parse_id_number(m.id_number)  # decrypted by the field, valid checksum
        assert info.number.startswith("3203")
        assert info.gender == m.gender and info.birth_date == m.birth_date
        assert 1960 <= m.birth_date.year <= 2005
        assert pii.id_hash(m.id_number) == m.id_hash
        assert check_mobile(m.phone) == m.phone
        assert m.join_date >= m.birth_date
        numbers.add(m.id_number)
    assert len(numbers) == 3000
    # No plaintext ID number in the table: the column holds ciphertext that decrypts to the numbers.
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM members_member")
        stored = [row[0] for row in cursor.fetchall()]
    assert not any(re.fullmatch(r"\d{17}[\dX]", s) for s in stored)
    assert {pii.decrypt(s) for s in stored} == numbers

    member_nos = list(Member.objects.values_list("member_no", flat=True))
    assert len(set(member_nos)) == 3000 and all(len(n) == 12 and n.isdigit() for n in member_nos)
    joined = MemberEvent.objects.filter(kind="joined")
    assert joined.count() == 3000
    assert joined.values("member").distinct().count() == 3000
    assert not Member.objects.filter(status="withdrawn").exclude(events__kind="withdrawn").exists()

    bulk = AuditLog.objects.filter(action="bulk")
    assert set(bulk.values_list("count", flat=True)) == {300, units.count(), 3000}
    assert bulk.count() == 3


def test_seed_refuses_a_non_empty_registry_unless_forced():
    _seed(orgs=120, members=200)
    with pytest.raises(CommandError):
        _seed(orgs=120, members=200)
    _seed(orgs=120, members=200, force=True, seed=8, region="3205")
    roots = list(Organisation.get_root_nodes())
    assert [r.name for r in roots] == ["徐州市总工会", "苏州市总工会"]
    assert Organisation.find_problems() == ([], [], [], [], [])
    assert Member.objects.count() == 400
    assert Member.objects.values("id_hash").distinct().count() == 400


def test_seed_uses_worker_processes_for_large_loads(monkeypatch):
    """The multiprocessing path (used from 150,000 members) writes the same kind of rows."""
    def indexes(model):
        with connection.cursor() as cursor:
            found = connection.introspection.get_constraints(cursor, model._meta.db_table)
        return sorted(tuple(c["columns"]) for c in found.values() if c["index"])

    before = (indexes(Member), indexes(MemberEvent))
    monkeypatch.setattr(member_rows, "POOL_THRESHOLD", 1000)
    monkeypatch.setattr(member_rows, "DEFER_INDEXES_THRESHOLD", 1000)  # indexes dropped and rebuilt
    _seed(orgs=100, members=2500, workers=2, chunk=1000)
    assert (indexes(Member), indexes(MemberEvent)) == before
    assert Member.objects.count() == 2500
    assert Member.objects.values("member_no").distinct().count() == 2500
    m = Member.objects.order_by("?").first()
    assert pii.id_hash(m.id_number) == m.id_hash


def test_demo_loader_creates_accounts_and_pending_work_once():
    info = load_demo(scale=0.05)
    assert info.loaded
    logins = [a.login for a in info.accounts]
    assert logins[:7] == ["admin", "city_admin", "district_admin", "district_staff", "district_viewer",
                          "grassroots_chair", "grassroots_staff"]
    roles = dict(RoleAssignment.objects.values_list("user__username", "role"))
    assert roles == {"city_admin": "org_admin", "district_admin": "org_admin", "district_staff": "staff",
                     "district_viewer": "viewer", "grassroots_chair": "org_admin", "grassroots_staff": "staff"}
    assert User.objects.get(username="admin").is_superuser
    assert authenticate(username="district_staff", password=DEMO_PASSWORD) is not None

    chair_org = RoleAssignment.objects.get(user__username="grassroots_chair").org
    assert chair_org.org_type == "enterprise"
    assert JoinApplication.objects.filter(org=chair_org, status="pending").exists()
    assert JoinApplication.objects.filter(status="pending").values("org").distinct().count() >= 3
    assert Transfer.objects.filter(status="pending", to_org=chair_org).exists()
    assert Transfer.objects.filter(status="pending", from_org=chair_org).exists()
    assert Member.objects.filter(org=chair_org, status="withdrawn", events__kind="withdrawn").exists()

    portal = User.objects.get(kind="member")
    assert portal.member.org == chair_org and portal.member.status == "active"
    assert logins[7] == portal.phone
    assert authenticate(phone=portal.phone, password=DEMO_PASSWORD) == portal

    counts = info.counts
    again = load_demo(scale=0.05)
    assert not again.loaded
    assert again.counts == counts
    assert User.objects.filter(username="admin").count() == 1
    assert [a.login for a in again.accounts] == logins


def test_demo_command_without_serving(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path / "static"
    out = io.StringIO()
    call_command("demo", "--no-serve", "--scale", "0.04", stdout=out)
    text = out.getvalue()
    assert "Gonghui@2026" in text and "grassroots_chair" in text and "http://127.0.0.1:8000/" in text
    call_command("demo", "--no-serve", "--scale", "0.04", stdout=io.StringIO())
    assert Organisation.objects.filter(depth=1).count() == 1
    assert (tmp_path / "static").exists()


def test_serve_refuses_unapplied_migrations(monkeypatch):
    monkeypatch.setattr(serve, "unapplied_migrations", lambda: [("members", "0099_x")])
    with pytest.raises(CommandError, match="gonghui migrate"):
        call_command("serve")


def test_serve_builds_a_gunicorn_application(monkeypatch, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path

    started = {}

    def fake_run(self):
        started.update(bind=self.cfg.bind, workers=self.cfg.workers, threads=self.cfg.threads,
                       worker_class=self.cfg.worker_class_str, app=self.load())

    monkeypatch.setattr(serve, "unapplied_migrations", lambda: [])
    monkeypatch.setattr(BaseApplication, "run", fake_run)
    out = io.StringIO()
    call_command("serve", "--port", "8123", "--workers", "3", stdout=out)
    assert "http://127.0.0.1:8123/" in out.getvalue()
    assert started == {"bind": ["127.0.0.1:8123"], "workers": 3, "threads": 4, "worker_class": "gthread",
                       "app": application}


def test_member_counts_follow_union_sizes():
    _seed(orgs=200, members=4000)
    per_org = dict(Member.objects.values("org").annotate(n=Count("id")).values_list("org", "n"))
    for unit in EmployerUnit.objects.filter(union__org_type="enterprise", union__status="active"):
        assert unit.employee_count >= per_org.get(unit.union_id, 0) * 0.9
