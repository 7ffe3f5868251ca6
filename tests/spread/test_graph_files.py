"""The fast edge-file reader (edge_files.py, csr.py) against an obviously correct reference
written arc by arc in Python, and against the reader of record (graph.read_edges +
build_graph), on random small graphs in every format; bad lines named by file and line; the
graph cache hit, invalidated by content and rebuilt when damaged."""

from __future__ import annotations

import gzip
import os
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadsift.spread import graph_cache
from leadsift.spread.csr import TRIVALENCY
from leadsift.spread.graph import Graph, GraphError, build_graph, read_edges
from leadsift.spread.graph_cache import load_graph_file

Row = tuple[str, str, float]
FIELDS = ("ids", "out_ptr", "out_dst", "out_p", "in_ptr", "in_src", "in_p")


def reference(rows: list[Row], p_model: str, undirected: bool = False) -> dict[str, list[object]]:
    """The CSR the readers must give, one arc at a time."""
    if undirected:
        rows = rows + [(b, a, p) for a, b, p in rows]
    names = {name for a, b, _ in rows for name in (a, b)}
    numeric = all(re.fullmatch(r"0|[1-9][0-9]{0,17}", name) for name in names)
    ids = sorted(names, key=int) if numeric else sorted(names)
    index = {name: i for i, name in enumerate(ids)}
    first: dict[tuple[int, int], float] = {}
    for a, b, p in rows:
        if a != b:
            first.setdefault((index[a], index[b]), p)
    out_arcs = sorted(first)
    indegree = [0] * len(ids)
    for _, v in out_arcs:
        indegree[v] += 1
    if p_model == "tri":
        drawn = np.random.default_rng(7).choice(TRIVALENCY, len(out_arcs)).tolist()
        prob = dict(zip(out_arcs, drawn, strict=True))
    else:
        prob = {arc: 1.0 / indegree[arc[1]] if p_model == "wc" else first[arc] for arc in out_arcs}
    in_arcs = sorted(out_arcs, key=lambda arc: (arc[1], arc[0]))

    def pointers(heads: list[int]) -> list[object]:
        counts = [0] * (len(ids) + 1)
        for h in heads:
            counts[h + 1] += 1
        return list(np.cumsum(counts).tolist())

    return {
        "ids": [int(i) for i in ids] if numeric else ids,
        "out_ptr": pointers([u for u, _ in out_arcs]),
        "out_dst": [v for _, v in out_arcs],
        "out_p": np.array([prob[a] for a in out_arcs], dtype=np.float32).tolist(),
        "in_ptr": pointers([v for _, v in in_arcs]),
        "in_src": [u for u, _ in in_arcs],
        "in_p": np.array([prob[a] for a in in_arcs], dtype=np.float32).tolist(),
    }


def same(graph: Graph, expected: dict[str, list[object]]) -> None:
    for name in FIELDS:
        assert getattr(graph, name).tolist() == expected[name], name


_ids = st.one_of(
    st.integers(0, 30).map(str),  # SNAP-like numbers
    st.sampled_from(["a", "b", "Zoë", "07", "7", "node-1"]),  # text, a leading zero
)
_rows = st.lists(
    st.tuples(_ids, _ids, st.sampled_from([0.0, 0.25, 0.5, 1.0])), min_size=1, max_size=40
)


def _write(path: Path, rows: list[Row], kind: str) -> None:
    if kind == "snap":
        # comments, blank lines, tabs, commas and extra fields, as SNAP files have them
        lines = ["# Directed graph", "% another comment", ""]
        lines += [f"{a}\t{b}" if i % 3 else f"  {a}, {b}  extra" for i, (a, b, _) in
                  enumerate(rows)]  # fmt: skip
        text = "\r\n".join(lines) + "\n"
    else:
        sep = "\t" if kind == "tsv" else ","
        text = f"Source{sep}TARGET{sep}p\n" + "".join(f"{a}{sep}{b}{sep}{p}\n" for a, b, p in rows)
    data = text.encode()
    path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=_rows,
    kind=st.sampled_from(["snap", "csv", "tsv"]),
    gz=st.booleans(),
    p_model=st.sampled_from(["wc", "tri", "given"]),
    undirected=st.booleans(),
)
def test_fast_reader_gives_the_reference_csr(
    tmp_path: Path, rows: list[Row], kind: str, gz: bool, p_model: str, undirected: bool
) -> None:
    if all(a == b for a, b, _ in rows):
        rows = [*rows, ("a", "b", 0.5)]  # a graph with an arc
    if kind == "snap" and p_model == "given":
        p_model = "wc"  # SNAP text has no probabilities
    name = {"snap": "g.txt", "csv": "g.csv", "tsv": "g.tsv"}[kind] + (".gz" if gz else "")
    path = tmp_path / name
    _write(path, rows, kind)
    model: Any = p_model
    fast = load_graph_file(path, undirected=undirected, p_model=model, min_bytes=1 << 40)
    expected = reference(rows, p_model, undirected)
    same(fast, expected)
    old = build_graph(read_edges(path), undirected=undirected, p_model=model)
    same(old, expected)
    loops = sum(a == b for a, b, _ in rows) * (2 if undirected else 1)
    assert fast.dropped_self_loops == old.dropped_self_loops == loops


def test_snap_bad_line_and_csv_bad_row_name_file_and_line(tmp_path: Path) -> None:
    snap = tmp_path / "g.txt"
    snap.write_text("# c\n1 2\n\n3\n4 5\n")
    with pytest.raises(GraphError, match=r"g.txt:4: expected two node ids, found '3'"):
        load_graph_file(snap)
    table = tmp_path / "g.csv"
    table.write_text("source,target\na,b\nc,d,e\n")
    with pytest.raises(GraphError, match=r"g.csv:3: expected 2 fields"):
        load_graph_file(table)
    given = tmp_path / "p.csv"
    given.write_text("source,target,p\na,b,0.5\nb,c,x\n")
    with pytest.raises(GraphError, match=r"p.csv:3: probability 'x' is not in \[0, 1\]"):
        load_graph_file(given, p_model="given")
    empty = tmp_path / "e.txt"
    empty.write_text("# nothing\n")
    with pytest.raises(GraphError, match="the graph has no edges"):
        load_graph_file(empty)


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    from leadsift.spread import edge_files

    parsed: list[Path] = []
    real = edge_files.read_columns

    def counting(path: Path, data: bytes, kind: str) -> edge_files.EdgeColumns:
        parsed.append(path)
        return real(path, data, kind)

    monkeypatch.setattr(edge_files, "read_columns", counting)
    return parsed


def test_cache_is_hit_and_invalidated_by_content_not_by_size_or_mtime(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = _count_parses(monkeypatch)
    folder = tmp_path / "cache"
    path = tmp_path / "g.txt"
    path.write_text("1 2\n2 3\n3 1\n")
    first = load_graph_file(path, folder=folder, min_bytes=0)
    second = load_graph_file(path, folder=folder, min_bytes=0)
    assert len(parsed) == 1  # the second read came from the cache
    for name in FIELDS:
        assert np.array_equal(getattr(first, name), getattr(second, name))
    assert not second.in_p.flags.writeable  # memory-mapped, read-only
    # other options are another entry
    load_graph_file(path, folder=folder, min_bytes=0, undirected=True)
    assert len(parsed) == 2
    # same size, same mtime, other content: read again
    stat = path.stat()
    path.write_text("1 2\n2 3\n3 2\n")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns
    changed = load_graph_file(path, folder=folder, min_bytes=0)
    assert len(parsed) == 3
    assert changed.out_dst.tolist() != first.out_dst.tolist()


@pytest.mark.parametrize("damage", ["truncate", "flip", "meta"])
def test_a_damaged_cache_entry_is_ignored_and_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    parsed = _count_parses(monkeypatch)
    folder = tmp_path / "cache"
    path = tmp_path / "g.txt"
    path.write_text("1 2\n2 3\n3 1\n1 3\n")
    good = load_graph_file(path, folder=folder, min_bytes=0)
    (entry,) = [p for p in folder.iterdir() if p.is_dir()]
    if damage == "meta":
        (entry / "meta.json").write_text("{not json")
    else:
        target = entry / "out_dst.npy"
        data = bytearray(target.read_bytes())
        if damage == "truncate":
            data = data[: len(data) - 3]
        else:
            data[-1] ^= 0x01  # an index still in range, but not the one written
        target.write_bytes(bytes(data))
    again = load_graph_file(path, folder=folder, min_bytes=0)
    assert len(parsed) == 2
    assert again.out_dst.tolist() == good.out_dst.tolist()
    load_graph_file(path, folder=folder, min_bytes=0)
    assert len(parsed) == 2  # rebuilt, and good again


def test_cache_folder_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADSIFT_CACHE_DIR", str(tmp_path / "c"))
    assert graph_cache.cache_folder() == tmp_path / "c" / "graphs"
    monkeypatch.setenv("LEADSIFT_CACHE_DIR", "off")
    assert graph_cache.cache_folder() is None
    monkeypatch.delenv("LEADSIFT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert graph_cache.cache_folder() == tmp_path / "x" / "leadsift" / "graphs"
