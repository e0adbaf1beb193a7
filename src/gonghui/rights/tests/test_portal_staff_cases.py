"""Cases officials record for a member (hotline, walk-in, letter) show in that member's portal, read-only, with their
status and the history the worker may read: never the officials' own notes."""

import datetime

import pytest
from django.urls import reverse

from gonghui.rights import services
from gonghui.rights.testing import make_case, worker

pytestmark = pytest.mark.django_db

INTERNAL = "内部记录：用人单位态度强硬"


@pytest.fixture
def member_client(members, client):
    from gonghui.accounts.services import open_member_account

    account = open_member_account(members["ea1_a"])
    client.force_login(account, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_a_case_recorded_with_the_members_id_number_shows_read_only(member_client, members, users, tree):
    member, staff = members["ea1_a"], users["ea1_staff"]
    case = make_case(staff, tree["EA1"], handling_org=tree["EA1"], employer_name="丙制造有限公司",
                     workers=[worker(member.name, id_number=member.id_number)])
    services.accept_case(staff, case)
    services.start_mediation(staff, case, "陈调解员")
    services.record_session(staff, case, held_on=datetime.date.today(), mediator="陈调解员", notes=INTERNAL)
    case.refresh_from_db()
    home = member_client.get(reverse("rights_portal:home")).content.decode()
    assert case.reference_no in home and "由工会为您登记" in home
    track = member_client.get(reverse("rights_portal:track", args=[case.reference_no]))
    html = track.content.decode()
    assert track.status_code == 200 and case.get_status_display() in html
    assert track.context["read_only"] and not track.context["can_add"] and not track.context["can_rate"]
    assert 'id="case-recorded-by-union"' in html and 'name="text"' not in html
    assert INTERNAL not in html and "陈调解员" not in html
    # Nothing can be added to it from the portal.
    response = member_client.post(reverse("rights_portal:track", args=[case.reference_no]), {"text": "补充"})
    assert response.status_code == 403


def test_a_case_linked_to_the_member_record_shows_too(member_client, members, users, tree):
    member = members["ea1_a"]
    case = make_case(users["ea1_staff"], tree["EA1"], handling_org=tree["EA1"],
                     workers=[worker(member.name, id_number="", member=member)])
    assert case.reference_no in member_client.get(reverse("rights_portal:home")).content.decode()


def test_other_peoples_cases_do_not(member_client, members, users, tree):
    member, other = members["ea1_a"], members["ea1_b"]
    theirs = make_case(users["ea1_staff"], tree["EA1"], handling_org=tree["EA1"],
                       workers=[worker(other.name, id_number=other.id_number)])
    # A group case where the member is one of the workers but not the complainant.
    group = make_case(users["ea1_staff"], tree["EA1"], handling_org=tree["EA1"],
                      workers=[worker("张三"), worker(member.name, id_number=member.id_number)])
    home = member_client.get(reverse("rights_portal:home")).content.decode()
    assert theirs.reference_no not in home and group.reference_no not in home
    assert member_client.get(reverse("rights_portal:track", args=[theirs.reference_no])).status_code == 404


def test_the_members_own_complaint_stays_editable(member_client, members, unit_ea1):
    from gonghui.accounts.models import User

    member = members["ea1_a"]
    case = services.file_member_case(User.objects.get(member=member), member, {
        "case_type": "wage_arrears", "employer_name": unit_ea1.name, "unit": unit_ea1, "facts": "拖欠工资",
        "amount_claimed": "1000", "worker_count": 1})
    track = member_client.get(reverse("rights_portal:track", args=[case.reference_no]))
    assert not track.context["read_only"] and track.context["can_add"]
    url = reverse("rights_portal:track", args=[case.reference_no])
    assert member_client.get(reverse("rights_portal:home")).content.decode().count(f'href="{url}"') == 1
