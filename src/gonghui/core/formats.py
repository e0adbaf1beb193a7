"""Numbers as users read them, one way everywhere: no scientific notation (Decimal("3E+2") is 300), thousands
separated, percentages with one decimal, yuan with two."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def _decimal(value):
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def plain_decimal(value):
    """The shortest exact text of a number, never with an exponent: 300, 95.5, 0.25 (for forms and the API)."""
    number = _decimal(value)
    if number is None:
        return None if value is None else value
    text = format(number.normalize(), "f")
    return "0" if text == "-0" else text


def number(value, places=None):
    """1,234,567 or, with ``places``, 1,234.50; exact otherwise (12.5 stays 12.5)."""
    number_ = _decimal(value)
    if number_ is None:
        return "" if value is None else value
    if places is not None:
        number_ = number_.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        return f"{number_:,.{places}f}"
    whole, _, fraction = plain_decimal(number_).partition(".")
    grouped = f"{int(whole):,}" if whole not in ("-0",) else whole
    return f"{grouped}.{fraction}" if fraction else grouped


def percent(value):
    """A percentage with one decimal: 95.0%."""
    return "" if _decimal(value) is None else f"{number(value, 1)}%"


def money(value):
    """Yuan with two decimals: 12,000.00."""
    return number(value, 2)
