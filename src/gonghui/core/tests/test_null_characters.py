"""A NUL character in a code typed into a form is refused with a message, not a 500 (PostgreSQL refuses NUL in
text, even in a WHERE clause)."""

import pytest
from django import forms

from gonghui.core.fields import ScopedCodeField
from gonghui.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def test_scoped_code_field_refuses_a_nul(tree):
    field = ScopedCodeField(queryset=Organisation.objects.all())
    with pytest.raises(forms.ValidationError):
        field.clean("EA1\x00")
    assert field.clean(tree["EA1"].code) == tree["EA1"]


def test_notice_form_with_a_nul_in_a_target_is_refused_next_to_the_field(tree, users, client):
    from django.urls import reverse

    client.force_login(users["a_staff"])
    r = client.post(reverse("notices:notice_add"), {"org": "EA1\x00", "title": "t", "body": "b",
                                                   "audience": "subtree", "publish_from": "2026-12-04T10:00"})
    assert r.status_code == 200
