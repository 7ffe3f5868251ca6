"""Benchmark: is the demo's social graph shaped like a real market?

Prints the mixing of real graphs with a labelled market beside the demo's graph, then the
demo's viral and targeted seed plans as `leadsift demo` compares them (k = 25, IC, eps 0.3,
400 simulations a plan: `leadsift.demo.run._viral_or_targeted`).

Mixing, in the direction a post travels (an arc from the followed to the follower; an
undirected edge is two arcs; an email from u to v an arc u -> v):

- market inside: of the arcs arriving at market members (what they follow), the share
  that come from the market;
- public into: of the arcs arriving at everyone else, the share from the market; its lift
  is that share over the market's share of the nodes (1 = chance).

Real graphs (read from ../shared/data/graphs, skipped when absent): MUSAE GitHub with the
machine-learning developers as the market; email-eu-core with each department holding 5-11%
of its people as the market (the demo's market is about 10% of its accounts), and their
median. The demo graph is rebuilt exactly as `leadsift demo` builds it (same seeds), without
the rest of the scenario.

    .venv/bin/python -m benchmarks.demo_market_graph [--sizes small medium] [--seed 7]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from leadsift.demo.scenario import social
from leadsift.demo.scenario.graph import Mixing, graph_mixing, mixing, social_graph
from leadsift.demo.scenario.market import make_market
from leadsift.demo.scenario.sizes import SIZES
from leadsift.spread.plans import compare, load

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "graphs"


def _line(name: str, m: Mixing) -> str:
    return (
        f"  {name:<44} market {m.market_share:6.1%} of nodes   inside {m.market_inside:.3f}   "
        f"public into {m.public_into:.4f} (lift {m.public_lift:.2f})"
    )


def real_graphs() -> None:
    github = DATA / "musae-github"
    if (github / "musae_git_edges.csv").exists():
        edges = pd.read_csv(github / "musae_git_edges.csv").to_numpy()
        labels = pd.read_csv(github / "musae_git_target.csv", skipinitialspace=True)
        market = np.zeros(int(labels["id"].max()) + 1, dtype=bool)
        market[labels["id"].to_numpy()] = labels["ml_target"].to_numpy() == 1
        both = np.concatenate([edges, edges[:, ::-1]])  # undirected: both ways
        print(_line("musae-github, ML developers", mixing(both[:, 0], both[:, 1], market)))
    else:
        print(f"  musae-github: not found under {DATA}, skipped")
    email = DATA / "email-eu-core"
    if not (email / "email-Eu-core.txt").exists():
        print(f"  email-eu-core: not found under {DATA}, skipped")
        return
    arcs = np.loadtxt(email / "email-Eu-core.txt", dtype=np.int64)
    ids = np.loadtxt(email / "email-Eu-core-department-labels.txt", dtype=np.int64)
    department = np.zeros(int(ids[:, 0].max()) + 1, dtype=np.int64)
    department[ids[:, 0]] = ids[:, 1]
    found = []
    for d in np.unique(department):
        market = department == d
        if 0.05 <= market.mean() <= 0.11:
            m = mixing(arcs[:, 0], arcs[:, 1], market)
            found.append(m)
            print(_line(f"email-eu-core, department {d}", m))
    if found:
        median = Mixing(
            float(np.median([m.market_share for m in found])),
            float(np.median([m.market_inside for m in found])),
            float(np.median([m.public_into for m in found])),
        )
        lift = float(np.median([m.public_lift for m in found]))
        print(_line(f"email-eu-core, median of {len(found)} departments", median))
        print(f"  {'':<44} (median of the lifts: {lift:.2f})")


def demo(size: str, seed: int) -> None:
    scale = SIZES[size]
    # the generator's own order of draws (generate.py): the market, the fakes, then the
    # graph from its own generator
    rng = np.random.default_rng(seed)
    market = make_market(rng, scale)
    fakes = social.fake_accounts(rng, scale.people)
    edges, nodes = social_graph(np.random.default_rng(seed + 1), market.people, fakes)
    print(_line(f"demo {size} (seed {seed}), with its trade media", graph_mixing(edges, nodes)))
    with tempfile.TemporaryDirectory() as folder:
        edges_path, nodes_path = Path(folder) / "edges.csv", Path(folder) / "nodes.csv"
        edges.to_csv(edges_path, index=False)
        nodes.to_csv(nodes_path, index=False)
        started = time.perf_counter()
        outcomes = compare(load(edges_path, nodes_path), k=25, eps=0.3, model="ic", runs=400)
        seconds = time.perf_counter() - started
    in_market = int(nodes["target"].sum())
    print(f"  demo {size}: seed plans, k = 25, IC, 400 runs ({seconds:.1f} s; market "
          f"{in_market:,} people)")  # fmt: skip
    for outcome in outcomes:
        row = outcome.row()
        print(f"    {row['plan']:<34} total {row['total_reach']:>10,.0f}   in target "
              f"{row['in_target_reach']:>8,.0f}   precision {row['precision']:.3f}")  # fmt: skip
    viral, targeted = outcomes[0].spread.in_target, outcomes[1].spread.in_target
    print(f"    targeted / viral in-target reach: {targeted.mean / viral.mean:.3f} "
          f"(targeted 95% CI {targeted.low:,.0f}-{targeted.high:,.0f}, viral "
          f"{viral.low:,.0f}-{viral.high:,.0f})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", nargs="+", default=["small", "medium"], choices=list(SIZES))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print("Mixing (the direction a post travels):")
    real_graphs()
    for size in args.sizes:
        demo(size, args.seed)


if __name__ == "__main__":
    main()
