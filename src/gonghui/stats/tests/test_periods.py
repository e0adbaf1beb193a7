"""How a period maps onto the counters' buckets: months from the window's start on, years before it."""

import datetime
import random

from gonghui.stats.periods import Period, bucket_last_day, bucket_of

D = datetime.date
SINCE = D(2024, 1, 1)


def test_buckets_are_months_in_the_window_and_years_before():
    assert bucket_of(D(2024, 3, 15), SINCE) == D(2024, 3, 1)
    assert bucket_of(D(2023, 3, 15), SINCE) == D(2023, 1, 1)
    assert bucket_last_day(D(2024, 2, 1), SINCE) == D(2024, 2, 29)
    assert bucket_last_day(D(2023, 1, 1), SINCE) == D(2023, 12, 31)


def test_periods_inside_the_window_read_whole_months():
    assert Period.year(2025).counted_range(SINCE) == ((D(2025, 1, 1), D(2025, 12, 1)), [])
    assert Period("custom", D(2025, 3, 15), D(2025, 5, 10)).counted_range(SINCE) == (
        (D(2025, 4, 1), D(2025, 4, 1)), [(D(2025, 3, 15), D(2025, 3, 31)), (D(2025, 5, 1), D(2025, 5, 10))])
    assert Period("custom", D(2025, 3, 2), D(2025, 3, 30)).counted_range(SINCE) == (
        None, [(D(2025, 3, 2), D(2025, 3, 30))])


def test_periods_before_the_window_read_whole_years_and_the_rest_from_records():
    assert Period.year(2020).counted_range(SINCE) == ((D(2020, 1, 1), D(2020, 1, 1)), [])
    # a quarter of an old year: no whole bucket
    q = Period("quarter", D(2021, 4, 1), D(2021, 6, 30))
    assert q.counted_range(SINCE) == (None, [(q.start, q.end)])
    # across the window's start: whole old years, then whole months, the edges from the records
    p = Period("custom", D(2019, 3, 15), D(2024, 6, 10))
    assert p.counted_range(SINCE) == ((D(2020, 1, 1), D(2024, 5, 1)),
                                      [(D(2019, 3, 15), D(2019, 12, 31)), (D(2024, 6, 1), D(2024, 6, 10))])
    # ends inside an old year
    p = Period("custom", D(2018, 1, 1), D(2022, 7, 31))
    assert p.counted_range(SINCE) == ((D(2018, 1, 1), D(2021, 1, 1)), [(D(2022, 1, 1), D(2022, 7, 31))])


def test_every_day_of_a_period_is_read_once():
    """The counted buckets and the edges cover the period exactly, without overlap."""
    rng = random.Random(3)
    for _ in range(300):
        start = D(2015, 1, 1) + datetime.timedelta(days=rng.randint(0, 4000))
        p = Period("custom", start, start + datetime.timedelta(days=rng.randint(0, 1500)))
        counted, edges = p.counted_range(SINCE)
        days = []
        if counted:
            first, last = counted
            days.append((first, bucket_last_day(last, SINCE)))
            assert bucket_of(first, SINCE) == first and bucket_of(last, SINCE) == last
        days += edges
        days.sort()
        assert days[0][0] == p.start and days[-1][1] == p.end
        for (a, b), (c, _d) in zip(days, days[1:]):
            assert a <= b and c == b + datetime.timedelta(days=1)
