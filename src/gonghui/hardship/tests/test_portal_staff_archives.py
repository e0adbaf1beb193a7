"""An archive the union files for a member (建档立卡 by staff) shows in the member's portal with its status, and
none of the officials' findings."""

import datetime

import pytest
from django.urls import reverse

from gonghui.hardship.services import create_archive, record_home_visit
from gonghui.hardship.testing import archive_data

pytestmark = pytest.mark.django_db

FINDINGS = "内部核查：邻居反映另有收入"


def test_an_archive_filed_by_staff_shows_in_the_members_portal(members, users, tree, client):
    from gonghui.accounts.services import open_member_account

    member, staff = members["ea1_a"], users["ea1_staff"]
    archive = create_archive(staff, tree["EA1"], archive_data(member.name, id_number=member.id_number),
                             [], ["illness"], submit=True)
    record_home_visit(staff, archive, date=datetime.date.today(), visitors="王干事", findings=FINDINGS)
    archive.refresh_from_db()
    client.force_login(open_member_account(member), backend="django.contrib.auth.backends.ModelBackend")
    html = client.get(reverse("hardship_portal:home")).content.decode()
    assert archive.archive_no in html and archive.get_status_display() in html
    assert FINDINGS not in html and "王干事" not in html and archive.bank_account not in html
    other = members["ea1_b"]
    client.force_login(open_member_account(other), backend="django.contrib.auth.backends.ModelBackend")
    assert archive.archive_no not in client.get(reverse("hardship_portal:home")).content.decode()
