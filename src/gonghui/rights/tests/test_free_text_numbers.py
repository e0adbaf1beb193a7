"""A phone or ID number typed into a case's event note reaches no reader without reveal_pii (issue 15, part 3b)."""

import pytest
from django.utils import timezone

from gonghui.core.testing import make_id_number, make_phone
from gonghui.rights.models import CaseEvent
from gonghui.rights.testing import make_case

pytestmark = pytest.mark.django_db


def test_event_notes_are_masked_for_viewers(tree, users, client_for):
    case = make_case(users["root"], tree["EA1"], handling_org=tree["EA1"], employer_name="某某公司")
    number, phone = make_id_number(seq=417), make_phone(seq=88)
    CaseEvent.objects.create(case=case, kind=CaseEvent._meta.get_field("kind").choices[0][0], at=timezone.now(),
                             note=f"回访：当事人电话{phone}，身份证{number}")
    viewer = client_for(users["a_viewer"]).get(case.get_absolute_url()).content.decode()
    assert "回访" in viewer and phone not in viewer and number not in viewer
    staff = client_for(users["a_staff"]).get(case.get_absolute_url()).content.decode()
    assert phone in staff  # staff of a union on the case's path may see the person
