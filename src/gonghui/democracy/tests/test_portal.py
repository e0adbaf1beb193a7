"""Motions collected from members in the portal (提案征集): sent to the congress of the member's union, listed for
the member with the union's reply, refused with a message beside the field."""

import pytest
from django.urls import reverse

from gonghui.democracy import services
from gonghui.democracy.models import Motion

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(members, client):
    from gonghui.accounts.services import open_member_account

    account = open_member_account(members["ea1_a"])
    client.force_login(account, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_a_member_sends_a_motion(member_client, members, congress, root):
    url = reverse("democracy_portal:home")
    r = member_client.post(url, {"title": "", "content": "多开一个窗口"})
    assert r.status_code == 200 and "invalid-feedback" in r.content.decode()
    r = member_client.post(url, {"title": "食堂窗口", "content": "多开一个窗口"})
    assert r.status_code == 302
    m = Motion.objects.get()
    assert (m.congress, m.collected_from, m.filer_name, m.status) == (congress, members["ea1_a"], "李明", "filed")
    services.accept_motion(root, m)
    services.assign_motion(root, m, department="后勤", reply_due=m.filed_on)
    services.answer_motion(root, m, reply="已采纳", replied_on=m.filed_on)
    page = member_client.get(url).content.decode()
    assert "食堂窗口" in page and "已采纳" in page


def test_no_congress_no_form(member_client):
    r = member_client.get(reverse("democracy_portal:home"))
    assert r.status_code == 200 and 'name="title"' not in r.content.decode()
    assert member_client.post(reverse("democracy_portal:home"), {"title": "x", "content": "y"}).status_code == 200
    assert not Motion.objects.exists()
