"""Shapley-value attribution in the set-based form of Zhao, Mahboobi and Bagheri (2018),
"Shapley Value Methods for Attribution Modeling in Online Advertising", and its ordered form.

The game: the players are the labels; the worth v(S) of a coalition S is the conversions of
the journeys whose set of labels is a subset of S. Writing R(T) for the conversions of the
journeys whose label set is exactly T, v(S) = sum of R(T) over T within S, a sum of unanimity
games, and the Shapley value of a unanimity game on T is 1/|T| to each member of T. Hence the
paper's simplified formula

    phi_j = sum over label sets T that contain j of R(T) / |T|,

which is exactly the textbook Shapley value of v (tests/attribution checks it against the sum
over all orderings) and costs one pass over the journeys instead of 2^n coalitions: every
journey's conversions are shared equally by its distinct labels. Value is shared the same way.

The ordered form shares each label's 1/|T| further over the positions where it touched the
journey (equally over its touches there), giving credit by touch position: phi_j^i, with the
sum over positions i equal to phi_j. Its channel totals are therefore the simplified values;
what it adds is where in journeys a channel earns its credit (details["per_label_positions"]).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from leadsift.attribution.credits import Attribution, from_label_credits
from leadsift.attribution.journeys import FloatArray, JourneySet, sum_by


def _touch_weights(journeys: JourneySet) -> FloatArray:
    """Per touch, its share under the ordered form: 1 / (distinct labels of its journey x
    touches of its label in its journey)."""
    journey = journeys.journey_of_touch
    labels = max(len(journeys.labels), 1)
    pair = journey * labels + journeys.codes
    _, inverse, repeats = np.unique(pair, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    touches_of_label = repeats[inverse]
    distinct = sum_by(journey, np.asarray(1.0 / touches_of_label, dtype=np.float64), journeys.size)
    return np.asarray(1.0 / (distinct[journey] * touches_of_label), dtype=np.float64)


def _credit(journeys: JourneySet, model: str, positions: bool) -> Attribution:
    count = len(journeys.labels)
    details: dict[str, Any] = {}
    if journeys.size == 0:
        zeros = np.zeros(count)
        return from_label_credits(model, journeys.labels, zeros, zeros, 0.0, 0.0)
    weights = _touch_weights(journeys)
    journey = journeys.journey_of_touch
    conversions = weights * journeys.conversions[journey]
    value = weights * journeys.value[journey]
    if positions:
        longest = int(journeys.lengths.max())
        cells = journeys.codes * longest + journeys.position
        by_position = sum_by(cells, conversions, count * longest).reshape(count, longest)
        details["positions"] = longest
        details["per_label_positions"] = by_position
    return from_label_credits(
        model,
        journeys.labels,
        sum_by(journeys.codes, conversions, count),
        sum_by(journeys.codes, value, count),
        journeys.total_conversions,
        journeys.total_value,
        details=details,
    )


def credit_shapley(journeys: JourneySet) -> Attribution:
    """Simplified (set-based) Shapley values of conversions and value."""
    return _credit(journeys, "shapley", positions=False)


def credit_shapley_ordered(journeys: JourneySet) -> Attribution:
    """Ordered Shapley values: the simplified values, with each label's conversions also
    broken down by touch position (details["per_label_positions"][label][position])."""
    return _credit(journeys, "shapley_ordered", positions=True)
