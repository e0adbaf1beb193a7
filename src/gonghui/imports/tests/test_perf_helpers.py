"""The import engine's fast paths give the same results as the plain code they replace."""

import datetime
import decimal
import random

from gonghui.core.bulk import copy_line, copy_text

SPECIAL = ["\\", "\t", "\n", "\r", "\\N", "\\t", "\r\n"]
PLAIN = ["", "a", "张三", "x y", "N", "0", "t", "\u3000"]


def old_line(row):
    return "\t".join(copy_text(v) for v in row)


def random_value(rnd):
    kind = rnd.randrange(12)
    if kind == 0:
        return None
    if kind == 1:
        return rnd.choice([True, False])
    if kind == 2:
        return rnd.randrange(-10**6, 10**6)
    if kind == 3:
        return datetime.date(2000, 1, 1) + datetime.timedelta(days=rnd.randrange(10000))
    if kind == 4:
        return decimal.Decimal(rnd.randrange(10**5)) / 100
    if kind == 5:
        return {"k": rnd.choice(SPECIAL + PLAIN), "n": [1, None]}
    if kind == 6:
        return [rnd.choice(SPECIAL + PLAIN)]
    if kind == 7:
        return rnd.random()
    parts = rnd.choices(PLAIN + (SPECIAL if rnd.random() < 0.3 else []), k=rnd.randrange(4))
    return "".join(parts)


def test_copy_line_matches_copy_text_per_value():
    rnd = random.Random(20260101)
    for _ in range(20000):
        row = tuple(random_value(rnd) for _ in range(rnd.randrange(1, 9)))
        assert copy_line(row) == old_line(row), row


def test_copy_line_special_characters():
    for row in [("a\tb", "c"), ("a\nb",), ("a\rb", None), ("back\\slash", 1), ("\\N", None), (None, "x\\"),
                ("", ""), (None,), ({"a": "tab\there"}, "plain"), ("tab\t", {"b": "x"}), (True, False, "\r\n")]:
        assert copy_line(row) == old_line(row), row


def test_copy_line_str_subclass():
    class Choice(str):
        pass

    row = (Choice("a\tb"), "c", Choice("d"), None)
    assert copy_line(row) == old_line(row)
