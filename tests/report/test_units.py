"""Money as the narrow terminal tables show it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadsift.report.units import NOT_AVAILABLE, money, money_short


@pytest.mark.parametrize(
    ("amount", "shown"),
    [(None, NOT_AVAILABLE), (41.44, "$41.44"), (9_999, "$9,999"), (10_000, "$10k"),
     (346_900, "$347k"), (999_499, "$999k"), (6_671_600, "$6.67M"), (-25_000, "$-25k")],
)  # fmt: skip
def test_short_money(amount: float | None, shown: str) -> None:
    assert money_short(amount, "USD") == shown
    assert money_short(12_345, "CHF") == "12k CHF"  # no symbol known: the ISO code


@given(st.floats(min_value=0, max_value=1e12, allow_nan=False))
def test_short_money_is_never_wider_than_money_and_close_to_it(amount: float) -> None:
    short = money_short(amount, "EUR")
    assert len(short) <= len(money(amount, "EUR"))
    number = float(short.strip("€").replace(",", "").removesuffix("k").removesuffix("M"))
    scale = 1e6 if short.endswith("M") else 1e3 if short.endswith("k") else 1
    # rounding: half the last digit shown, with a hair for binary floats
    assert abs(number * scale - amount) <= max(0.005, 0.005 * scale, amount * 0.005) + 1e-9
