"""What every part of the seeder shares: the refusal, weighted draws, the employers' industries and ownerships."""

CHUNK = 50_000  # members per chunk (and per transaction when the load is small)


class SeedRefused(Exception):
    pass


ENTERPRISE_INDUSTRIES = (
    ("C", 34), ("F", 14), ("E", 10), ("G", 8), ("H", 6), ("I", 5), ("L", 5), ("M", 3), ("K", 3), ("O", 4),
    ("J", 2), ("A", 2), ("D", 1), ("B", 1), ("N", 1), ("R", 1),
)
OWNERSHIPS = (("private", 72), ("state", 7), ("collective", 4), ("foreign", 4), ("hmt", 3))


def weighted(rng, pairs):
    """One value of ``(value, weight)`` pairs, drawn with the weights."""
    values, weights = zip(*pairs)
    return rng.choices(values, weights=weights)[0]


def iso(day):
    return day.isoformat() if day is not None else None


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def insert_in_batches(table, rows, size=20_000):
    """Write ``rows`` through a :class:`~gonghui.core.bulk.FastTable` in batches of ``size``."""
    for k in range(0, len(rows), size):
        table.insert(rows[k: k + size])
