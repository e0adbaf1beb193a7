"""Demo annual report: last year's round, opened by the city, due at the end of March."""

import datetime

from .services import open_round


def load(ctx):
    today = ctx["today"]
    year = today.year - 1 if today.month <= 6 else today.year
    open_round(ctx["admin"], ctx["root"], year=year, deadline=datetime.date(year + 1, 3, 31))
