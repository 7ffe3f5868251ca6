"""Markov-chain attribution by removal effect, solved exactly on the estimated chain.

The chain (Anderl et al. 2016; ChannelAttribution's conventions, so that figures compare):

- states of order N are runs of N consecutive touches (a journey shorter than N is one state,
  all of it), plus `start`, `conversion` and `null`; a journey is start -> its runs in order ->
  conversion (weighted by its conversions) and null (weighted by its nulls), and every step on
  the way is weighted by conversions + nulls;
- a run repeated at once (a > a with N = 1) is one visit: a self-loop never changes where a
  walk ends, so dropping it changes no probability and keeps the chain small;
- transition probabilities are the weighted counts out of each state, normalised.

P(conversion) is the absorption probability from start, found by solving (I - Q) x = r (Q:
transient to transient, r: transient to conversion): for a small chain by eliminating its
states one by one, all the removals at once (numpy only); for a large one by SciPy's sparse LU
(SciPy is imported only then). Removing label
c sends every transition into a state that contains c to null, which is the same as solving
the system without those states. The removal effect of c is 1 - P(conv | c removed) / P(conv),
and the conversions are shared in proportion to the removal effects.

Value follows ChannelAttribution: a conversion reached from state s is worth the mean value of
the conversions that left s in the data, and the value's removal effects are computed the same
way on expected value (a second right-hand side of the same system), so value is shared in
proportion to them, not to the conversion removal effects.

No simulation: ChannelAttribution estimates the same quantities by sampling paths (its
"removal effect" is the share of simulated conversions that visited c, which equals this one,
since a walk that avoids c converts identically in the chain without c).

Estimating the chain is linear in the touches: each run of N touches is one integer (its label
codes as digits), numbered by a table indexed by that integer, and the transitions are counted
by np.bincount on (source, target) pairs encoded the same way; sorting is only for state spaces
too large for a table.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from leadsift.attribution.credits import Attribution, from_label_credits
from leadsift.attribution.journeys import FloatArray, IntArray, JourneySet, sum_by

if TYPE_CHECKING:
    import scipy.sparse as sp

BoolArray = npt.NDArray[np.bool_]

# the absorbing systems (one per label, and the whole chain) are solved dense, all at once and
# without SciPy, while problems x states^2 is at most _STACKED_CELLS and problems x states^3 at
# most _ELIMINATION_WORK (about 0.2 s: less than importing SciPy; order 1 and 2 on a dozen or
# so channels), or _ELIMINATION_WORK_SCIPY once SciPy is imported anyway; past that, by
# SciPy's sparse LU, a few milliseconds per label
_STACKED_CELLS = 1 << 22
_ELIMINATION_WORK = 4e8
_ELIMINATION_WORK_SCIPY = 2e7
# run keys and transition keys below this (or below the number of runs) are counted in a
# table indexed by the key, in linear time; past it, sorted with np.unique
_TABLE_KEYS = 1 << 22
# transitions are added up block by block while there are at most this many possible pairs,
# else their keys are kept and counted once at the end
_BLOCK_TABLE = 1 << 16
# touches per block when estimating a chain: the temporaries stay a few MB, and are reused
_BLOCK_TOUCHES = 1 << 18
# a run of N touches is one integer while N x log2(labels + 1) is below this
_KEY_BITS = 62


@dataclass(frozen=True)
class MarkovChain:
    """Weighted transition counts of a chain of some order. State 0 is start; states 1.. are
    runs of labels, `runs[s]` their label codes (padded with -1). Transitions between states
    are listed once per (source, target) pair that has any weight."""

    order: int
    labels: tuple[str, ...]
    runs: IntArray
    sources: IntArray
    targets: IntArray
    weights: FloatArray
    to_conversion: FloatArray
    to_null: FloatArray
    conversion_value: FloatArray

    @property
    def states(self) -> int:
        return len(self.runs)

    @property
    def counts(self) -> sp.csr_matrix:
        """The transition counts as a states x states sparse matrix."""
        import scipy.sparse as sp

        shape = (self.states, self.states)
        return sp.csr_matrix((self.weights, (self.sources, self.targets)), shape=shape)

    def contains(self) -> BoolArray:
        """states x labels: does the state's run contain the label."""
        inside = np.zeros((self.states, len(self.labels)), dtype=bool)
        for column in range(self.runs.shape[1]):
            valid = self.runs[:, column] >= 0
            inside[np.flatnonzero(valid), self.runs[valid, column]] = True
        return inside

    def state_name(self, state: int) -> str:
        if state == 0:
            return "(start)"
        return " > ".join(self.labels[c] for c in self.runs[state] if c >= 0)

    def _normalised(self) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Each transition's probability, and per state the probability of converting and the
        expected conversion value earned on leaving it."""
        out = sum_by(self.sources, self.weights, self.states) + self.to_conversion + self.to_null
        inverse = np.divide(1.0, out, out=np.zeros_like(out), where=out > 0)
        return (self.weights * inverse[self.sources], self.to_conversion * inverse,
                self.conversion_value * inverse)  # fmt: skip

    def probabilities(self) -> tuple[sp.csr_matrix, FloatArray, FloatArray]:
        """Q (transient to transient), r (to conversion) and r_value (expected conversion value
        earned on leaving each state)."""
        import scipy.sparse as sp

        probability, to_conversion, to_value = self._normalised()
        shape = (self.states, self.states)
        q = sp.csr_matrix((probability, (self.sources, self.targets)), shape=shape)
        return q, to_conversion, to_value


def _runs(journeys: JourneySet, order: int) -> tuple[IntArray, IntArray]:
    """Every run of `order` consecutive touches, in journey order, as rows of label codes
    (padded with -1 for a journey shorter than the order), and each run's journey."""
    lengths = journeys.lengths
    per_journey = np.maximum(lengths - order + 1, 1)
    journey = np.repeat(np.arange(journeys.size, dtype=np.int64), per_journey)
    first_run = np.concatenate([[0], np.cumsum(per_journey)[:-1]]).astype(np.int64)
    start = journeys.offsets[:-1][journey] + (
        np.arange(len(journey), dtype=np.int64) - first_run[journey]
    )
    width = np.minimum(lengths, order)[journey]
    runs = np.full((len(journey), order), -1, dtype=np.int64)
    for column in range(order):
        valid = column < width
        runs[valid, column] = journeys.codes[start[valid] + column]
    return runs, journey


Numbering = Callable[[int, int], tuple[IntArray, IntArray]]


def _blocks(offsets: IntArray, touches: int) -> list[tuple[int, int]]:
    """Ranges of journeys of about `touches` touches each (a longer journey is a range alone)."""
    journeys = len(offsets) - 1
    cuts = np.searchsorted(offsets, np.arange(touches, int(offsets[-1]), touches)).tolist()
    bounds = sorted({0, journeys, *cuts})  # (np.unique would import numpy.ma: 50 ms)
    return list(itertools.pairwise(bounds))


def _run_keys(
    codes: IntArray, offsets: IntArray, order: int, base: int
) -> tuple[IntArray, IntArray]:
    """Every run of `order` consecutive touches of some journeys (their codes, and offsets from
    0), in journey order, as one integer: its label codes + 1 as digits in `base`, the most
    significant first, 0 for the padding of a journey shorter than the order. Also where each
    journey's runs start (offsets into the runs)."""
    digits = codes + 1
    if order == 1:
        return digits, offsets
    lengths = np.diff(offsets)
    per_journey = np.maximum(lengths - order + 1, 1)
    run_offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(per_journey, out=run_offsets[1:])
    start = np.arange(int(run_offsets[-1]), dtype=np.int64)
    start += np.repeat(offsets[:-1] - run_offsets[:-1], per_journey)
    padded = np.concatenate([digits, np.zeros(order, dtype=np.int64)])
    short = lengths < order
    width = np.repeat(np.minimum(lengths, order), per_journey) if short.any() else None
    keys = padded[start]
    for column in range(1, order):
        digit = padded[start + column]
        if width is not None:
            digit = np.where(column < width, digit, 0)
        keys *= base
        keys += digit
    return keys, run_offsets


def _use_table(space: int, items: int) -> bool:
    """Count `items` keys below `space` in a table indexed by the key (not by sorting them)?"""
    return space <= max(_TABLE_KEYS, items)


def _key_function(journeys: JourneySet, order: int, base: int) -> Numbering:
    """A function giving the key of every run of a range of journeys (see _run_keys), with
    where each journey's runs start."""
    offsets, codes = journeys.offsets, journeys.codes

    def keys_of(first: int, last: int) -> tuple[IntArray, IntArray]:
        a, b = offsets[first], offsets[last]
        return _run_keys(codes[a:b], offsets[first : last + 1] - a, order, base)

    return keys_of


def _decoded(keys: IntArray, order: int, base: int) -> IntArray:
    """Run keys back to rows of label codes, padded with -1."""
    runs = np.empty((len(keys), order), dtype=np.int64)
    rest = keys.copy()
    for column in range(order - 1, -1, -1):
        runs[:, column] = rest % base - 1
        rest //= base
    return runs


def _keyed_states(journeys: JourneySet, order: int, base: int) -> tuple[IntArray, Numbering]:
    """The distinct runs (states 1.., as rows of label codes padded with -1, in the order of
    their keys), and a function giving the state of every run of a range of journeys, with
    where each journey's runs start. Runs are numbered by a table indexed by their key (or, for
    too many possible keys, by sorting the keys there are)."""
    space = base**order
    keys_of = _key_function(journeys, order, base)
    blocks = _blocks(journeys.offsets, _BLOCK_TOUCHES)
    if _use_table(space, len(journeys.codes)):
        present = np.zeros(space, dtype=bool)
        for first, last in blocks:
            present[keys_of(first, last)[0]] = True
        distinct = np.flatnonzero(present).astype(np.int64)
        rank = np.cumsum(present, dtype=np.int64)

        def number(first: int, last: int) -> tuple[IntArray, IntArray]:
            keys, run_offsets = keys_of(first, last)
            return rank[keys], run_offsets
    else:
        distinct = np.unique(np.concatenate([keys_of(*block)[0] for block in blocks]))

        def number(first: int, last: int) -> tuple[IntArray, IntArray]:
            keys, run_offsets = keys_of(first, last)
            return np.searchsorted(distinct, keys).astype(np.int64) + 1, run_offsets

    return _decoded(distinct, order, base), number


def _row_states(journeys: JourneySet, order: int, base: int) -> tuple[IntArray, Numbering]:
    """As _keyed_states, for runs too long to be one integer: the rows of codes sorted."""
    matrix, journey = _runs(journeys, order)
    runs, inverse = np.unique(matrix, axis=0, return_inverse=True)
    state = inverse.reshape(-1).astype(np.int64) + 1
    run_offsets = np.searchsorted(journey, np.arange(journeys.size + 1, dtype=np.int64))

    def number(first: int, last: int) -> tuple[IntArray, IntArray]:
        a, b = run_offsets[first], run_offsets[last]
        return state[a:b], run_offsets[first : last + 1] - a

    return runs, number


class _Counts:
    """Transition counts, and what ends in each state, added up block by block over states
    numbered 0 (start) to size - 1."""

    def __init__(self, size: int, seen: bool = False) -> None:
        self.size = size
        self.table = np.zeros(size * size) if size * size <= _BLOCK_TABLE else None
        self.pairs: list[IntArray] = []
        self.weights: list[FloatArray] = []
        self.ends = np.zeros((3, size))
        self.seen = np.zeros(size, dtype=bool) if seen else None  # which states occur

    def add(self, state: IntArray, run_offsets: IntArray, journeys: JourneySet,
            first: int, last: int) -> None:  # fmt: skip
        """The runs of journeys first..last-1, as states, with where each journey's start."""
        size = self.size
        weight = journeys.conversions[first:last] + journeys.nulls[first:last]
        firsts, lasts = run_offsets[:-1], run_offsets[1:] - 1
        if self.seen is not None:
            self.seen[state] = True
        # steps within a journey, self-loops dropped (and the step from one journey's last
        # run to the next one's first is no step); then start -> each journey's first run
        step = state[1:] != state[:-1]
        step[lasts[:-1]] = False
        run_weight = np.repeat(weight, np.diff(run_offsets))
        if self.table is not None:
            # every two neighbouring runs, weighted 0 where that is no step: cheaper than
            # picking the steps out
            pairs = state[:-1] * size
            pairs += state[1:]
            self.table += sum_by(pairs, np.where(step, run_weight[:-1], 0.0), size * size)
            self.table[:size] += sum_by(state[firsts], weight, size)
        else:
            steps = state[:-1][step] * size + state[1:][step]
            self.pairs.append(np.concatenate([steps, state[firsts]]))
            self.weights.append(np.concatenate([run_weight[:-1][step], weight]))
        end = state[lasts]
        for row, column in enumerate((journeys.conversions, journeys.nulls, journeys.value)):
            self.ends[row] += sum_by(end, column[first:last], size)

    def transitions(self) -> tuple[IntArray, IntArray, FloatArray]:
        """(source, target, weight) of every pair of states with any weight, in order."""
        size, table = self.size, self.table
        if table is None and _use_table(size * size, 0):
            table = sum_by(np.concatenate(self.pairs), np.concatenate(self.weights), size * size)
        if table is not None:
            found = np.flatnonzero(table)
            summed = table[found]
        else:
            distinct, inverse = np.unique(np.concatenate(self.pairs), return_inverse=True)
            summed = sum_by(inverse.reshape(-1), np.concatenate(self.weights), len(distinct))
            found, summed = distinct[summed != 0], summed[summed != 0]
        return found // size, found % size, summed


def estimate_chain(journeys: JourneySet, order: int = 1) -> MarkovChain:
    """The chain of the given order estimated from journeys (and their nulls), in one pass over
    blocks of journeys of a few hundred thousand touches (so that the arrays it works with stay
    small: a process's fresh memory costs time)."""
    if order < 1:
        raise ValueError(f"the order must be 1 or more, not {order}")
    base = len(journeys.labels) + 1
    blocks = _blocks(journeys.offsets, _BLOCK_TOUCHES)
    keyed = order * np.log2(max(base, 2)) < _KEY_BITS
    if keyed and (base**order) ** 2 <= _BLOCK_TABLE:
        # few possible runs: their keys number the states while counting (0, which is no
        # run's key, is start), and the states that occur are numbered afterwards
        number = _key_function(journeys, order, base)
        counts = _Counts(base**order, seen=True)
    else:
        distinct, number = (_keyed_states if keyed else _row_states)(journeys, order, base)
        counts = _Counts(len(distinct) + 1)
        blocks = blocks if keyed else [(0, journeys.size)]
    for first, last in blocks:
        state, run_offsets = number(first, last)
        counts.add(state, run_offsets, journeys, first, last)
    sources, targets, weights = counts.transitions()
    ends = counts.ends
    if counts.seen is not None:
        keys = np.flatnonzero(counts.seen).astype(np.int64)
        distinct = _decoded(keys, order, base)
        rank = np.zeros(counts.size, dtype=np.int64)
        rank[keys] = np.arange(1, len(keys) + 1)
        sources, targets = rank[sources], rank[targets]
        ends = ends[:, np.concatenate([[0], keys])]
    padded = np.vstack([np.full((1, order), -1, dtype=np.int64), distinct])
    return MarkovChain(
        order=order,
        labels=journeys.labels,
        runs=padded,
        sources=sources,
        targets=targets,
        weights=weights,
        to_conversion=ends[0],
        to_null=ends[1],
        conversion_value=ends[2],
    )


@dataclass(frozen=True)
class RemovalEffects:
    conversion_probability: float
    expected_value: float
    conversions: FloatArray  # per label
    value: FloatArray  # per label


def _eliminated(chain: MarkovChain, gone: BoolArray) -> FloatArray:
    """(P(conversion), E[value]) from start on a stack of chains: the whole chain, and the chain
    without the states marked in each row of `gone` (problems x states; those states lead to
    null), all at once, by eliminating the states one by one, the last first (Grassmann,
    Taksar and Heyman's elimination, which subtracts nothing: every quantity is a sum of
    products of probabilities, so it is exact to rounding however close to 1 they come). Dense,
    without LAPACK: for the small chains it is used on, it takes milliseconds, where a threaded
    BLAS can take a tenth of a second per solve on a busy machine."""
    probability, to_conversion, to_value = chain._normalised()
    states = chain.states
    out = sum_by(chain.sources, chain.weights, states) + chain.to_conversion + chain.to_null
    to_null = np.divide(chain.to_null, out, out=np.zeros(states), where=out > 0)
    stack = np.vstack([np.zeros((1, states), dtype=bool), gone])
    problems = len(stack)
    q = np.zeros((problems, states, states))
    q[:, chain.sources, chain.targets] = probability
    exits = np.repeat(np.column_stack([to_conversion, to_value, to_null])[None], problems, axis=0)
    for problem in range(1, problems):
        removed = np.flatnonzero(stack[problem])
        exits[problem, :, 2] += q[problem][:, removed].sum(axis=1)  # into a removed state: null
        q[problem][:, removed] = 0.0
        q[problem][removed, :] = 0.0
        exits[problem, removed, :] = 0.0
    for k in range(states - 1, 0, -1):
        # the probability of leaving state k for a state still there or for good, not for k
        leave = q[:, k, :k].sum(axis=1) + exits[:, k, 0] + exits[:, k, 2]
        inverse = np.divide(1.0, leave, out=np.zeros(problems), where=leave > 0)
        factor = q[:, :k, k] * inverse[:, None]
        q[:, :k, :k] += factor[:, :, None] * q[:, k, None, :k]
        exits[:, :k, :] += factor[:, :, None] * exits[:, k, None, :]
    # start alone: nothing leads back to it, and what leaves it converts or is lost
    leave = exits[:, 0, 0] + exits[:, 0, 2]
    inverse = np.divide(1.0, leave, out=np.zeros(problems), where=leave > 0)
    return np.asarray(exits[:, 0, :2] * inverse[:, None], dtype=np.float64)


def _by_elimination(problems: int, states: int) -> bool:
    """Solve by _eliminated (else by SciPy's sparse LU)?"""
    if problems * states**2 > _STACKED_CELLS:
        return False
    warm = "scipy.sparse.linalg" in sys.modules
    return problems * states**3 <= (_ELIMINATION_WORK_SCIPY if warm else _ELIMINATION_WORK)


def _sparse_solver(chain: MarkovChain) -> Callable[[IntArray | None], FloatArray]:
    """A function solving the absorbing system from start, on the whole chain (None) or on
    the states kept, by SciPy's sparse LU."""
    import scipy.sparse as sp
    from scipy.sparse.linalg import splu

    q, to_conversion, to_value = chain.probabilities()
    rewards = np.column_stack([to_conversion, to_value])

    def solve(keep: IntArray | None) -> FloatArray:
        restricted, right = (q, rewards) if keep is None else (q[keep][:, keep], rewards[keep])
        system = (sp.identity(restricted.shape[0], format="csc") - restricted).tocsc()
        solution = splu(system).solve(np.ascontiguousarray(right))
        return np.asarray(solution[0], dtype=np.float64)

    return solve


def removal_effects(chain: MarkovChain) -> RemovalEffects:
    """P(conversion), E[value] per journey, and every label's removal effects, exactly: the
    absorbing system solved on the whole chain and without each label's states (those lead to
    null), from start (state 0, always kept)."""
    inside = chain.contains()
    touched = np.flatnonzero(inside.any(axis=0))  # a label never touched: removing it is nothing
    gone = inside[:, touched].T
    if _by_elimination(len(touched) + 1, chain.states):
        solved = _eliminated(chain, gone)
        base, without = solved[0], solved[1:]
    else:
        solve = _sparse_solver(chain)
        base = solve(None)
        without = np.array([solve(np.flatnonzero(~g)) for g in gone]).reshape(-1, 2)
    effects = np.zeros((len(chain.labels), 2))
    effects[touched] = 1.0 - np.divide(without, base, out=np.ones_like(without),
                                       where=base > 0)  # fmt: skip
    # a removal can only lose conversions; clip the solver's last-digit noise
    effects = np.clip(effects, 0.0, 1.0)
    return RemovalEffects(float(base[0]), float(base[1]), effects[:, 0], effects[:, 1])


def _shared(total: float, effects: FloatArray) -> FloatArray:
    weight = effects.sum()
    return total * effects / weight if weight > 0 else np.zeros_like(effects)


def credit_markov(journeys: JourneySet, order: int = 1) -> Attribution:
    """Conversions and value shared by removal effect on the chain of the given order."""
    if journeys.size == 0:
        zeros = np.zeros(len(journeys.labels))
        return from_label_credits("markov", journeys.labels, zeros, zeros, 0.0, 0.0,
                                  details={"order": order})  # fmt: skip
    chain = estimate_chain(journeys, order)
    effects = removal_effects(chain)
    total_conversions, total_value = journeys.total_conversions, journeys.total_value
    return from_label_credits(
        "markov",
        journeys.labels,
        _shared(total_conversions, effects.conversions),
        _shared(total_value, effects.value),
        total_conversions,
        total_value,
        details={
            "order": order,
            "states": chain.states - 1,
            "conversion_probability": effects.conversion_probability,
            "per_label_removal_effect": effects.conversions,
            "per_label_removal_effect_value": effects.value,
        },
    )
