"""Simulation and RR sets against exact spread on tiny graphs (every live-edge graph
enumerated), and IMM's seeds against the best seed set found by brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadsift.spread.graph import Graph, NodeTable, build_graph, read_nodes
from leadsift.spread.imm import RootSampler, _rr_sets, imm
from leadsift.spread.simulate import simulate


def _graph(arcs: list[tuple[int, int]], p: float) -> Graph:
    edges = pd.DataFrame({"source": [str(a) for a, _ in arcs], "target": [str(b) for _, b in arcs]})
    return build_graph(edges, p_model="uniform", p=p)


def _reach(n: int, live: list[tuple[int, int]], seeds: set[int]) -> set[int]:
    reached, frontier = set(seeds), list(seeds)
    while frontier:
        u = frontier.pop()
        for a, b in live:
            if a == u and b not in reached:
                reached.add(b)
                frontier.append(b)
    return reached


def exact_ic(graph: Graph, seeds: set[int]) -> float:
    """Expected reach under IC: sum over every subset of live arcs."""
    arcs = [
        (u, int(graph.out_dst[e]), float(graph.out_p[e]))
        for u in range(graph.nodes)
        for e in range(graph.out_ptr[u], graph.out_ptr[u + 1])
    ]
    total = 0.0
    for alive in itertools.product((False, True), repeat=len(arcs)):
        chance = 1.0
        for (_, _, p), on in zip(arcs, alive, strict=True):
            chance *= p if on else 1 - p
        live = [(u, v) for (u, v, _), on in zip(arcs, alive, strict=True) if on]
        total += chance * len(_reach(graph.nodes, live, seeds))
    return total


def exact_lt(graph: Graph, seeds: set[int]) -> float:
    """Expected reach under LT: each node keeps at most one in-arc, chosen by its weight."""
    choices = []
    for v in range(graph.nodes):
        options = [(int(graph.in_src[e]), float(graph.in_p[e]))
                   for e in range(graph.in_ptr[v], graph.in_ptr[v + 1])]  # fmt: skip
        options.append((-1, 1.0 - sum(p for _, p in options)))
        choices.append(options)
    total = 0.0
    for picked in itertools.product(*choices):
        chance = float(np.prod([p for _, p in picked]))
        live = [(u, v) for v, (u, _) in enumerate(picked) if u >= 0]
        total += chance * len(_reach(graph.nodes, live, seeds))
    return total


_arcs = st.lists(
    st.tuples(st.integers(0, 5), st.integers(0, 5)).filter(lambda a: a[0] != a[1]),
    min_size=1, max_size=9, unique=True,
)  # fmt: skip


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(arcs=_arcs, p=st.sampled_from([0.2, 0.5, 0.9]))
def test_ic_simulation_and_rr_sets_match_the_exact_spread(
    arcs: list[tuple[int, int]], p: float
) -> None:
    graph = _graph(arcs, p)
    seeds = np.array([0], dtype=np.int64)
    truth = exact_ic(graph, {0})
    nodes = read_nodes(None, graph)
    result = simulate(graph, nodes, seeds, runs=20_000, model="ic")
    half = max(result.total.high - result.total.mean, 1e-9)
    # (+1e-6: arc probabilities are stored as float32, so exact sums carry its rounding)
    assert abs(result.total.mean - truth) <= 2.5 * half + 1e-6  # within ~5 standard errors
    # RR sets are unbiased: n x (share of RR sets holding a seed) estimates the spread
    count = 40_000
    roots = RootSampler(graph.nodes, None, 3).draw(count)
    flat, offsets = _rr_sets(graph.in_ptr, graph.in_src, graph.in_p, roots, False, 11, 4)
    hit = np.zeros(count, dtype=bool)
    for i in range(count):
        hit[i] = 0 in flat[offsets[i] : offsets[i + 1]]
    assert abs(graph.nodes * hit.mean() - truth) <= 0.08 * graph.nodes * 0.5 + 0.05


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(arcs=_arcs)
def test_lt_simulation_matches_the_exact_spread(arcs: list[tuple[int, int]]) -> None:
    edges = pd.DataFrame({"source": [str(a) for a, _ in arcs], "target": [str(b) for _, b in arcs]})
    graph = build_graph(edges, p_model="wc")  # in-weights sum to 1, as LT needs
    truth = exact_lt(graph, {0})
    result = simulate(graph, read_nodes(None, graph), np.array([0]), runs=20_000, model="lt")
    half = max(result.total.high - result.total.mean, 1e-9)
    assert abs(result.total.mean - truth) <= 2.5 * half + 1e-6


def test_imm_seeds_are_as_good_as_the_best_pair() -> None:
    rng = np.random.default_rng(5)
    arcs = sorted({(int(a), int(b)) for a, b in rng.integers(0, 9, (16, 2)) if a != b})
    graph = _graph(arcs, 0.4)
    nodes = read_nodes(None, graph)
    best = max(
        exact_ic(graph, {int(a), int(b)}) for a, b in itertools.combinations(range(graph.nodes), 2)
    ) if len(arcs) <= 14 else None  # fmt: skip
    plan = imm(graph, k=2, eps=0.1, seed=3)
    found = simulate(graph, nodes, plan.seeds, runs=20_000).total.mean
    reference = best if best is not None else max(
        simulate(graph, nodes, np.array([a, b]), runs=5_000).total.mean
        for a, b in itertools.combinations(range(graph.nodes), 2)
    )  # fmt: skip
    assert found >= 0.97 * reference


def test_rr_sets_larger_than_the_first_buffer_are_complete() -> None:
    """A directed cycle with certain arcs: every RR set holds every node."""
    n = 3_000
    edges = pd.DataFrame({"source": np.arange(n), "target": (np.arange(n) + 1) % n})
    graph = build_graph(edges, p_model="uniform", p=1.0)
    roots = np.array([0, 5, 2_999], dtype=np.int64)
    flat, offsets = _rr_sets(graph.in_ptr, graph.in_src, graph.in_p, roots, False, 1, 2)
    assert np.diff(offsets).tolist() == [n, n, n]
    for i in range(3):
        assert sorted(flat[offsets[i] : offsets[i + 1]].tolist()) == list(range(n))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(arcs=_arcs)
def test_lt_rr_sets_match_the_exact_spread(arcs: list[tuple[int, int]]) -> None:
    edges = pd.DataFrame({"source": [str(a) for a, _ in arcs], "target": [str(b) for _, b in arcs]})
    graph = build_graph(edges, p_model="wc")
    truth = exact_lt(graph, {0})
    count = 40_000
    roots = RootSampler(graph.nodes, None, 5).draw(count)
    flat, offsets = _rr_sets(graph.in_ptr, graph.in_src, graph.in_p, roots, True, 13, 4)
    hit = np.array([0 in flat[offsets[i] : offsets[i + 1]] for i in range(count)])
    assert abs(graph.nodes * hit.mean() - truth) <= 0.05 * graph.nodes


def test_budgeted_plan_stays_within_the_budget_and_may_pick_one_star() -> None:
    star = [("s", f"f{i}") for i in range(30)]
    small = [(f"a{i}", f"b{i}") for i in range(10)]
    edges = pd.DataFrame(star + small, columns=["source", "target"])
    graph = build_graph(edges, p_model="uniform", p=1.0)
    cost = np.ones(graph.nodes)
    cost[graph.index_of(pd.Series(["s"]), "test")] = 10.0
    nodes = NodeTable(np.ones(graph.nodes), cost, np.zeros(graph.nodes, dtype=bool), True)
    plan = imm(graph, k=1, eps=0.2, nodes=nodes, budget=10.0, seed=1)
    assert cost[plan.seeds].sum() <= 10.0
    # ten cheap pairs reach 20; the star alone reaches 31: best-of-two keeps the star
    assert graph.ids[plan.seeds].tolist() == ["s"]
