"""Validators for Chinese identifiers: 居民身份证号 (GB 11643-1999), 统一社会信用代码 (GB 32100-2015), mobile numbers.

Each ``check_*`` function returns a normalised value or raises ``ValidationError`` with a translated
message; ``parse_id_number`` also returns the birth date and gender the number encodes.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
_ID_RE = re.compile(r"^[0-9]{17}[0-9X]$")  # ASCII only: \d would accept other scripts' digits
_FULLWIDTH = str.maketrans("０１２３４５６７８９ＸｘＡＢＣＤＥＦＧＨＪＫＬＭＮＰＱＲＴＵＷＹ", "0123456789XXABCDEFGHJKLMNPQRTUWY")  # noqa: E501 (the full-width alphabet)


def id_check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS))
    return ID_CHECK_CHARS[total % 11]


@dataclass(frozen=True)
class IdNumberInfo:
    number: str
    birth_date: datetime.date
    gender: str  # "M" or "F"
    region: str


def normalise_id_number(value: str) -> str:
    return (value or "").strip().translate(_FULLWIDTH).replace(" ", "").upper()


def parse_id_number(value: str) -> IdNumberInfo:
    """Validate an 18-digit resident ID number and return what it encodes."""
    number = normalise_id_number(value)
    if len(number) != 18:
        raise ValidationError(_("An ID number has 18 characters; this one has %(n)d."), code="id_length",
                              params={"n": len(number)})
    if not _ID_RE.match(number):
        raise ValidationError(_("An ID number is 17 digits followed by a digit or X."), code="id_format")
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(_("The birth date inside the ID number is not a real date."), code="id_birth") from None
    if birth.year < 1900 or birth > datetime.date.today():
        raise ValidationError(_("The birth date inside the ID number is not plausible."), code="id_birth")
    if id_check_char(number[:17]) != number[17]:
        raise ValidationError(_("The ID number's check digit is wrong; please check the number."), code="id_checksum")
    gender = "M" if int(number[16]) % 2 == 1 else "F"
    return IdNumberInfo(number=number, birth_date=birth, gender=gender, region=number[:6])


def check_id_number(value: str) -> str:
    return parse_id_number(value).number


# 统一社会信用代码: 18 characters from a 31-character alphabet (no I, O, Z, S, V).
CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS))
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def check_credit_code(value: str) -> str:
    code = (value or "").strip().translate(_FULLWIDTH).replace(" ", "").upper()
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(n)d."), code="credit_length",
            params={"n": len(code)},
        )
    if not _CREDIT_RE.match(code):
        raise ValidationError(_("The unified social credit code contains characters it cannot have."),
                              code="credit_format")
    if credit_code_check_char(code[:17]) != code[17]:
        raise ValidationError(_("The unified social credit code's check character is wrong."), code="credit_checksum")
    return code


_MOBILE_RE = re.compile(r"^1[3-9][0-9]{9}$")


def normalise_phone(value: str) -> str:
    phone = (value or "").strip().translate(_FULLWIDTH).replace(" ", "").replace("-", "")
    if phone.startswith("+86"):
        phone = phone[3:]
    elif phone.startswith("0086"):
        phone = phone[4:]
    return phone


def check_mobile(value: str) -> str:
    phone = normalise_phone(value)
    if not _MOBILE_RE.match(phone):
        raise ValidationError(_("Enter a valid 11-digit mainland mobile number starting with 1."), code="mobile")
    return phone


def validate_id_number(value):
    check_id_number(value)


def validate_credit_code(value):
    check_credit_code(value)


def validate_mobile(value):
    check_mobile(value)


def validate_not_future(value):
    if value and value > _today():
        raise ValidationError(_("This date cannot be in the future."), code="future")


# --- dates --------------------------------------------------------------------------------------------------------


def _today():
    from django.utils import timezone

    return timezone.localdate()  # Asia/Shanghai, not the server's clock zone


def _refuse(errors, field, message):
    if errors is None:
        raise ValidationError({field: message} if field else message)
    errors[field] = message


def check_not_future(day, field="date", *, message=None, today=None, errors=None):
    """The date rule every area shares: ``day`` (a date) is not after today in Asia/Shanghai.

    Refused with ``message`` (default "This date cannot be in the future.") on ``field``: raised, or added to
    ``errors`` when given (to report every field of a form at once). Returns ``day``.
    """
    if day and day > (today or _today()):
        _refuse(errors, field, message or _("This date cannot be in the future."))
    return day


def check_not_before(day, earliest, field, message, *, errors=None):
    """``day`` is not before ``earliest`` (a join date before the birth date, a session before acceptance)."""
    if day and earliest and day < earliest:
        _refuse(errors, field, message)
    return day


def require_reason(reason, message, field="reason"):
    """The written reason of a refusal or a closing, stripped; refused with ``message`` when it is empty."""
    reason = (reason or "").strip()
    if not reason:
        _refuse(None, field, message)
    return reason


# --- money --------------------------------------------------------------------------------------------------------

MONEY_LIMIT = Decimal("1e12")
CENT = Decimal("0.01")
_MONEY_NOISE = str.maketrans({",": None, "，": None, " ": None, "\u3000": None, "¥": None, "￥": None})


def parse_money(value, field="amount", *, required=False, allow_none=False, positive=False, errors=None):
    """An amount in yuan as a ``Decimal`` with two places, from what an official types or a sheet holds.

    Accepts ``12000``, ``12,000``, ``12，000``, ``¥12000``, ``12000元``, ``12000.5``, numbers and Decimals.
    Refuses (ValidationError on ``field``, or added to ``errors`` and None returned) text that is not a
    number, negative amounts (zero too when ``positive``), more than two decimals (never rounded silently)
    and amounts of a trillion or more. Empty: an error when ``required``, None when ``allow_none``, else 0.00.
    """
    if isinstance(value, str):
        value = value.translate(_FULLWIDTH).translate(_MONEY_NOISE).strip()
        if value.endswith("元"):
            value = value[:-1]
    if value is None or value == "":
        if required:
            return _refuse(errors, field, _("Enter the amount in yuan."))
        return None if allow_none else Decimal("0.00")
    if isinstance(value, float):
        value = repr(value)
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return _refuse(errors, field, _("Enter the amount in yuan as a number."))
    if not amount.is_finite():
        return _refuse(errors, field, _("Enter the amount in yuan as a number."))
    if amount < 0:
        return _refuse(errors, field, _("The amount cannot be negative."))
    if positive and amount == 0:
        return _refuse(errors, field, _("Enter an amount above zero."))
    if amount.as_tuple().exponent < -2 and amount != amount.quantize(CENT):
        return _refuse(errors, field, _("Enter the amount with at most two decimals."))
    if amount >= MONEY_LIMIT:
        return _refuse(errors, field, _("The amount is too large."))
    return amount.quantize(CENT)
