"""Reading an edge file once: the built graph's CSR arrays are kept as .npy files in a cache
folder, keyed by a hash of the file's bytes and the options that shape the graph, and
memory-mapped the next time the same file is read the same way.

The key is the file's content (blake2b over every byte, about 1 GB/s; size and mtime would
miss an edit that keeps both), its format (from the name) and undirected, p-model and p.
The folder is $LEADSIFT_CACHE_DIR/graphs, else $XDG_CACHE_HOME/leadsift/graphs, else
~/.cache/leadsift/graphs; LEADSIFT_CACHE_DIR=off reads every time. An entry is written to
a temporary folder and renamed into place, so a reader never sees half of one; each array's
blake2b is kept beside it and checked on load, so an entry damaged on disk is ignored and
rebuilt rather than trusted. Files below `min_bytes` are not worth an entry (they parse in
milliseconds). The least recently used entries go once the folder passes `limit_bytes`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from leadsift.spread.graph import Graph, GraphError, PModel, graph_from_columns

VERSION = 1  # bump when the arrays or their meaning change
ARRAYS = ("ids", "out_ptr", "out_dst", "out_p", "in_ptr", "in_src", "in_p")
MIN_BYTES = 1 << 20
LIMIT_BYTES = 8 << 30
Phase = Callable[[str, float], None]


def kind_of(path: Path) -> str:
    """snap, csv, tsv or parquet, from the name (a .gz suffix aside)."""
    name = path.name.lower().removesuffix(".gz")
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    if name.endswith(".csv"):
        return "csv"
    if name.endswith(".tsv"):
        return "tsv"
    return "snap"


def cache_folder() -> Path | None:
    """Where graphs are cached; None when LEADSIFT_CACHE_DIR=off."""
    named = os.environ.get("LEADSIFT_CACHE_DIR", "").strip()
    if named.lower() in ("off", "none", "0"):
        return None
    if named:
        return Path(named).expanduser() / "graphs"
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(xdg) if xdg else Path.home() / ".cache") / "leadsift" / "graphs"


def _digest(data: bytes | np.ndarray) -> str:
    raw = np.ascontiguousarray(data).view(np.uint8).data if isinstance(data, np.ndarray) else data
    return hashlib.blake2b(raw, digest_size=20).hexdigest()


def cache_key(data: bytes, kind: str, undirected: bool, p_model: str, p: float) -> str:
    options = {"version": VERSION, "kind": kind, "undirected": undirected, "p_model": p_model,
               "p": p if p_model == "uniform" else None}  # fmt: skip
    return _digest(_digest(data).encode() + json.dumps(options, sort_keys=True).encode())


def load_graph_file(
    path: Path,
    *,
    undirected: bool = False,
    p_model: PModel = "wc",
    p: float = 0.1,
    folder: Path | None = None,
    min_bytes: int = MIN_BYTES,
    limit_bytes: int = LIMIT_BYTES,
    phase: Phase | None = None,
) -> Graph:
    """The graph of an edge file, from the cache when it holds this file read this way;
    `folder` overrides cache_folder(). `phase` hears how long each step took."""
    started = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal started
        now = time.perf_counter()
        if phase is not None:
            phase(name, now - started)
        started = now

    if not path.is_file():
        raise GraphError(f"{path}: no such file")
    data = path.read_bytes()
    kind = kind_of(path)
    if p_model == "uniform" and not 0 <= p <= 1:
        raise GraphError(f"uniform probability {p} is not in [0, 1]")
    root = folder if folder is not None else cache_folder()
    use_cache = root is not None and len(data) >= min_bytes
    entry = root / cache_key(data, kind, undirected, p_model, p) if use_cache and root else None
    lap("read: file and its hash")
    if entry is not None:
        cached = _load(entry)
        lap("read: cached arrays" + (" (hit)" if cached else " (miss)"))
        if cached is not None:
            return cached
    # the parser needs numba (a hit does not: that import counts where it is first needed)
    from leadsift.spread.edge_files import read_columns, unpack

    columns = read_columns(path, unpack(path, data), kind)
    del data
    lap("read: parse")
    graph = graph_from_columns(
        columns.source, columns.target, columns.p, undirected=undirected, p_model=p_model, p=p
    )
    lap("read: build CSR")
    if entry is not None:
        _save(entry, graph, path)
        _prune(entry.parent, limit_bytes)
        lap("read: write cache")
    return graph


def _load(entry: Path) -> Graph | None:
    """The cached graph, or None when there is none or it is damaged in any way."""
    try:
        meta = json.loads((entry / "meta.json").read_text())
        arrays = {}
        for name in ARRAYS:
            # a plain read-only array over the mapped file (not np.memmap, a subclass the
            # kernels' dispatch would check the slow way)
            array = np.asarray(np.load(entry / f"{name}.npy", mmap_mode="r", allow_pickle=False))
            if _digest(array) != meta["digests"][name]:
                return None
            arrays[name] = array
        n, m = len(arrays["ids"]), len(arrays["out_dst"])
        if not (
            meta["version"] == VERSION and len(arrays["out_ptr"]) == n + 1
            and len(arrays["in_ptr"]) == n + 1 and len(arrays["in_src"]) == m
            and len(arrays["out_p"]) == m and len(arrays["in_p"]) == m
            and int(arrays["out_ptr"][-1]) == m and int(arrays["in_ptr"][-1]) == m
        ):  # fmt: skip
            return None
        os.utime(entry / "meta.json")  # recently used, for _prune
        return Graph(
            ids=arrays["ids"], out_ptr=arrays["out_ptr"], out_dst=arrays["out_dst"],
            out_p=arrays["out_p"], in_ptr=arrays["in_ptr"], in_src=arrays["in_src"],
            in_p=arrays["in_p"], dropped_self_loops=int(meta["self_loops"]),
            dropped_duplicates=int(meta["duplicates"]),
        )  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError, EOFError):
        return None


def _save(entry: Path, graph: Graph, source: Path) -> None:
    """Write the entry beside its final place, then rename it in; a cache that cannot be
    written is no reason to fail the command."""
    staging: Path | None = None
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".new-", dir=entry.parent))
        digests = {}
        for name in ARRAYS:
            array = np.ascontiguousarray(getattr(graph, name))
            np.save(staging / f"{name}.npy", array, allow_pickle=False)
            digests[name] = _digest(array)
        meta = {
            "version": VERSION, "source": str(source), "nodes": graph.nodes, "arcs": graph.arcs,
            "self_loops": graph.dropped_self_loops, "duplicates": graph.dropped_duplicates,
            "digests": digests,
        }  # fmt: skip
        (staging / "meta.json").write_text(json.dumps(meta, indent=1))
        if entry.exists():  # a damaged entry, found unusable above
            shutil.rmtree(entry, ignore_errors=True)
        os.replace(staging, entry)
    except OSError:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)


def _prune(folder: Path, limit_bytes: int) -> None:
    """Remove the least recently used entries until the folder is within its limit."""
    try:
        entries = []
        for entry in folder.iterdir():
            if entry.is_dir() and not entry.name.startswith("."):
                size = sum(f.stat().st_size for f in entry.iterdir())
                entries.append(((entry / "meta.json").stat().st_mtime, size, entry))
        total = sum(size for _, size, _ in entries)
        for _, size, entry in sorted(entries):
            if total <= limit_bytes:
                break
            shutil.rmtree(entry, ignore_errors=True)
            total -= size
    except OSError:
        return
