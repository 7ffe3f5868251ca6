"""Markov removal effects: the published worked examples, and on random path tables the exact
solution against two slow references (value iteration on a chain counted journey by journey,
and a step-by-step walk that tracks which labels each converting walk visited)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadsift.attribution import (
    JourneySet,
    ModelOptions,
    aggregate,
    attribute,
    credit_markov,
    estimate_chain,
    removal_effects,
)
from tests.attribution.reference import (
    absorbed_by_iteration,
    chain_probabilities,
    visited_sets,
)

# --- published examples -----------------------------------------------------------------------


def test_bryl_three_paths() -> None:
    # S. Bryl, "Marketing Multi-Channel Attribution model with R (part 1)", analyzecore.com,
    # 2016, as reproduced by the markovattribution package's tests: C1 > C2 > C3 converts
    # (value 1000), C1 and C2 > C3 do not.
    # start -> C1 2/3, -> C2 1/3; C1 -> C2 1/2, -> null 1/2; C2 -> C3 1; C3 -> conv 1/2.
    # P(conv) = 2/3 * 1/2 * 1/2 + 1/3 * 1/2 = 1/3; without C1 only start -> C2 is left: 1/6,
    # removal effect 1 - (1/6)/(1/3) = 0.5; C2 and C3 are on every path: 1. Shares 0.5/2.5 ...
    journeys = JourneySet.from_paths([["C1", "C2", "C3"], ["C1"], ["C2", "C3"]], [1, 0, 0],
                                     [1000, 0, 0], [0, 1, 1])  # fmt: skip
    result = credit_markov(journeys)
    assert result.details["conversion_probability"] == pytest.approx(1 / 3)
    effects = dict(zip(result.labels, result.details["per_label_removal_effect"], strict=True))
    assert effects == pytest.approx({"C1": 0.5, "C2": 1.0, "C3": 1.0})
    assert result.credit_of("C1") == pytest.approx((0.2, 200.0))
    assert result.credit_of("C2") == pytest.approx((0.4, 400.0))
    assert result.credit_of("C3") == pytest.approx((0.4, 400.0))


def test_puzyrov_google_ads_and_mailing() -> None:
    # S. Puzyrov, "Markov Chain Attribution - Simple Explanation Of Removal Effect" (2019):
    # google ads (2 conv), mailing (1), google ads > mailing (1), google ads (0 conv, 1 null).
    # Published transition probabilities: start -> ads 0.8, -> mailing 0.2; ads -> conv 0.5,
    # -> mailing 0.25, -> null 0.25; mailing -> conv 1.
    # P(conv) = 0.8 * (0.5 + 0.25 * 1) + 0.2 = 0.8; without ads 0.2 (RE 0.75); without
    # mailing 0.8 * 0.5 = 0.4 (RE 0.5); 4 conversions shared 0.75 : 0.5 -> 2.4 and 1.6.
    journeys = JourneySet.from_paths([["ads"], ["mailing"], ["ads", "mailing"], ["ads"]],
                                     [2, 1, 1, 0], None, [0, 0, 0, 1])  # fmt: skip
    chain = estimate_chain(journeys)
    q, to_conversion, _ = chain.probabilities()
    names = [chain.state_name(s) for s in range(chain.states)]
    start, ads, mailing = 0, names.index("ads"), names.index("mailing")
    assert q[start, ads] == pytest.approx(0.8) and q[start, mailing] == pytest.approx(0.2)
    assert q[ads, mailing] == pytest.approx(0.25) and to_conversion[ads] == pytest.approx(0.5)
    assert to_conversion[mailing] == pytest.approx(1.0)
    result = credit_markov(journeys)
    assert result.details["conversion_probability"] == pytest.approx(0.8)
    assert result.credit_of("ads")[0] == pytest.approx(2.4)
    assert result.credit_of("mailing")[0] == pytest.approx(1.6)


def test_pychattr_readme_example_exactly_where_simulation_came_close() -> None:
    # pychattr's README (ChannelAttribution's method, 10,000 simulated paths): A > B > A > B >
    # B > A, A > B > B > A > A and A > A, one conversion each, no nulls, printed A 1.991106,
    # B 1.008894. Collapsing repeats, start -> A 1; A -> B 1/2, -> conv 1/2; B -> A 1 (the
    # README's transition matrix). P(conv) = 1; without A: 0 (RE 1); without B: 1/2 (RE 1/2);
    # 3 conversions shared 1 : 0.5 -> exactly 2 and 1.
    journeys = JourneySet.from_paths([list("ABABBA"), list("ABBAA"), list("AA")], [1, 1, 1])
    result = credit_markov(journeys)
    assert result.credit_of("A")[0] == pytest.approx(2.0)
    assert result.credit_of("B")[0] == pytest.approx(1.0)


def test_repeats_in_a_row_change_nothing_at_order_one() -> None:
    plain = JourneySet.from_paths([["a", "b"], ["b"], ["a"]], [1, 1, 0], [5, 3, 0], [1, 2, 3])
    repeated = JourneySet.from_paths([["a", "a", "b", "b"], ["b", "b"], ["a", "a", "a"]],
                                     [1, 1, 0], [5, 3, 0], [1, 2, 3])  # fmt: skip
    a, b = credit_markov(plain), credit_markov(repeated)
    assert a.conversions == pytest.approx(b.conversions)
    assert a.value == pytest.approx(b.value)


def test_value_is_shared_by_removal_effects_on_value() -> None:
    # a converts 1 worth 100; b converts 1 worth 900; a > b converts 1 worth 500 (ends at b).
    # Mean value leaving a: 100, leaving b: (900 + 500) / 2 = 700. E[value] from start:
    # start -> a 2/3 (a -> conv 1/2, -> b 1/2), -> b 1/3 (b -> conv 1):
    # 2/3 (1/2 100 + 1/2 700) + 1/3 700 = 266.67 + 233.33 = 500.
    # Without a: 1/3 * 700 = 233.33 -> RE 0.5333; without b: 2/3 * 1/2 * 100 = 33.33 -> RE
    # 0.9333; value 1500 shared 0.5333 : 0.9333 -> 545.45 and 954.55.
    journeys = JourneySet.from_paths([["a"], ["b"], ["a", "b"]], [1, 1, 1], [100, 900, 500])
    result = credit_markov(journeys)
    value_effects = result.details["per_label_removal_effect_value"]
    assert value_effects.tolist() == pytest.approx([1 - 233.33333 / 500, 1 - 33.333333 / 500])
    assert result.credit_of("a")[1] == pytest.approx(1500 * 0.53333333 / 1.46666667)
    assert math.fsum(result.value) == pytest.approx(1500.0, rel=1e-12)


# --- against the slow references on random path tables -----------------------------------------

_paths = st.lists(st.sampled_from("abcd"), min_size=1, max_size=5)
_tables = st.lists(
    st.tuples(_paths, st.integers(0, 4), st.integers(0, 4), st.floats(1, 100)),
    min_size=1, max_size=10,
).filter(lambda rows: sum(r[1] for r in rows) > 0)  # fmt: skip


def _table(rows: list[tuple[list[str], int, int, float]]) -> tuple[JourneySet, list[list[str]],
                                                                    list[float], list[float],
                                                                    list[float]]:  # fmt: skip
    paths = [r[0] for r in rows]
    conversions = [float(r[1]) for r in rows]
    nulls = [float(r[2]) for r in rows]
    values = [r[1] * r[3] for r in rows]
    return (
        JourneySet.from_paths(paths, conversions, values, nulls),
        paths,
        conversions,
        nulls,
        values,
    )


@settings(max_examples=40, deadline=None)
@given(_tables, st.integers(1, 3))
def test_exact_solution_matches_value_iteration(
    rows: list[tuple[list[str], int, int, float]], order: int
) -> None:
    journeys, paths, conversions, nulls, values = _table(rows)
    effects = removal_effects(estimate_chain(journeys, order))
    probabilities, mean_value = chain_probabilities(paths, conversions, nulls, values, order)
    p, v = absorbed_by_iteration(probabilities, mean_value)
    assert effects.conversion_probability == pytest.approx(p, rel=1e-9)
    assert effects.expected_value == pytest.approx(v, rel=1e-9)
    for label, effect, effect_value in zip(journeys.labels, effects.conversions, effects.value,
                                           strict=True):  # fmt: skip
        p_without, v_without = absorbed_by_iteration(probabilities, mean_value, label)
        assert effect == pytest.approx(1 - p_without / p, abs=1e-9)
        assert effect_value == pytest.approx(1 - v_without / v, abs=1e-9)


@settings(max_examples=30, deadline=None)
@given(_tables, st.integers(1, 2))
def test_removal_effect_is_the_share_of_converting_walks_that_visit_the_label(
    rows: list[tuple[list[str], int, int, float]], order: int
) -> None:
    journeys, paths, conversions, nulls, values = _table(rows)
    effects = removal_effects(estimate_chain(journeys, order))
    probabilities, mean_value = chain_probabilities(paths, conversions, nulls, values, order)
    ended = visited_sets(probabilities, mean_value)
    total = sum(conv for conv, _ in ended.values())
    total_value = sum(value for _, value in ended.values())
    for label, effect, effect_value in zip(journeys.labels, effects.conversions, effects.value,
                                           strict=True):  # fmt: skip
        visiting = sum(conv for seen, (conv, _) in ended.items() if label in seen)
        visiting_value = sum(value for seen, (_, value) in ended.items() if label in seen)
        assert effect == pytest.approx(visiting / total, abs=1e-9)
        assert effect_value == pytest.approx(visiting_value / total_value, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(_tables, st.integers(1, 3))
def test_credits_add_up_to_the_conversions_and_value(
    rows: list[tuple[list[str], int, int, float]], order: int
) -> None:
    journeys = _table(rows)[0]
    result = credit_markov(journeys, order)
    assert (result.conversions >= 0).all() and (result.value >= 0).all()
    assert math.fsum(result.conversions) == pytest.approx(journeys.total_conversions, rel=1e-12)
    assert math.fsum(result.value) == pytest.approx(journeys.total_value, rel=1e-12)


def test_one_row_per_path_gives_the_same_credit_as_one_row_per_journey() -> None:
    rng = np.random.default_rng(3)
    paths = [list(rng.choice(list("abcde"), rng.integers(1, 5))) for _ in range(400)]
    converted = rng.random(400) < 0.3
    value = converted * rng.gamma(2, 50, 400)
    journeys = JourneySet.from_paths(paths, converted.astype(float), value, 1.0 - converted)
    table = aggregate(journeys)
    assert table.size < journeys.size
    for order in (1, 2, 3):
        a, b = credit_markov(journeys, order), credit_markov(table, order)
        assert dict(zip(a.labels, a.conversions, strict=True)) == pytest.approx(
            dict(zip(b.labels, b.conversions, strict=True)), rel=1e-9
        )
        assert dict(zip(a.labels, a.value, strict=True)) == pytest.approx(
            dict(zip(b.labels, b.value, strict=True)), rel=1e-9
        )


def test_no_conversions_credits_nothing() -> None:
    result = credit_markov(JourneySet.from_paths([["a", "b"], ["b"]], [0, 0], None, [2, 1]))
    assert result.conversions.tolist() == [0.0, 0.0]
    assert result.details["conversion_probability"] == 0.0


@settings(max_examples=30, deadline=None)
@given(_tables, st.integers(1, 3))
def test_swapping_two_labels_names_swaps_their_credit(
    rows: list[tuple[list[str], int, int, float]], order: int
) -> None:
    swap = {"a": "b", "b": "a"}
    journeys = _table(rows)[0]
    renamed = _table([([swap.get(x, x) for x in r[0]], *r[1:]) for r in rows])[0]
    for model in ("markov", "shapley", "shapley_ordered"):
        before = attribute(journeys, model, ModelOptions(order=order))
        after = attribute(renamed, model, ModelOptions(order=order))
        for label in before.labels:
            assert after.credit_of(swap.get(label, label)) == pytest.approx(
                before.credit_of(label), rel=1e-9, abs=1e-9
            )
