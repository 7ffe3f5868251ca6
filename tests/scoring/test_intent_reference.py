"""Intent from the database aggregates equals a slow, obviously-correct per-event reference."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadsift.config.scoring import IntentSettings
from leadsift.identity.link import link_identities
from leadsift.ingest.importer import ImportOptions, import_file
from leadsift.scoring.intent import aggregate_components, load_components, score_intent
from leadsift.workspace.workspace import init_workspace

START = datetime(2026, 3, 1, tzinfo=UTC)
KINDS = ["open", "click", "attend", "reply", "unsubscribe", "demo_request"]


def reference(
    events: list[tuple[str, str, datetime]], config: IntentSettings, as_of: datetime
) -> dict[str, int]:
    """Per person: cap events per kind per UTC day, decay each day's count from its last
    event, sum per kind, apply diminishing returns, add the kinds, clip to 0..100."""
    days: dict[tuple[str, str, object], list[datetime]] = defaultdict(list)
    for person, kind, when in events:
        days[(person, kind, when.date())].append(when)
    strength: dict[tuple[str, str], float] = defaultdict(float)
    for (person, kind, _), stamps in days.items():
        age_days = (as_of - max(stamps)).total_seconds() / 86_400
        strength[(person, kind)] += min(len(stamps), config.daily_cap) * 0.5 ** (
            age_days / config.half_life_days
        )
    totals: dict[str, float] = defaultdict(float)
    r = config.repeat_factor
    for (person, kind), s in strength.items():
        totals[person] += config.weights[kind] * (1 - r**s) / (1 - r)
    return {person: round(min(100.0, max(0.0, total))) for person, total in totals.items()}


@st.composite
def event_lists(draw: st.DrawFn) -> list[tuple[str, str, datetime]]:
    return [
        (
            draw(st.sampled_from(["a@x.example", "b@x.example", "c@x.example"])),
            draw(st.sampled_from(KINDS)),
            START + timedelta(seconds=draw(st.integers(0, 90 * 86_400))),
        )
        for _ in range(draw(st.integers(1, 40)))
    ]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(events=event_lists(), half_life=st.sampled_from([3.0, 14.0, 30.0]), cap=st.integers(1, 4))
def test_intent_matches_the_reference(
    tmp_path: Path, events: list[tuple[str, str, datetime]], half_life: float, cap: int
) -> None:
    config = IntentSettings(half_life_days=half_life, daily_cap=cap)
    workspace = init_workspace(tmp_path / uuid.uuid4().hex)
    frame = pd.DataFrame(
        {
            "touch_id": [f"t{i}" for i in range(len(events))],
            "channel": "email",
            "kind": [k for _, k, _ in events],
            "occurred_at": [w.isoformat() for _, _, w in events],
            "email": [p for p, _, _ in events],
        }
    )
    path = workspace.root / "touches.csv"
    frame.to_csv(path, index=False)
    as_of = START + timedelta(days=100)
    with workspace.opened() as engine:
        import_file(engine, "touches", path, ImportOptions())
        with engine.begin() as connection:
            link_identities(connection)
            aggregate_components(connection, config)
            scored = score_intent(load_components(connection), config, as_of)
            emails: dict[int, str] = dict(
                connection.exec_driver_sql("SELECT person_id, value FROM identities").all()
            )
    ours = {emails[int(str(pid))]: int(v) for pid, v in scored["intent"].items()}
    expected = reference(events, config, as_of)
    assert ours.keys() == expected.keys()
    for person, value in expected.items():
        assert ours[person] == pytest.approx(value, abs=1)  # rounding at .5 may differ
