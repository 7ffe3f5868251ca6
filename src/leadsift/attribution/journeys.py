"""Journeys as data: the touches that led (or did not lead) to an outcome, in time order.

Two forms of the same thing:

- `Journey`, one outcome with its `Touch`es, for building journeys by hand or from a few rows;
- `JourneySet`, many journeys as columns (every touch of every journey in one flat array, with
  offsets), which is what the models read: they work on whole arrays, never row by row.

A journey stands for `conversions` outcomes (0 for a journey that did not convert) worth
`value` in total, and for `nulls` journeys that took the same path without converting. That is
ChannelAttribution's aggregated path table (`path`, `total_conversions`,
`total_conversion_value`, `total_null`) one row per distinct path; a workspace's journeys are the
same thing with one row per person and outcome, timestamps and milestones.

Milestones are touch indices within a journey (-1: not known): the first touch (default 0),
lead creation, opportunity creation and closed-won. The position models read them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

MILESTONES = ("first", "lead", "opportunity", "won")


def sum_by(index: IntArray, weights: FloatArray, size: int) -> FloatArray:
    """The weights added up per index 0..size-1 (np.bincount, typed as the floats it returns)."""
    return np.asarray(np.bincount(index, weights, size), dtype=np.float64)


@dataclass(frozen=True)
class Touch:
    """One touch: the channel or campaign it counts for, and when it happened if known."""

    label: str
    at: datetime | None = None


@dataclass(frozen=True)
class Journey:
    """The touches before one outcome (or before nothing: conversions 0), oldest first.

    `nulls` defaults to 1 for a journey that did not convert and 0 for one that did; milestone
    indices point into `touches`."""

    touches: Sequence[Touch]
    conversions: float = 1.0
    value: float = 0.0
    nulls: float | None = None
    converted_at: datetime | None = None
    first: int | None = None
    lead: int | None = None
    opportunity: int | None = None
    won: int | None = None


def _seconds(moment: datetime | None) -> float:
    if moment is None:
        return float("nan")
    if moment.tzinfo is None:  # a missing offset means UTC (docs/formats.md)
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


@dataclass(frozen=True, eq=False)
class JourneySet:
    """Journeys as columns. Touch i of journey j is `codes[offsets[j] + i]`, a label index.

    `times` (seconds since the epoch, NaN when unknown) is per touch, `converted_at` per journey
    (NaN: at the last touch); either may be None when no journey has them. `milestones` maps a
    name of MILESTONES to per-journey touch indices (-1: not known)."""

    labels: tuple[str, ...]
    codes: IntArray
    offsets: IntArray
    conversions: FloatArray
    value: FloatArray
    nulls: FloatArray
    times: FloatArray | None = None
    converted_at: FloatArray | None = None
    milestones: dict[str, IntArray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = len(self.offsets) - 1
        if n < 0 or self.offsets[0] != 0 or self.offsets[-1] != len(self.codes):
            raise ValueError("offsets must start at 0 and end at the number of touches")
        if n and np.any(np.diff(self.offsets) < 1):
            raise ValueError("every journey needs at least one touch")
        for name, column in (("conversions", self.conversions), ("value", self.value),
                             ("nulls", self.nulls)):  # fmt: skip
            if len(column) != n:
                raise ValueError(f"{name} has {len(column)} entries for {n} journeys")
            if not np.all(np.isfinite(column)) or np.any(column < 0):
                raise ValueError(f"{name} must be finite and not negative")
        if len(self.codes) and (self.codes.min() < 0 or self.codes.max() >= len(self.labels)):
            raise ValueError("a touch code is not an index into labels")
        if self.times is not None and len(self.times) != len(self.codes):
            raise ValueError("times must have one entry per touch")
        if self.converted_at is not None and len(self.converted_at) != n:
            raise ValueError("converted_at must have one entry per journey")
        lengths = self.lengths
        for name, index in self.milestones.items():
            if name not in MILESTONES:
                raise ValueError(f"unknown milestone {name!r}; known: {', '.join(MILESTONES)}")
            if len(index) != n or np.any(index < -1) or np.any(index >= lengths):
                raise ValueError(f"milestone {name!r} must be -1 or a touch index per journey")

    @property
    def size(self) -> int:
        """The number of journeys (rows), not the outcomes they stand for."""
        return len(self.offsets) - 1

    @property
    def lengths(self) -> IntArray:
        return np.diff(self.offsets)

    @property
    def journey_of_touch(self) -> IntArray:
        """For every touch, the index of its journey."""
        return np.repeat(np.arange(self.size, dtype=np.int64), self.lengths)

    @property
    def position(self) -> IntArray:
        """For every touch, its index within its journey (0 = first)."""
        return np.arange(len(self.codes), dtype=np.int64) - np.repeat(
            self.offsets[:-1], self.lengths
        )

    def milestone(self, name: str) -> IntArray:
        """Per journey, the touch index of a milestone, or -1 when it is not known."""
        if name in self.milestones:
            return self.milestones[name]
        if name == "first":
            return np.zeros(self.size, dtype=np.int64)
        return np.full(self.size, -1, dtype=np.int64)

    def path(self, journey: int) -> tuple[str, ...]:
        start, end = self.offsets[journey], self.offsets[journey + 1]
        return tuple(self.labels[c] for c in self.codes[start:end])

    @property
    def total_conversions(self) -> float:
        return float(self.conversions.sum())

    @property
    def total_value(self) -> float:
        return float(self.value.sum())

    @staticmethod
    def from_journeys(journeys: Iterable[Journey]) -> JourneySet:
        """Columns from journey objects; labels are numbered in order of first appearance."""
        rows = list(journeys)
        index: dict[str, int] = {}
        codes: list[int] = []
        times: list[float] = []
        lengths: list[int] = []
        for journey in rows:
            lengths.append(len(journey.touches))
            for touch in journey.touches:
                codes.append(index.setdefault(touch.label, len(index)))
                times.append(_seconds(touch.at))
        offsets = np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)]).astype(np.int64)
        conversions = np.array([j.conversions for j in rows], dtype=np.float64)
        nulls = np.array(
            [(1.0 if j.conversions == 0 else 0.0) if j.nulls is None else j.nulls for j in rows],
            dtype=np.float64,
        )
        times_array = np.array(times, dtype=np.float64)
        converted = np.array([_seconds(j.converted_at) for j in rows], dtype=np.float64)
        milestones = {
            name: np.array([-1 if getattr(j, name) is None else getattr(j, name) for j in rows],
                           dtype=np.int64)
            for name in MILESTONES
            if any(getattr(j, name) is not None for j in rows)
        }  # fmt: skip
        return JourneySet(
            labels=tuple(index),
            codes=np.array(codes, dtype=np.int64),
            offsets=offsets,
            conversions=conversions,
            value=np.array([j.value for j in rows], dtype=np.float64),
            nulls=nulls,
            times=None if np.isnan(times_array).all() else times_array,
            converted_at=None if np.isnan(converted).all() else converted,
            milestones=milestones,
        )

    @staticmethod
    def from_paths(
        paths: Sequence[Sequence[str]],
        conversions: Sequence[float] | npt.ArrayLike,
        value: Sequence[float] | npt.ArrayLike | None = None,
        nulls: Sequence[float] | npt.ArrayLike | None = None,
    ) -> JourneySet:
        """Columns from label sequences and their counts (ChannelAttribution's layout)."""
        lengths = np.fromiter((len(p) for p in paths), dtype=np.int64, count=len(paths))
        flat = [label for p in paths for label in p]
        index: dict[str, int] = {}
        codes = np.fromiter(
            (index.setdefault(label, len(index)) for label in flat), dtype=np.int64,
            count=len(flat),
        )  # fmt: skip
        n = len(paths)
        return JourneySet(
            labels=tuple(index),
            codes=codes,
            offsets=np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
            conversions=np.asarray(conversions, dtype=np.float64).reshape(n),
            value=np.zeros(n) if value is None else np.asarray(value, np.float64).reshape(n),
            nulls=np.zeros(n) if nulls is None else np.asarray(nulls, np.float64).reshape(n),
        )


def aggregate(journeys: JourneySet) -> JourneySet:
    """One row per distinct path, counts, values and nulls added up: ChannelAttribution's path
    table. Times and milestones are dropped (they differ between the journeys of a path), so
    aggregate only for the models that read the path alone (first, last, last non-direct,
    linear, Markov, Shapley; U, W and full path without milestones; time decay by position)."""
    import pandas as pd  # here, not at the top: reading a path table never needs it

    # one bytes key per journey: grouping them is linear in the touches, however long the
    # journeys are (a dense padded matrix would not be)
    raw = journeys.codes.astype(np.int64).tobytes()
    bounds = (journeys.offsets * 8).tolist()
    keys = pd.Series([raw[a:b] for a, b in itertools.pairwise(bounds)], dtype=object)
    codes, _ = pd.factorize(keys)  # numbered in order of first appearance
    group = np.asarray(codes, dtype=np.int64)
    count = int(group.max()) + 1 if journeys.size else 0
    _, first = np.unique(group, return_index=True)
    new_lengths = journeys.lengths[first]
    new_offsets = np.concatenate([[0], np.cumsum(new_lengths)]).astype(np.int64)
    starts = np.repeat(journeys.offsets[:-1][first] - new_offsets[:-1], new_lengths)
    kept = journeys.codes[starts + np.arange(int(new_offsets[-1]), dtype=np.int64)]
    return JourneySet(
        labels=journeys.labels,
        codes=kept,
        offsets=new_offsets,
        conversions=sum_by(group, journeys.conversions, count),
        value=sum_by(group, journeys.value, count),
        nulls=sum_by(group, journeys.nulls, count),
    )
