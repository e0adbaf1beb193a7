import pytest

from gonghui.core import pii
from gonghui.members.models import Member


@pytest.mark.django_db
def test_members_fixture_builds_and_scopes(members, users, tree):
    assert Member.objects.count() == 3
    assert Member.objects.for_user(users["a_staff"]).count() == 2
    assert Member.objects.for_user(users["b_staff"]).count() == 1
    assert Member.objects.for_user(users["root"]).count() == 3
    m = members["ea1_a"]
    assert m.member_no and len(m.member_no) == 12
    assert Member.objects.get(id_hash=pii.id_hash(m.id_number)).pk == m.pk
