"""Property tests of the identifier validators (Hypothesis).

- 居民身份证号 (GB 11643-1999): numbers built from any region, birth date and order code validate and
  give back the birth date and gender they encode; every single-character substitution is refused.
  Why that must hold: the check is ``sum(d_i * w_i) mod 11`` with 11 prime and every weight in 1..10,
  so changing one digit by ``delta`` (1 <= |delta| <= 9) changes the sum by ``delta * w_i`` which is not
  0 mod 11, and the check character (a bijection of the residue) changes; a changed check character no
  longer matches; an ``X`` anywhere but last is refused by the format.
- 统一社会信用代码 (GB 32100-2015): the same argument with 31 (prime) and weights 1..30 for every
  substitution inside the 31-character alphabet; characters outside it (I O S V Z, or letters where the
  standard wants digits) are refused by the format.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.core.testing import make_credit_code, make_id_number, make_phone
from gonghui.core.validators import (
    CREDIT_CODE_CHARS,
    CREDIT_CODE_WEIGHTS,
    ID_CHECK_CHARS,
    ID_WEIGHTS,
    check_credit_code,
    check_id_number,
    check_mobile,
    credit_code_check_char,
    id_check_char,
    normalise_id_number,
    parse_id_number,
    validate_not_future,
)

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ID_ALPHABET = "0123456789X"
FULLWIDTH = str.maketrans("0123456789XABCDEFGHJKLMNPQRTUWY", "０１２３４５６７８９ＸＡＢＣＤＥＦＧＨＪＫＬＭＮＰＱＲＴＵＷＹ")  # noqa: E501 (the full-width alphabet)


def _codes(exc):
    return {e.code for e in exc.value.error_list} if hasattr(exc.value, "error_list") else {exc.value.code}


# --- strategies -------------------------------------------------------------------------------

regions = st.from_regex(r"[1-8][0-9]{5}", fullmatch=True)
births = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date.today())
orders = st.integers(min_value=0, max_value=999)


@st.composite
def id_numbers(draw):
    region, birth, order = draw(regions), draw(births), draw(orders)
    body = f"{region}{birth:%Y%m%d}{order:03d}"
    return body + id_check_char(body), birth, ("M" if order % 2 else "F"), region


@st.composite
def credit_codes(draw):
    alnum = st.sampled_from(CREDIT_CODE_CHARS)
    head = "".join(draw(st.lists(alnum, min_size=2, max_size=2)))
    division = draw(st.from_regex(r"[0-9]{6}", fullmatch=True))
    subject = "".join(draw(st.lists(alnum, min_size=9, max_size=9)))
    body = head + division + subject
    return body + credit_code_check_char(body)


def _allowed_credit_chars(position):
    return "0123456789" if 2 <= position <= 7 else CREDIT_CODE_CHARS


# --- the checksum arithmetic itself --------------------------------------------------------------


def test_weights_make_every_single_substitution_detectable():
    """The mathematical premise of the substitution properties below."""
    assert len(ID_WEIGHTS) == 17 and all(w % 11 for w in ID_WEIGHTS)
    assert all((delta * w) % 11 for w in ID_WEIGHTS for delta in range(1, 10))
    assert len(set(ID_CHECK_CHARS)) == 11
    assert len(CREDIT_CODE_CHARS) == 31 and len(set(CREDIT_CODE_CHARS)) == 31
    assert len(CREDIT_CODE_WEIGHTS) == 17 and all(w % 31 for w in CREDIT_CODE_WEIGHTS)
    assert all((delta * w) % 31 for w in CREDIT_CODE_WEIGHTS for delta in range(1, 31))
    assert not set("IOSVZ") & set(CREDIT_CODE_CHARS)
    # GB 32100 weights are 3^i mod 31.
    assert list(CREDIT_CODE_WEIGHTS) == [pow(3, i, 31) for i in range(17)]
    # GB 11643 weights are 2^(17-i) mod 11.
    assert list(ID_WEIGHTS) == [pow(2, 17 - i, 11) for i in range(17)]


# --- ID numbers ------------------------------------------------------------------------------


@PROPERTY
@given(id_numbers())
def test_valid_id_numbers_pass_and_decode(sample):
    number, birth, gender, region = sample
    info = parse_id_number(number)
    assert info.number == number
    assert info.birth_date == birth
    assert info.gender == gender
    assert info.region == region
    assert check_id_number(number) == number


@PROPERTY
@given(id_numbers())
def test_every_single_character_change_of_an_id_number_fails(sample):
    number = sample[0]
    for pos in range(18):
        for ch in ID_ALPHABET:
            if ch == number[pos]:
                continue
            changed = number[:pos] + ch + number[pos + 1:]
            with pytest.raises(ValidationError):
                parse_id_number(changed)


@PROPERTY
@given(id_numbers(), st.data())
def test_id_number_input_is_normalised(sample, data):
    number = sample[0]
    full = number.translate(FULLWIDTH)
    assert parse_id_number(full).number == number
    assert parse_id_number(f"  {number[:6]} {number[6:14]} {number[14:]}  ").number == number
    assert parse_id_number(number.lower()).number == number
    assert normalise_id_number(full.lower()) == number


@PROPERTY
@given(id_numbers())
def test_id_numbers_of_wrong_length_fail(sample):
    number = sample[0]
    for bad in (number[:-1], number + "1", number[:15], ""):
        with pytest.raises(ValidationError) as exc:
            parse_id_number(bad)
        assert "id_length" in _codes(exc)


@pytest.mark.parametrize(
    "number,birth,gender",
    [
        ("11010519491231002X", datetime.date(1949, 12, 31), "F"),  # the example printed in GB 11643-1999
        ("440524188001010014", None, None),  # GB 11643 example, born 1880: refused as implausible
        ("110101199003074477", datetime.date(1990, 3, 7), "M"),
        ("11010519491231002x", datetime.date(1949, 12, 31), "F"),  # lower-case x is accepted
    ],
)
def test_known_id_numbers(number, birth, gender):
    if birth is None:
        with pytest.raises(ValidationError) as exc:
            parse_id_number(number)
        assert "id_birth" in _codes(exc)
        return
    info = parse_id_number(number)
    assert (info.birth_date, info.gender) == (birth, gender)


@pytest.mark.parametrize(
    "number,code",
    [
        ("11010519491231002Y", "id_format"),
        ("1101051949123100XX", "id_format"),
        ("110105194902300020", "id_birth"),  # 30 February
        ("110105194913010020", "id_birth"),  # month 13
        ("110105194912310021", "id_checksum"),
        ("11010519491231002", "id_length"),
    ],
)
def test_bad_id_numbers_say_why(number, code):
    with pytest.raises(ValidationError) as exc:
        parse_id_number(number)
    assert code in _codes(exc)


def test_id_number_with_future_birth_date_fails():
    future = datetime.date.today() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError) as exc:
        parse_id_number(make_id_number(birth=future))
    assert "id_birth" in _codes(exc)


def test_testing_builder_makes_valid_id_numbers():
    for i in range(1, 200):
        gender = "F" if i % 3 else "M"
        info = parse_id_number(make_id_number(birth=datetime.date(1985, 2, 28), gender=gender, seq=i))
        assert info.gender == gender and info.birth_date == datetime.date(1985, 2, 28)


# --- unified social credit codes ------------------------------------------------------------------


@PROPERTY
@given(credit_codes())
def test_valid_credit_codes_pass(code):
    assert check_credit_code(code) == code
    assert check_credit_code(code.lower()) == code
    assert check_credit_code(code.translate(FULLWIDTH)) == code
    assert check_credit_code(f" {code[:9]} {code[9:]} ") == code


@PROPERTY
@given(credit_codes())
def test_every_single_substitution_of_a_credit_code_fails(code):
    for pos in range(18):
        for ch in CREDIT_CODE_CHARS + "IOSVZ":
            if ch == code[pos]:
                continue
            changed = code[:pos] + ch + code[pos + 1:]
            with pytest.raises(ValidationError) as exc:
                check_credit_code(changed)
            expected = "credit_checksum" if ch in _allowed_credit_chars(pos) else "credit_format"
            assert expected in _codes(exc), (changed, pos, ch)


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",  # the example in GB 32100-2015
        "9144030071526726XG",
        "914403001922038216",
        "91330100799655058B",
        "91110000100003495Y",
        "91110108551385082Q",
    ],
)
def test_known_credit_codes(code):
    assert check_credit_code(code) == code


@pytest.mark.parametrize(
    "code,reason",
    [
        ("91350100M000100Y4", "credit_length"),
        ("91350100M000100Y433", "credit_length"),
        ("91350100M000100I43", "credit_format"),
        ("913501A0M000100Y43", "credit_format"),  # the division code is six digits
        ("91350100M000100Y44", "credit_checksum"),
    ],
)
def test_bad_credit_codes_say_why(code, reason):
    with pytest.raises(ValidationError) as exc:
        check_credit_code(code)
    assert reason in _codes(exc)


def test_testing_builder_makes_valid_credit_codes():
    for i in range(300):
        check_credit_code(make_credit_code(seq=i))


# --- mobile numbers --------------------------------------------------------------------------


@PROPERTY
@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_valid_mobiles_pass_in_any_usual_spelling(phone):
    assert check_mobile(phone) == phone
    assert check_mobile(f"+86{phone}") == phone
    assert check_mobile(f"0086 {phone}") == phone
    assert check_mobile(f"{phone[:3]}-{phone[3:7]}-{phone[7:]}") == phone
    assert check_mobile(f" {phone[:3]} {phone[3:7]} {phone[7:]} ") == phone
    assert check_mobile(phone.translate(FULLWIDTH)) == phone


@PROPERTY
@given(st.one_of(
    st.from_regex(r"1[0-2][0-9]{9}", fullmatch=True),  # no such network
    st.from_regex(r"[02-9][0-9]{10}", fullmatch=True),  # does not start with 1
    st.from_regex(r"1[3-9][0-9]{8}", fullmatch=True),  # 10 digits
    st.from_regex(r"1[3-9][0-9]{10}", fullmatch=True),  # 12 digits
    st.from_regex(r"1[3-9][0-9]{4}[A-Za-z][0-9]{4}", fullmatch=True),
))
def test_invalid_mobiles_fail(phone):
    with pytest.raises(ValidationError):
        check_mobile(phone)


def test_testing_builder_makes_valid_phones():
    for i in range(100):
        check_mobile(make_phone(seq=i))


def test_not_future():
    validate_not_future(datetime.date.today())
    validate_not_future(None)
    with pytest.raises(ValidationError):
        validate_not_future(datetime.date.today() + datetime.timedelta(days=1))


# --- digits from other scripts ---------------------------------------------------------------
# ``\d`` in a Python regex matches every Unicode decimal digit (Arabic-Indic, Devanagari, ...), and
# ``int()`` reads them. A validator must either refuse such input (ValidationError) or return plain
# ASCII; otherwise the same person gets a second ID hash (defeating the one-record-per-person rule)
# or a phone number that no SMS gateway can use.

OTHER_DIGITS = {
    "arabic-indic": "٠١٢٣٤٥٦٧٨٩",
    "devanagari": "०१२३४५६७८९",
    "mathematical bold": "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗",
}


def _ascii_or_refused(check, value):
    try:
        result = check(value)
    except ValidationError:
        return None
    result = getattr(result, "number", result)
    assert result.isascii(), f"{check.__name__}({value!r}) accepted non-ASCII digits and returned {result!r}"
    return result


@pytest.mark.parametrize("script", OTHER_DIGITS)
def test_id_number_with_other_script_digits_is_refused_or_normalised(script):
    number = "11010519491231002X"
    foreign = number.translate(str.maketrans("0123456789", OTHER_DIGITS[script]))
    result = _ascii_or_refused(parse_id_number, foreign)
    assert result in (None, number)


@pytest.mark.parametrize("script", OTHER_DIGITS)
def test_mobile_with_other_script_digits_is_refused_or_normalised(script):
    phone = "13912345678"
    foreign = phone[:3] + phone[3:].translate(str.maketrans("0123456789", OTHER_DIGITS[script]))
    result = _ascii_or_refused(check_mobile, foreign)
    assert result in (None, phone)


@pytest.mark.parametrize("script", OTHER_DIGITS)
def test_credit_code_with_other_script_digits_is_refused_with_a_validation_error(script):
    """Not a 500: the division code part is matched with ``\\d`` and then looked up in the alphabet."""
    code = "91350100M000100Y43"
    foreign = code[:2] + code[2:8].translate(str.maketrans("0123456789", OTHER_DIGITS[script])) + code[8:]
    result = _ascii_or_refused(check_credit_code, foreign)
    assert result in (None, code)


@pytest.mark.django_db
def test_the_same_person_cannot_be_registered_twice_with_other_script_digits(tree, users):
    """The consequence of the above through the service: one record per person must hold."""
    from gonghui.members.models import Member
    from gonghui.members.services import create_member
    from gonghui.tools.testing import member_data

    # Digits from another script pass the check only when the check character is X (ASCII either way).
    number = next(n for n in (make_id_number(seq=s) for s in range(900, 1100)) if n.endswith("X"))
    data = member_data(name="重复", id_number=number)
    create_member(users["root"], tree["EA1"], data)
    foreign = data["id_number"].translate(str.maketrans("0123456789", OTHER_DIGITS["arabic-indic"]))
    try:
        create_member(users["root"], tree["EA2"], member_data(name="重复", id_number=foreign, gender=data["gender"],
                                                              birth_date=data["birth_date"]))
    except ValidationError as exc:
        print("refused:", exc)
    assert Member.objects.filter(name="重复").count() == 1, "a second member record for the same ID number"
