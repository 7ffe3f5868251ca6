"""Rule-based models: hand-worked journeys, the degenerate cases, and on random journeys the
properties that make credit credible (sums exact, never negative, names do not matter) and
agreement with a slow one-journey-at-a-time reference written from the rules' wording."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings

from leadsift.attribution import (
    RULE_MODELS,
    Journey,
    JourneySet,
    RuleOptions,
    Touch,
    credit_rule,
    touch_credits,
    touch_shares,
)
from tests.attribution.reference import rule_shares
from tests.attribution.strategies import journey_lists

DAY = timedelta(days=1)
T0 = datetime(2025, 3, 1, tzinfo=UTC)


def _path(*labels: str, **milestones: int) -> JourneySet:
    return JourneySet.from_journeys([Journey([Touch(x) for x in labels], 1.0, 100.0,
                                             **milestones)])  # type: ignore[arg-type]  # fmt: skip


def _shares(model: str, *labels: str, **milestones: int) -> list[float]:
    shares: list[float] = touch_shares(_path(*labels, **milestones), model).round(12).tolist()
    return shares


# --- hand-worked journeys: the arithmetic is in the comments ---------------------------------


def test_first_last_and_linear_on_four_touches() -> None:
    # a > b > c > d: first all to a, last all to d, linear 1/4 each
    assert _shares("first", "a", "b", "c", "d") == [1, 0, 0, 0]
    assert _shares("last", "a", "b", "c", "d") == [1 * 0, 0, 0, 1]
    assert _shares("linear", "a", "b", "c", "d") == [0.25] * 4


def test_linear_counts_each_touch_so_a_repeated_label_gets_two_shares() -> None:
    # email > ads > email: 1/3 per touch, so email 2/3 and ads 1/3
    result = credit_rule(_path("email", "ads", "email"), "linear")
    assert result.credit_of("email")[0] == pytest.approx(2 / 3)
    assert result.credit_of("ads")[0] == pytest.approx(1 / 3)


def test_last_non_direct_passes_over_direct_and_falls_back_to_it() -> None:
    # ads > email > direct: the last touch that is not direct is email
    assert _shares("last_non_direct", "ads", "email", "direct") == [0, 1, 0]
    # Direct is compared without case; a journey of direct touches only: its last touch
    assert _shares("last_non_direct", "email", "Direct") == [1, 0]
    assert _shares("last_non_direct", "direct", "direct") == [0, 1]
    options = RuleOptions(direct="(none)")
    assert touch_shares(_path("ads", "(none)"), "last_non_direct", options).tolist() == [1, 0]


def test_u_shaped_is_40_20_40_without_milestones_and_follows_lead_creation() -> None:
    # a > b > c > d, lead = last touch: 0.4 to a, 0.4 to d, 0.2 / 2 = 0.1 to b and c
    assert _shares("u", "a", "b", "c", "d") == [0.4, 0.1, 0.1, 0.4]
    # lead created at b: 0.4 a, 0.4 b, the rest (c, d) 0.1 each
    assert _shares("u", "a", "b", "c", "d", lead=1) == [0.4, 0.4, 0.1, 0.1]


def test_w_shaped_with_and_without_milestones() -> None:
    # a > b > c > d > e, lead at b, opportunity at d: 0.3 a, b, d; 0.1 / 2 to c and e
    assert _shares("w", "a", "b", "c", "d", "e", lead=1, opportunity=3) == [
        0.3, 0.3, 0.05, 0.3, 0.05,
    ]  # fmt: skip
    # no milestones: lead and opportunity are the last touch, so it has 0.3 + 0.3
    assert _shares("w", "a", "b", "c", "d") == [0.3, 0.05, 0.05, 0.6]


def test_full_path_gives_22_5_to_each_milestone_and_10_to_the_rest() -> None:
    # a..f, lead b, opportunity d, won f: 0.225 to a, b, d, f; 0.1 / 2 = 0.05 to c and e
    shares = _shares("full_path", "a", "b", "c", "d", "e", "f", lead=1, opportunity=3, won=5)
    assert shares == [0.225, 0.225, 0.05, 0.225, 0.05, 0.225]


def test_time_decay_halves_the_weight_every_half_life_back_from_the_conversion() -> None:
    # touches 14, 7 and 0 days before the conversion: weights 1/4, 1/2, 1, total 7/4,
    # so shares 1/7, 2/7, 4/7
    journey = Journey([Touch("a", T0), Touch("b", T0 + 7 * DAY), Touch("c", T0 + 14 * DAY)])
    shares = touch_shares(JourneySet.from_journeys([journey]), "time_decay")
    assert shares.tolist() == pytest.approx([1 / 7, 2 / 7, 4 / 7])
    # converted 7 days after the last touch: the same relative weights
    later = Journey(journey.touches, converted_at=T0 + 21 * DAY)
    assert touch_shares(JourneySet.from_journeys([later]), "time_decay").tolist() == (
        pytest.approx([1 / 7, 2 / 7, 4 / 7])
    )
    # half-life 14 days: weights 1/2, 1/sqrt 2, 1
    options = RuleOptions(half_life_days=14)
    w = [0.5, 2**-0.5, 1.0]
    assert touch_shares(JourneySet.from_journeys([journey]), "time_decay", options).tolist() == (
        pytest.approx([x / sum(w) for x in w])
    )


def test_time_decay_without_timestamps_counts_one_step_as_one_day() -> None:
    # three touches, ages 2, 1, 0 days, half-life 1 day: weights 1/4, 1/2, 1 -> 1/7, 2/7, 4/7
    shares = touch_shares(_path("a", "b", "c"), "time_decay", RuleOptions(half_life_days=1))
    assert shares.tolist() == pytest.approx([1 / 7, 2 / 7, 4 / 7])


# --- the degenerate cases ---------------------------------------------------------------------


@pytest.mark.parametrize("model", RULE_MODELS)
def test_one_touch_gets_everything(model: str) -> None:
    assert _shares(model, "a") == [1.0]


def test_u_on_two_touches_is_half_and_half() -> None:
    # 0.4 + 0.4 on the two touches, no rest touch for the 0.2: scaled up to 0.5 and 0.5
    assert _shares("u", "a", "b") == [0.5, 0.5]


def test_coinciding_milestones_add_up_on_their_touch() -> None:
    # W, a > b > c, lead and opportunity both at b: a 0.3, b 0.6, c the rest 0.1
    assert _shares("w", "a", "b", "c", lead=1, opportunity=1) == [0.3, 0.6, 0.1]
    # full path on a > b, lead = opportunity = won = b: a 0.225, b 0.675, no rest -> / 0.9
    assert _shares("full_path", "a", "b", lead=1, opportunity=1, won=1) == [0.25, 0.75]


# --- properties on random journeys ------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(journey_lists())
def test_each_journeys_credits_add_up_to_its_outcome_and_are_never_negative(
    journeys: list[Journey],
) -> None:
    columns = JourneySet.from_journeys(journeys)
    for model in RULE_MODELS:
        conversions, value = touch_credits(columns, model)
        assert (conversions >= 0).all() and (value >= 0).all()
        for j, journey in enumerate(journeys):
            part = slice(columns.offsets[j], columns.offsets[j + 1])
            assert math.fsum(conversions[part]) == pytest.approx(journey.conversions, rel=1e-9)
            assert math.fsum(value[part]) == pytest.approx(journey.value, rel=1e-9, abs=1e-9)
        result = credit_rule(columns, model)
        assert math.fsum(result.conversions) == pytest.approx(columns.total_conversions, 1e-12)
        assert math.fsum(result.value) == pytest.approx(columns.total_value, 1e-12, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(journey_lists())
def test_shares_agree_with_the_one_journey_at_a_time_reference(journeys: list[Journey]) -> None:
    columns = JourneySet.from_journeys(journeys)
    for model in RULE_MODELS:
        shares = touch_shares(columns, model)
        for j, journey in enumerate(journeys):
            part = slice(columns.offsets[j], columns.offsets[j + 1])
            times = None if columns.times is None else columns.times[part].tolist()
            end = None if columns.converted_at is None else float(columns.converted_at[j])
            milestones = {
                name: index
                for name in ("lead", "opportunity", "won")
                if (index := getattr(journey, name)) is not None
            }
            expected = rule_shares([t.label for t in journey.touches], model, milestones,
                                   times, end)  # fmt: skip
            assert shares[part].tolist() == pytest.approx(expected, rel=1e-9, abs=1e-12), model


@settings(max_examples=40, deadline=None)
@given(journey_lists(labels=4))
def test_swapping_two_labels_names_swaps_their_credit(journeys: list[Journey]) -> None:
    swap = {"email": "webinar", "webinar": "email"}
    renamed = [
        Journey([Touch(swap.get(t.label, t.label), t.at) for t in j.touches], j.conversions,
                j.value, j.nulls, j.converted_at, j.first, j.lead, j.opportunity, j.won)
        for j in journeys
    ]  # fmt: skip
    for model in RULE_MODELS:
        before = credit_rule(JourneySet.from_journeys(journeys), model)
        after = credit_rule(JourneySet.from_journeys(renamed), model)
        for label in before.labels:
            assert after.credit_of(swap.get(label, label)) == pytest.approx(
                before.credit_of(label), rel=1e-9, abs=1e-9
            )


def test_credits_of_a_large_set_add_up_exactly_per_journey() -> None:
    rng = np.random.default_rng(7)
    n = 20_000
    lengths = rng.integers(1, 9, n)
    columns = JourneySet(
        labels=tuple(f"c{i}" for i in range(6)),
        codes=rng.integers(0, 6, int(lengths.sum())),
        offsets=np.concatenate([[0], np.cumsum(lengths)]),
        conversions=rng.integers(0, 3, n).astype(float),
        value=rng.gamma(2.0, 700.0, n).round(2),
        nulls=np.zeros(n),
    )
    for model in RULE_MODELS:
        conversions, value = touch_credits(columns, model)
        journey = columns.journey_of_touch
        assert np.allclose(np.bincount(journey, conversions, n), columns.conversions, rtol=1e-12)
        assert np.allclose(np.bincount(journey, value, n), columns.value, rtol=1e-12)
