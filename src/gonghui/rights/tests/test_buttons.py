"""The case and warning pages show exactly the steps ``Case.workflow`` / ``EarlyWarning.workflow`` allow the user
in the current state; the API's workflow actions are the tables' too."""

import re

import pytest
from django.urls import reverse

from gonghui.core.api.viewsets import WorkflowActionsMixin
from gonghui.rights import services
from gonghui.rights.api.views import CaseViewSet, WarningViewSet
from gonghui.rights.testing import make_case

pytestmark = pytest.mark.django_db


def _buttons(client, url):
    return re.findall(r'data-transition="([a-z_]+)"', client.get(url).content.decode())


def test_case_buttons_follow_the_state_and_the_right(tree, users, client_for):
    staff = users["a_staff"]
    case = make_case(staff, tree["A"], handling_org=tree["A"])
    url = case.get_absolute_url()
    assert _buttons(client_for(staff), url) == ["accept", "route", "close", "document"]
    assert _buttons(client_for(users["a_viewer"]), url) == []  # a viewer takes no step
    services.accept_case(staff, case)
    assert _buttons(client_for(staff), url) == ["start_mediation", "extend", "route", "close", "legal_aid",
                                                "document"]
    services.start_mediation(staff, case, "周调解员")
    assert _buttons(client_for(staff), url) == ["session", "extend", "route", "close", "legal_aid", "document"]
    services.close_case(staff, case, "failed", referred_to="arbitration")
    assert _buttons(client_for(staff), url) == ["reopen", "legal_aid", "document"]  # no recovery without agreement
    case = services.reopen_case(staff, case, "工人提供了新证据")
    services.start_mediation(staff, case, "周调解员")
    services.close_case(staff, case, "agreement", agreement_amount="100", paying_deadline=case.received_on)
    assert _buttons(client_for(staff), url) == ["recovery", "reopen", "legal_aid", "document"]


def test_warning_buttons_acknowledge_above_resolve_at_the_raising_union(tree, users, client_for):
    w = services.raise_warning(users["ea1_staff"], tree["EA1"], {"kind": "closure", "title": "停产",
                                                                  "description": "下月停产", "workers_involved": 9})
    url = w.get_absolute_url()
    assert _buttons(client_for(users["ea1_staff"]), url) == []  # the raising union cannot acknowledge
    assert _buttons(client_for(users["a_staff"]), url) == ["acknowledge"]
    services.acknowledge_warning(users["a_staff"], w, "已知悉")
    assert _buttons(client_for(users["a_staff"]), url) == ["resolve"]  # A is above EA1: it may resolve too
    assert _buttons(client_for(users["ea1_staff"]), url) == ["resolve"]
    services.close_warning(users["ea1_staff"], w, "已复工")
    assert _buttons(client_for(users["ea1_staff"]), url) == []


def test_api_actions_are_the_declared_ones():
    assert issubclass(CaseViewSet, WorkflowActionsMixin) and issubclass(WarningViewSet, WorkflowActionsMixin)
    assert sorted(CaseViewSet._workflow_action_names) == sorted([
        "accept", "route", "start_mediation", "extend", "record_session", "close_with_outcome", "record_recovery",
        "reopen", "refer_legal_aid", "legal_aid_result"])
    assert sorted(WarningViewSet._workflow_action_names) == ["acknowledge", "resolve"]
    assert reverse("rights-case-close-with-outcome", args=[1]).endswith("/close-with-outcome/")
