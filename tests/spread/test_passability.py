"""Learning passability from cascades: Saito et al.'s EM against a direct maximisation of the
same likelihood written loop by loop, recovery of known probabilities as cascades grow,
tying, the cascade file's bad input, and `leadsift spread learn` end to end."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize
from scipy.stats import spearmanr

from leadsift.spread.cascades import Cascades, read_cascades
from leadsift.spread.graph import Graph, GraphError, build_graph, graph_from_columns
from leadsift.spread.passability import (
    learn_credit,
    learn_em,
    simulate_cascades,
    with_probabilities,
)
from tests.helpers import invoke


def _graph(arcs: list[tuple[int, int]], n: int) -> Graph:
    src = np.array([a for a, _ in arcs] + [n - 1], dtype=np.int64)
    dst = np.array([b for _, b in arcs] + [n - 1], dtype=np.int64)  # a self-loop keeps n nodes
    return graph_from_columns(src, dst, None)


def _log_likelihood(graph: Graph, p: np.ndarray, events: list[list[tuple[int, int]]]) -> float:
    """IC with time steps, loop by loop: every active node tries each out-neighbour once,
    at the next step."""
    arcs = {}
    for u in range(graph.nodes):
        for a in range(graph.out_ptr[u], graph.out_ptr[u + 1]):
            arcs[(u, int(graph.out_dst[a]))] = a
    total = 0.0
    for cascade in events:
        when = dict(cascade)
        for v, t_v in cascade:
            parents = [a for (u, w), a in arcs.items() if w == v and when.get(u) == t_v - 1]
            if parents:
                miss = math.prod(1 - p[a] for a in parents)
                total += math.log(max(1 - miss, 1e-300))
        for (u, v), a in arcs.items():
            if u in when and (v not in when or when[v] > when[u] + 1):
                total += math.log(max(1 - p[a], 1e-300))
    return total


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000))
def test_em_finds_the_maximum_of_the_likelihood(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 6
    pairs = sorted({(int(a), int(b)) for a, b in rng.integers(0, n - 1, (9, 2)) if a != b})
    plain = _graph(pairs, n)
    graph = with_probabilities(plain, rng.uniform(0.1, 0.9, plain.arcs))
    roots = [rng.integers(0, graph.nodes, 1) for _ in range(25)]  # nodes with an arc
    c, nodes, steps = simulate_cascades(graph, roots, seed=seed)
    cascades = Cascades(c, nodes, steps.astype(float), np.arange(len(roots)).astype(object))
    events = [[(int(v), int(t)) for v, t in zip(nodes[c == i], steps[c == i], strict=True)]
              for i in range(len(roots))]  # fmt: skip
    learned = learn_em(graph, cascades, prior_weight=0.0, iterations=5_000, tolerance=1e-10)

    def negative(q: np.ndarray) -> float:
        return -_log_likelihood(graph, q, events)

    best = minimize(negative, np.full(graph.arcs, 0.5), bounds=[(1e-6, 1 - 1e-6)] * graph.arcs)
    assert _log_likelihood(graph, learned.p, events) >= -best.fun - 1e-3


def _synthetic(n: int = 400, m: int = 2_400, seed: int = 3) -> tuple[Graph, np.ndarray]:
    rng = np.random.default_rng(seed)
    src = rng.integers(0, n, m)
    dst = (src + 1 + rng.integers(0, n - 1, m)) % n
    graph = graph_from_columns(src.astype(np.int64), dst.astype(np.int64), None)
    truth = rng.beta(1.5, 5, graph.arcs)
    return with_probabilities(graph, truth), truth


def _observed(graph: Graph, count: int, seed: int) -> Cascades:
    rng = np.random.default_rng(seed)
    c, nodes, steps = simulate_cascades(graph, [rng.integers(0, graph.nodes, 1) for _ in
                                                range(count)], seed=seed)  # fmt: skip
    return Cascades(c, nodes, steps.astype(float), np.arange(count).astype(object))


@pytest.mark.parametrize("method", ["em", "credit"])
def test_learned_probabilities_approach_the_truth_as_cascades_grow(method: str) -> None:
    graph, truth = _synthetic()
    errors, ranks = [], []
    for count in (200, 5_000):
        cascades = _observed(graph, count, seed=count)
        learn = learn_em if method == "em" else learn_credit
        p = learn(graph, cascades).p
        errors.append(float(np.abs(p - truth).mean()))
        ranks.append(float(spearmanr(p, truth).statistic))
    assert errors[1] < 0.75 * errors[0]
    assert ranks[1] > max(ranks[0], 0.8)


def test_tied_arcs_share_one_probability_and_recover_it() -> None:
    rng = np.random.default_rng(5)
    n, m = 300, 3_000
    src, dst = rng.integers(0, n, m), rng.integers(0, n, m)
    graph = graph_from_columns(src.astype(np.int64), dst.astype(np.int64), None)
    community = np.arange(graph.nodes) % 2
    tails = np.repeat(np.arange(graph.nodes), np.diff(graph.out_ptr))
    pair = community[tails] * 2 + community[graph.out_dst]
    truth_by_pair = np.array([0.2, 0.02, 0.05, 0.15])
    graph = with_probabilities(graph, truth_by_pair[pair])
    learned = learn_em(graph, _observed(graph, 3_000, seed=9), tie=pair)
    for group, truth in enumerate(truth_by_pair):
        values = np.unique(learned.p[pair == group])
        assert len(values) == 1 and abs(values[0] - truth) < 0.02


def _cascade_file(tmp_path: Path, text: str, name: str = "shares.csv") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def _small(tmp_path: Path) -> Graph:
    edges = tmp_path / "edges.csv"
    edges.write_text("source,target\na,b\nb,c\na,c\nc,d\n")
    return build_graph(pd.read_csv(edges, dtype=str))


def test_cascade_files_that_cannot_be_used_name_the_line(tmp_path: Path) -> None:
    graph = _small(tmp_path)
    unknown = _cascade_file(tmp_path, "cascade,node,time\n1,a,0\n1,zed,1\n1,q,2\n")
    with pytest.raises(GraphError, match=r"shares.csv:3: node 'zed' is not in the graph \(2 "):
        read_cascades(unknown, graph)
    skipped = read_cascades(unknown, graph, unknown="skip")
    assert skipped.skipped["rows naming nodes not in the graph"] == 2
    bad_time = _cascade_file(tmp_path, "cascade,node,time\n1,a,2026-05-01T10:00:00Z\n1,b,soon\n")
    with pytest.raises(GraphError, match=r"shares.csv:3: column time: 'soon' is neither"):
        read_cascades(bad_time, graph)
    no_column = _cascade_file(tmp_path, "cascade,who,time\n1,a,0\n")
    with pytest.raises(GraphError, match="missing: node"):
        read_cascades(no_column, graph)


def test_repeats_single_sharers_and_early_sharers_are_counted(tmp_path: Path) -> None:
    graph = _small(tmp_path)
    path = _cascade_file(
        tmp_path,
        "cascade,node,time\n"
        "v1,a,2026-05-01T10:00:00Z\nv1,b,2026-05-01T11:00:00Z\nv1,b,2026-05-01T12:00:00Z\n"
        "v2,c,2026-05-02T10:00:00Z\n"
        # d shares before c, its only possible source: a root of its own
        "v3,d,2026-05-03T09:00:00Z\nv3,c,2026-05-03T10:00:00Z\n",
    )
    cascades = read_cascades(path, graph)
    assert cascades.count == 3 and len(cascades.node) == 5
    assert cascades.skipped["repeated shares of one node in one cascade (the first kept)"] == 1
    assert cascades.skipped["cascades of one node (kept: evidence of failed attempts only)"] == 1
    learned = learn_em(graph, cascades, step=3_600)
    # roots: a (v1), c (v2), d and c (v3: d before c, c with no earlier in-neighbour)
    assert learned.roots == 4


def test_the_cli_learns_and_plan_reads_what_it_wrote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graph, _ = _synthetic(n=120, m=600)
    edges = tmp_path / "edges.csv"
    tails = np.repeat(np.arange(graph.nodes), np.diff(graph.out_ptr))
    pd.DataFrame({"source": graph.ids[tails], "target": graph.ids[graph.out_dst]}).to_csv(
        edges, index=False
    )
    cascades = _observed(graph, 300, seed=1)
    shares = tmp_path / "shares.csv"
    pd.DataFrame(
        {"cascade": cascades.cascade, "node": graph.ids[cascades.node], "time": cascades.time}
    ).to_csv(shares, index=False)
    out = tmp_path / "edges-p.csv"
    learned = invoke(capsys, "spread", "learn", str(edges), "--cascades", str(shares), "-o",
                     str(out), "--json")  # fmt: skip
    assert learned.exit_code == 0, learned.stderr
    written = pd.read_csv(out)
    assert list(written.columns) == ["source", "target", "p"] and len(written) == graph.arcs
    assert written["p"].between(0, 1).all()
    planned = invoke(capsys, "spread", "plan", str(out), "--p-model", "given", "--k", "3",
                     "--runs", "200")  # fmt: skip
    assert planned.exit_code == 0, planned.stderr
    bad = invoke(capsys, "spread", "learn", str(edges), "--cascades", str(shares), "--method",
                 "magic")  # fmt: skip
    assert bad.exit_code == 2 and "choose one of em, credit" in bad.stderr
