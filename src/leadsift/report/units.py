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


def money_short(amount: float | None, currency: str) -> str:
    """As `money`, with thousands as k and millions as M from ten thousand up ($347k,
    $6.67M), for tables that must fit a narrow terminal."""
    if amount is None or abs(amount) < 10_000:
        return money(amount, currency)
    millions = abs(amount) >= 1_000_000
    text = f"{amount / 1_000_000:,.2f}M" if millions else f"{amount / 1_000:,.0f}k"
    symbol = _SYMBOLS.get(currency)
    return f"{symbol}{text}" if symbol else f"{text} {currency}"


def share(value: float | None) -> str:
    return NOT_AVAILABLE if value is None else f"{value:.0%}"


def count(value: float) -> str:
    """A whole number with thousands separators; a credited count (a share of outcomes
    split between campaigns) with one decimal, unless it is whole."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"
