"""One meaning, one Chinese word: two different English source strings of one model's fields, or of one choice
set, must not share a Chinese rendering (a filter would list 已接收 twice, a badge would not change when the
mediation clock starts). The terms themselves are in docs/dev/glossary.md."""

import inspect
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _


def _both(text):
    with translation.override("en"):
        english = str(text)
    with translation.override("zh-hans"):
        chinese = str(text)
    return english, chinese


def _collisions(named_texts):
    """``(name, text)`` pairs -> the Chinese renderings that stand for more than one English string."""
    seen, found = {}, []
    for name, text in named_texts:
        english, chinese = _both(text)
        if chinese in seen and seen[chinese][1] != english:
            found.append(f"{seen[chinese][0]} {seen[chinese][1]!r} and {name} {english!r} both read {chinese}")
        seen.setdefault(chinese, (name, english))
    return found


def _our_models():
    return [m for m in apps.get_models() if m.__module__.startswith("gonghui.")]


def _our_choice_sets():
    found, todo = [], list(models.Choices.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("gonghui.") and not inspect.isabstract(cls):
            found.append(cls)
    return found


def test_the_check_finds_a_collision():
    # The check itself can fail: two source strings that read 类型 collide, one string twice does not.
    assert _collisions([("a", _("Kind")), ("b", _("kind"))]) == ["a 'Kind' and b 'kind' both read 类型"]
    assert _collisions([("a", _("full name")), ("b", _("name")), ("c", _("full name"))]) == []


@pytest.mark.parametrize("model", _our_models(), ids=lambda m: m._meta.label)
def test_fields_of_a_model_read_differently(model):
    fields = [f for f in model._meta.get_fields() if getattr(f, "verbose_name", None) and f.concrete]
    assert _collisions([(f.name, f.verbose_name) for f in fields]) == []
    for field in fields:
        if field.choices:
            assert _collisions([(str(value), label) for value, label in field.flatchoices]) == [], field.name


@pytest.mark.parametrize("choices", _our_choice_sets(), ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_labels_of_a_choice_set_read_differently(choices):
    assert _collisions([(member.name, member.label) for member in choices]) == []


def _glossary():
    rows = []
    for line in (Path(__file__).resolve().parents[2] / "docs" / "dev" / "glossary.md").read_text().splitlines():
        match = re.match(r"^\| `([^`]+)` \| ([^|]*)\| ([^|]+) \|", line)
        if match:
            rows.append((match[1], match[2].strip(), match[3].strip()))
    return rows


def test_the_glossary_is_read():
    assert len(_glossary()) > 30


@pytest.mark.parametrize("msgid,context,chinese", _glossary())
def test_the_catalogue_follows_the_glossary(msgid, context, chinese):
    with translation.override("zh-hans"):
        assert (pgettext(context, msgid) if context else gettext(msgid)) == chinese
