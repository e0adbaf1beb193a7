"""The indicator registry refuses definitions that the dashboards, targets and reports could not honour."""

import pytest

from gonghui.stats import registry
from gonghui.stats.registry import StockIndicator


def test_a_target_must_be_an_indicator_where_higher_is_better():
    ceiling = StockIndicator(key="test.overdue_cap", name="overdue", counter="x.overdue", target=True,
                             higher_is_better=False)
    with pytest.raises(ValueError, match="higher is better"):
        registry.register(ceiling)
    assert "test.overdue_cap" not in {i.key for i in registry.all_indicators()}
    assert all(i.higher_is_better for i in registry.target_indicators())


def test_a_key_is_registered_once():
    existing = registry.all_indicators()[0]
    twin = StockIndicator(key=existing.key, name="twin", counter="x.twin")
    with pytest.raises(ValueError, match="registered twice"):
        registry.register(twin)
    assert registry.get(existing.key) is existing
