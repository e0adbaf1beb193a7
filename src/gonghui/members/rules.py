"""The member rules, each with exactly one message, shared by everything that registers or changes a person:
the staff forms and the API (through ``services.clean_person`` and the services) and the importer
(``members.importers``), so that the same mistake reads the same wherever it is made.

A ``check_*`` function refuses as :mod:`gonghui.core.validators` does: it raises ``ValidationError({field:
message})``, or, given ``errors`` (a dict, or an import row), puts the message there and returns, so that a form
or a row reports all its problems at once.
"""

import datetime
import operator
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import scope
from gonghui.core.validators import (
    ID_WEIGHTS,
    check_mobile,
    check_not_before,
    check_not_future,
    normalise_id_number,
    parse_id_number,
)
from gonghui.orgs.choices import MEMBER_HOLDING_TYPES
from gonghui.orgs.selectors import units_for


def _refuse(errors, field, message):
    if errors is None:
        raise ValidationError({field: message})
    errors[field] = message


def _checked(check, value, field, errors):
    """``check(value)``; None when it refuses, its message raised or put in ``errors`` on ``field``."""
    try:
        return check(value)
    except ValidationError as e:
        _refuse(errors, field, e.messages[0])
    return None


def check_name(name, *, errors=None):
    """A name is required; returned stripped."""
    name = (name or "").strip()
    if not name:
        _refuse(errors, "name", _("Enter the name."))
    return name


# --- the ID number: valid (GB 11643), and the gender and birth date it encodes --------------------------------

_ID_OK = re.compile(r"^[0-9]{17}[0-9X]$")
_BIRTH_CACHE = {}
_ID_W = bytes(ID_WEIGHTS)
_ID_OFFSET = 48 * sum(ID_WEIGHTS)


def id_number_info(value):
    """``(number, birth date, gender)`` of a valid resident ID number, or ValidationError with the message of
    :func:`gonghui.core.validators.parse_id_number`, which decides every number the fast path here does not
    (an import checks a million of them)."""
    s = value.strip().upper() if value.__class__ is str and value.isascii() else normalise_id_number(value)
    if len(s) == 18 and _ID_OK.match(s):
        birth = _BIRTH_CACHE.get(s[6:14])
        if birth is None:
            try:
                birth = datetime.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
            except ValueError:
                birth = False
            if birth and (birth.year < 1900 or birth > datetime.date.today()):
                birth = False
            _BIRTH_CACHE[s[6:14]] = birth
        if birth:
            total = sum(map(operator.mul, s[:17].encode(), _ID_W)) - _ID_OFFSET
            if "10X98765432"[total % 11] == s[17]:
                return s, birth, ("M" if int(s[16]) % 2 else "F")
    info = parse_id_number(s)
    return info.number, info.birth_date, info.gender


def check_id_number(value, *, errors=None):
    """``(number, birth date, gender)`` of a valid ID number; None when refused into ``errors``."""
    return _checked(id_number_info, value, "id_number", errors)


def check_matches_id(gender, birth_date, id_gender, id_birth, *, errors=None):
    """The gender and the date of birth, where given, are the ones the ID number encodes."""
    if gender and gender != id_gender:
        _refuse(errors, "gender", _("The gender does not match the ID number."))
    if birth_date and birth_date != id_birth:
        _refuse(errors, "birth_date", _("The date of birth does not match the ID number (%(date)s).") % {
            "date": id_birth.isoformat()})


# --- contact, employer, dates ------------------------------------------------------------------------------------


def check_phone(value, *, errors=None):
    """A mainland mobile number, normalised (:func:`gonghui.core.validators.check_mobile`); None when refused."""
    return _checked(check_mobile, value, "phone", errors)


def check_unit_in_scope(user, unit, *, errors=None):
    """The employer unit is one the user may see (anyone unrestricted, or nobody in particular, passes)."""
    if unit is None or user is None or scope.is_unrestricted(user):
        return
    if not units_for(user).filter(pk=unit.pk).exists():
        _refuse(errors, "unit", _("Choose an employer unit in your part of the union tree."))


JOIN_DATE_IN_FUTURE = gettext_lazy("The join date cannot be in the future.")
JOIN_DATE_BEFORE_BIRTH = gettext_lazy("The join date cannot be before the date of birth.")


def check_join_date(join_date, birth_date, *, today=None, errors=None):
    """The join date is not in the future (Asia/Shanghai) and not before the date of birth."""
    if join_date and today is not None and birth_date and birth_date <= join_date <= today:
        return  # the common case, decided without the calls below (an import checks a million join dates)
    check_not_future(join_date, "join_date", message=JOIN_DATE_IN_FUTURE, today=today, errors=errors)
    check_not_before(join_date, birth_date, "join_date", JOIN_DATE_BEFORE_BIRTH, errors=errors)


# --- the union and the person's other memberships -------------------------------------------------------------


def union_refusal(is_live, org_type):
    """Why a union cannot take members (the message), or None when it can."""
    if not is_live:
        return _("A dissolved or merged union cannot take members.")
    if org_type not in MEMBER_HOLDING_TYPES:
        return _("Members belong to a grassroots union, not to a federation.")
    return None


def check_union_takes_members(org, *, field="org", errors=None):
    """Members belong to a live grassroots union, not to a federation nor a dissolved or merged union."""
    message = union_refusal(org.is_live, org.org_type)
    if message is not None:
        _refuse(errors, field, message)


def already_member_error(user, member):
    """The refusal for a person who belongs to a union already (``member``: their record, or anything with its
    ``org`` and ``member_no``): names the union only if the user can see it."""
    if user is not None and scope.in_scope(user, member.org):
        msg = _("This person is already a member of %(org)s (member number %(no)s).") % {
            "org": member.org.name, "no": member.member_no,
        }
    else:
        msg = _("This person is already a member of another union. A person can belong to one union at a time; "
                "ask the member's union to transfer the membership.")
    return ValidationError({"id_number": msg})


def deceased_error():
    """The refusal for an ID number whose person is recorded as deceased."""
    return ValidationError({"id_number": _("This ID number belongs to a person recorded as deceased.")})
