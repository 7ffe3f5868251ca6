"""The checks at the door: a touch that translate builds is never refused by the importer's
own checks (why the door skips them for touches), and what can be refused is refused there
with the event and the reason."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadsift.config.service import DEFAULT_EVENTS
from leadsift.ingest.call_screening import CHECKED_TABLES, screen_calls
from leadsift.ingest.importer import ImportOptions, write_records
from leadsift.ingest.segment import translate
from leadsift.workspace.workspace import Workspace

_TEXT = st.text(max_size=40)
_VALUE = st.one_of(
    st.none(), _TEXT, st.integers(), st.floats(allow_nan=True), st.booleans(),
    st.lists(_TEXT, max_size=2), st.dictionaries(_TEXT, _TEXT, max_size=2),
)  # fmt: skip
_TIME = st.one_of(
    st.none(), st.datetimes(timezones=st.none()).map(lambda t: t.isoformat() + "Z"),
)  # fmt: skip


@st.composite
def touch_calls(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["track", "page"]))
    call: dict[str, Any] = {
        "type": kind,
        "messageId": draw(st.text(min_size=1, max_size=20).filter(str.strip)),
        "userId": draw(st.one_of(st.none(), _TEXT.filter(str.strip))),
        "anonymousId": draw(st.one_of(st.none(), _TEXT.filter(str.strip))),
        "timestamp": draw(_TIME),
        "context": {
            "ip": draw(_VALUE), "userAgent": draw(_VALUE),
            "traits": {"email": draw(_VALUE)}, "page": {"url": draw(_VALUE)},
        },
        "properties": {
            "url": draw(_VALUE), "campaign": draw(_VALUE), "email": draw(_VALUE),
            draw(_TEXT): draw(_VALUE),
        },
    }  # fmt: skip
    if kind == "track":
        call["event"] = draw(st.sampled_from(sorted(DEFAULT_EVENTS)))
    if call["userId"] is None and call["anonymousId"] is None:
        call["userId"] = "u-1"
    return call


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(calls=st.lists(touch_calls(), min_size=1, max_size=5))
def test_translated_touches_pass_the_importers_checks(
    sqlite_workspace: Workspace, calls: list[dict[str, Any]]
) -> None:
    assert "touches" not in CHECKED_TABLES
    translated = translate(calls, DEFAULT_EVENTS, errors=[])
    frame = translated.frame("touches")
    if frame.empty:
        return
    lines = np.asarray(translated.indexes["touches"], dtype=np.int64)
    engine = sqlite_workspace.connect()
    try:
        with engine.connect() as connection:
            _, shown, total = write_records(
                connection, "touches", frame, lines, source_type="api", name="call",
                options=ImportOptions(check_only=True),
            )  # fmt: skip
    finally:
        engine.dispose()
    assert total == 0, shown


@pytest.mark.parametrize("employees", ["lots", "12 people"])
def test_a_group_the_importer_would_refuse_is_refused_at_the_door(
    sqlite_workspace: Workspace, employees: str
) -> None:
    good = {"type": "group", "messageId": "g-1", "userId": "u", "traits": {"name": "Acme"}}
    bad = {**good, "messageId": "g-2", "traits": {"name": "Acme", "employees": employees}}
    engine = sqlite_workspace.connect()
    try:
        with engine.connect() as connection:
            screened = screen_calls(connection, [good, bad], DEFAULT_EVENTS)
    finally:
        engine.dispose()
    assert [c["messageId"] for c in screened.accepted] == ["g-1"]
    assert [(e.index, e.message_id) for e in screened.refused] == [(1, "g-2")]
    assert "employees" in screened.refused[0].reason
