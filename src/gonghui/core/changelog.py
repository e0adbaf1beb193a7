"""Reading the change log: each entry as sentences in the reader's language (``describe``).

Every page that shows change-log entries (a record's change-log panel, the audit log, the workbench's recent
activity) and the API's ``summary`` use this one builder, so an entry reads the same everywhere: local time to
the minute, the user's name, the model's and fields' verbose names, choice labels instead of codes, references by
their names, "(empty)" for nothing. It reads an entry as the reader may see it (``AuditLog.present_to``, done by
``for_reader``): it never adds what the reader's view of the entry left out, and masked values stay masked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.apps import apps
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language, gettext_lazy, override
from django.utils.translation import gettext as _

from .pii import PersonalDataField, mask_free_text
from .registry import registry, resolve

TIME_FORMAT = "%Y-%m-%d %H:%M"
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
# Keys of the log's snapshots that say nothing to a reader (a file's digest, an account's id).
HIDDEN_KEYS = {"sha256", "user_id"}
# Keys that are not fields of the entry's model, written by a service beside the fields.
KEY_LABELS = {
    "parent": gettext_lazy("parent organisation"),
    "committee": gettext_lazy("committee"),
    "job": gettext_lazy("import job"),
    "rows": gettext_lazy("rows"),
    "created": gettext_lazy("records created"),
    "updated": gettext_lazy("records updated"),
    "unchanged": gettext_lazy("unchanged"),
    "skipped": gettext_lazy("skipped"),
    "file": gettext_lazy("file name"),
    "size": gettext_lazy("file size"),
    "format": gettext_lazy("format"),
    "mode": gettext_lazy("mode"),
    "kind": gettext_lazy("what"),
    "reveal": gettext_lazy("personal data in clear"),
    "figures": gettext_lazy("figures"),
    "causes": gettext_lazy("causes of hardship"),
}
# Notes written as codes rather than words.
NOTE_WORDS = {
    "official": gettext_lazy("on the officials' site"),
    "portal": gettext_lazy("through the member portal"),
    "api": gettext_lazy("through the API"),
}
EXPORT_WORDS = {
    "annual report": gettext_lazy("annual report"),
    "import error report": gettext_lazy("import error report"),
    "bank transfer": gettext_lazy("bank transfer list"),
}


@dataclass
class Description:
    """An entry in words: the headline (who, when, what, on which record) and one sentence per detail."""

    headline: str
    details: list = field(default_factory=list)

    def __str__(self):
        return self.headline + ("：" + "；".join(self.details) if self.details else "")


def local_time(value):
    """A stored time in the site's time zone, to the minute (``2026-12-04 09:30``)."""
    return timezone.localtime(value).strftime(TIME_FORMAT) if value else ""


def empty():
    return _("(empty)")


def _model_field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except Exception:  # a key that is not a field (``parent``, ``job``)
        return None


def field_label(model, name):
    """A key of an entry's snapshot as the reader knows it: the field's verbose name, else the declared words."""
    field_ = _model_field(model, name)
    if field_ is not None and getattr(field_, "verbose_name", None) and not field_.auto_created:
        return str(field_.verbose_name)
    if field_ is not None and field_.is_relation and field_.auto_created:  # a reverse relation: its records
        return str(field_.related_model._meta.verbose_name_plural)
    if name in KEY_LABELS:
        return str(KEY_LABELS[name])
    label = _personal_field_labels().get(name)
    return label or name.replace("_", " ")


@lru_cache(maxsize=4)
def _personal_field_labels_cached(language):
    labels = {}
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, PersonalDataField) and f.name not in labels:
                labels[f.name] = str(f.verbose_name)
    return labels


def _personal_field_labels():
    return _personal_field_labels_cached(get_language())


def _choice_label(field_, value):
    """A stored code (``closed``) or an English label written while English was active, as the choice's label."""
    choices = getattr(field_, "flatchoices", None) if field_ is not None else None
    if not choices or not isinstance(value, (str, int)):
        return None
    for code, label in choices:
        if str(code) == str(value):
            return str(label)
    with override("en"):
        english = {str(label): code for code, label in choices}
    if str(value) in english:
        code = english[str(value)]
        return str(dict(choices)[code])
    return None


@lru_cache(maxsize=1024)
def _reference(key, value):
    return resolve(registry.audit_values[key])(value)


def format_value(model, key, value):
    """One value of a snapshot in words: choice labels, local times, yes/no, lists joined, "(empty)"."""
    if value is None or value == "" or value == [] or value == {}:
        return empty()
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if key in registry.audit_values and isinstance(value, str):
        try:
            named = _reference(key, value)
        except Exception:  # an unreadable reference must not break a page of the log
            named = None
        return named or _("(not found)")
    if key == "size" and isinstance(value, int):
        return str(filesizeformat(value))
    if key == "rows" and isinstance(value, list) and len(value) == 2:
        return _("rows %(first)s–%(last)s") % {"first": value[0], "last": value[1]}
    if isinstance(value, list):
        return "、".join(format_value(model, key, v) for v in value)
    if isinstance(value, dict):
        return _("%(n)d items") % {"n": len(value)}
    label = _choice_label(_model_field(model, key), value)
    if label is None and hasattr(model, "audit_display"):  # a model's own words for a code (``Target.indicator``)
        label = model.audit_display(key, value)
    if label is not None:
        return label
    if key == "kind" and isinstance(value, str) and value in registry.import_kinds:
        return str(registry.import_kinds[value].label)
    if isinstance(value, str) and ISO_DATETIME.match(value):
        parsed = parse_datetime(value)
        if parsed is not None:
            return local_time(parsed) if timezone.is_aware(parsed) else parsed.strftime(TIME_FORMAT)
    return mask_free_text(str(value))


def _same_number(old, new):
    """``0`` and ``"0.00"``: the same amount written once as a default and once as a decimal."""
    if isinstance(old, bool) or isinstance(new, bool) or not isinstance(old, (int, str)) \
            or not isinstance(new, (int, str)):
        return False
    if not any(isinstance(v, int) or "." in v for v in (old, new)):  # "0123" and "123" are different numbers
        return False
    try:
        return Decimal(str(old)) == Decimal(str(new))
    except (InvalidOperation, ValueError):
        return False


def _changes(entry, model):
    """[(label, old, new)] of the keys that differ, in the snapshot's order; hidden keys left out."""
    before, after = entry.before or {}, entry.after or {}
    keys = [k for k in dict.fromkeys([*before.keys(), *after.keys()]) if k not in HIDDEN_KEYS]
    blank = (None, "", [], {})
    rows = []
    for key in keys:
        old, new = before.get(key), after.get(key)
        if old == new or (old in blank and new in blank) or _same_number(old, new):
            continue
        rows.append((key, old, new))
    return rows


def change_sentence(entry, model, key, old, new):
    label = field_label(model, key)
    blank = (None, "", [], {})
    if entry.action in ("create", "bulk", "export") or (entry.before is None and old in blank):
        if entry.before is None:
            return _("%(field)s: “%(value)s”") % {"field": label, "value": format_value(model, key, new)}
        return _("set %(field)s to “%(new)s”") % {"field": label, "new": format_value(model, key, new)}
    if entry.action == "delete":
        return _("%(field)s: “%(value)s”") % {"field": label, "value": format_value(model, key, old)}
    if new in blank:
        return _("cleared %(field)s (was “%(old)s”)") % {"field": label, "old": format_value(model, key, old)}
    if old in blank:
        return _("set %(field)s to “%(new)s”") % {"field": label, "new": format_value(model, key, new)}
    return _("changed %(field)s from “%(old)s” to “%(new)s”") % {
        "field": label, "old": format_value(model, key, old), "new": format_value(model, key, new)}


def change_rows(entry):
    """[(field label, old, new)] in words, for a table of the changes."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    return [(field_label(model, key), None if entry.before is None else format_value(model, key, old),
             format_value(model, key, new) if entry.after is not None else None)
            for key, old, new in _changes(entry, model)]


def _actor(entry):
    user = entry.user if entry.user_id else None  # the list selectors fetch it with the entry
    name = str(user) if user is not None else entry.user_name
    return mask_free_text(name) if name else _("the system")


def _export_note(note):
    words = []
    text = note or ""
    if text.startswith("unmasked"):
        words.append(_("with personal data in clear"))
    for phrase, label in EXPORT_WORDS.items():
        if phrase in text:
            words.append(str(label))
    fmt = re.search(r"\b(csv|xlsx)\b", text)
    if fmt:
        words.append(_("as %(format)s") % {"format": fmt.group(1).upper()})
    if re.search(r"\b(csv|xlsx) \S+=", text):
        words.append(_("filtered"))
    if "·" in text:  # "Export · members.xlsx": the file written by the command line
        words.append(_("to the file %(name)s") % {"name": text.split("·", 1)[1].strip()})
    return "，".join(words)


def _reveal_fields(model, note):
    names = re.findall(r"[a-z][a-z_]*", note or "")
    labels = [field_label(model, n) for n in names if _model_field(model, n) is not None
              or n in _personal_field_labels()]
    return "、".join(dict.fromkeys(labels))


def _headline(entry, model):
    what = str(model._meta.verbose_name) if model is not None else _("record")
    values = {"user": _actor(entry), "time": local_time(entry.timestamp), "model": what,
              "object": entry.object_repr, "count": entry.count if entry.count is not None else "",
              "transition": str(entry.transition_label) if entry.transition else ""}
    action = entry.action
    if getattr(entry, "reduced", False) or not entry.object_repr:
        if action == "login":
            return _("%(user)s signed in at %(time)s") % values
        if action == "bulk":
            return _("%(user)s changed %(count)s %(model)s records at once at %(time)s") % values
        if action == "export":
            return _("%(user)s exported %(count)s %(model)s records at %(time)s") % values
        return _("%(user)s changed a %(model)s record at %(time)s") % values
    if action == "create" and entry.transition:
        return _("%(user)s recorded “%(transition)s” for %(model)s “%(object)s” at %(time)s") % values
    if action in ("update", "transition") and entry.transition:
        return _("%(user)s did “%(transition)s” on %(model)s “%(object)s” at %(time)s") % values
    sentences = {
        "create": _("%(user)s created %(model)s “%(object)s” at %(time)s"),
        "update": _("%(user)s changed %(model)s “%(object)s” at %(time)s"),
        "delete": _("%(user)s deleted %(model)s “%(object)s” at %(time)s"),
        "transition": _("%(user)s changed the state of %(model)s “%(object)s” at %(time)s"),
        "reveal": _("%(user)s viewed the personal data of %(model)s “%(object)s” in full at %(time)s"),
        "bulk": _("%(user)s changed %(count)s records of %(model)s “%(object)s” at once at %(time)s"),
        "login": _("%(user)s signed in at %(time)s"),
        "export": _("%(user)s exported %(model)s “%(object)s” at %(time)s"),
    }
    return sentences.get(action, sentences["update"]) % values


def describe(entry):
    """The entry as a :class:`Description` (headline and detail sentences) in the active language."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    details = []
    note = entry.note or ""
    if entry.action == "login":
        if note in NOTE_WORDS:
            details.append(str(NOTE_WORDS[note]))
        note = ""
    elif entry.action == "reveal":
        fields = _reveal_fields(model, note)
        if fields:
            details.append(_("fields shown: %(fields)s") % {"fields": fields})
        note = ""
    elif entry.action == "export":
        words = _export_note(note)
        if words:
            details.append(words)
        note = ""
    if entry.action == "bulk" and "job" in (entry.after or {}):
        note = ""  # the batch's note says what its figures say, in the language of the import's day
    if not getattr(entry, "reduced", False):
        for key, old, new in _changes(entry, model):
            details.append(change_sentence(entry, model, key, old, new))
    if note:
        details.append(_("note: %(note)s") % {"note": str(NOTE_WORDS.get(note, note))})
    return Description(_headline(entry, model), details)
