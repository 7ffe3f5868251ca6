"""Slow, obviously correct references for the attribution models, written for clarity only:
one journey at a time, plain Python, exact fractions where the rule is a fraction."""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Sequence
from fractions import Fraction

POSITION_RULES = {
    "u": ((("first", Fraction(2, 5)), ("lead", Fraction(2, 5))), Fraction(1, 5)),
    "w": ((("first", Fraction(3, 10)), ("lead", Fraction(3, 10)),
           ("opportunity", Fraction(3, 10))), Fraction(1, 10)),
    "full_path": (tuple((m, Fraction(9, 40)) for m in ("first", "lead", "opportunity", "won")),
                  Fraction(1, 10)),
}  # fmt: skip


def rule_shares(
    path: Sequence[str],
    model: str,
    milestones: dict[str, int] | None = None,
    times: Sequence[float] | None = None,
    converted_at: float | None = None,
    direct: str = "direct",
    half_life_days: float = 7.0,
) -> list[float]:
    """One journey's shares under a rule model, straight from the rule's wording."""
    n = len(path)
    milestones = milestones or {}
    if model == "first":
        shares = [Fraction(0)] * n
        shares[milestones.get("first", 0)] = Fraction(1)
        return [float(s) for s in shares]
    if model == "last":
        return [1.0 if i == n - 1 else 0.0 for i in range(n)]
    if model == "last_non_direct":
        chosen = n - 1
        for i in range(n - 1, -1, -1):
            if path[i].strip().casefold() != direct.casefold():
                chosen = i
                break
        return [1.0 if i == chosen else 0.0 for i in range(n)]
    if model == "linear":
        return [float(Fraction(1, n))] * n
    if model == "time_decay":
        if times is None or any(math.isnan(t) for t in times):
            ages = [float(n - 1 - i) for i in range(n)]
        else:
            end = max(times) if converted_at is None or math.isnan(converted_at) else converted_at
            ages = [(end - t) / 86400 for t in times]
        weights = [0.5 ** (age / half_life_days) for age in ages]
        return [w / sum(weights) for w in weights]
    rules, rest = POSITION_RULES[model]
    shares = [Fraction(0)] * n
    marked: set[int] = set()
    for name, share in rules:
        default = 0 if name == "first" else n - 1
        index = milestones.get(name, -1)
        index = default if index < 0 else index
        shares[index] += share
        marked.add(index)
    others = [i for i in range(n) if i not in marked]
    if others:
        for i in others:
            shares[i] += rest / len(others)
    else:
        shares = [s / (1 - rest) for s in shares]
    assert sum(shares) == 1
    return [float(s) for s in shares]


Chain = dict[str, dict[object, dict[object, float]]]


def _runs(path: Sequence[str], order: int) -> list[tuple[str, ...]]:
    if len(path) < order:
        runs = [tuple(path)]
    else:
        runs = [tuple(path[i : i + order]) for i in range(len(path) - order + 1)]
    collapsed = [runs[0]]
    for run in runs[1:]:
        if run != collapsed[-1]:
            collapsed.append(run)
    return collapsed


def chain_counts(
    paths: Sequence[Sequence[str]], conversions: Sequence[float], nulls: Sequence[float],
    values: Sequence[float], order: int,
) -> tuple[dict[object, dict[object, float]], dict[object, float]]:  # fmt: skip
    """The weighted transition counts (with "conv" and "null" as targets, "start" and runs of
    labels as tuples as states) and the value of the conversions leaving each state, counted
    journey by journey."""
    counts: dict[object, dict[object, float]] = defaultdict(lambda: defaultdict(float))
    value_out: dict[object, float] = defaultdict(float)
    for path, conv, null, value in zip(paths, conversions, nulls, values, strict=True):
        states: list[object] = ["start", *_runs(path, order)]
        for a, b in itertools.pairwise(states):
            counts[a][b] += conv + null
        counts[states[-1]]["conv"] += conv
        counts[states[-1]]["null"] += null
        value_out[states[-1]] += value
    return counts, value_out


def chain_probabilities(
    paths: Sequence[Sequence[str]], conversions: Sequence[float], nulls: Sequence[float],
    values: Sequence[float], order: int,
) -> tuple[dict[object, dict[object, float]], dict[object, float]]:  # fmt: skip
    """Transition probabilities (with "conv" and "null" as targets) and the mean value of a
    conversion leaving each state, counted journey by journey."""
    counts, value_out = chain_counts(paths, conversions, nulls, values, order)
    probabilities: dict[object, dict[object, float]] = {}
    for state, targets in counts.items():
        total = sum(targets.values())
        probabilities[state] = {t: (c / total if total else 0.0) for t, c in targets.items()}
    conv_out = {state: targets.get("conv", 0.0) for state, targets in counts.items()}
    mean_value = {s: value_out[s] / conv_out[s] for s in conv_out if conv_out[s] > 0}
    return probabilities, mean_value


def absorbed_by_iteration(
    probabilities: dict[object, dict[object, float]], mean_value: dict[object, float],
    removed: str | None = None, tolerance: float = 1e-15,
) -> tuple[float, float]:  # fmt: skip
    """(P(conversion), E[value]) from start by value iteration until nothing changes; states
    containing the removed label lead to null."""

    def gone(state: object) -> bool:
        return removed is not None and isinstance(state, tuple) and removed in state

    x: dict[object, float] = defaultdict(float)
    y: dict[object, float] = defaultdict(float)
    for _ in range(1_000_000):
        change = 0.0
        for state, targets in probabilities.items():
            if gone(state):
                continue
            new_x = new_y = 0.0
            for target, p in targets.items():
                if target == "conv":
                    new_x += p
                    new_y += p * mean_value.get(state, 0.0)
                elif target != "null" and not gone(target):
                    new_x += p * x[target]
                    new_y += p * y[target]
            change = max(change, abs(new_x - x[state]), abs(new_y - y[state]))
            x[state], y[state] = new_x, new_y
        if change <= tolerance:
            break
    return x["start"], y["start"]


def visited_sets(
    probabilities: dict[object, dict[object, float]], mean_value: dict[object, float],
    tolerance: float = 1e-13,
) -> dict[frozenset[str], tuple[float, float]]:  # fmt: skip
    """Walk the chain step by step, keeping the probability of being in each state having
    visited each set of labels; returns, per visited set, (P(converting with exactly that
    set), its expected value). Stops when the walks not yet absorbed weigh < tolerance."""
    alive: dict[tuple[object, frozenset[str]], float] = {("start", frozenset()): 1.0}
    ended: dict[frozenset[str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    while sum(alive.values()) > tolerance:
        following: dict[tuple[object, frozenset[str]], float] = defaultdict(float)
        for (state, seen), mass in alive.items():
            for target, p in probabilities.get(state, {}).items():
                if target == "conv":
                    ended[seen][0] += mass * p
                    ended[seen][1] += mass * p * mean_value.get(state, 0.0)
                elif target != "null":
                    assert isinstance(target, tuple)
                    following[(target, seen | frozenset(target))] += mass * p
        alive = following
    return {seen: (conv, value) for seen, (conv, value) in ended.items()}


def shapley_by_orderings(
    paths: Sequence[Sequence[str]], weights: Sequence[float]
) -> dict[str, float]:
    """The textbook Shapley value over every ordering of the labels, with v(S) the weights
    (conversions or value) of the journeys whose label set is a subset of S."""
    labels = sorted({label for path in paths for label in path})
    sets = [frozenset(path) for path in paths]

    def worth(coalition: frozenset[str]) -> float:
        return sum(w for s, w in zip(sets, weights, strict=True) if s <= coalition)

    totals = dict.fromkeys(labels, 0.0)
    orderings = 0
    for ordering in itertools.permutations(labels):
        orderings += 1
        coalition: frozenset[str] = frozenset()
        before = 0.0
        for label in ordering:
            coalition = coalition | {label}
            after = worth(coalition)
            totals[label] += after - before
            before = after
    return {label: total / orderings for label, total in totals.items()}
