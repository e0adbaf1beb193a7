"""A recorded step (no target state) with nothing else to write, on a model without an update time: the kit still
makes one conditional UPDATE, so the step succeeds from its source states and is refused from any other."""

import pytest

from gonghui.core.testing import SCOPE_WORLD_BUILDERS, load_app_builders
from gonghui.core.workflow import WorkflowConflict, transition


@pytest.mark.django_db
def test_a_recorded_step_with_no_changes_is_made_and_still_checks_its_source_state(tree, users):
    load_app_builders()
    warning = SCOPE_WORLD_BUILDERS["rights.earlywarning"](tree["EA1"], users["root"], "QWFZ")
    assert warning.status == "reported"
    transition(warning, users["root"], "escalate", check=False)  # nothing to write but the step itself
    type(warning).objects.filter(pk=warning.pk).update(status="closed")
    with pytest.raises(WorkflowConflict):
        transition(warning, users["root"], "escalate", check=False)


@pytest.mark.django_db
def test_a_recorded_step_on_a_model_without_states_is_made(tree, users):
    load_app_builders()
    enrolment = SCOPE_WORLD_BUILDERS["protection.ankangenrolment"](tree["EA1"], users["root"], "QWGZ")
    assert not type(enrolment).workflow.states()
    transition(enrolment, users["root"], "score", check=False)
