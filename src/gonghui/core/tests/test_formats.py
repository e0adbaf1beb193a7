from decimal import Decimal

import pytest
from django.template import Context, Template

from gonghui.core import formats


@pytest.mark.parametrize("value,text", [
    (Decimal("300"), "300"), (Decimal("3E+2"), "300"), (Decimal("100.00"), "100"), (Decimal("95.50"), "95.5"),
    (Decimal("0.25"), "0.25"), (Decimal("-0"), "0"), (12, "12"), (None, None),
])
def test_plain_decimal_never_has_an_exponent(value, text):
    assert formats.plain_decimal(value) == text


@pytest.mark.parametrize("value,places,text", [
    (Decimal("1E+6"), None, "1,000,000"), (Decimal("1234.5"), None, "1,234.5"), (Decimal("-2500"), None, "-2,500"),
    (Decimal("1234.5"), 2, "1,234.50"), (Decimal("0.005"), 2, "0.01"), (0, None, "0"), (None, None, ""),
])
def test_number_groups_thousands(value, places, text):
    assert formats.number(value, places) == text


def test_percent_money_and_the_filters():
    assert formats.percent(Decimal("1E+2")) == "100.0%"
    assert formats.percent(Decimal("95.45")) == "95.5%"
    assert formats.money(Decimal("12000")) == "12,000.00"
    page = Template("{% load numbers %}{{ a|number }} {{ b|percent }} {{ c|money }} {{ d|number:1 }}").render(
        Context({"a": Decimal("3E+2"), "b": Decimal("1E+2"), "c": Decimal("6.5E+3"), "d": Decimal("2")}))
    assert page == "300 100.0% 6,500.00 2.0"
