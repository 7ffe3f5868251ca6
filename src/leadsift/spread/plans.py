"""What `leadsift spread` does, apart from speaking to the terminal: load, plan, simulate,
compare the viral plan with the targeted one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from leadsift.spread.baselines import direct_outreach, top_degree
from leadsift.spread.graph import Graph, GraphError, NodeTable, PModel, read_nodes
from leadsift.spread.graph_cache import load_graph_file
from leadsift.spread.imm import Plan, imm
from leadsift.spread.simulate import Estimate, SpreadResult, simulate

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Loaded:
    graph: Graph
    nodes: NodeTable


def load(
    graph_path: Path,
    nodes_path: Path | None,
    *,
    undirected: bool = False,
    p_model: PModel = "wc",
    p: float = 0.1,
) -> Loaded:
    graph = load_graph_file(graph_path, undirected=undirected, p_model=p_model, p=p)
    return Loaded(graph, read_nodes(nodes_path, graph))


def read_seeds(path: Path, graph: Graph) -> np.ndarray:
    """Seeds from a CSV with a `node` column (a plan's output) or one id per line."""
    import pandas as pd

    if not path.is_file():
        raise GraphError(f"{path}: no such file")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    column = "node" if "node" in frame.columns else None
    if column is None:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, header=None, names=["node"])
        column = "node"
    if frame.empty:
        raise GraphError(f"{path}: no seeds")
    return graph.index_of(frame[column], str(path))


def plan(
    loaded: Loaded,
    *,
    k: int | None,
    budget: float | None,
    objective: str,
    eps: float,
    model: str,
    ell: float = 1.0,
    seed: int = 7,
) -> Plan:
    target = loaded.nodes.target if objective == "target" else None
    if objective == "target" and not loaded.nodes.has_target:
        raise GraphError("--objective target needs a node table with a target column")
    return imm(
        loaded.graph, k=k or 1, eps=eps, ell=ell, model=model, target=target,
        nodes=loaded.nodes, budget=budget, seed=seed,
    )  # fmt: skip


def seeds_frame(graph: Graph, chosen: Plan) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(
        {
            "rank": np.arange(1, len(chosen.seeds) + 1),
            "node": graph.ids[chosen.seeds],
            "marginal_gain": chosen.marginal_gain.round(4),
        }
    )


@dataclass(frozen=True)
class PlanOutcome:
    name: str
    seeds: np.ndarray
    spread: SpreadResult
    cost: float  # the seeds' cost in the node table (1 each where it gives none)
    spreads: bool = True  # False: direct outreach, no one reached beyond the seeds

    def row(self) -> dict[str, Any]:
        total = self.spread.total.mean
        reached = self.spread.in_target.mean
        return {
            "plan": self.name,
            "seeds": len(self.seeds),
            "total_reach": round(total, 2),
            "in_target_reach": round(reached, 2),
            "precision": round(reached / total, 4) if total else 0.0,
            "in_target_per_seed": round(reached / max(len(self.seeds), 1), 3),
            "in_target_per_cost": round(reached / self.cost, 4) if self.cost else 0.0,
        }


def compare(
    loaded: Loaded, *, k: int, eps: float, model: str, runs: int | None, seed: int = 7
) -> list[PlanOutcome]:
    """The viral plan (untargeted IMM), the targeted plan, top-degree influencers and
    direct outreach to k target members, each simulated afresh (`runs` runs, or with None
    until its 95% intervals are within 1% of the means)."""
    if not loaded.nodes.has_target:
        raise GraphError("compare needs a node table with a target column")
    graph, nodes = loaded.graph, loaded.nodes
    candidates = {
        "viral (IMM, total reach)": imm(graph, k=k, eps=eps, model=model, seed=seed).seeds,
        "targeted (IMM, in-target reach)": imm(
            graph, k=k, eps=eps, model=model, target=nodes.target, seed=seed
        ).seeds,
        "top-degree influencers": top_degree(graph, k),
        "direct outreach to the target": direct_outreach(nodes.target, k),
    }
    outcomes = []
    for name, seeds in candidates.items():
        spreads = not name.startswith("direct")
        if spreads:
            spread = simulate(graph, nodes, seeds, runs=runs, model=model, seed=seed)
        else:
            # no spread assumed: you reach exactly the people you contact
            spread = _no_spread(model, nodes, seeds)
        outcomes.append(PlanOutcome(name, seeds, spread, float(nodes.cost[seeds].sum()), spreads))
    return outcomes


def _no_spread(model: str, nodes: NodeTable, seeds: np.ndarray) -> SpreadResult:
    def fixed(value: float) -> Estimate:
        return Estimate(value, value, value)

    target = float(nodes.target[seeds].sum())
    return SpreadResult(
        runs=0, model=model, total=fixed(float(len(seeds))), in_target=fixed(target),
        bots=fixed(float(nodes.bot[seeds].sum())), spill=fixed(len(seeds) - target),
        per_step=[float(len(seeds))],
    )  # fmt: skip
