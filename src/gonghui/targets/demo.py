"""Demo targets: this year's targets handed down by the city to its districts and by the demo district to its
children, set a little above last year's actuals so that progress and pace warnings show."""

from decimal import Decimal

from gonghui.stats.periods import Period
from gonghui.stats.registry import StatsContext

from .services import set_targets


def load(ctx):
    admin, root, district, today, rng = ctx["admin"], ctx["root"], ctx["district"], ctx["today"], ctx["rng"]
    last_year = StatsContext(Period.year(today.year - 1))
    for issuer in (root, district):
        children = list(issuer.get_children().filter(status="active"))
        last_year.load([c.pk for c in children])
        rows = []
        for child in children:
            for key in ("new_unions", "new_members", "new_migrant_members"):
                base = last_year.value(key, child.pk) or 0
                rows.append({"org": child, "indicator": key, "value": max(1, round(base * rng.uniform(0.9, 1.3)))})
            for key in ("unionisation_rate", "membership_rate"):
                now = last_year.value(key, child.pk)
                rows.append({"org": child, "indicator": key,
                             "value": min(Decimal(100), (now or Decimal(80)) + Decimal(rng.choice([2, 3, 5])))})
        set_targets(admin, issuer, today.year, rows)
