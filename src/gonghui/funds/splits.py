"""The split of a remittance payment between three levels, exact to the fen: every level but the one named for
rounding gets its share rounded down to the fen; the named level gets the rest, so the parts add up exactly."""

from decimal import ROUND_DOWN, Decimal

FEN = Decimal("0.01")


def split_amount(amount, shares, rounding_to):
    """``shares``: {level: percent} adding up to 100; returns {level: Decimal} adding up to ``amount``."""
    amount = Decimal(amount).quantize(FEN)
    parts = {}
    for level, pct in shares.items():
        if level != rounding_to:
            parts[level] = (amount * Decimal(pct) / 100).quantize(FEN, rounding=ROUND_DOWN)
    parts[rounding_to] = amount - sum(parts.values(), Decimal("0"))
    return {level: parts[level] for level in shares}
