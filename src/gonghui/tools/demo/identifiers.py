"""Unique, valid identifiers from a running index, with no lookups and no retries.

Every person the generators make gets an index from the sequence ``seed_person`` (every unit one from
``seed_unit``), so two runs never hand out the same index. A fixed affine permutation
``j = (i * A + B) mod CAP`` (A coprime to CAP, hence a bijection) spreads consecutive indices over the
whole space, and ``j`` is decoded into the parts of the identifier. Distinct indices give distinct
identifiers, and the results look random.

- ID numbers (GB 11643): region code (one of the city's districts), birth date 1960-01-01..2005-12-31,
  order code whose parity is the gender (odd = male), and the check character.
- Mobile numbers: a real operator prefix and 8 digits.
- Unified social credit codes (GB 32100): registration authority and category, the district code, a
  9-character organisation code with its own GB 11714 check character, and the GB 32100 check character.
"""

import datetime
import math

from gonghui.core.validators import CREDIT_CODE_CHARS, ID_CHECK_CHARS, ID_WEIGHTS, credit_code_check_char

BIRTH_FIRST = datetime.date(1960, 1, 1)
BIRTH_LAST = datetime.date(2005, 12, 31)
BIRTH_DAYS = (BIRTH_LAST - BIRTH_FIRST).days + 1
ORDER_SLOTS = 499  # order codes 001..998: slot k gives 2k+1 (male) or 2k+2 (female)

MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156",
    "157", "158", "159", "166", "170", "173", "175", "176", "177", "178", "180", "181", "182", "183", "184", "185",
    "186", "187", "188", "189", "191", "198", "199",
)


def _multiplier(cap, start=1_000_000_007):
    a = start
    while math.gcd(a, cap) != 1:
        a += 2
    return a


class PersonIdentifiers:
    """ID numbers (with birth date and gender) and mobile numbers for person index ``i`` (i >= 1)."""

    def __init__(self, region_codes):
        self.regions = tuple(region_codes)
        self.cap = 2 * len(self.regions) * BIRTH_DAYS * ORDER_SLOTS
        self.a = _multiplier(self.cap)
        self.b = 7919
        # Partial checksums, so a number costs three lookups instead of seventeen multiplications.
        self.region_sums = [sum(int(c) * w for c, w in zip(r, ID_WEIGHTS[:6])) for r in self.regions]
        first = BIRTH_FIRST.toordinal()
        self.birth_ordinals = [first + d for d in range(BIRTH_DAYS)]
        self.birth_digits = [datetime.date.fromordinal(o).strftime("%Y%m%d") for o in self.birth_ordinals]
        self.birth_iso = [f"{s[:4]}-{s[4:6]}-{s[6:]}" for s in self.birth_digits]
        self.birth_sums = [sum(int(c) * w for c, w in zip(s, ID_WEIGHTS[6:14])) for s in self.birth_digits]
        self.orders = [f"{o:03d}" for o in range(1000)]
        self.order_sums = [sum(int(c) * w for c, w in zip(s, ID_WEIGHTS[14:17])) for s in self.orders]
        self.phone_cap = len(MOBILE_PREFIXES) * 100_000_000
        self.phone_a = _multiplier(self.phone_cap, 2_147_483_647)
        if self.cap < 10_000_000:
            raise ValueError("too few region codes for unique ID numbers")

    def id_number(self, i):
        """(number, gender, birth day index) for person index ``i``."""
        j = (i * self.a + self.b) % self.cap
        g = j & 1
        j >>= 1
        j, r = divmod(j, len(self.regions))
        k, d = divmod(j, BIRTH_DAYS)
        order = 2 * k + 1 + g
        total = self.region_sums[r] + self.birth_sums[d] + self.order_sums[order]
        number = self.regions[r] + self.birth_digits[d] + self.orders[order] + ID_CHECK_CHARS[total % 11]
        return number, ("M" if g == 0 else "F"), d

    def phone(self, i):
        j = (i * self.phone_a + 104_729) % self.phone_cap
        body, p = divmod(j, len(MOBILE_PREFIXES))
        return f"{MOBILE_PREFIXES[p]}{body:08d}"


# --- Unified social credit codes ------------------------------------------------------------------

_GB11714_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_DIGIT_CAP = 100_000_000
_MA_CAP = 31 ** 6
_DIGIT_A = _multiplier(_DIGIT_CAP, 48_271)
_MA_A = _multiplier(_MA_CAP, 69_621)


def _gb11714_check(body8):
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body8, _GB11714_WEIGHTS))
    c9 = 11 - total % 11
    return "X" if c9 == 10 else "0" if c9 == 11 else str(c9)


def _base31(n, width):
    chars = []
    for _ in range(width):
        n, r = divmod(n, 31)
        chars.append(CREDIT_CODE_CHARS[r])
    return "".join(reversed(chars))


# Registration authority + category: 91 enterprise, 92 individual business, 93 farmers' cooperative,
# 11 government organ, 12 public institution, 51 social organisation, 52 private non-enterprise unit.
AUTHORITY_FOR = {"enterprise": "91", "individual": "92", "cooperative": "93", "organ": "11", "institution": "12",
                 "social": "51"}


def credit_code(u, district_code, kind="enterprise"):
    """A valid 18-character unified social credit code for unit index ``u`` (unique per ``u``)."""
    v, pattern = divmod(u, 2)
    if pattern == 0:
        body = f"{(v * _DIGIT_A + 12_345) % _DIGIT_CAP:08d}"  # carried over from the old organisation code
    elif kind in ("organ", "institution"):
        # Government organs and institutions keep digit codes; this half of the index space is shifted
        # so it never meets the first half (unit indices stay far below 10^8).
        body = f"{((v + _DIGIT_CAP // 2) * _DIGIT_A + 12_345) % _DIGIT_CAP:08d}"
    else:
        body = "MA" + _base31((v * _MA_A + 777) % _MA_CAP, 6)  # codes issued since 2015
    first17 = AUTHORITY_FOR.get(kind, "91") + district_code + body + _gb11714_check(body)
    return first17 + credit_code_check_char(first17)
