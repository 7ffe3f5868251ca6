"""Learning each arc's passability (its independent-cascade probability) from observed
cascades, instead of assuming it (weighted cascade, trivalency, uniform).

Two estimators:

- `em`: Saito, Nakano & Kimura (2008), "Prediction of information diffusion probabilities
  for independent cascade model". Time comes in steps (times are binned by `step`): a node
  active at step t tries each out-neighbour once, at t + 1. For an arc u -> v in a cascade
  where u is active at t: v active at t + 1 is a trial that may have succeeded (shared with
  v's other parents active at t), v never active or active later is a failed trial, v
  active at or before t carries nothing. EM credits each success to its parents in
  proportion to their probability: p_uv <- sum over successes of p_uv / P_v, over the
  number of trials, where P_v = 1 - prod over v's parents (1 - p_wv).
- `credit`: in the spirit of Goyal, Bonchi & Lakshmanan (2010), "Learning influence
  probabilities in social networks", for continuous time: v sharing after u within tau
  credits u with 1 / (v's in-neighbours that shared before it within tau) (partial credit),
  and p_uv = credits / (cascades u shared in). tau is the mean delay between an
  in-neighbour's share and the next share (learned from the data unless given).

Both smooth toward a prior (by default the weighted cascade value 1/in-degree) with
`prior_weight` pseudo-trials, so an arc seen rarely stays near the prior and an arc never
tried keeps it; both can tie arcs into groups (one probability per group, e.g. per pair of
communities) where arcs are too many to learn one by one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np

from leadsift.spread.cascades import Cascades
from leadsift.spread.graph import Graph

Method = Literal["em", "credit"]


@dataclass(frozen=True)
class Learned:
    """A probability per arc (in the graph's out-arc order) and how it was learned."""

    p: np.ndarray  # float64, one per arc
    trials: np.ndarray  # int64: attempts observed per arc (em) or cascades of the tail
    method: Method
    iterations: int = 0
    tau: float | None = None  # credit: the time window used
    roots: int = 0  # activations with no in-neighbour active before them
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def arcs_seen(self) -> int:
        return int((self.trials > 0).sum())


def weighted_cascade(graph: Graph) -> np.ndarray:
    """1 / in-degree of each arc's head, in out-arc order: the usual assumption."""
    indegree = np.diff(graph.in_ptr)
    wc: np.ndarray = 1.0 / np.maximum(indegree[graph.out_dst], 1)
    return wc


def _tails(graph: Graph) -> np.ndarray:
    return np.repeat(np.arange(graph.nodes, dtype=np.int64), np.diff(graph.out_ptr))


def _arcs_of(graph: Graph, nodes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each node in `nodes`, its out-arcs: (position in `nodes`, arc index), expanded
    without a Python loop."""
    start = graph.out_ptr[nodes].astype(np.int64)
    degree = (graph.out_ptr[nodes + 1] - graph.out_ptr[nodes]).astype(np.int64)
    owner = np.repeat(np.arange(len(nodes), dtype=np.int64), degree)
    offset = np.arange(int(degree.sum()), dtype=np.int64) - np.repeat(
        np.cumsum(degree) - degree, degree
    )
    return owner, np.repeat(start, degree) + offset


def _lookup(cascades: Cascades, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Sorted keys cascade * n + node, and the activation index of each key."""
    keys = cascades.cascade * n + cascades.node
    order = np.argsort(keys, kind="stable")
    return keys[order], order


def _find(keys: np.ndarray, order: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """The activation index of each wanted key, -1 where absent."""
    at = np.searchsorted(keys, wanted)
    at = np.minimum(at, len(keys) - 1)
    hit = keys[at] == wanted
    return np.where(hit, order[at], -1)


def _groups(tie: np.ndarray | None, arcs: int) -> np.ndarray:
    if tie is None:
        return np.arange(arcs, dtype=np.int64)
    _, codes = np.unique(tie, return_inverse=True)
    return codes.astype(np.int64)


def _smoothed(
    numerator: np.ndarray, trials: np.ndarray, prior: np.ndarray, weight: float, groups: np.ndarray
) -> np.ndarray:
    """Per group: (weight * prior mean + numerator) / (weight + trials), back on the arcs."""
    size = int(groups.max()) + 1 if len(groups) else 0
    group_prior = np.bincount(groups, prior, size) / np.maximum(np.bincount(groups, None, size), 1)
    num = np.bincount(groups, numerator, size)
    den = np.bincount(groups, trials, size)
    p = (weight * group_prior + num) / np.maximum(weight + den, 1e-12)
    smoothed: np.ndarray = np.clip(p[groups], 0.0, 1.0)
    return smoothed


def learn_em(
    graph: Graph,
    cascades: Cascades,
    *,
    step: float = 1.0,
    prior: np.ndarray | None = None,
    prior_weight: float = 1.0,
    tie: np.ndarray | None = None,
    iterations: int = 200,
    tolerance: float = 1e-6,
) -> Learned:
    """Saito et al.'s EM (module docstring) on time binned into `step`s."""
    n, arcs = graph.nodes, graph.arcs
    prior = weighted_cascade(graph) if prior is None else prior
    groups = _groups(tie, arcs)
    steps = np.floor((cascades.time - _first_times(cascades)) / step).astype(np.int64)
    keys, order = _lookup(cascades, n)
    owner, arc = _arcs_of(graph, cascades.node)
    heads = graph.out_dst[arc].astype(np.int64)
    child = _find(keys, order, cascades.cascade[owner] * n + heads)
    tail_step = steps[owner]
    child_step = np.where(child >= 0, steps[np.maximum(child, 0)], np.iinfo(np.int64).max)
    success = (child >= 0) & (child_step == tail_step + 1)
    failure = (child < 0) | (child_step > tail_step + 1)
    trials = np.bincount(arc[success | failure], minlength=arcs).astype(np.int64)
    tried_arc, tried_child = arc[success], child[success]
    has_parent = np.zeros(len(cascades.node), dtype=bool)
    has_parent[tried_child] = True
    p = prior.astype(float).copy()
    done = 0
    for done in range(1, iterations + 1):  # noqa: B007 (the count is reported)
        log_miss = np.bincount(
            tried_child, np.log1p(-np.minimum(p[tried_arc], 1 - 1e-12)), len(cascades.node)
        )
        reached = -np.expm1(log_miss[tried_child])  # P_v for each success's child
        credit = p[tried_arc] / np.maximum(reached, 1e-300)
        numerator = np.bincount(tried_arc, credit, arcs)
        updated = _smoothed(numerator, trials.astype(float), prior, prior_weight, groups)
        change = float(np.abs(updated - p).max()) if arcs else 0.0
        p = updated
        if change < tolerance:
            break
    return Learned(
        p=p, trials=trials, method="em", iterations=done,
        roots=int((~has_parent).sum()), counts=_counts(cascades),
    )  # fmt: skip


def _first_times(cascades: Cascades) -> np.ndarray:
    """Each activation's cascade start, so steps count from a cascade's first share."""
    first = np.full(cascades.count, np.inf)
    np.minimum.at(first, cascades.cascade, cascades.time)
    starts: np.ndarray = first[cascades.cascade]
    return starts


def mean_delay(graph: Graph, cascades: Cascades) -> float:
    """The mean time from an in-neighbour's share to the next share, over every pair in the
    data: Goyal et al.'s tau."""
    delays = _pairs(graph, cascades)[2]
    return float(delays.mean()) if len(delays) else 1.0


def _pairs(
    graph: Graph, cascades: Cascades, later_only: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every (arc, child activation, delay) where both ends of the arc shared in the same
    cascade; with `later_only`, only where the tail shared first."""
    keys, order = _lookup(cascades, graph.nodes)
    owner, arc = _arcs_of(graph, cascades.node)
    heads = graph.out_dst[arc].astype(np.int64)
    child = _find(keys, order, cascades.cascade[owner] * graph.nodes + heads)
    both = child >= 0
    delay = np.where(both, cascades.time[np.maximum(child, 0)] - cascades.time[owner], 0.0)
    kept = both & (delay > 0) if later_only else both
    return arc[kept], child[kept], delay[kept]


def learn_credit(
    graph: Graph,
    cascades: Cascades,
    *,
    tau: float | None = None,
    prior: np.ndarray | None = None,
    prior_weight: float = 1.0,
    tie: np.ndarray | None = None,
) -> Learned:
    """Partial credits within tau (module docstring)."""
    arcs = graph.arcs
    prior = weighted_cascade(graph) if prior is None else prior
    groups = _groups(tie, arcs)
    arc, child, delay = _pairs(graph, cascades)
    window = mean_delay(graph, cascades) if tau is None else tau
    inside = delay <= window
    arc, child = arc[inside], child[inside]
    sharers = np.bincount(child, minlength=len(cascades.node))
    credit = np.bincount(arc, 1.0 / np.maximum(sharers[child], 1), arcs)
    # trials: the cascades each arc's tail shared in while its head had not shared yet
    # (each a chance to pass it on)
    shared_in = np.bincount(cascades.node, minlength=graph.nodes)
    both_arc, _, both_delay = _pairs(graph, cascades, later_only=False)
    head_first = np.bincount(both_arc[both_delay <= 0], minlength=arcs)
    trials = (shared_in[_tails(graph)] - head_first).astype(np.int64)
    p = _smoothed(credit, trials.astype(float), prior, prior_weight, groups)
    return Learned(
        p=p, trials=trials, method="credit", tau=window,
        roots=int((sharers == 0).sum()), counts=_counts(cascades),
    )  # fmt: skip


def _counts(cascades: Cascades) -> dict[str, int]:
    return {"cascades": cascades.count, "activations": len(cascades.node), **cascades.skipped}


def with_probabilities(graph: Graph, p: np.ndarray) -> Graph:
    """The graph with these out-arc probabilities (and its in-arcs' in the same order)."""
    tails = _tails(graph)
    out_keys = tails * graph.nodes + graph.out_dst.astype(np.int64)
    heads = np.repeat(np.arange(graph.nodes, dtype=np.int64), np.diff(graph.in_ptr))
    in_keys = graph.in_src.astype(np.int64) * graph.nodes + heads
    order = np.argsort(out_keys, kind="stable")
    where = order[np.searchsorted(out_keys[order], in_keys)]
    dtype = graph.out_p.dtype
    return replace(graph, out_p=p.astype(dtype), in_p=p[where].astype(dtype))


def simulate_cascades(
    graph: Graph, roots: list[np.ndarray], seed: int = 11
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Independent cascades with time steps from each root set, on the graph's out_p:
    (cascade, node, step) of every activation. For tests and benchmarks of the learners."""
    rng = np.random.default_rng(seed)
    cascade_ids: list[np.ndarray] = []
    nodes: list[np.ndarray] = []
    steps: list[np.ndarray] = []
    active = np.zeros(graph.nodes, dtype=np.int64)  # cascade number + 1 that reached a node
    for number, start in enumerate(roots):
        frontier = np.unique(start.astype(np.int64))
        active[frontier] = number + 1
        t = 0
        while len(frontier):
            cascade_ids.append(np.full(len(frontier), number))
            nodes.append(frontier)
            steps.append(np.full(len(frontier), t))
            _, arc = _arcs_of(graph, frontier)
            fired = arc[rng.random(len(arc)) < graph.out_p[arc]]
            reached = np.unique(graph.out_dst[fired].astype(np.int64))
            frontier = reached[active[reached] != number + 1]
            active[frontier] = number + 1
            t += 1
    if not nodes:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    return np.concatenate(cascade_ids), np.concatenate(nodes), np.concatenate(steps)
