"""Social graphs in compressed sparse row form, read from the files people have.

Edge lists come as CSV, TSV or Parquet with columns `source`, `target` and optionally `p`, or
as SNAP-style text (two ids per line, `#` comments), optionally gzipped. Node ids of any type
are mapped to 0..n-1 (and back); self-loops and duplicate arcs are dropped and counted.
Arc probabilities: given (`p`), weighted cascade (1/in-degree of the head, the default),
trivalency (0.1, 0.01 or 0.001 at random) or one uniform p.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from leadsift.domain.errors import LeadsiftError

if TYPE_CHECKING:
    import pandas as pd

PModel = Literal["wc", "tri", "uniform", "given"]


class GraphError(LeadsiftError):
    """A graph or node file cannot be used."""


@dataclass(frozen=True)
class Graph:
    """Arcs u -> v as CSR by head (in-arcs, for reverse sampling) and by tail (out-arcs)."""

    ids: np.ndarray  # original id of each node index
    out_ptr: np.ndarray
    out_dst: np.ndarray
    out_p: np.ndarray
    in_ptr: np.ndarray
    in_src: np.ndarray
    in_p: np.ndarray
    dropped_self_loops: int = 0
    dropped_duplicates: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def nodes(self) -> int:
        return len(self.ids)

    @property
    def arcs(self) -> int:
        return len(self.out_dst)

    def index_of(self, originals: pd.Series, where: str) -> np.ndarray:
        """Node indices of original ids; an unknown id is an error naming `where` and line."""
        import pandas as pd

        lookup = pd.Series(np.arange(self.nodes), index=pd.Index(self.ids.astype(str)))
        text = originals.astype(str).str.strip()
        found = lookup.reindex(text.to_numpy())
        missing = np.flatnonzero(found.isna().to_numpy())
        if len(missing):
            first = int(missing[0])
            raise GraphError(
                f"{where}:{first + 2}: node {text.iloc[first]!r} is not in the graph"
                + (f" ({len(missing):,} unknown ids)" if len(missing) > 1 else "")
            )
        return found.to_numpy().astype(np.int64)


def _read_snap(path: Path) -> pd.DataFrame:
    import pandas as pd

    opener = gzip.open if path.suffix == ".gz" else open
    sources: list[str] = []
    targets: list[str] = []
    with opener(path, "rt", encoding="utf-8", errors="replace") as stream:
        for number, line in enumerate(stream, start=1):
            text = line.strip()
            if not text or text.startswith(("#", "%")):
                continue
            parts = text.replace(",", " ").split()
            if len(parts) < 2:
                raise GraphError(f"{path}:{number}: expected two node ids, found {text[:60]!r}")
            sources.append(parts[0])
            targets.append(parts[1])
    return pd.DataFrame({"source": sources, "target": targets})


def read_edges(path: Path) -> pd.DataFrame:
    """Columns source, target (text) and p (float) when given: the reader of record, one
    Python step a line for SNAP text; `graph_cache.load_graph_file` reads the same files
    at disk speed (edge_files.py) and is what the commands use."""
    import pandas as pd

    if not path.is_file():
        raise GraphError(f"{path}: no such file")
    name = path.name.lower().removesuffix(".gz")
    if name.endswith((".parquet", ".pq")):
        frame = pd.read_parquet(path)
    elif name.endswith((".csv", ".tsv")):
        frame = pd.read_csv(
            path, sep="\t" if name.endswith(".tsv") else ",", dtype=str, keep_default_na=False,
            compression="infer",
        )  # fmt: skip
        frame.columns = [c.strip().lower() for c in frame.columns]
        if not {"source", "target"} <= set(frame.columns):
            if frame.shape[1] >= 2 and "source" not in frame.columns:
                # a header-less or differently named two-column list, as SNAP's CSVs are
                first, second = frame.columns[:2]
                frame = frame.rename(columns={first: "source", second: "target"})
            else:
                raise GraphError(f"{path}: needs columns source and target")
    else:
        frame = _read_snap(path)
    frame = frame.rename(columns=str.lower)
    if frame.empty:
        raise GraphError(f"{path}: the graph has no edges")
    out = pd.DataFrame(
        {
            "source": frame["source"].astype(str).str.strip(),
            "target": frame["target"].astype(str).str.strip(),
        }
    )
    if "p" in frame.columns:
        p = pd.to_numeric(frame["p"], errors="coerce")
        bad = np.flatnonzero((p.isna() | (p < 0) | (p > 1)).to_numpy())
        if len(bad):
            row = int(bad[0])
            raise GraphError(
                f"{path}:{row + 2}: probability {frame['p'].iloc[row]!r} is not in [0, 1]"
            )
        out["p"] = p.to_numpy(dtype=float)
    return out


def build_graph(
    edges: pd.DataFrame,
    *,
    undirected: bool = False,
    p_model: PModel = "wc",
    p: float = 0.1,
    seed: int = 7,
) -> Graph:
    """CSR graph from an edge frame (source, target[, p]); nodes numbered in id order
    (csr.py)."""
    import pyarrow as pa

    if p_model == "given" and "p" not in edges.columns:
        raise GraphError("--p-model given needs a column p in the edge file")

    def column(name: str) -> object:
        values = edges[name]
        if values.dtype.kind in "iu":
            return values.to_numpy(dtype=np.int64)
        return pa.array(values.astype(str).str.strip().to_numpy(), type=pa.large_string())

    given = edges["p"].to_numpy(dtype=float) if "p" in edges.columns else None
    return graph_from_columns(
        column("source"), column("target"), given, undirected=undirected, p_model=p_model,
        p=p, seed=seed,
    )  # fmt: skip


def graph_from_columns(
    source: object,
    target: object,
    given: np.ndarray | None,
    *,
    undirected: bool = False,
    p_model: PModel = "wc",
    p: float = 0.1,
    seed: int = 7,
) -> Graph:
    """CSR graph from two id columns (int64 numpy arrays or pyarrow text arrays) and the
    given probabilities, if any."""
    from leadsift.spread.csr import build_csr, number_nodes

    if p_model == "given" and given is None:
        raise GraphError("--p-model given needs a column p in the edge file")
    if p_model == "uniform" and not 0 <= p <= 1:
        raise GraphError(f"uniform probability {p} is not in [0, 1]")
    src, dst, ids = number_nodes(source, target)
    if undirected:
        src, dst = np.concatenate([src, dst]), np.concatenate([dst, src])
        given = np.concatenate([given, given]) if given is not None else None
    arrays = build_csr(src, dst, ids, p_model=p_model, p=p, given=given, seed=seed)
    return Graph(
        ids=arrays.ids, out_ptr=arrays.out_ptr, out_dst=arrays.out_dst, out_p=arrays.out_p,
        in_ptr=arrays.in_ptr, in_src=arrays.in_src, in_p=arrays.in_p,
        dropped_self_loops=arrays.self_loops, dropped_duplicates=arrays.duplicates,
    )  # fmt: skip


@dataclass(frozen=True)
class NodeTable:
    target: np.ndarray  # weight 0..1 per node (0 when not given)
    cost: np.ndarray  # cost per node (1 when not given)
    bot: np.ndarray  # bool per node
    has_target: bool
    # where the file gave a cost (None: nowhere); a plan's money cost uses [outreach]
    # seed_cost for the rest, while IMM's budget keeps counting them as 1
    cost_given: np.ndarray | None = None

    def seed_costs(self, seeds: np.ndarray, default: float) -> np.ndarray:
        """What seeding each of `seeds` costs: the file's cost, else `default`."""
        if self.cost_given is None:
            return np.full(len(seeds), float(default))
        return np.where(self.cost_given[seeds], self.cost[seeds], float(default))


def read_nodes(path: Path | None, graph: Graph) -> NodeTable:
    n = graph.nodes
    if path is None:
        return NodeTable(np.zeros(n), np.ones(n), np.zeros(n, dtype=bool), False)
    import pandas as pd

    if not path.is_file():
        raise GraphError(f"{path}: no such file")
    if path.suffix.lower() in (".parquet", ".pq"):
        frame = pd.read_parquet(path)
    else:
        frame = pd.read_csv(
            path, sep="\t" if path.suffix.lower() == ".tsv" else ",", dtype=str,
            keep_default_na=False,
        )  # fmt: skip
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    if "node" not in frame.columns:
        raise GraphError(f"{path}: needs a column node")
    index = graph.index_of(frame["node"], str(path))
    target = np.zeros(n)
    cost = np.ones(n)
    bot = np.zeros(n, dtype=bool)
    given: np.ndarray | None = None
    for column, low, high, default in (("target", 0.0, 1.0, 0.0), ("cost", 0.0, np.inf, 1.0)):
        if column not in frame.columns:
            continue
        text = frame[column].astype(str).str.strip()
        values = pd.to_numeric(text.where(text != "", str(default)), errors="coerce")
        bad = np.flatnonzero((values.isna() | (values < low) | (values > high)).to_numpy())
        if len(bad):
            first = int(bad[0])
            raise GraphError(
                f"{path}:{first + 2}: {column} {frame[column].iloc[first]!r} is not a number "
                f"in [{low:g}, {high:g}]"
            )
        (target if column == "target" else cost)[index] = values.to_numpy(dtype=float)
        if column == "cost":
            given = np.zeros(n, dtype=bool)
            given[index] = (text != "").to_numpy()
    if "bot" in frame.columns:
        flag = frame["bot"].astype(str).str.strip().str.lower().isin({"1", "true", "yes", "t"})
        bot[index] = flag.to_numpy()
    return NodeTable(target, cost, bot, "target" in frame.columns, given)
