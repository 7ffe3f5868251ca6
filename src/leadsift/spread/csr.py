"""From arcs as read (two columns of node ids, maybe probabilities) to the CSR arrays of a
`Graph`, without a Python loop per arc.

Nodes are numbered in the order of their ids: numerically when every id is a plain
non-negative integer (SNAP's 0..n-1 then keep their numbers), else by their text. Integer
ids that are dense enough are numbered with a lookup table (no sort); others with one
`np.unique`. The arcs are bucketed by tail with a counting sort, each tail's bucket sorted
by head (stably, so of duplicate arcs the first in the file is kept), and the in-arcs come
from a second counting sort of those: O(arcs) apart from the small per-tail sorts.

int32 indices (nodes below 2^31) and float32 probabilities keep a 50M-arc graph in about
400 MB per direction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numba
import numpy as np

# an id is read as a number only when its text is the number's own (no sign, no leading
# zero), so "007" and "7" stay two nodes, as they were when ids were text
CANONICAL_INT = r"^(0|[1-9][0-9]{0,17})$"
TRIVALENCY = np.array([0.1, 0.01, 0.001])


@dataclass(frozen=True)
class Arrays:
    """What `build_csr` makes: the Graph's arrays and what was dropped."""

    ids: np.ndarray
    out_ptr: np.ndarray
    out_dst: np.ndarray
    out_p: np.ndarray
    in_ptr: np.ndarray
    in_src: np.ndarray
    in_p: np.ndarray
    self_loops: int
    duplicates: int


def number_ints(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(codes, ids) for integer ids: ids sorted, codes[i] the number of values[i]."""
    if len(values) == 0:
        return np.empty(0, dtype=np.int32), np.empty(0, dtype=np.int64)
    low, high = int(values.min()), int(values.max())
    if high - low <= 4 * len(values) + 1024:
        # dense enough for a table: no sort
        present = np.zeros(high - low + 1, dtype=np.bool_)
        present[values - low] = True
        ids = np.flatnonzero(present).astype(np.int64) + low
        rank = np.cumsum(present, dtype=np.int64) - 1
        codes = rank[values - low]
    else:
        ids, codes = np.unique(values, return_inverse=True)
    return codes.astype(np.int32 if len(ids) < 2**31 else np.int64), ids.astype(np.int64)


def number_texts(values: Any) -> tuple[np.ndarray, np.ndarray]:
    """(codes, ids) for text ids (a pyarrow array): ids sorted by text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    encoded = pc.dictionary_encode(values)
    dictionary = encoded.dictionary
    order = pc.array_sort_indices(dictionary).to_numpy()
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    codes = rank[encoded.indices.to_numpy(zero_copy_only=False)]
    ids = np.asarray(dictionary.take(pa.array(order)).to_pylist(), dtype=str)
    return codes.astype(np.int32 if len(ids) < 2**31 else np.int64), ids


def number_nodes(source: Any, target: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(src codes, dst codes, ids) for two id columns, each an integer numpy array or a
    pyarrow text array (then read as integers when every id is canonical)."""
    import pyarrow as pa

    count = len(source)
    if isinstance(source, np.ndarray) and isinstance(target, np.ndarray):
        codes, ids = number_ints(np.concatenate([source, target]).astype(np.int64, copy=False))
        return codes[:count], codes[count:], ids
    both = pa.chunked_array(
        [_as_text(source), _as_text(target)], type=pa.large_string()
    ).combine_chunks()
    numbers = _canonical_ints(both)
    if numbers is not None:
        codes, ids = number_ints(numbers)
    else:
        codes, text_ids = number_texts(both)
        ids = text_ids
    return codes[:count], codes[count:], ids


def _as_text(values: Any) -> Any:
    import pyarrow as pa

    if isinstance(values, np.ndarray):
        return pa.array(values.astype(str), type=pa.large_string())
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    return values.cast(pa.large_string())


def _canonical_ints(text: Any) -> np.ndarray | None:
    """The ids as int64 when every one is a canonical non-negative integer, else None."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(text) == 0 or not pc.all(pc.match_substring_regex(text, CANONICAL_INT)).as_py():
        return None
    return np.asarray(pc.cast(text, pa.int64()).to_numpy(zero_copy_only=False), dtype=np.int64)


@numba.njit(cache=True, nogil=True)
def _csr(src, dst, n, rows):  # type: ignore[no-untyped-def]
    """Out- and in-CSR of the arcs src[i] -> dst[i], self-loops and later duplicates
    dropped. With `rows`, also the input row of each out-arc and the out-arc of each in-arc
    (for probabilities given per arc); else those come back empty."""
    m = src.shape[0]
    loops = 0
    out_ptr = np.zeros(n + 1, dtype=np.int64)
    for i in range(m):
        if src[i] == dst[i]:
            loops += 1
        else:
            out_ptr[src[i] + 1] += 1
    for v in range(n):
        out_ptr[v + 1] += out_ptr[v]
    kept = m - loops
    out_dst = np.empty(kept, dtype=np.int32)
    out_row = np.empty(kept if rows else 0, dtype=np.int64)
    fill = out_ptr[:-1].copy()
    for i in range(m):
        if src[i] != dst[i]:
            out_dst[fill[src[i]]] = dst[i]
            if rows:
                out_row[fill[src[i]]] = i
            fill[src[i]] += 1
    # sort each tail's heads (stable: the first of duplicates stays first), drop duplicates
    write = 0
    start = 0
    for u in range(n):
        lo, hi = start, out_ptr[u + 1]
        start = hi
        if hi - lo > 1:
            order = np.argsort(out_dst[lo:hi], kind="mergesort")
            heads = out_dst[lo:hi][order]
            if rows:
                taken = out_row[lo:hi][order]
            last = -1
            for j in range(hi - lo):
                if heads[j] != last:
                    last = heads[j]
                    out_dst[write] = last
                    if rows:
                        out_row[write] = taken[j]
                    write += 1
        else:
            for j in range(lo, hi):
                out_dst[write] = out_dst[j]
                if rows:
                    out_row[write] = out_row[j]
                write += 1
        out_ptr[u + 1] = write
    duplicates = kept - write
    out_dst = out_dst[:write].copy()
    out_row = out_row[:write].copy() if rows else out_row
    # in-arcs: a counting sort by head of the out-arcs, which are in tail order already
    in_ptr = np.zeros(n + 1, dtype=np.int64)
    for e in range(write):
        in_ptr[out_dst[e] + 1] += 1
    for v in range(n):
        in_ptr[v + 1] += in_ptr[v]
    in_src = np.empty(write, dtype=np.int32)
    in_from = np.empty(write if rows else 0, dtype=np.int64)
    fill = in_ptr[:-1].copy()
    for u in range(n):
        for e in range(out_ptr[u], out_ptr[u + 1]):
            v = out_dst[e]
            in_src[fill[v]] = u
            if rows:
                in_from[fill[v]] = e
            fill[v] += 1
    return out_ptr, out_dst, in_ptr, in_src, out_row, in_from, loops, duplicates


def build_csr(
    src: np.ndarray,
    dst: np.ndarray,
    ids: np.ndarray,
    *,
    p_model: str,
    p: float = 0.1,
    given: np.ndarray | None = None,
    seed: int = 7,
) -> Arrays:
    """The CSR arrays of numbered arcs. Probabilities: wc 1/in-degree of the head, tri
    0.1/0.01/0.001 drawn in out-arc order, uniform `p`, given per input row."""
    n = len(ids)
    per_arc = p_model in ("tri", "given")
    out_ptr, out_dst, in_ptr, in_src, out_row, in_from, loops, duplicates = _csr(
        src, dst, n, per_arc
    )
    indegree = np.diff(in_ptr)
    if p_model == "wc":
        per_node = (1.0 / np.maximum(indegree, 1)).astype(np.float32)
        out_p = per_node[out_dst]
        in_p = np.repeat(per_node, indegree)
    elif p_model == "uniform":
        out_p = np.full(len(out_dst), p, dtype=np.float32)
        in_p = out_p.copy()
    else:
        if p_model == "tri":
            out_p = np.random.default_rng(seed).choice(TRIVALENCY, len(out_dst))
        else:
            assert given is not None
            out_p = given[out_row]
        out_p = out_p.astype(np.float32)
        in_p = out_p[in_from]
    arrays = (ids, out_ptr, out_dst, out_p, in_ptr, in_src, in_p)
    for array in arrays:
        # one array type for the kernels whether built or memory-mapped from the cache
        array.setflags(write=False)
    return Arrays(*arrays, self_loops=int(loops), duplicates=int(duplicates))
