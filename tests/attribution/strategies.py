"""Hypothesis strategies: small random journeys, as objects and as columns."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st

from leadsift.attribution import Journey, Touch

LABELS = ("direct", "email", "webinar", "phone", "ads", "social")
EPOCH = datetime(2025, 1, 1, tzinfo=UTC)


@st.composite
def journeys(
    draw: st.DrawFn, labels: int = 5, max_touches: int = 7, timed: bool | None = None
) -> Journey:
    """One journey: touches over the first `labels` labels, maybe timed, maybe milestones."""
    length = draw(st.integers(1, max_touches))
    names = draw(st.lists(st.sampled_from(LABELS[:labels]), min_size=length, max_size=length))
    with_times = draw(st.booleans()) if timed is None else timed
    touches = []
    moment = EPOCH
    for name in names:
        moment += timedelta(hours=draw(st.integers(0, 24 * 20)))
        touches.append(Touch(name, moment if with_times else None))
    conversions = float(draw(st.integers(0, 4)))
    value = conversions * draw(st.floats(0, 5000, allow_nan=False)) if conversions else 0.0
    index = st.one_of(st.none(), st.integers(0, length - 1))
    return Journey(
        touches,
        conversions=conversions,
        value=value,
        nulls=float(draw(st.integers(0, 3))),
        converted_at=moment + timedelta(days=draw(st.integers(0, 10))) if with_times else None,
        lead=draw(index),
        opportunity=draw(index),
        won=draw(index),
    )


def journey_lists(
    labels: int = 5, max_touches: int = 7, max_journeys: int = 12, timed: bool | None = None
) -> st.SearchStrategy[list[Journey]]:
    return st.lists(journeys(labels, max_touches, timed), min_size=1, max_size=max_journeys)
