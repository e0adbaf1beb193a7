"""Cell converters: a spreadsheet cell (text, number, date, as the reader gives it) to the value of its column.

Each converter returns the value or raises :class:`CellError` with the message for the user; the identifiers are
checked by :mod:`gonghui.core.validators`, with its messages.
"""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from gonghui.core.spreadsheets import cell_text
from gonghui.core.validators import check_credit_code, check_mobile

from .columns import allowed_labels, choice_map, normalise_value


class CellError(Exception):
    pass


_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")


def parse_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 19000101 <= value <= 21001231 and float(value).is_integer():
            return parse_date(str(int(value)))
        if 1 <= value < 80000:  # an Excel serial day number without a date format
            return _EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise CellError(_("“%(value)s” is not a date; write it as 2024-03-01.") % {"value": cell_text(value)})
    text = str(value).strip()
    m = _DATE_TEXT.match(text) or _DATE_COMPACT.match(text)
    if m:
        try:
            return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    raise CellError(_("“%(value)s” is not a date; write it as 2024-03-01.") % {"value": text[:40]})


def to_text(value, max_length=0):
    text = value.strip() if isinstance(value, str) else cell_text(value).strip()
    if max_length and len(text) > max_length:
        raise CellError(_("Too long: at most %(n)d characters (this has %(m)d).") % {"n": max_length, "m": len(text)})
    return text


def id_text(value):
    """An identifier cell as text; refused when Excel stored it as a number that lost its last digits."""
    if isinstance(value, float):
        if value >= 2 ** 53 or not value.is_integer():
            raise CellError(_(
                "Excel stored this ID number as a number and lost its last digits (%(value)s). Format the column as "
                "Text, enter the numbers again and upload the file again.") % {"value": f"{value:.15g}"})
        value = str(int(value))
    elif isinstance(value, int):
        value = str(value)
    elif not isinstance(value, str):
        value = cell_text(value)
    return value


def phone_text(value):
    """A mainland mobile number (:func:`gonghui.core.validators.check_mobile`), also when stored as a number."""
    if isinstance(value, float) and value.is_integer():
        value = str(int(value))
    elif isinstance(value, int):
        value = str(value)
    elif not isinstance(value, str):
        value = cell_text(value)
    if _MOBILE.match(value):
        return value
    try:
        return check_mobile(value)
    except ValidationError as e:
        raise CellError(e.messages[0]) from None


def to_int(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        n = value
    else:
        try:
            n = int(str(value).strip().replace(",", ""))
        except ValueError:
            raise CellError(_("“%(value)s” is not a whole number.") % {"value": cell_text(value)[:40]}) from None
    if n < 0:
        raise CellError(_("The number cannot be negative."))
    return n


def credit_code(value):
    try:
        return check_credit_code(to_text(value))
    except ValidationError as e:
        raise CellError(e.messages[0]) from None


def allowed(col):
    """The labels a choice column accepts, in the current language (for the messages)."""
    return allowed_labels(col, translation.get_language() or settings.LANGUAGE_CODE)


def make_converter(col):
    kind = col.kind
    if kind == "choice":
        mapping = choice_map(col)

        def conv(value):
            if isinstance(value, str):
                code = mapping.get(value)
                if code is not None:
                    return code
            code = mapping.get(normalise_value(cell_text(value)))
            if code is None:
                raise CellError(_("“%(value)s” is not an allowed value. Allowed: %(allowed)s.") % {
                    "value": cell_text(value)[:40], "allowed": "、".join(allowed(col))})
            return code
        return conv
    if kind == "date":
        return parse_date
    if kind == "id_number":
        return id_text
    if kind == "phone":
        return phone_text
    if kind == "int":
        return to_int
    if kind == "credit_code":
        return credit_code
    if kind in ("org_code", "unit"):
        return lambda value: to_text(value, 150)
    length = col.max_length
    return lambda value: to_text(value, length)
