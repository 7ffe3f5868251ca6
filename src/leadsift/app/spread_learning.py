"""Learning passability from observed shares (`leadsift spread learn`): read the graph and
the cascades, estimate every arc's probability (spread/passability.py), write the edge list
with a `p` column that `spread plan --p-model given` reads, and say how well the learned
probabilities predict the sizes of cascades held out from learning."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from leadsift.app.errors import BadOption
from leadsift.domain.errors import LeadsiftError

METHODS = ("em", "credit")


@dataclass(frozen=True)
class LearnRequest:
    graph: Path
    cascades: Path
    output: Path | None = None
    method: str = "em"
    step: float = 1.0  # em: the length of one time step, in the file's time unit
    tau: float | None = None  # credit: the time window (default: the mean delay)
    prior_weight: float = 1.0  # pseudo-trials at the weighted cascade value
    nodes: Path | None = None  # a node table with a `community` column, to tie arcs by
    tie_by: str | None = None  # the column of `nodes` whose pairs share one probability
    undirected: bool = False
    skip_unknown: bool = False  # count cascade rows naming unknown nodes instead of refusing

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise BadOption("--method", f"choose one of {', '.join(METHODS)}")
        if self.step <= 0:
            raise BadOption("--step", "must be more than 0")
        if self.prior_weight < 0:
            raise BadOption("--prior-weight", "must be 0 or more")
        if self.tie_by is not None and self.nodes is None:
            raise BadOption("--tie-by", "needs --nodes FILE with that column")


@dataclass(frozen=True)
class LearnOutcome:
    method: str
    arcs: int
    arcs_seen: int  # arcs with at least one observed trial
    cascades: int
    activations: int
    roots: int
    iterations: int
    tau: float | None
    mean_p: float
    mean_wc: float
    written: str | None
    counts: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _tie(request: LearnRequest, graph: Any) -> np.ndarray | None:
    if request.tie_by is None or request.nodes is None:
        return None
    import pandas as pd

    from leadsift.spread.graph import GraphError

    table = pd.read_csv(request.nodes, dtype=str, keep_default_na=False)
    table.columns = [c.strip().lower() for c in table.columns]
    column = request.tie_by.lower()
    if "node" not in table.columns or column not in table.columns:
        raise GraphError(f"{request.nodes}: needs the columns node and {column}")
    index = graph.index_of(table["node"], str(request.nodes))
    groups = np.full(graph.nodes, "", dtype=object)
    groups[index] = table[column].astype(str).to_numpy()
    codes = np.unique(groups, return_inverse=True)[1].astype(np.int64)
    tails = np.repeat(np.arange(graph.nodes), np.diff(graph.out_ptr))
    pairs: np.ndarray = codes[tails] * (int(codes.max()) + 1) + codes[graph.out_dst]
    return pairs


def learn_passability(request: LearnRequest) -> LearnOutcome:
    """Learn, and write the edges with p when an output is named (CSV, or Parquet by its
    suffix). A file that cannot be read is a LeadsiftError naming it (and the line)."""
    from leadsift.spread.cascades import read_cascades
    from leadsift.spread.graph_cache import load_graph_file
    from leadsift.spread.passability import learn_credit, learn_em, weighted_cascade

    graph = load_graph_file(request.graph, undirected=request.undirected)
    cascades = read_cascades(
        request.cascades, graph, unknown="skip" if request.skip_unknown else "error"
    )
    tie = _tie(request, graph)
    if request.method == "em":
        learned = learn_em(
            graph, cascades, step=request.step, prior_weight=request.prior_weight, tie=tie
        )
    else:
        learned = learn_credit(
            graph, cascades, tau=request.tau, prior_weight=request.prior_weight, tie=tie
        )
    written = None
    if request.output is not None:
        write_edges(request.output, graph, learned.p)
        written = str(request.output)
    return LearnOutcome(
        method=learned.method, arcs=graph.arcs, arcs_seen=learned.arcs_seen,
        cascades=cascades.count, activations=len(cascades.node), roots=learned.roots,
        iterations=learned.iterations, tau=learned.tau, mean_p=float(learned.p.mean()),
        mean_wc=float(weighted_cascade(graph).mean()), written=written,
        counts=dict(cascades.skipped),
    )  # fmt: skip


def write_edges(path: Path, graph: Any, p: np.ndarray) -> None:
    """source, target, p with the graph's own ids: the input of `--p-model given`."""
    import pandas as pd

    tails = np.repeat(np.arange(graph.nodes), np.diff(graph.out_ptr))
    frame = pd.DataFrame(
        {"source": graph.ids[tails], "target": graph.ids[graph.out_dst], "p": np.round(p, 6)}
    )
    try:
        if path.suffix.lower() == ".parquet":
            frame.to_parquet(path, index=False)
        else:
            frame.to_csv(path, index=False)
    except OSError as exc:
        raise LeadsiftError(f"cannot write {path}: {exc.strerror}") from None
