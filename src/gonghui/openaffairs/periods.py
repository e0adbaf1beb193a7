"""The periods of a disclosure item, computed from its frequency: ``2026-11`` (monthly), ``2026Q4`` (quarterly),
``2026`` (yearly); an item posted as things happen has the posting's own day as its period (``2026-11-05``)."""

import calendar
import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import Frequency

_PATTERNS = {
    Frequency.MONTHLY: re.compile(r"^(\d{4})-(\d{2})$"),
    Frequency.QUARTERLY: re.compile(r"^(\d{4})Q([1-4])$"),
    Frequency.YEARLY: re.compile(r"^(\d{4})$"),
    Frequency.AS_NEEDED: re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"),
}
_EXAMPLES = {Frequency.MONTHLY: "2026-11", Frequency.QUARTERLY: "2026Q4", Frequency.YEARLY: "2026",
             Frequency.AS_NEEDED: "2026-11-05"}


def token_of(frequency, day):
    """The period of ``frequency`` that holds ``day``."""
    if frequency == Frequency.MONTHLY:
        return f"{day.year}-{day.month:02d}"
    if frequency == Frequency.QUARTERLY:
        return f"{day.year}Q{(day.month - 1) // 3 + 1}"
    if frequency == Frequency.YEARLY:
        return f"{day.year}"
    return day.isoformat()


def bounds(frequency, token, field="period"):
    """(first day, last day) of the period ``token``; a token that is no period of ``frequency`` is refused on
    ``field``."""
    token = (token or "").strip().upper()
    match = _PATTERNS[frequency].match(token)
    try:
        if match is None:
            raise ValueError
        parts = [int(p) for p in match.groups()]
        if not 2000 <= parts[0] <= 2100:
            raise ValueError
        if frequency == Frequency.MONTHLY:
            y, m = parts
            return datetime.date(y, m, 1), datetime.date(y, m, calendar.monthrange(y, m)[1])
        if frequency == Frequency.QUARTERLY:
            y, q = parts
            first = datetime.date(y, 3 * q - 2, 1)
            last_month = 3 * q
            return first, datetime.date(y, last_month, calendar.monthrange(y, last_month)[1])
        if frequency == Frequency.YEARLY:
            return datetime.date(parts[0], 1, 1), datetime.date(parts[0], 12, 31)
        day = datetime.date(*parts)
        return day, day
    except ValueError:
        message = _("%(period)s is not a period of a %(frequency)s item; write it like %(example)s.")
        values = {"period": token or "—", "frequency": Frequency(frequency).label.lower(),
                  "example": _EXAMPLES[frequency]}
        raise ValidationError({field: message % values}) from None


def next_start(frequency, start):
    """The first day of the period after the one starting on ``start``."""
    if frequency == Frequency.MONTHLY:
        return datetime.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    if frequency == Frequency.QUARTERLY:
        m = start.month + 3
        return datetime.date(start.year + (m - 1) // 12, (m - 1) % 12 + 1, 1)
    return datetime.date(start.year + 1, 1, 1)


def periods_between(frequency, since, until):
    """[(token, first day, last day)] of every period from the one holding ``since`` to the one holding
    ``until`` (none for an item posted as things happen)."""
    if frequency == Frequency.AS_NEEDED or since > until:
        return []
    out = []
    start, _end = bounds(frequency, token_of(frequency, since))
    while start <= until:
        token = token_of(frequency, start)
        first, last = bounds(frequency, token)
        out.append((token, first, last))
        start = next_start(frequency, start)
    return out
