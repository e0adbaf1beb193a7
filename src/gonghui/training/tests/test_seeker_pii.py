"""A job seeker's ID number and phone: masked on the page and in the API; revealed (and written to the change log)
only for a role with ``reveal_pii`` at the union; refused to a viewer, not found outside the scope."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from gonghui.core.models import AuditAction, AuditLog
from gonghui.core.testing import make_phone
from gonghui.training.models import JobSeeker
from gonghui.training.testing import make_seeker

pytestmark = pytest.mark.django_db


def _seeker(users, tree):
    return make_seeker(users["root"], tree["EA1"], name="农民工乙", phone=make_phone())


def _reveals(seeker):
    return AuditLog.objects.filter(action=AuditAction.REVEAL, object_id=str(seeker.pk),
                                   content_type=ContentType.objects.get_for_model(JobSeeker))


def test_the_page_and_the_api_mask_them_by_default(tree, users, client_for, api_for):
    seeker = _seeker(users, tree)
    assert seeker.id_number and seeker.phone
    for who, button in (("a_staff", True), ("a_viewer", False)):
        page = client_for(users[who]).get(seeker.get_absolute_url()).content.decode()
        assert seeker.id_number not in page and seeker.phone not in page, who
        assert seeker.id_number_masked in page and seeker.phone_masked in page, who
        assert (reverse("training:seeker_reveal", args=[seeker.pk]) in page) is button, who
        body = api_for(users[who]).get(f"/api/v1/job-seekers/{seeker.pk}/").content.decode()
        assert seeker.id_number not in body and seeker.phone not in body, who
        assert seeker.id_number_masked in body, who
    assert not _reveals(seeker).exists()  # reading the page reveals nothing


def test_an_official_with_reveal_pii_reveals_them_audited(tree, users, client_for, api_for):
    seeker = _seeker(users, tree)
    url = reverse("training:seeker_reveal", args=[seeker.pk])
    staff = client_for(users["a_staff"])
    assert staff.get(url).status_code == 405
    shown = staff.post(url)
    assert shown.status_code == 200 and seeker.id_number in shown.content.decode()
    assert seeker.phone in shown.content.decode() and shown["Cache-Control"] == "no-store"
    entry = _reveals(seeker).get()
    assert entry.user == users["a_staff"] and seeker.id_number not in (entry.note or "")
    api = api_for(users["a_staff"]).post(f"/api/v1/job-seekers/{seeker.pk}/reveal/")
    assert api.status_code == 200 and api.json() == {"id_number": seeker.id_number, "phone": seeker.phone}
    assert _reveals(seeker).count() == 2


def test_a_viewer_and_an_outsider_cannot_reveal_them(tree, users, client_for, api_for):
    seeker = _seeker(users, tree)
    url = reverse("training:seeker_reveal", args=[seeker.pk])
    assert client_for(users["a_viewer"]).post(url).status_code == 403
    assert client_for(users["b_staff"]).post(url).status_code == 404
    assert api_for(users["a_viewer"]).post(f"/api/v1/job-seekers/{seeker.pk}/reveal/").status_code == 403
    assert api_for(users["b_staff"]).post(f"/api/v1/job-seekers/{seeker.pk}/reveal/").status_code == 404
    assert not _reveals(seeker).exists()
