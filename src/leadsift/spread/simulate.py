"""Monte-Carlo spread under independent cascade (IC) and linear threshold (LT), in parallel.

Runs are split into chunks run on threads (the kernel releases the GIL); each chunk reuses
its scratch arrays with a run stamp (no clearing between runs) and seeds numba's generator
per run, so results do not depend on the number of threads. Per run we count everyone
reached, the target weight reached, bots reached and the newly reached at each step.
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numba
import numpy as np

from leadsift.spread.graph import Graph, NodeTable
from leadsift.spread.rng import reseed, seeded, uniform

MAX_STEPS = 64


@numba.njit(cache=True, nogil=True, inline="always")
def _enqueue_seeds(seeds, stamp, mark, queue, steps):  # type: ignore[no-untyped-def]
    """Put the (distinct) seeds on the queue as step 0; returns how many."""
    tail = 0
    for s in seeds:
        if mark[s] != stamp:
            mark[s] = stamp
            queue[tail] = s
            tail += 1
    steps[0] += tail
    return tail


@numba.njit(cache=True, nogil=True, inline="always")
def _close_level(step, reached, steps):  # type: ignore[no-untyped-def]
    """Count the `reached` people of the next step; returns that step's number."""
    step += 1
    if step < steps.shape[0]:
        steps[step] += reached
    return step


@numba.njit(cache=True, nogil=True)
def _ic_run(out_ptr, out_dst, out_p, seeds, stamp, mark, queue, steps, rng):  # type: ignore[no-untyped-def]
    head = 0
    tail = _enqueue_seeds(seeds, stamp, mark, queue, steps)
    level_end = tail
    step = 0
    while head < tail:
        u = queue[head]
        head += 1
        for e in range(out_ptr[u], out_ptr[u + 1]):
            v = out_dst[e]
            if mark[v] != stamp and uniform(rng) < out_p[e]:
                mark[v] = stamp
                queue[tail] = v
                tail += 1
        if head == level_end and head < tail:
            step = _close_level(step, tail - level_end, steps)
            level_end = tail
    return tail


@numba.njit(cache=True, nogil=True)
def _lt_run(out_ptr, out_dst, out_p, seeds, stamp, mark, queue, steps, weight, theta, seen, rng):  # type: ignore[no-untyped-def]
    head = 0
    tail = _enqueue_seeds(seeds, stamp, mark, queue, steps)
    level_end = tail
    step = 0
    while head < tail:
        u = queue[head]
        head += 1
        for e in range(out_ptr[u], out_ptr[u + 1]):
            v = out_dst[e]
            if mark[v] == stamp:
                continue
            if seen[v] != stamp:
                seen[v] = stamp
                weight[v] = 0.0
                theta[v] = uniform(rng)
            weight[v] += out_p[e]
            if weight[v] >= theta[v]:
                mark[v] = stamp
                queue[tail] = v
                tail += 1
        if head == level_end and head < tail:
            step = _close_level(step, tail - level_end, steps)
            level_end = tail
    return tail


# fmt: off
@numba.njit(cache=True, nogil=True)
def _simulate_chunk(out_ptr, out_dst, out_p, seeds, first, lo, hi, linear, target, bot, seed,  # type: ignore[no-untyped-def]
                    reach, in_target, bots, steps):
    # fmt: on
    """Runs first+lo .. first+hi-1 into reach/in_target/bots[lo:hi]; run r seeds its
    generator from r, so a batch of runs gives the same figures as one of the same runs."""
    n = out_ptr.shape[0] - 1
    mark = np.zeros(n, dtype=np.int32)
    seen = np.zeros(n if linear else 0, dtype=np.int32)
    queue = np.empty(n, dtype=np.int32)
    weight = np.zeros(n if linear else 0)
    theta = np.zeros(n if linear else 0)
    rng = seeded(seed)
    for r in range(lo, hi):
        reseed(rng, seed * 1_000_003 + first + r)
        stamp = r - lo + 1
        if linear:
            count = _lt_run(out_ptr, out_dst, out_p, seeds, stamp, mark, queue, steps,
                            weight, theta, seen, rng)  # fmt: skip
        else:
            count = _ic_run(out_ptr, out_dst, out_p, seeds, stamp, mark, queue, steps, rng)
        reach[r] = count
        t = 0.0
        b = 0
        for i in range(count):
            t += target[queue[i]]
            if bot[queue[i]]:
                b += 1
        in_target[r] = t
        bots[r] = b


def _simulate(
    out_ptr: np.ndarray,
    out_dst: np.ndarray,
    out_p: np.ndarray,
    seeds: np.ndarray,
    first: int,
    runs: int,
    linear: bool,
    target: np.ndarray,
    bot: np.ndarray,
    seed: int,
    chunks: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Runs first..first+runs-1 in `chunks` pieces on threads (the kernel releases the GIL:
    no numba threading layer to start, which cost 20-30 ms a process)."""
    reach = np.zeros(runs, dtype=np.int64)
    in_target = np.zeros(runs)
    bots = np.zeros(runs, dtype=np.int64)
    steps = np.zeros((chunks, MAX_STEPS), dtype=np.int64)
    bounds = np.linspace(0, runs, chunks + 1).astype(np.int64)
    with ThreadPoolExecutor(max_workers=max(numba.get_num_threads(), 1)) as pool:
        list(
            pool.map(
                lambda c: _simulate_chunk(
                    out_ptr,
                    out_dst,
                    out_p,
                    seeds,
                    first,
                    bounds[c],
                    bounds[c + 1],
                    linear,
                    target,
                    bot,
                    seed,
                    reach,
                    in_target,
                    bots,
                    steps[c],
                ),
                range(chunks),
            )
        )
    return reach, in_target, bots, steps.sum(axis=0)


@dataclass(frozen=True)
class Estimate:
    mean: float
    low: float
    high: float  # 95% confidence interval of the mean

    def as_dict(self) -> dict[str, float]:
        return {"mean": round(self.mean, 3), "ci95_low": round(self.low, 3),
                "ci95_high": round(self.high, 3)}  # fmt: skip


def _estimate(values: np.ndarray) -> Estimate:
    mean = float(values.mean())
    half = 1.96 * float(values.std(ddof=1)) / math.sqrt(len(values)) if len(values) > 1 else 0.0
    return Estimate(mean, mean - half, mean + half)


@dataclass(frozen=True)
class SpreadResult:
    runs: int
    model: str
    total: Estimate
    in_target: Estimate
    bots: Estimate
    spill: Estimate  # reached people outside the target market (1 - target weight)
    per_step: list[float]  # mean newly reached at each step, seeds at step 0
    # runs=None chose the count: stopped once the 95% half-widths were within this share of
    # the means (or at the most runs allowed); None: the runs were fixed
    tolerance: float | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "runs": self.runs, "tolerance": self.tolerance, "model": self.model,
            "total": self.total.as_dict(),
            "in_target": self.in_target.as_dict(), "bots": self.bots.as_dict(),
            "out_of_target": self.spill.as_dict(), "per_step": self.per_step,
        }  # fmt: skip


TOLERANCE = 0.01  # stop once the 95% interval's half-width is within 1% of the mean
MIN_RUNS = 100
MAX_RUNS = 10_000


def _runs_needed(values: np.ndarray, tolerance: float) -> int:
    """Runs for a 95% half-width of `tolerance` x mean, at the variance seen so far."""
    mean = float(values.mean())
    if mean <= 0 or len(values) < 2:
        return len(values)
    spread = 1.96 * float(values.std(ddof=1)) / (tolerance * mean)
    return math.ceil(spread * spread)


def simulate(
    graph: Graph,
    nodes: NodeTable,
    seeds: np.ndarray,
    *,
    runs: int | None = 10_000,
    model: str = "ic",
    seed: int = 7,
    tolerance: float = TOLERANCE,
    min_runs: int = MIN_RUNS,
    max_runs: int = MAX_RUNS,
) -> SpreadResult:
    """`runs` Monte-Carlo runs, or with runs=None as many as it takes (between min_runs and
    max_runs) for the 95% intervals of total and in-target reach to be within `tolerance`
    of their means. Batches add runs by their numbers, so the figures are those of one
    run of the same count."""
    # two chunks a thread: enough to even out runs of unequal length
    chunks = max(numba.get_num_threads(), 1) * 2
    start = np.asarray(seeds, dtype=np.int64)
    target = nodes.target.astype(np.float64)
    linear = model == "lt"
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    steps = np.zeros(MAX_STEPS, dtype=np.int64)
    done = 0
    goal = runs if runs is not None else min(min_runs, max_runs)
    while done < goal:
        reach, in_target, bots, more = _simulate(
            graph.out_ptr, graph.out_dst, graph.out_p, start, done, goal - done, linear,
            target, nodes.bot, seed, chunks,
        )  # fmt: skip
        parts.append((reach, in_target, bots))
        steps += more
        done = goal
        if runs is None:
            reach_all = np.concatenate([p[0] for p in parts]).astype(float)
            need = _runs_needed(reach_all, tolerance)
            if nodes.has_target:
                target_all = np.concatenate([p[1] for p in parts])
                need = max(need, _runs_needed(target_all, tolerance))
            if need > done:
                # 10% beyond the estimate, so a variance seen a little low rarely costs a
                # third batch
                goal = min(max_runs, max(math.ceil(need * 1.1), done + 1))
    reach = np.concatenate([p[0] for p in parts])
    in_target = np.concatenate([p[1] for p in parts])
    bots = np.concatenate([p[2] for p in parts])
    per_step = (steps / done).round(3)
    last = int(np.flatnonzero(per_step)[-1]) + 1 if per_step.any() else 1
    return SpreadResult(
        runs=done,
        model=model,
        total=_estimate(reach.astype(float)),
        in_target=_estimate(in_target),
        bots=_estimate(bots.astype(float)),
        spill=_estimate(reach - in_target),
        per_step=per_step[:last].tolist(),
        tolerance=tolerance if runs is None else None,
    )
