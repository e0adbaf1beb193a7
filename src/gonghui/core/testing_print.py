"""The shared tests of a printed form (``gonghui.core.views.PrintView``), beside ``ModelViewTests``."""

import re

from django.urls import reverse
from django.utils import timezone

from .testing import ModelViewTests, _markers, pytest


class PrintViewTests:
    """A record's paper form (``PrintView``), tested the same way for every form: a subclass gives data only::

        class TestMemberForm(PrintViewTests):
            model = Member
            print_url_name = "members:member_print"
            detail_url_name = "members:member_detail"
            texts = ("会员登记表",)                  # what else the form must show (its title, labels...)

    The record comes from the model's scope-world builder (as in :class:`ModelViewTests`; override ``build``), in
    union EA1 of district A, named with a marker. The checks: the form renders for the actor (a_staff) with the
    union's name (``print_org``: the record's own organisation by default), the marker, the ``texts``, today's date,
    the A4 stylesheet and the static print script, and no personal number in clear (``secrets``: the record's ID
    numbers by default); the detail page links to it; the official of district B gets 404; a viewer gets what he gets
    from the detail page.
    """

    pytestmark = [pytest.mark.django_db] if pytest else []

    model = None
    print_url_name = None
    detail_url_name = None
    texts = ()
    actor, viewer, outsider = "a_staff", "a_viewer", "b_staff"
    home = "EA1"

    def build(self, org, actor, marker):
        return ModelViewTests.build(self, org, actor, marker)

    def print_org(self, obj):
        return obj.audit_org()

    def secrets(self, obj):
        """Values that must not appear in clear (the detail page masks them)."""
        return [v for v in (getattr(obj, "id_number", ""),) if v]

    def make(self, tree, users):
        marker = f"QP{next(_markers):04d}Z"
        obj = self.build(tree[self.home], users["root"], marker)
        return self.model._default_manager.get(pk=obj.pk), marker

    def test_form_renders_for_a_scoped_user(self, tree, users, client_for):
        obj, marker = self.make(tree, users)
        response = client_for(users[self.actor]).get(reverse(self.print_url_name, args=[obj.pk]))
        assert response.status_code == 200
        text = response.content.decode()
        assert marker in text
        assert re.search(r'id="print-union">[^<]*' + re.escape(self.print_org(obj).name), text)
        assert timezone.localdate().isoformat() in text
        assert "gonghui/print.css" in text and "gonghui/print.js" in text and "<script>" not in text
        for expected in self.texts:
            assert expected in text, expected
        for secret in self.secrets(obj):
            assert secret not in text

    def test_detail_page_links_to_the_form(self, tree, users, client_for):
        obj, _marker = self.make(tree, users)
        response = client_for(users[self.actor]).get(reverse(self.detail_url_name, args=[obj.pk]))
        assert response.status_code == 200
        assert reverse(self.print_url_name, args=[obj.pk]) in response.content.decode()

    def test_out_of_scope_is_not_found(self, tree, users, client_for):
        obj, _marker = self.make(tree, users)
        assert client_for(users[self.outsider]).get(reverse(self.print_url_name, args=[obj.pk])).status_code == 404

    def test_viewer_gets_what_the_detail_page_gives(self, tree, users, client_for):
        obj, _marker = self.make(tree, users)
        client = client_for(users[self.viewer])
        detail = client.get(reverse(self.detail_url_name, args=[obj.pk])).status_code
        assert client.get(reverse(self.print_url_name, args=[obj.pk])).status_code == detail
