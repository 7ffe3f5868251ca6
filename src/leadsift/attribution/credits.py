"""What a model returns: each label's share of the conversions and of the value, summing to
the totals, with whatever else the model knows (removal effects, credit by position).

Floating-point sums of shares drift by a few units in the last place; `settle` puts the
difference between a total and the sum of its parts on the largest part, so that credits add up
to the outcome exactly as far as a float can say (the largest part absorbs the drift because a
relative change there is the smallest)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from leadsift.attribution.journeys import FloatArray, IntArray, sum_by


def settle(parts: FloatArray, total: float) -> FloatArray:
    """`parts` with the rounding drift moved onto the largest part so that they sum to total."""
    if len(parts) == 0:
        return parts
    settled = parts.astype(np.float64, copy=True)
    drift = total - math.fsum(settled)
    if drift and np.any(settled):  # nothing to scale when every part is 0
        settled[int(np.argmax(np.abs(settled)))] += drift
    return settled


def settle_groups(parts: FloatArray, groups: IntArray, totals: FloatArray) -> FloatArray:
    """Per group (journey), move the drift between its total and the sum of its parts onto its
    largest part. `groups` must be sorted (touches in journey order)."""
    if len(parts) == 0:
        return parts
    sums = sum_by(groups, parts, len(totals))
    drift = totals - sums
    # the largest part of every group: sort by (group, part) and take each group's last
    order = np.lexsort((parts, groups))
    last = np.flatnonzero(np.r_[groups[order][1:] != groups[order][:-1], True])
    settled = parts.copy()
    # never below zero: with subnormal amounts the rounding drift can exceed the part it
    # lands on (the sum is then off by less than 1e-320)
    settled[order[last]] = np.maximum(settled[order[last]] + drift[groups[order[last]]], 0.0)
    return settled


@dataclass(frozen=True)
class Attribution:
    """Credit per label (channel or campaign) for one model over a set of journeys."""

    model: str
    labels: tuple[str, ...]
    conversions: FloatArray
    value: FloatArray
    total_conversions: float
    total_value: float
    details: dict[str, Any] = field(default_factory=dict)

    def share(self) -> FloatArray:
        """Each label's fraction of the conversions (0 when there are none)."""
        if self.total_conversions <= 0:
            return np.zeros(len(self.labels))
        return self.conversions / self.total_conversions

    def credit_of(self, label: str) -> tuple[float, float]:
        """(conversions, value) credited to a label; (0, 0) for one the journeys never touch."""
        try:
            i = self.labels.index(label)
        except ValueError:
            return 0.0, 0.0
        return float(self.conversions[i]), float(self.value[i])

    def rows(self) -> list[dict[str, Any]]:
        """One dict per label, most conversions first (ties by value, then name)."""
        share = self.share()
        per_label: dict[str, Any] = {
            key: values for key, values in self.details.items() if key.startswith("per_label_")
        }
        rows = []
        for i, label in enumerate(self.labels):
            row: dict[str, Any] = {
                "channel": label,
                "conversions": float(self.conversions[i]),
                "value": float(self.value[i]),
                "share": float(share[i]),
            }
            for key, values in per_label.items():
                item = values[i]
                if isinstance(item, np.ndarray | np.generic):
                    item = item.tolist()  # plain Python numbers and lists, for JSON
                row[key.removeprefix("per_label_")] = item
            rows.append(row)
        rows.sort(key=lambda r: (-r["conversions"], -r["value"], r["channel"]))
        return rows

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary: the totals, the model's scalar details and the rows."""
        summary: dict[str, Any] = {
            "model": self.model,
            "total_conversions": self.total_conversions,
            "total_value": self.total_value,
        }
        for key, item in self.details.items():
            if not key.startswith("per_label_"):
                summary[key] = item
        summary["channels"] = self.rows()
        return summary


def from_label_credits(
    model: str,
    labels: tuple[str, ...],
    conversions: FloatArray,
    value: FloatArray,
    total_conversions: float,
    total_value: float,
    details: dict[str, Any] | None = None,
) -> Attribution:
    """An Attribution whose per-label credits are settled onto the totals."""
    return Attribution(
        model=model,
        labels=labels,
        conversions=settle(conversions, total_conversions),
        value=settle(value, total_value),
        total_conversions=total_conversions,
        total_value=total_value,
        details=details or {},
    )
