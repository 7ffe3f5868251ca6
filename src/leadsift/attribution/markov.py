"""Markov-chain attribution by removal effect, solved exactly on the estimated chain.

The chain (Anderl et al. 2016; ChannelAttribution's conventions, so that figures compare):

- states of order N are runs of N consecutive touches (a journey shorter than N is one state,
  all of it), plus `start`, `conversion` and `null`; a journey is start -> its runs in order ->
  conversion (weighted by its conversions) and null (weighted by its nulls), and every step on
  the way is weighted by conversions + nulls;
- a run repeated at once (a > a with N = 1) is one visit: a self-loop never changes where a
  walk ends, so dropping it changes no probability and keeps the chain small;
- transition probabilities are the weighted counts out of each state, normalised.

P(conversion) is the absorption probability from start, found by solving (I - Q) x = r with a
sparse LU factorisation (Q: transient to transient, r: transient to conversion). Removing label
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
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.linalg import splu

from leadsift.attribution.credits import Attribution, from_label_credits
from leadsift.attribution.journeys import FloatArray, IntArray, JourneySet, sum_by

BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class MarkovChain:
    """Weighted transition counts of a chain of some order. State 0 is start; states 1.. are
    runs of labels, `runs[s]` their label codes (padded with -1)."""

    order: int
    labels: tuple[str, ...]
    runs: IntArray
    counts: sp.csr_matrix
    to_conversion: FloatArray
    to_null: FloatArray
    conversion_value: FloatArray

    @property
    def states(self) -> int:
        return self.counts.shape[0]

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

    def probabilities(self) -> tuple[sp.csr_matrix, FloatArray, FloatArray]:
        """Q (transient to transient), r (to conversion) and r_value (expected conversion value
        earned on leaving each state)."""
        out = np.asarray(self.counts.sum(axis=1)).reshape(-1) + self.to_conversion + self.to_null
        inverse = np.divide(1.0, out, out=np.zeros_like(out), where=out > 0)
        q = sp.diags(inverse) @ self.counts
        return sp.csr_matrix(q), self.to_conversion * inverse, self.conversion_value * inverse


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


def _state_ids(runs: IntArray, labels: int) -> tuple[IntArray, IntArray]:
    """Distinct runs (states 1..) and each run's state id."""
    order = runs.shape[1]
    base = labels + 1
    if order * np.log2(max(base, 2)) < 62:
        # one integer per run (digits = code + 1, 0 for padding) is much faster to unique
        weights = base ** np.arange(order - 1, -1, -1, dtype=np.int64)
        keys = (runs + 1) @ weights
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        distinct = runs[first]
    else:
        distinct, inverse = np.unique(runs, axis=0, return_inverse=True)
    return distinct, inverse.reshape(-1).astype(np.int64) + 1


def estimate_chain(journeys: JourneySet, order: int = 1) -> MarkovChain:
    """The chain of the given order estimated from journeys (and their nulls)."""
    if order < 1:
        raise ValueError(f"the order must be 1 or more, not {order}")
    runs, journey = _runs(journeys, order)
    distinct, state = _state_ids(runs, len(journeys.labels))
    states = len(distinct) + 1
    weight = journeys.conversions + journeys.nulls
    # steps within a journey, self-loops dropped; then start -> first run of each journey
    same = journey[1:] == journey[:-1]
    step = same & (state[1:] != state[:-1])
    firsts = np.flatnonzero(np.r_[True, ~same])
    lasts = np.flatnonzero(np.r_[~same, True])
    sources = np.concatenate([state[:-1][step], np.zeros(len(firsts), dtype=np.int64)])
    targets = np.concatenate([state[1:][step], state[firsts]])
    weights = np.concatenate([weight[journey[:-1][step]], weight[journey[firsts]]])
    counts = sp.coo_matrix((weights, (sources, targets)), shape=(states, states)).tocsr()
    end_state, end_journey = state[lasts], journey[lasts]
    padded = np.vstack([np.full((1, order), -1, dtype=np.int64), distinct])
    return MarkovChain(
        order=order,
        labels=journeys.labels,
        runs=padded,
        counts=counts,
        to_conversion=sum_by(end_state, journeys.conversions[end_journey], states),
        to_null=sum_by(end_state, journeys.nulls[end_journey], states),
        conversion_value=sum_by(end_state, journeys.value[end_journey], states),
    )


def _absorbed(q: sp.csr_matrix, rewards: FloatArray, keep: BoolArray | None = None) -> FloatArray:
    """From start, the expected sum of each reward column until absorption, on the chain
    restricted to `keep` (the states left out lead to null)."""
    if keep is not None:
        index = np.flatnonzero(keep)
        q = q[index][:, index]
        rewards = rewards[index]
    system = (sp.identity(q.shape[0], format="csc") - q).tocsc()
    solution = splu(system).solve(np.ascontiguousarray(rewards))
    return np.asarray(solution[0], dtype=np.float64)


@dataclass(frozen=True)
class RemovalEffects:
    conversion_probability: float
    expected_value: float
    conversions: FloatArray  # per label
    value: FloatArray  # per label


def removal_effects(chain: MarkovChain) -> RemovalEffects:
    """P(conversion), E[value] per journey, and every label's removal effects, exactly."""
    q, to_conversion, to_value = chain.probabilities()
    rewards = np.column_stack([to_conversion, to_value])
    base = _absorbed(q, rewards)
    inside = chain.contains()
    effects = np.zeros((len(chain.labels), 2))
    for label in range(len(chain.labels)):
        keep = ~inside[:, label]
        if keep.all():
            continue  # never touched: removing it changes nothing
        keep[0] = True
        without = _absorbed(q, rewards, keep)
        effects[label] = 1.0 - np.divide(without, base, out=np.ones(2), where=base > 0)
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
