"""Baseline seed sets against direct definitions on small graphs."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from leadsift.spread.baselines import direct_outreach, pagerank, random_seeds, top_degree
from leadsift.spread.graph import build_graph

_arcs = st.lists(
    st.tuples(st.integers(0, 7), st.integers(0, 7)).filter(lambda a: a[0] != a[1]),
    min_size=1, max_size=20, unique=True,
)  # fmt: skip


def _dense_pagerank(n: int, arcs: list[tuple[int, int]], damping: float = 0.85) -> np.ndarray:
    """Google matrix, dangling rows spread evenly, solved as a linear system."""
    matrix = np.zeros((n, n))
    for u, v in arcs:
        matrix[u, v] = 1.0
    out = matrix.sum(axis=1)
    rows = np.where(out[:, None] > 0, matrix / np.maximum(out[:, None], 1), 1.0 / n)
    google = damping * rows + (1 - damping) / n
    # the stationary distribution: rank = rank @ google, summing to 1
    system = np.vstack([google.T - np.eye(n), np.ones(n)])
    solution = np.linalg.lstsq(system, np.concatenate([np.zeros(n), [1.0]]), rcond=None)[0]
    return np.asarray(solution, dtype=float)


@settings(max_examples=40, deadline=None)
@given(_arcs)
def test_pagerank_matches_the_dense_definition(arcs: list[tuple[int, int]]) -> None:
    edges = pd.DataFrame({"source": [a for a, _ in arcs], "target": [b for _, b in arcs]})
    graph = build_graph(edges)
    index = {int(node): i for i, node in enumerate(graph.ids)}
    relabelled = [(index[a], index[b]) for a, b in arcs]
    assert np.allclose(pagerank(graph), _dense_pagerank(graph.nodes, relabelled), atol=1e-6)


def test_degree_random_and_direct_seeds() -> None:
    edges = pd.DataFrame(
        {"source": ["hub"] * 5 + ["a", "a"], "target": ["b", "c", "d", "e", "f", "b", "c"]}
    )
    graph = build_graph(edges)
    assert graph.ids[top_degree(graph, 2)].tolist() == ["hub", "a"]
    picked = random_seeds(graph, 4, seed=3)
    assert len(set(picked.tolist())) == 4 and picked.max() < graph.nodes
    target = np.array([0.0, 0.2, 1.0, 0.0, 0.7, 0.0, 0.0])
    assert direct_outreach(target, 2).tolist() == [2, 4]
