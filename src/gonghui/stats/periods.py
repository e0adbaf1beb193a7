"""Reporting periods: a year, a quarter, a month, or a custom range of whole days."""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


@dataclasses.dataclass(frozen=True)
class Period:
    kind: str  # year | quarter | month | custom
    start: datetime.date
    end: datetime.date

    @property
    def token(self) -> str:
        """The period as it is written in URLs and the API (``2026``, ``2026-Q3``, ``2026-07``, ``a~b``)."""
        if self.kind == "year":
            return f"{self.start.year}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        return f"{self.start.isoformat()}~{self.end.isoformat()}"

    @property
    def label(self) -> str:
        if self.kind == "year":
            return _("%(year)d") % {"year": self.start.year}
        if self.kind == "quarter":
            return _("%(year)d Q%(quarter)d") % {"year": self.start.year, "quarter": (self.start.month - 1) // 3 + 1}
        if self.kind == "month":
            return _("%(year)d-%(month)02d") % {"year": self.start.year, "month": self.start.month}
        return f"{self.start.isoformat()} – {self.end.isoformat()}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def elapsed_share(self, today=None) -> float:
        """How much of the period has passed (0..1): the pace a target should be at."""
        today = today or timezone.localdate()
        if today < self.start:
            return 0.0
        if today >= self.end:
            return 1.0
        return ((today - self.start).days + 1) / self.days

    def months(self):
        """(first day, last day) of every calendar month the period touches, clipped to the period."""
        y, m = self.start.year, self.start.month
        while datetime.date(y, m, 1) <= self.end:
            first = max(datetime.date(y, m, 1), self.start)
            last = min(datetime.date(y, m, calendar.monthrange(y, m)[1]), self.end)
            yield first, last
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)

    def counted_range(self, monthly_from: datetime.date):
        """How the counters cover the period. Their flows are kept in buckets: months from ``monthly_from`` (a 1
        January) on, whole years before it. Returns (first bucket, last bucket) of the buckets that lie wholly
        inside the period, or None; and the ranges of days left at its edges, to read from the records."""
        start = (self.start if bucket_of(self.start, monthly_from) == self.start
                 else _next_bucket(self.start, monthly_from))
        last = bucket_of(self.end, monthly_from)
        if bucket_last_day(last, monthly_from) != self.end:
            last = _previous_bucket(last, monthly_from)
        if last is None or start > last:  # no whole bucket: the period is its own edge
            return None, [(self.start, self.end)]
        end = bucket_last_day(last, monthly_from)
        edges = []
        if self.start < start:
            edges.append((self.start, start - datetime.timedelta(days=1)))
        if end < self.end:
            edges.append((end + datetime.timedelta(days=1), self.end))
        return (start, last), edges

    @classmethod
    def year(cls, year: int) -> Period:
        return cls("year", datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @classmethod
    def current_year(cls) -> Period:
        return cls.year(timezone.localdate().year)


def month_last_day(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def bucket_of(day: datetime.date, monthly_from: datetime.date) -> datetime.date:
    """The first day of the counters' bucket that holds ``day``: its month from ``monthly_from`` on, its year
    before."""
    return day.replace(day=1) if day >= monthly_from else day.replace(month=1, day=1)


def bucket_last_day(first: datetime.date, monthly_from: datetime.date) -> datetime.date:
    """The last day of the bucket that starts on ``first``."""
    return month_last_day(first) if first >= monthly_from else first.replace(month=12, day=31)


def _next_bucket(day, monthly_from):
    return bucket_last_day(bucket_of(day, monthly_from), monthly_from) + datetime.timedelta(days=1)


def _previous_bucket(first, monthly_from):
    if first == datetime.date.min:
        return None
    return bucket_of(first - datetime.timedelta(days=1), monthly_from)


_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.I)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_CUSTOM = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(?:~|\.\.|/|,)\s*(\d{4}-\d{2}-\d{2})$")


def parse_period(value: str | None, *, start: str | None = None, end: str | None = None) -> Period:
    """Parse a period token, or a custom ``start``/``end`` pair; raise ValidationError with a clear message."""
    value = (value or "").strip()
    if start or end:
        value = f"{(start or '').strip()}~{(end or '').strip()}"
    if not value:
        return Period.current_year()
    if m := _YEAR.match(value):
        year = int(m[1])
        _check_year(year)
        return Period.year(year)
    if m := _QUARTER.match(value):
        year, q = int(m[1]), int(m[2])
        _check_year(year)
        first = datetime.date(year, 3 * q - 2, 1)
        last_month = 3 * q
        return Period("quarter", first, datetime.date(year, last_month, calendar.monthrange(year, last_month)[1]))
    if m := _MONTH.match(value):
        year, month = int(m[1]), int(m[2])
        _check_year(year)
        if not 1 <= month <= 12:
            raise ValidationError(_("There is no month %(month)d.") % {"month": month}, code="period")
        last = calendar.monthrange(year, month)[1]
        return Period("month", datetime.date(year, month, 1), datetime.date(year, month, last))
    if m := _CUSTOM.match(value):
        try:
            first, last = datetime.date.fromisoformat(m[1]), datetime.date.fromisoformat(m[2])
        except ValueError:
            raise ValidationError(_("Enter real dates as YYYY-MM-DD."), code="period") from None
        if last < first:
            raise ValidationError(_("The end of the period is before its start."), code="period")
        _check_year(first.year)
        _check_year(last.year)
        return Period("custom", first, last)
    raise ValidationError(
        _("Enter a period as a year (2026), a quarter (2026-Q3), a month (2026-07) or two dates "
          "(2026-01-01~2026-06-30)."),
        code="period",
    )


def _check_year(year):
    if not 1949 <= year <= timezone.localdate().year + 1:
        raise ValidationError(_("Choose a year between 1949 and next year."), code="period")
