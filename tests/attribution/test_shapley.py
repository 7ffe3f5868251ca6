"""Shapley values: the simplified formula of Zhao et al. (2018) against the textbook Shapley
value summed over every ordering of the channels (up to 7), and the ordered form's
breakdown by position."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadsift.attribution import JourneySet, credit_shapley, credit_shapley_ordered
from tests.attribution.reference import shapley_by_orderings


def test_hand_worked_example() -> None:
    # R({a}) = 3, R({a, b}) = 2, R({a, b, c}) = 3 (a > b > a counts as the set {a, b}).
    # phi_a = 3/1 + 2/2 + 3/3 = 5; phi_b = 2/2 + 3/3 = 2; phi_c = 3/3 = 1; total 8.
    journeys = JourneySet.from_paths([["a"], ["a", "b", "a"], ["c", "b", "a"], ["b"]],
                                     [3, 2, 3, 0], [30, 20, 30, 0], [0, 0, 0, 5])  # fmt: skip
    result = credit_shapley(journeys)
    assert result.credit_of("a") == pytest.approx((5.0, 50.0))
    assert result.credit_of("b") == pytest.approx((2.0, 20.0))
    assert result.credit_of("c") == pytest.approx((1.0, 10.0))


def test_ordered_form_breaks_credit_down_by_position() -> None:
    # a > b > a (2 conversions): a's 1/2 is split over its two touches (positions 1 and 3),
    # b's 1/2 is at position 2. So a: 0.5 at 1, 0.5 at 3; b: 1.0 at 2.
    # c > a (1 conversion): c 0.5 at 1, a 0.5 at 2.
    journeys = JourneySet.from_paths([["a", "b", "a"], ["c", "a"]], [2, 1])
    result = credit_shapley_ordered(journeys)
    positions = dict(zip(result.labels, result.details["per_label_positions"].tolist(),
                         strict=True))  # fmt: skip
    assert positions == {"a": [0.5, 0.5, 0.5], "b": [0.0, 1.0, 0.0], "c": [0.5, 0.0, 0.0]}
    assert result.credit_of("a")[0] == pytest.approx(1.5)


_rows = st.lists(
    st.tuples(st.lists(st.sampled_from("abcdefg"), min_size=1, max_size=6),
              st.integers(0, 5), st.floats(0, 1000)),
    min_size=1, max_size=12,
)  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(_rows)
def test_simplified_equals_the_shapley_value_over_all_orderings(
    rows: list[tuple[list[str], int, float]],
) -> None:
    paths = [r[0] for r in rows]
    conversions = [float(r[1]) for r in rows]
    values = [r[1] * r[2] for r in rows]
    result = credit_shapley(JourneySet.from_paths(paths, conversions, values))
    by_orderings = shapley_by_orderings(paths, conversions)
    by_orderings_value = shapley_by_orderings(paths, values)
    for label in result.labels:
        conversions_of, value_of = result.credit_of(label)
        assert conversions_of == pytest.approx(by_orderings[label], rel=1e-9, abs=1e-9)
        assert value_of == pytest.approx(by_orderings_value[label], rel=1e-9, abs=1e-7)


@settings(max_examples=40, deadline=None)
@given(_rows)
def test_ordered_positions_add_up_to_the_simplified_values_and_the_totals(
    rows: list[tuple[list[str], int, float]],
) -> None:
    journeys = JourneySet.from_paths([r[0] for r in rows], [float(r[1]) for r in rows],
                                     [r[1] * r[2] for r in rows])  # fmt: skip
    simplified, ordered = credit_shapley(journeys), credit_shapley_ordered(journeys)
    positions = ordered.details["per_label_positions"]
    assert positions.sum(axis=1) == pytest.approx(simplified.conversions, rel=1e-9, abs=1e-12)
    assert ordered.conversions == pytest.approx(simplified.conversions)
    assert math.fsum(ordered.conversions) == pytest.approx(journeys.total_conversions, 1e-12)
    assert math.fsum(ordered.value) == pytest.approx(journeys.total_value, 1e-12, abs=1e-9)
    assert (positions >= 0).all()
