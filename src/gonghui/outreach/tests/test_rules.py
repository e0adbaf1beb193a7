"""The rules of contacts and the service network: terms and dates, people and employers in the writer's scope,
the visit log, the meeting frequency (time travel), the portal's service network, the workbench and the figures
(each equal to its recount)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from gonghui.accounts.services import open_member_account
from gonghui.core import workbench
from gonghui.core.testing import SCOPE_WORLD_BUILDERS, load_app_builders
from gonghui.members.services import create_member
from gonghui.members.testing import member_data
from gonghui.stats.periods import parse_period
from gonghui.stats.registry import StatsContext, by_section

from .. import selectors, services
from ..choices import MeetingKind
from ..models import CustodyMember
from ..testing import _build_mediator, _build_meeting, _build_point, contact, custody, employer

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day):
    return time_machine.travel(f"{day} 10:00 +0800", tick=False)


def test_custody_term_and_members(tree, users):
    staff = users["a_staff"]
    with pytest.raises(ValidationError) as exc:
        custody(staff, tree["EA1"], "QC1", ends_on=D(2024, 1, 1))
    assert "ends_on" in exc.value.message_dict
    agreement = custody(staff, tree["EA1"], "QC2")
    member = create_member(staff, tree["EA1"], member_data(name="托管甲"))
    services.add_custody_member(staff, agreement, member=member, since=None)
    with pytest.raises(ValidationError) as exc:
        services.add_custody_member(staff, agreement, member=member)
    assert "已" in exc.value.message_dict["member"][0]
    other = create_member(users["root"], tree["EB1"], member_data(name="外区乙"))
    with pytest.raises(ValidationError) as exc:
        services.add_custody_member(staff, agreement, member=other)
    assert "member" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.add_custody_member(staff, agreement, member=create_member(staff, tree["EA1"], member_data()),
                                    since=D(2020, 1, 1))
    assert "since" in exc.value.message_dict
    assert CustodyMember.objects.filter(agreement=agreement).count() == 1


def test_contact_visits_and_care_visits_check_their_data(tree, users):
    staff = users["a_staff"]
    assignment = contact(staff, tree["EA1"], "QC3")
    with pytest.raises(ValidationError) as exc:
        services.save_contact_visit(staff, None, assignment=assignment, visited_on=D(2025, 6, 1),
                                    problems="", problems_raised=1, problems_solved=2)
    assert "problems_solved" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.save_contact_visit(staff, None, assignment=assignment, visited_on=D(2024, 6, 1))
    assert "visited_on" in exc.value.message_dict
    visit = services.save_contact_visit(staff, None, assignment=assignment, visited_on=D(2025, 6, 1))
    assert visit.org_id == assignment.org_id
    with pytest.raises(ValidationError) as exc:  # another district's employer
        contact(staff, tree["EA1"], "QC4", unit=employer(users["root"], tree["EB1"], "外区工厂"))
    assert "unit" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:  # a visit to an employer names the employer
        services.save_visit(staff, None, org=tree["EA1"], kind="employer", visited_on=D(2025, 3, 1),
                            visitors="主席", amount=0)
    assert "unit" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.save_visit(staff, None, org=tree["EA1"], kind="illness", visited_on=D(2025, 3, 1),
                            visitors="主席", amount=0)
    assert "member" in exc.value.message_dict
    # a family member who is not a member: named, not tied to any hardship archive
    visit = services.save_visit(staff, None, org=tree["EA1"], kind="bereavement", visited_on=D(2025, 3, 1),
                                person="职工母亲 王桂芝", visitors="主席", amount="1000.00")
    assert visit.pk and visit.member_id is None


def test_forms_say_what_is_wrong_next_to_the_field(tree, users, client_for):
    client = client_for(users["a_staff"])
    response = client.post(reverse("outreach:custody_add"), {
        "org": tree["EA1"].pk, "counterpart": "某商贸", "signed_on": "2025-01-01", "starts_on": "2025-03-01",
        "ends_on": "2025-01-01"})
    assert response.status_code == 200
    assert "期限结束日期不能早于开始日期" in response.content.decode()


def _below(user, day):
    return {(org.code, kind): (held, required) for org, kind, held, required in
            selectors.meetings_below_frequency(user, day)}


def test_federations_below_the_meeting_frequency(tree, users, client_for):
    gov, tri = str(MeetingKind.GOVERNMENT.label), str(MeetingKind.TRIPARTITE.label)
    with at("2025-06-01"):
        assert _below(users["a_staff"], D(2025, 6, 1))[(tree["A"].code, gov)] == (0, 1)
        _build_meeting(tree["A"], users["root"], "QM1")  # a joint meeting with the government on 2025-04-08
        below = _below(users["a_staff"], D(2025, 6, 1))
        assert (tree["A"].code, gov) not in below and below[(tree["A"].code, tri)] == (0, 1)
        assert not [code for code, _kind in below if code == tree["B"].code]  # another district is not the reader's
        with override_settings(GONGHUI_PARTNER_MEETINGS={"government": 2}):
            assert _below(users["a_staff"], D(2025, 6, 1))[(tree["A"].code, gov)] == (1, 2)
        page = client_for(users["a_staff"]).get(reverse("outreach:meeting_frequency"))
        assert page.status_code == 200 and tree["A"].name in page.content.decode()
    with at("2026-06-01"):  # more than twelve months later the meeting no longer counts
        assert _below(users["a_staff"], D(2026, 6, 1))[(tree["A"].code, gov)] == (0, 1)


def test_portal_shows_the_service_network_of_the_members_unions(tree, users, members, client):
    own = _build_point(members["ea1_a"].org, users["root"], "QP1")
    above = _build_point(tree["A"], users["root"], "QP2")
    elsewhere = _build_point(tree["EB1"], users["root"], "QP3")
    sibling = _build_point(tree["EA2"], users["root"], "QP4")
    client.force_login(open_member_account(members["ea1_a"]), backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("outreach_portal:home")).content.decode()
    assert own.name in page and above.name in page
    assert elsewhere.name not in page and sibling.name not in page
    assert page.index(own.name) < page.index(above.name)  # nearest first
    assert reverse("outreach_portal:home") in client.get(reverse("portal:home")).content.decode()


def test_workbench_lists_custody_agreements_ending(tree, users):
    with at("2027-02-10"):
        custody(users["root"], tree["EA1"], "QW1")  # ends 2027-02-28
        todo = {i.key: i for i in workbench.todo(users["a_staff"], D(2027, 2, 10))}
        assert todo["outreach_custody_ending"].count == 1
        assert "outreach_custody_ending" not in {i.key for i in workbench.todo(users["b_staff"], D(2027, 2, 10))
                                                 if i.count}


def test_figures_equal_their_recount(tree, users, client_for):
    with at("2025-12-01"):
        load_app_builders()
        builders = [b for label, b in SCOPE_WORLD_BUILDERS.items() if label.startswith("outreach.")]
        for org in (tree["EA1"], tree["EA2"], tree["EB1"]):
            for build in builders:
                build(org, users["root"], f"QF{org.pk}")
        period = parse_period("2025")
        orgs = [tree[k] for k in ("city", "A", "A1", "EA1", "EA2", "B")]
        inds = by_section("outreach")
        assert len(inds) == 10
        ctx = StatsContext(period)
        client = client_for(users["root"])
        for ind in inds:
            values = ctx.values(ind, [o.pk for o in orgs])
            for org in orgs:
                assert values[org.pk] == ind.recount(org, period), (ind.key, org.code)
            assert values[tree["A"].pk] > 0, ind.key
            assert values[tree["city"].pk] > values[tree["A"].pk], ind.key
            url = ind.url(tree["EA1"], period)
            page = client.get(url)
            assert page.status_code == 200, url


def test_demo_loads_through_the_services(tree, users):
    import random

    from .. import demo

    with at("2026-11-20"):
        for n in range(3):
            employer(users["root"], tree["EA1"], f"演示{n}公司")
        for n in range(4):
            create_member(users["root"], tree["EA1"], member_data(name=f"职工{n}"))
        demo.load({"admin": users["root"], "district": tree["A"], "today": D(2026, 11, 20),
                   "rng": random.Random(1)})
        assert CustodyMember.objects.exists()


def test_a_rights_cases_mediator_is_offered_from_the_roster(tree, users, client_for):
    from gonghui.rights.testing import accept_case, make_case

    near = _build_mediator(tree["EA1"], users["root"], "QR1")
    above = _build_mediator(tree["A"], users["root"], "QR2")
    other = _build_mediator(tree["EB1"], users["root"], "QR3")
    retired = _build_mediator(tree["A"], users["root"], "QR4")
    retired.active = False
    retired.save()
    case = accept_case(users["root"], make_case(users["root"], tree["EA1"], handling_org=tree["EA1"],
                                                employer_name="QR用人单位"))
    page = client_for(users["a_staff"]).get(reverse("rights:case_start_mediation", args=[case.pk])).content.decode()
    assert "<datalist" in page and near.name in page and above.name in page
    assert other.name not in page and retired.name not in page
    assert page.index(near.name) < page.index(above.name)  # the case's own union first


def test_the_api_masks_a_mediators_phone_as_the_page_does(tree, users, api_for):
    mediator = _build_mediator(tree["EA1"], users["root"], "QMP")
    row = api_for(users["a_staff"]).get(f"/api/v1/mediators/{mediator.pk}/").json()
    assert row["phone"] == mediator.phone_masked and row["phone"] != mediator.phone
