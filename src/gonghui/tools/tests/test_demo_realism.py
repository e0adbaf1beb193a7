"""The demo looks like a real city: realistic names, case facts that fit their type, recovered within claimed,
members sized to the units' workforce (入会率 and 组建率 plausible together), the flagship union covering its units."""

import collections
import re

import pytest
from django.db.models import Sum

from gonghui.accounts.models import RoleAssignment, User
from gonghui.hardship.models import HardshipArchive, HouseholdMember
from gonghui.members.models import JoinApplication, Member
from gonghui.orgs.models import CommitteeMember, EmployerUnit, Organisation
from gonghui.rights.demo import FACTS
from gonghui.rights.models import Case, CaseWorker
from gonghui.stats.counters.keys import unionisation_threshold
from gonghui.tools.demo.loader import load_demo

pytestmark = pytest.mark.django_db

PLACEHOLDER = re.compile(r"[0-9０-９]|演示|配偶|某|demo|test", re.IGNORECASE)


@pytest.fixture
def demo():
    info = load_demo(scale=0.05)
    assert info.loaded
    return info


def test_demo_looks_like_a_real_city(demo):
    # Names: people, unions, employers, household members, case parties; no digits, no 演示 or 配偶 stand-ins.
    names = {
        "member": Member.objects.values_list("name", flat=True),
        "application": JoinApplication.objects.values_list("name", flat=True),
        "organisation": Organisation.objects.values_list("name", flat=True),
        "chair": Organisation.objects.exclude(chair_name="").values_list("chair_name", flat=True),
        "committee": CommitteeMember.objects.values_list("name", flat=True),
        "unit": EmployerUnit.objects.values_list("name", flat=True),
        "archive": HardshipArchive.objects.values_list("name", flat=True),
        "household": HouseholdMember.objects.values_list("name", flat=True),
        "case worker": CaseWorker.objects.values_list("name", flat=True),
        "complainant": Case.objects.exclude(complainant_name="").values_list("complainant_name", flat=True),
        "employer": Case.objects.values_list("employer_name", flat=True),
        "official": User.objects.exclude(full_name="").values_list("full_name", flat=True),
    }
    for kind, values in names.items():
        bad = [v for v in values if PLACEHOLDER.search(re.sub(r"等\d+人$", "", v))]  # 张三等85人: a group case
        assert not bad, f"{kind} names look generated: {bad[:5]}"
    assert HouseholdMember.objects.filter(relation="child").exists()
    assert not HardshipArchive.objects.filter(situation__contains="演示").exists()
    assert len(set(HardshipArchive.objects.values_list("situation", flat=True))) >= 3

    # Rights cases: facts of their own type, recovered (by mediation and legal aid) within what was claimed.
    cases = list(Case.objects.all())
    assert len({c.case_type for c in cases}) >= 4
    for c in cases:
        # an inspection's wage arrears (labour protection) files its case with what the inspection found
        found_by_inspection = c.case_type == "wage_arrears" and "检查时查出欠薪" in c.facts
        assert c.facts in FACTS[c.case_type] or found_by_inspection, (c.reference_no, c.case_type, c.facts)
        assert c.amount_recovered + c.legal_aid_recovered <= c.amount_claimed or not c.amount_claimed, c.reference_no
        if c.agreement_amount is not None:
            assert c.amount_recovered <= c.agreement_amount <= c.amount_claimed, c.reference_no
    assert any(c.amount_recovered for c in cases) and any(c.legal_aid_recovered for c in cases)

    # Members per unit within its workforce; unionised units' workforce sized to their members.
    per_unit = collections.Counter(Member.objects.exclude(unit=None).values_list("unit_id", flat=True))
    units = {u.pk: u for u in EmployerUnit.objects.all()}
    over = [(units[k].name, n, units[k].employee_count) for k, n in per_unit.items() if n > units[k].employee_count]
    assert not over, over[:5]

    # 入会率 (members ÷ employees of unionised units) and 组建率 (unionised ÷ units that should have a union),
    # city-wide and in the demo district: both plausible, neither near zero nor above 100 %.
    district = RoleAssignment.objects.get(user__username="district_admin").org
    threshold = unionisation_threshold()
    for area in (Organisation.objects.get(depth=1), district):
        in_area = EmployerUnit.objects.filter(area_org__path__startswith=area.path)
        covered = in_area.exclude(union=None)
        employees = covered.aggregate(n=Sum("employee_count"))["n"]
        members = Member.objects.filter(org__path__startswith=area.path, status="active").count()
        required = covered.count() + in_area.filter(union=None, employee_count__gte=threshold).count()
        membership_rate, unionisation_rate = members / employees, covered.count() / required
        assert 0.7 <= membership_rate <= 1.0, (area.name, membership_rate)
        assert 0.7 <= unionisation_rate <= 1.0, (area.name, unionisation_rate)

    # The flagship (the demo union): a group company whose union covers it and its subsidiaries, with branches;
    # every one of its members works in one of its units.
    flagship = RoleAssignment.objects.get(user__username="grassroots_chair").org
    its_units = set(EmployerUnit.objects.filter(union=flagship).values_list("pk", flat=True))
    assert len(its_units) >= 3 and flagship.get_children().filter(org_type="branch").exists()
    held = Member.objects.filter(org__path__startswith=flagship.path)
    assert held.count() >= 40
    assert set(held.values_list("unit_id", flat=True)) <= its_units
    assert sum(units[k].employee_count for k in its_units) >= held.count()
