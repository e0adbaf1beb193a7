"""Every tag the change log records has words for the reader: each declared workflow transition has a label, and
every other tag written by hand (``audit.record(..., transition="document")``) is declared by its area
(``AreaConfig.transition_labels``). A raw code in the change log fails here, not in front of an official."""

import re
from pathlib import Path

from django.apps import apps

import gonghui
from gonghui.core.registry import registry
from gonghui.core.workflow import Workflow

SRC = Path(gonghui.__file__).parent
HAND_WRITTEN = re.compile(r"transition=([^,)\n]+(?:\n[^,)\n]+)?)")


def workflows():
    for model in apps.get_models():
        if isinstance(getattr(model, "workflow", None), Workflow):
            yield model, model.workflow


def test_every_transition_has_a_label_and_a_known_state():
    missing = [f"{m.__name__}.{t.name}" for m, wf in workflows() for t in wf.transitions if not t.label]
    assert not missing, missing
    for model, wf in workflows():
        if not wf.states():  # recorded steps only (no source, no target): no state column to check
            continue
        field = model._meta.get_field(wf.field)
        if field.choices:
            values = {str(v) for v, _label in field.flatchoices}
            assert {str(s) for s in wf.states()} <= values, (model.__name__, set(wf.states()) - values)


def test_every_hand_written_tag_is_declared():
    declared = set(registry.transition_labels) | {t.name for _m, wf in workflows() for t in wf.transitions}
    found = {}
    for path in SRC.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for match in HAND_WRITTEN.finditer(path.read_text(encoding="utf-8")):
            for tag in re.findall(r'"([a-z_]+)"', match.group(1)):
                found.setdefault(tag, str(path.relative_to(SRC)))
    assert found, "no hand-written tag found: the pattern no longer matches the code"
    undeclared = {tag: where for tag, where in found.items() if tag not in declared}
    assert not undeclared, f"change-log tags without words (declare them in AreaConfig.transition_labels): {undeclared}"
