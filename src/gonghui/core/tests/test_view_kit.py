"""The small pieces of the view kit: a step's service called with the form's fields, and ``save_valid``."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from gonghui.core.exceptions import WorkflowConflict
from gonghui.core.views import ObjectActionView, save_valid


class _StepForm(forms.Form):
    reason = forms.CharField()
    date = forms.DateField(required=False)


def _valid_form():
    form = _StepForm({"reason": "because", "date": "2026-01-02"})
    assert form.is_valid()
    return form


def test_service_fields_become_keywords_and_can_be_renamed():
    class Step(ObjectActionView):
        service_fields = ("date", "note=reason")

    kwargs = Step().service_kwargs(_valid_form())
    assert kwargs == {"date": _valid_form().cleaned_data["date"], "note": "because"}


def test_service_is_called_with_user_record_and_fields():
    calls = []

    def close(user, obj, reason, date=None):
        calls.append((user, obj, reason, date))
        return "done"

    class Step(ObjectActionView):
        service, service_fields = close, ("reason",)

    view = Step()
    view.request = type("Request", (), {"user": "official"})()
    assert view.perform("record", _valid_form()) == "done"
    assert calls == [("official", "record", "because", None)]


def test_save_valid_puts_a_service_refusal_on_the_form():
    form = _StepForm({"reason": "x"})

    def refuse():
        raise ValidationError({"reason": "Not this one."})

    assert save_valid(form, refuse) == (False, None)
    assert form.errors["reason"] == ["Not this one."]


def test_save_valid_returns_what_was_saved_and_skips_an_invalid_form():
    assert save_valid(_StepForm({"reason": "x"}), lambda: 42) == (True, 42)
    assert save_valid(_StepForm({}), lambda: pytest.fail("saved an invalid form")) == (False, None)


def test_save_valid_turns_a_conflict_into_a_form_error_only_when_asked():
    def quicker():
        raise WorkflowConflict("Someone was quicker.")

    form = _StepForm({"reason": "x"})
    assert save_valid(form, quicker, conflict=True) == (False, None)
    assert form.non_field_errors() == ["Someone was quicker."]
    with pytest.raises(WorkflowConflict):
        save_valid(_StepForm({"reason": "x"}), quicker)
