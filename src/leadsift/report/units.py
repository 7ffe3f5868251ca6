"""Numbers as a marketing manager reads them: currency, percentages, thousands."""

from __future__ import annotations

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}
NOT_AVAILABLE = "\u2013"  # an en dash: the figure cannot be computed (no spend, no one)


def money(amount: float | None, currency: str) -> str:
    """$12.40 under a hundred, $1,234 above; the ISO code where we know no symbol."""
    if amount is None:
        return NOT_AVAILABLE
    symbol = _SYMBOLS.get(currency)
    digits = 2 if abs(amount) < 100 else 0
    text = f"{amount:,.{digits}f}"
    return f"{symbol}{text}" if symbol else f"{text} {currency}"


def share(value: float | None) -> str:
    return NOT_AVAILABLE if value is None else f"{value:.0%}"


def count(value: int) -> str:
    return f"{value:,}"
