"""Rule-based attribution: each touch of a journey gets a fixed share of its outcome.

The rules, and what they do at the edges (docs/attribution.md has the worked examples):

- first / last: all of it to the first (the `first` milestone, default touch 0) or last touch.
- last_non_direct: to the last touch whose label is not the direct one (default "direct",
  compared without case); a journey of direct touches only gives it to its last touch.
- linear: the same share to every touch (a label touched twice gets two shares).
- u (40/40/20): 40% to the first touch, 40% to the lead-creation touch, 20% shared by the rest.
- w (30/30/30/10): first, lead creation, opportunity creation; 10% shared by the rest.
- full_path (22.5 x 4 + 10): first, lead creation, opportunity creation, closed-won; 10% rest.
- time_decay: weight 2^(-age / half-life) (7 days by default), age measured back from the
  conversion (the journey's `converted_at`, else its last touch). A journey without a time on
  every touch is weighed by position instead: one step back is one day.

Position models: a milestone that is not known is taken to be the last touch (the outcome
itself is the latest milestone we know of, so U without milestones is the classic 40/20/40).
Milestones that fall on the same touch add their shares there. The rest share is split evenly
over the touches that are no milestone; when there are none (one touch, or two touches in U)
the milestone shares are scaled up to fill the whole: one touch gets everything, U on two
touches is 50/50.

Shares are computed with whole arrays, and each journey's credits are then settled onto its
count and value (credits.settle_groups), so they add up to the outcome exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from leadsift.attribution.credits import Attribution, from_label_credits, settle_groups
from leadsift.attribution.journeys import FloatArray, IntArray, JourneySet, sum_by

RULE_MODELS = ("first", "last", "last_non_direct", "linear", "u", "w", "full_path", "time_decay")

# (milestone, share) pairs and the share left for the touches that are no milestone
_POSITION_RULES: dict[str, tuple[tuple[tuple[str, float], ...], float]] = {
    "u": ((("first", 0.4), ("lead", 0.4)), 0.2),
    "w": ((("first", 0.3), ("lead", 0.3), ("opportunity", 0.3)), 0.1),
    "full_path": (
        (("first", 0.225), ("lead", 0.225), ("opportunity", 0.225), ("won", 0.225)),
        0.1,
    ),
}
_DAY = 86_400.0


@dataclass(frozen=True)
class RuleOptions:
    direct: str = "direct"
    half_life_days: float = 7.0


def _at_index(journeys: JourneySet, index: IntArray) -> FloatArray:
    """1.0 on the touch at `index` of every journey, 0.0 elsewhere."""
    return np.asarray(journeys.position == index[journeys.journey_of_touch], dtype=np.float64)


def _last_index(journeys: JourneySet) -> IntArray:
    return journeys.lengths - 1


def _resolved(journeys: JourneySet, name: str) -> IntArray:
    """A milestone's touch index, with the unknown ones taken as the rule says."""
    index = journeys.milestone(name)
    fallback = np.zeros_like(index) if name == "first" else _last_index(journeys)
    return np.where(index < 0, fallback, index)


def _last_non_direct(journeys: JourneySet, direct: str) -> FloatArray:
    wanted = direct.strip().casefold()
    is_direct = np.array([label.strip().casefold() == wanted for label in journeys.labels])
    candidate = np.where(is_direct[journeys.codes], -1, journeys.position)
    last = np.maximum.reduceat(candidate, journeys.offsets[:-1])
    return _at_index(journeys, np.where(last < 0, _last_index(journeys), last))


def _position_based(journeys: JourneySet, model: str) -> FloatArray:
    milestones, rest = _POSITION_RULES[model]
    journey = journeys.journey_of_touch
    shares = np.zeros(len(journeys.codes))
    marked = np.zeros(len(journeys.codes), dtype=bool)
    for name, share in milestones:
        hit = _at_index(journeys, _resolved(journeys, name))
        shares += share * hit
        marked |= hit > 0
    rest_touches = journeys.lengths - sum_by(
        journey, marked.astype(np.float64), journeys.size
    ).astype(np.int64)
    per_rest = np.divide(rest, rest_touches, out=np.zeros(journeys.size), where=rest_touches > 0)
    shares += np.where(marked, 0.0, per_rest[journey])
    # no touch to take the rest share: the milestone shares are scaled up to the whole
    scale = np.where(rest_touches > 0, 1.0, 1.0 / (1.0 - rest))
    return shares * scale[journey]


def _ages_in_days(journeys: JourneySet) -> FloatArray:
    """Per touch, how long before the conversion it happened; by position where times lack."""
    journey = journeys.journey_of_touch
    by_position = (_last_index(journeys)[journey] - journeys.position).astype(np.float64)
    if journeys.times is None:
        return by_position
    times = journeys.times
    untimed = sum_by(journey, np.isnan(times).astype(np.float64), journeys.size) > 0
    latest = np.fmax.reduceat(times, journeys.offsets[:-1])
    end = latest
    if journeys.converted_at is not None:
        end = np.where(np.isnan(journeys.converted_at), latest, journeys.converted_at)
    by_time = (end[journey] - times) / _DAY
    return np.where(untimed[journey], by_position, by_time)


def _time_decay(journeys: JourneySet, half_life_days: float) -> FloatArray:
    if not half_life_days > 0:
        raise ValueError(f"the half-life must be above 0 days, not {half_life_days}")
    ages = _ages_in_days(journeys)
    # weights relative to the youngest touch of the journey: no underflow on long journeys
    youngest = np.minimum.reduceat(ages, journeys.offsets[:-1])
    weights = np.exp2(-(ages - youngest[journeys.journey_of_touch]) / half_life_days)
    totals = np.add.reduceat(weights, journeys.offsets[:-1])
    return weights / totals[journeys.journey_of_touch]


def touch_shares(
    journeys: JourneySet, model: str, options: RuleOptions | None = None
) -> FloatArray:
    """Per touch, its share of its journey's outcome (the shares of a journey sum to 1)."""
    options = options or RuleOptions()
    if model not in RULE_MODELS:
        raise ValueError(f"unknown rule model {model!r}; known: {', '.join(RULE_MODELS)}")
    if journeys.size == 0:
        return np.zeros(0)
    if model == "first":
        return _at_index(journeys, _resolved(journeys, "first"))
    if model == "last":
        return _at_index(journeys, _last_index(journeys))
    if model == "last_non_direct":
        return _last_non_direct(journeys, options.direct)
    if model == "linear":
        return 1.0 / journeys.lengths[journeys.journey_of_touch].astype(np.float64)
    if model == "time_decay":
        return _time_decay(journeys, options.half_life_days)
    return _position_based(journeys, model)


def touch_credits(
    journeys: JourneySet, model: str, options: RuleOptions | None = None
) -> tuple[FloatArray, FloatArray]:
    """Per touch, the conversions and value it is credited with; each journey's credits sum
    to its own conversions and value."""
    shares = touch_shares(journeys, model, options)
    journey = journeys.journey_of_touch
    conversions = settle_groups(shares * journeys.conversions[journey], journey,
                                journeys.conversions)  # fmt: skip
    value = settle_groups(shares * journeys.value[journey], journey, journeys.value)
    return conversions, value


def credit_rule(
    journeys: JourneySet, model: str, options: RuleOptions | None = None
) -> Attribution:
    """Credit per label under one rule-based model."""
    conversions, value = touch_credits(journeys, model, options)
    count = len(journeys.labels)
    return from_label_credits(
        model,
        journeys.labels,
        sum_by(journeys.codes, conversions, count),
        sum_by(journeys.codes, value, count),
        journeys.total_conversions,
        journeys.total_value,
    )
