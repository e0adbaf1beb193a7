"""An ID or mobile number typed into a withdrawal reason reaches no viewer in clear (issue 15, part 3b)."""

import pytest

from gonghui.core.models import AuditLog
from gonghui.core.testing import make_id_number, make_phone
from gonghui.members.services import withdraw_member

pytestmark = pytest.mark.django_db


def test_a_withdrawal_reason_with_numbers_is_masked_in_history_and_change_log(members, users, client_for, api_for):
    member = members["ea1_a"]
    number, phone = make_id_number(seq=321), make_phone(seq=77)
    withdraw_member(users["a_staff"], member, f"本人要求退会，身份证{number}，联系电话{phone}")
    entry = AuditLog.objects.filter(object_id=str(member.pk), content_type__model="member").first()
    assert number not in entry.note and phone not in entry.note  # stored masked
    viewer_page = client_for(users["a_viewer"]).get(member.get_absolute_url()).content.decode()
    assert number not in viewer_page and phone not in viewer_page and "本人要求退会" in viewer_page
    assert number[:4] in viewer_page  # masked like the fields, not dropped
    api = api_for(users["a_viewer"]).get(f"/api/v1/audit-log/?object_id={member.pk}").content.decode()
    assert number not in api and phone not in api
    history = api_for(users["a_viewer"]).get(f"/api/v1/members/{member.pk}/history/").content.decode()
    assert number not in history and phone not in history and "本人要求退会" in history
    assert phone in api_for(users["a_staff"]).get(f"/api/v1/members/{member.pk}/history/").content.decode()
    # Staff who may reveal personal data read the member's own history as written.
    staff_page = client_for(users["a_staff"]).get(member.get_absolute_url()).content.decode()
    assert phone in staff_page
