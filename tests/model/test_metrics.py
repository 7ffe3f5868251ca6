"""Evaluation figures against slow, obviously-correct references."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from leadsift.model.metrics import calibration_error, evaluate, lift_top_decile


def _lift_reference(y: list[int], p: list[float]) -> float:
    """Average over every ordering of tied scores of the positive rate in the top tenth."""
    n = len(y)
    k = max(int(np.ceil(n * 0.1)), 1)
    base = sum(y) / n
    cut = sorted(p, reverse=True)[k - 1]
    above = [yi for yi, pi in zip(y, p, strict=True) if pi > cut]
    tied = [yi for yi, pi in zip(y, p, strict=True) if pi == cut]
    expected = sum(above) + (k - len(above)) * (sum(tied) / len(tied))
    return expected / k / base


def _ece_reference(y: list[int], p: list[float]) -> float:
    total = 0.0
    for b in range(10):
        members = [(yi, pi) for yi, pi in zip(y, p, strict=True) if min(int(pi * 10), 9) == b]
        if members:
            observed = sum(m[0] for m in members) / len(members)
            predicted = sum(m[1] for m in members) / len(members)
            total += len(members) * abs(predicted - observed)
    return total / len(y)


_rows = st.lists(
    st.tuples(st.integers(0, 1), st.sampled_from([0.0, 0.05, 0.1, 0.35, 0.5, 0.72, 0.9, 1.0])),
    min_size=2,
    max_size=60,
)


@settings(max_examples=200)
@given(_rows)
def test_lift_and_calibration_error_match_the_references(rows: list[tuple[int, float]]) -> None:
    y = [r[0] for r in rows]
    p = [r[1] for r in rows]
    if sum(y) == 0:
        assert lift_top_decile(np.array(y), np.array(p)) == 0.0
    else:
        assert np.isclose(lift_top_decile(np.array(y), np.array(p)), _lift_reference(y, p))
    assert np.isclose(calibration_error(np.array(y), np.array(p)), _ece_reference(y, p))


def test_a_perfect_ranking_and_a_calibrated_coin() -> None:
    y = np.array([0] * 90 + [1] * 10)
    perfect = evaluate(y, np.linspace(0, 1, 100))
    assert perfect.auc == 1.0 and perfect.lift_top_decile == 10.0
    rng = np.random.default_rng(1)
    p = rng.random(200_000)
    honest = evaluate((rng.random(200_000) < p).astype(int), p)
    assert honest.calibration_error < 0.01 and 0.45 < honest.auc < 0.9
