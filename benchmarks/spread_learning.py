"""Benchmark: passability learned from cascades (`leadsift spread learn`), on a synthetic
graph whose true probabilities are known.

1. Recovery: cascades simulated on the graph (independent cascade with time steps, one
   random sharer each) are learned back by EM (Saito et al. 2008) and by partial credits
   (Goyal et al. 2010); the mean absolute error and Spearman rank correlation against the
   truth are printed as the number of cascades grows, beside weighted cascade (1/in-degree,
   the assumption leadsift makes without data).
2. Prediction: cascades from held-out sharers (never seen in learning) are predicted by
   Monte-Carlo with the learned probabilities, with weighted cascade and with the truth (the
   floor no estimate can beat); the mean absolute error of the predicted size against the
   observed one is printed side by side.

    .venv/bin/python -m benchmarks.spread_learning [--nodes 3000] [--runs 100]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from scipy.stats import spearmanr

from leadsift.spread.cascades import Cascades
from leadsift.spread.graph import Graph, graph_from_columns
from leadsift.spread.passability import (
    learn_credit,
    learn_em,
    simulate_cascades,
    weighted_cascade,
    with_probabilities,
)


def synthetic(nodes: int, seed: int = 1) -> tuple[Graph, np.ndarray]:
    """A sparse directed graph with heavy-tailed degrees and arc probabilities that have
    nothing to do with in-degree (so weighted cascade is a wrong guess, as it is for real
    content), drawn from Beta(1.2, 6) (mean 0.17)."""
    rng = np.random.default_rng(seed)
    arcs = nodes * 6
    src = rng.integers(0, nodes, arcs)
    dst = (src + 1 + rng.zipf(1.6, arcs)) % nodes
    graph = graph_from_columns(src.astype(np.int64), dst.astype(np.int64), None)
    truth = rng.beta(1.2, 6, graph.arcs)
    return with_probabilities(graph, truth), truth


def observed(graph: Graph, roots: np.ndarray, seed: int) -> Cascades:
    c, nodes, steps = simulate_cascades(graph, [np.array([r]) for r in roots], seed=seed)
    return Cascades(c, nodes, steps.astype(float), np.arange(len(roots)).astype(object))


def predicted_sizes(graph: Graph, p: np.ndarray, roots: np.ndarray, runs: int) -> np.ndarray:
    """Mean cascade size from each root by `runs` simulations."""
    model = with_probabilities(graph, p)
    repeated = np.repeat(roots, runs)
    c, _, _ = simulate_cascades(model, [np.array([r]) for r in repeated], seed=99)
    sizes = np.bincount(c, minlength=len(repeated)).astype(float)
    means: np.ndarray = sizes.reshape(len(roots), runs).mean(axis=1)
    return means


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=3_000)
    parser.add_argument("--runs", type=int, default=100, help="simulations per held-out root")
    parser.add_argument("--held-out", type=int, default=400)
    args = parser.parse_args()
    graph, truth = synthetic(args.nodes)
    wc = weighted_cascade(graph)
    rng = np.random.default_rng(7)
    order = rng.permutation(graph.nodes)
    held_out, learning_roots = order[: args.held_out], order[args.held_out :]
    print(f"graph: {graph.nodes:,} nodes, {graph.arcs:,} arcs; true mean p {truth.mean():.3f}")
    print("\n1. recovery of the true probabilities (MAE: lower is better; Spearman: higher)")
    print(f"{'cascades':>9} {'shares':>8}  {'EM MAE':>7} {'EM rho':>6}  "
          f"{'credit MAE':>10} {'rho':>5}  {'EM s':>5}")  # fmt: skip
    learned: dict[str, np.ndarray] = {}
    for count in (100, 300, 1_000, 3_000, 10_000, 30_000):
        roots = rng.choice(learning_roots, count)
        cascades = observed(graph, roots, seed=count)
        started = time.perf_counter()
        em = learn_em(graph, cascades)
        seconds = time.perf_counter() - started
        credit = learn_credit(graph, cascades)
        learned = {"EM": em.p, "credit": credit.p}
        print(
            f"{count:>9,} {len(cascades.node):>8,}  {np.abs(em.p - truth).mean():>7.4f} "
            f"{spearmanr(em.p, truth).statistic:>6.3f}  {np.abs(credit.p - truth).mean():>10.4f} "
            f"{spearmanr(credit.p, truth).statistic:>5.3f}  {seconds:>5.2f}"
        )
    print(
        f"{'weighted cascade (no learning)':>28}:  MAE {np.abs(wc - truth).mean():.4f}, "
        f"rho {spearmanr(wc, truth).statistic:.3f}"
    )
    print(f"\n2. sizes of {args.held_out} held-out cascades (learned from 30,000 cascades)")
    sizes = np.bincount(observed(graph, held_out, seed=5).cascade, minlength=len(held_out))
    print(f"observed mean size {sizes.mean():.2f}")
    print(f"{'probabilities':>18} {'predicted mean':>15} {'MAE per cascade':>16}")
    candidates = [("true (the floor)", truth), ("learned by EM", learned["EM"]),
                  ("learned by credit", learned["credit"]), ("weighted cascade", wc)]  # fmt: skip
    for name, p in candidates:
        predicted = predicted_sizes(graph, p, held_out, args.runs)
        print(f"{name:>18} {predicted.mean():>15.2f} {np.abs(predicted - sizes).mean():>16.3f}")


if __name__ == "__main__":
    main()
