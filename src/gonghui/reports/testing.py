"""Scope builders of the annual report for the scope matrix (tests/scope)."""

import datetime

from gonghui.core.testing import register_scope_builder


@register_scope_builder("reports.reportround")
def _build_round(org, actor, marker):
    from gonghui.reports.services import open_round

    return open_round(actor, org, year=2025, deadline=datetime.date(2026, 3, 31), title=f"{marker}年报")


@register_scope_builder("reports.report")
def _build_report(org, actor, marker):
    """The grassroots union's report in a round it opened itself (the round's title carries the marker)."""
    from gonghui.reports.services import open_round

    rnd = open_round(actor, org, year=2024, deadline=datetime.date(2025, 3, 31), title=f"{marker}年报")
    return rnd.reports.get(org=org)
