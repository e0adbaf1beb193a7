"""What an import sheet may contain: columns, their headers (Chinese, English, aliases) and allowed values.

An importer declares one :class:`Column` per field. Headers are matched after :func:`normalise_header`
(full-width → half-width, spaces of every kind removed, case folded, a trailing ``*`` or ``(...)`` hint dropped),
so ``身份证号``, ``居民身份证号码``, ``ＩＤ Number`` and ``id number`` all find their column. Choice values accept
the code, the English label, the Chinese label and the column's further spellings (:func:`choice_map`).
"""

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from django.db import models
from django.utils import translation


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: the choice maps are cached per column
class Column:
    field: str
    zh: str
    en: str
    kind: str = "text"  # text, choice, date, id_number, phone, int, org_code, unit, credit_code
    required: str = ""  # "" optional, "always", "create" (needed to create, optional to update)
    aliases: tuple = ()
    choices: type = None
    max_length: int = 0
    help: object = ""
    spellings: dict = field(default_factory=dict)  # further accepted spellings of a choice → its code
    zh_suffix: str = ""  # a suffix the Chinese labels may be written without (民族: 汉族 or 汉)
    list_codes: bool = True  # the template's explanations list the codes after the labels

    def header(self, language):
        return self.zh if language.startswith("zh") else self.en


_TRAILING_HINT = re.compile(r"(\*|\([^()]*\))$")


def normalise_header(text):
    s = unicodedata.normalize("NFKC", str(text or ""))
    s = "".join(s.split()).lower()
    for _i in range(2):
        stripped = _TRAILING_HINT.sub("", s)
        if stripped == s or not stripped:
            break
        s = stripped
    return s.strip("*:：")


def normalise_value(text):
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


@functools.cache
def _choice_map_cached(column, language):
    choices = column.choices
    mapping = {}
    with translation.override("en"):
        for value, label in choices.choices:
            mapping[normalise_value(str(value))] = value
            mapping[normalise_value(str(label))] = value
    with translation.override("zh-hans"):
        for value, label in choices.choices:
            zh = normalise_value(str(label))
            mapping[zh] = value
            if column.zh_suffix:
                mapping[zh.removesuffix(column.zh_suffix)] = value
            if isinstance(value, str) and value.isdigit():
                mapping[str(int(value))] = value  # Excel drops the leading zero of 01
    for k, v in column.spellings.items():
        mapping[normalise_value(k)] = v
    if issubclass(choices, models.IntegerChoices):
        mapping = {k: int(v) for k, v in mapping.items()}
    return mapping


def choice_map(column):
    """normalised spelling → code, for every accepted spelling of the choice column's values."""
    return _choice_map_cached(column, translation.get_language() or "")


def allowed_labels(column, language="zh-hans"):
    with translation.override(language):
        return [str(label) for _v, label in column.choices.choices]


@functools.cache
def header_index(columns):
    """normalised header → column, for every spelling of every column of ``columns`` (a tuple)."""
    index = {}
    for col in columns:
        for text in (col.zh, col.en, col.field, *col.aliases):
            index.setdefault(normalise_header(text), col)
    return index


def match_headers(columns, header):
    """``(mapping {column index: Column}, unknown [(index, header)], duplicates [(index, header)])``."""
    index = header_index(tuple(columns))
    mapping, unknown, duplicates, seen = {}, [], [], set()
    for i, text in enumerate(header):
        key = normalise_header(text)
        if not key:
            continue
        col = index.get(key)
        if col is None:
            unknown.append((i, text))
        elif col.field in seen:
            duplicates.append((i, text))
        else:
            seen.add(col.field)
            mapping[i] = col
    return mapping, unknown, duplicates
