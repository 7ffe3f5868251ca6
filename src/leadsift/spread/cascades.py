"""Observed cascades: who shared a piece of content, and when, read against a graph.

A cascade file is CSV, TSV, JSON Lines or Parquet with the columns `cascade` (any id of the
piece of content), `node` (a node of the graph) and `time` (a number, or an ISO 8601
timestamp). What cannot be used is refused with its line, or counted and said:

- a node that is not in the graph: refused naming file:line (with `unknown="skip"`: counted);
- a time that does not parse: refused naming file:line and the column;
- the same node twice in one cascade: its first time is kept, the rest counted;
- a cascade of one node: kept (its sharer's followers who did not share are evidence of
  failed attempts) and counted;
- a node whose in-neighbours in the cascade all shared later than it, or none did: a root
  of the cascade (it found the content elsewhere), counted by the estimators.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from leadsift.spread.graph import Graph, GraphError

Unknown = Literal["error", "skip"]


@dataclass(frozen=True)
class Cascades:
    """Activations sorted by (cascade, time): cascade number, node index, time (float)."""

    cascade: np.ndarray  # int64, 0..cascades-1
    node: np.ndarray  # int64 node index in the graph
    time: np.ndarray  # float64; ISO timestamps as seconds since the epoch
    names: np.ndarray  # the file's id of each cascade number
    skipped: dict[str, int] = field(default_factory=dict)  # what was left out, and why

    @property
    def count(self) -> int:
        return len(self.names)

    @property
    def size(self) -> np.ndarray:
        return np.bincount(self.cascade, minlength=self.count)


def _read_table(path: Path) -> pd.DataFrame:
    suffixes = [s.lower() for s in path.suffixes]
    try:
        if suffixes and suffixes[-1] == ".parquet":
            return pd.read_parquet(path)
        if suffixes and suffixes[-1] in (".jsonl", ".ndjson"):
            return pd.read_json(path, lines=True, dtype=False)
        return pd.read_csv(path, sep=None, engine="python", dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise GraphError(f"{path}: no such file") from None
    except ValueError as exc:
        raise GraphError(f"{path}: not a readable cascade file ({exc})") from None


def _times(path: Path, text: pd.Series) -> np.ndarray:
    """Numbers as they are; otherwise ISO 8601 timestamps as epoch seconds."""
    as_text = text.astype(str).str.strip()
    numbers = pd.to_numeric(as_text, errors="coerce")
    if numbers.notna().all():
        return numbers.to_numpy(dtype=float)
    stamps = pd.to_datetime(as_text, utc=True, errors="coerce", format="ISO8601")
    bad = np.flatnonzero((stamps.isna() & numbers.isna()).to_numpy())
    if len(bad):
        first = int(bad[0])
        raise GraphError(
            f"{path}:{first + 2}: column time: {as_text.iloc[first]!r} is neither a number "
            "nor an ISO 8601 timestamp" + (f" ({len(bad):,} such rows)" if len(bad) > 1 else "")
        )
    if numbers.notna().any():
        first = int(np.flatnonzero(numbers.notna().to_numpy())[0])
        raise GraphError(
            f"{path}:{first + 2}: column time: {as_text.iloc[first]!r} is a number where the "
            "other rows have timestamps: use one kind of time"
        )
    return (stamps.astype("int64") / 1e9).to_numpy(dtype=float)


def read_cascades(path: Path, graph: Graph, unknown: Unknown = "error") -> Cascades:
    """The cascades of a file, in the graph's node indices (see the module's rules)."""
    frame = _read_table(path)
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in ("cascade", "node", "time") if c not in frame.columns]
    if missing:
        raise GraphError(
            f"{path}: needs the columns cascade, node and time (missing: {', '.join(missing)})"
        )
    skipped: dict[str, int] = {}
    if frame.empty:
        raise GraphError(f"{path}: no rows")
    times = _times(path, frame["time"])
    lookup = pd.Series(np.arange(graph.nodes), index=pd.Index(graph.ids.astype(str)))
    names = frame["node"].astype(str).str.strip()
    found = lookup.reindex(names.to_numpy()).to_numpy()
    absent = np.isnan(found)
    if absent.any():
        if unknown == "error":
            first = int(np.flatnonzero(absent)[0])
            raise GraphError(
                f"{path}:{first + 2}: node {names.iloc[first]!r} is not in the graph"
                + (f" ({int(absent.sum()):,} rows name unknown nodes)" if absent.sum() > 1 else "")
            )
        skipped["rows naming nodes not in the graph"] = int(absent.sum())
    keep = ~absent
    codes, cascade_names = pd.factorize(frame["cascade"].astype(str).str.strip()[keep])
    rows = pd.DataFrame(
        {"cascade": codes, "node": found[keep].astype(np.int64), "time": times[keep]}
    ).sort_values(["cascade", "time", "node"], kind="stable")
    repeated = rows.duplicated(["cascade", "node"], keep="first").to_numpy()
    if repeated.any():
        skipped["repeated shares of one node in one cascade (the first kept)"] = int(repeated.sum())
        rows = rows[~repeated]
    sizes = np.bincount(rows["cascade"].to_numpy(), minlength=len(cascade_names))
    if (sizes == 1).any():
        skipped["cascades of one node (kept: evidence of failed attempts only)"] = int(
            (sizes == 1).sum()
        )
    return Cascades(
        cascade=rows["cascade"].to_numpy(dtype=np.int64),
        node=rows["node"].to_numpy(dtype=np.int64),
        time=rows["time"].to_numpy(dtype=float),
        names=np.asarray(cascade_names, dtype=object),
        skipped=skipped,
    )


def cascades_frame(cascades: Cascades, graph: Graph) -> pd.DataFrame:
    """The cascades as a file would hold them (cascade, node, time), with original ids."""
    return pd.DataFrame(
        {
            "cascade": cascades.names[cascades.cascade],
            "node": graph.ids[cascades.node],
            "time": cascades.time,
        }
    )
