"""Seed selection with IMM (Tang, Shi & Xiao, SIGMOD 2015): reverse-reachable (RR) sets,
the martingale sampling bounds, and greedy maximum coverage.

A random RR set is everyone who would have reached a random root in one random live-edge
graph; a seed set's expected spread is n times the share of RR sets it covers. Targeted
selection draws roots in proportion to the target weight, so coverage estimates in-target
reach. Budgeted selection uses node costs: cost-effective greedy, compared with the best
single affordable node (the usual best-of-two guarantee).
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numba
import numpy as np

from leadsift.spread.graph import Graph, GraphError, NodeTable
from leadsift.spread.rng import reseed, seeded, uniform


@numba.njit(cache=True, nogil=True)
def _head_log_q(in_ptr, in_p):  # type: ignore[no-untyped-def]
    """log(1 - p) per head whose in-arcs all have the same p (weighted cascade and uniform
    give every head that), NaN where they differ: the RR kernel then skips over dead arcs
    with one geometric draw instead of one draw per arc."""
    n = in_ptr.shape[0] - 1
    out = np.empty(n, dtype=np.float64)
    for v in range(n):
        lo, hi = in_ptr[v], in_ptr[v + 1]
        same = True
        for e in range(lo + 1, hi):
            if in_p[e] != in_p[lo]:
                same = False
                break
        out[v] = math.log1p(-float(in_p[lo])) if same and hi > lo else math.nan
    return out


@numba.njit(cache=True, nogil=True, inline="always")
def _add(u, stamp, mark, out, size):  # type: ignore[no-untyped-def]
    """Put u in the RR set unless it is in already; the new size, or -1 if out is full."""
    if mark[u] == stamp:
        return size
    if size >= out.shape[0]:
        return -1
    mark[u] = stamp
    out[size] = u
    return size + 1


@numba.njit(cache=True, nogil=True)
def _rr_one(in_ptr, in_src, in_p, log_q, root, linear, stamp, mark, out, size, rng):  # type: ignore[no-untyped-def]
    """Append the RR set of `root` to out[size:], returning the new size (or -1 if full)."""
    start = size
    if size >= out.shape[0]:
        return -1
    out[size] = root
    size += 1
    mark[root] = stamp
    head = start
    while head < size:
        w = out[head]
        head += 1
        lo, hi = in_ptr[w], in_ptr[w + 1]
        q = log_q[w]
        if linear:
            # LT: at most one in-neighbour is live, picked with its arc weight
            r = uniform(rng)
            if q == q:  # one weight for all in-arcs: the pick is an index
                if r < in_p[lo] * (hi - lo):
                    e = min(lo + int(r / in_p[lo]), hi - 1)
                    size = _add(in_src[e], stamp, mark, out, size)
            else:
                for e in range(lo, hi):
                    r -= in_p[e]
                    if r < 0:
                        size = _add(in_src[e], stamp, mark, out, size)
                        break
        elif q == -math.inf:  # p = 1: every in-arc is live
            for e in range(lo, hi):
                size = _add(in_src[e], stamp, mark, out, size)
                if size < 0:
                    break
        elif q == q and q < 0.0:
            # IC, one p for all in-arcs: the gap to the next live arc is geometric,
            # floor(log U / log(1 - p)) with U in (0, 1]: one draw per live arc instead of
            # one per arc (p = 0 gives q = 0: nothing is live)
            e = lo
            while size >= 0:
                gap = math.log(1.0 - uniform(rng)) / q
                if gap >= hi - e:
                    break
                e += int(gap)
                size = _add(in_src[e], stamp, mark, out, size)
                e += 1
        elif q != q:
            for e in range(lo, hi):
                if mark[in_src[e]] != stamp and uniform(rng) < in_p[e]:
                    size = _add(in_src[e], stamp, mark, out, size)
                    if size < 0:
                        break
        if size < 0:
            return -1
    return size


@numba.njit(cache=True, nogil=True)
def _rr_chunk(in_ptr, in_src, in_p, log_q, roots, start, stop, linear, seed, lengths):  # type: ignore[no-untyped-def]
    """RR sets of roots[start:stop], flattened; lengths[i] gets each set's size."""
    n = in_ptr.shape[0] - 1
    mark = np.zeros(n, dtype=np.int32)
    out = np.empty(max(1024, 8 * (stop - start)), dtype=np.int32)
    size = 0
    rng = seeded(seed)
    for i in range(start, stop):
        reseed(rng, seed + i)
        new = _rr_one(in_ptr, in_src, in_p, log_q, roots[i], linear, i + 1, mark, out, size, rng)
        while new < 0:
            bigger = np.empty(out.shape[0] * 2, dtype=np.int32)
            bigger[:size] = out[:size]
            out = bigger
            mark[:] = 0  # stamps of the aborted attempt must not survive
            reseed(rng, seed + i)
            new = _rr_one(
                in_ptr, in_src, in_p, log_q, roots[i], linear, i + 1, mark, out, size, rng
            )
        lengths[i] = new - size
        size = new
    return out[:size].copy()


def _rr_sets(
    in_ptr: np.ndarray,
    in_src: np.ndarray,
    in_p: np.ndarray,
    roots: np.ndarray,
    linear: bool,
    seed: int,
    chunks: int,
    log_q: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """RR sets of the given roots, flattened: (nodes, offsets). The chunks run on threads
    (the kernel releases the GIL); each RR set seeds its own generator, so the result does
    not depend on how many run at once."""
    count = len(roots)
    if log_q is None:
        log_q = _head_log_q(in_ptr, in_p)
    lengths = np.zeros(count, dtype=np.int64)
    bounds = np.linspace(0, count, chunks + 1).astype(np.int64)
    with ThreadPoolExecutor(max_workers=max(numba.get_num_threads(), 1)) as pool:
        pieces = list(
            pool.map(
                lambda c: _rr_chunk(
                    in_ptr,
                    in_src,
                    in_p,
                    log_q,
                    roots,
                    bounds[c],
                    bounds[c + 1],
                    linear,
                    seed,
                    lengths,
                ),
                range(chunks),
            )
        )
    offsets = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    flat = np.concatenate(pieces) if pieces else np.empty(0, dtype=np.int32)
    return flat, offsets


@numba.njit(cache=True)
def _greedy(flat, offsets, n, k, cost, budget):  # type: ignore[no-untyped-def]
    """Greedy maximum coverage of RR sets: k seeds (budget < 0) or cost-effective seeds
    within `budget`. Returns (seeds, marginal coverage of each)."""
    sets = offsets.shape[0] - 1
    degree = np.zeros(n, dtype=np.int64)
    for j in range(flat.shape[0]):
        degree[flat[j]] += 1
    # inverted index: node -> RR sets holding it
    ptr = np.zeros(n + 1, dtype=np.int64)
    for v in range(n):
        ptr[v + 1] = ptr[v] + degree[v]
    fill = ptr[:-1].copy()
    holder = np.empty(flat.shape[0], dtype=np.int32)
    for s in range(sets):
        for j in range(offsets[s], offsets[s + 1]):
            v = flat[j]
            holder[fill[v]] = s
            fill[v] += 1
    covered = np.zeros(sets, dtype=np.bool_)
    chosen = np.zeros(n, dtype=np.bool_)
    seeds = np.empty(n, dtype=np.int64)
    gains = np.empty(n, dtype=np.int64)
    picked = 0
    spent = 0.0
    while True:
        best = -1
        best_score = 0.0
        for v in range(n):
            if chosen[v] or degree[v] == 0:
                continue
            if budget < 0:
                score = float(degree[v])
            else:
                if spent + cost[v] > budget:
                    continue
                score = degree[v] / max(cost[v], 1e-12)
            if score > best_score:
                best_score = score
                best = v
        if best < 0 or (budget < 0 and picked >= k):
            break
        chosen[best] = True
        seeds[picked] = best
        gains[picked] = degree[best]
        picked += 1
        spent += cost[best] if budget >= 0 else 0.0
        for j in range(ptr[best], ptr[best + 1]):
            s = holder[j]
            if not covered[s]:
                covered[s] = True
                for i in range(offsets[s], offsets[s + 1]):
                    degree[flat[i]] -= 1
    return seeds[:picked], gains[:picked]


def warm_kernels() -> None:
    """Load numba's machinery and one cached kernel on a one-node graph. The first call of
    any kernel in a process pays for numba's typing and code registries (about 0.3 s, most
    of it imports); paying it here lets a timing say which part is start-up."""
    ptr = np.zeros(2, dtype=np.int64)
    p = np.zeros(0, dtype=np.float32)
    ptr.setflags(write=False)
    p.setflags(write=False)
    _head_log_q(ptr, p)


@dataclass(frozen=True)
class Plan:
    seeds: np.ndarray  # node indices, in the order chosen
    marginal_gain: np.ndarray  # estimated spread each seed added (in nodes or target weight)
    rr_sets: int
    estimate: float  # the RR sets' own estimate: optimistic, never reported as the spread


def _log_binomial(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


class RootSampler:
    """Roots drawn uniformly, or in proportion to a target weight."""

    def __init__(self, n: int, weights: np.ndarray | None, seed: int) -> None:
        self.n = n
        self.total = float(weights.sum()) if weights is not None else float(n)
        self.cumulative = np.cumsum(weights) / weights.sum() if weights is not None else None
        self.rng = np.random.default_rng(seed)

    def draw(self, count: int) -> np.ndarray:
        if self.cumulative is None:
            return self.rng.integers(0, self.n, count).astype(np.int64)
        return np.minimum(
            np.searchsorted(self.cumulative, self.rng.random(count), side="right"), self.n - 1
        ).astype(np.int64)


def imm(
    graph: Graph,
    *,
    k: int,
    eps: float = 0.1,
    ell: float = 1.0,
    model: str = "ic",
    target: np.ndarray | None = None,
    nodes: NodeTable | None = None,
    budget: float | None = None,
    seed: int = 7,
) -> Plan:
    """IMM seeds. `target` weights make it targeted; `budget` with `nodes.cost` budgeted
    (k then bounds the count used in the sample-size formula)."""
    n = graph.nodes
    if n == 0:
        raise GraphError("the graph is empty")
    if not 0 < eps < 1:
        raise GraphError(f"eps {eps} must be between 0 and 1")
    if target is not None and target.sum() <= 0:
        raise GraphError("no node has a target weight above 0")
    cost = nodes.cost if nodes is not None else np.ones(n)
    if budget is not None:
        cheapest = float(cost.min())
        if budget < cheapest:
            raise GraphError(f"budget {budget:g} is below the cheapest node's cost {cheapest:g}")
        k = max(1, min(n, int(budget // max(cheapest, 1e-12))))
    if k > n:
        raise GraphError(f"k = {k} is larger than the graph's {n:,} nodes")
    linear = model == "lt"
    sampler = RootSampler(n, target, seed)
    scale = sampler.total  # n, or the total target weight
    ell = ell * (1 + math.log(2) / math.log(max(n, 2)))
    log_nk = _log_binomial(n, k)
    eps_prime = math.sqrt(2) * eps
    lam_prime = (
        (2 + 2 * eps_prime / 3)
        * (log_nk + ell * math.log(n) + math.log(max(math.log2(max(n, 2)), 1.0)))
        * scale / eps_prime**2
    )  # fmt: skip
    chunks = max(numba.get_num_threads(), 1) * 4
    flat = np.empty(0, dtype=np.int32)
    offsets = np.zeros(1, dtype=np.int64)
    next_seed = seed * 1_000_003
    log_q = _head_log_q(graph.in_ptr, graph.in_p)

    def extend(total: int) -> None:
        nonlocal flat, offsets, next_seed
        need = total - (len(offsets) - 1)
        if need <= 0:
            return
        more, more_offsets = _rr_sets(
            graph.in_ptr, graph.in_src, graph.in_p, sampler.draw(need), linear, next_seed, chunks,
            log_q,
        )  # fmt: skip
        next_seed += need
        offsets = np.concatenate([offsets, more_offsets[1:] + offsets[-1]])
        flat = np.concatenate([flat, more])

    def select() -> tuple[np.ndarray, np.ndarray]:
        seeds, gains = _greedy(flat, offsets, n, k, cost, -1.0 if budget is None else float(budget))
        return np.asarray(seeds), np.asarray(gains)

    lower = 1.0
    for i in range(1, max(int(math.log2(max(n, 2))), 2)):
        x = scale / 2**i
        extend(math.ceil(lam_prime / x))
        _, gains = select()
        covered = scale * gains.sum() / (len(offsets) - 1)
        if covered >= (1 + eps_prime) * x:
            lower = covered / (1 + eps_prime)
            break
    alpha = math.sqrt(ell * math.log(n) + math.log(2))
    beta = math.sqrt((1 - 1 / math.e) * (log_nk + ell * math.log(n) + math.log(2)))
    lam_star = 2 * scale * ((1 - 1 / math.e) * alpha + beta) ** 2 / eps**2
    extend(math.ceil(lam_star / lower))
    seeds, gains = select()
    if budget is not None:
        seeds, gains = _best_of_two(flat, offsets, n, seeds, gains, cost, budget)
    sets = len(offsets) - 1
    marginal = scale * gains / sets
    return Plan(seeds=seeds, marginal_gain=marginal, rr_sets=sets, estimate=float(marginal.sum()))


def _best_of_two(
    flat: np.ndarray,
    offsets: np.ndarray,
    n: int,
    seeds: np.ndarray,
    gains: np.ndarray,
    cost: np.ndarray,
    budget: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Cost-effective greedy can miss one expensive star; keep the better of its set and the
    best single affordable node."""
    degree = np.bincount(flat, minlength=n).astype(float)
    degree[cost > budget] = -1
    single = int(np.argmax(degree))
    if degree[single] > gains.sum():
        return np.array([single], dtype=np.int64), np.array([int(degree[single])], dtype=np.int64)
    return seeds, gains
